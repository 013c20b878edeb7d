"""Demo records: the demo university's expert committee (a chair, an external expert and an industry expert, all
demo accounts so that a walk can sit as each) and its review policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from patentbridge.committee import services
from patentbridge.committee.models import CommitteeMember, MemberRole
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import committee_office_org_ids

SEATS = (("demo-inventor", MemberRole.CHAIR), ("demo-broker", MemberRole.MEMBER),
         ("demo-enterprise", MemberRole.MEMBER))
SINCE = dt.date(2026, 1, 1)


@transaction.atomic
def seed_demo(say: Callable[[str], None], *, office: str = "demo-ttm") -> None:
    """Seat the demo members on the demo office's committee and set its policy; run again, it adds nothing."""
    users = get_user_model().objects.filter(username__in=[office, *(name for name, _role in SEATS)]).in_bulk(
        field_name="username")
    organisation = Organisation.objects.filter(pk__in=committee_office_org_ids(users[office])).order_by("pk").first() \
        if office in users else None
    if organisation is None:
        say(_("Committee: the demo office is missing; no committee created."))
        return
    for name, role in SEATS:
        if name in users and not CommitteeMember.objects.filter(organisation=organisation, user=users[name]).exists():
            services.member_add(actor=users[office], organisation=organisation, user=users[name], role=role,
                                starts_on=SINCE)
    services.policy_set(actor=users[office], organisation=organisation, filing_needs_review=True,
                        equity_needs_review=True, deal_amount_above=Decimal("1000000"))
    say(_("Committee: %(org)s has %(count)s members; deals above ¥1,000,000 and equity contributions go before it.")
        % {"org": organisation.name, "count": CommitteeMember.objects.filter(organisation=organisation).count()})
