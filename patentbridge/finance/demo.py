"""Demo records: a patent of the demo enterprise pledged to the demo bank, its secured debt in default, and the
disposal agreed by the enterprise and waiting for the bank to send it to sale. Idempotent: nothing is added twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from patentbridge.finance import services
from patentbridge.finance.models import PledgeDisposal
from patentbridge.orgs.models import ENTERPRISE_KINDS, Organisation, OrgKind
from patentbridge.orgs.permissions import Capability, org_ids_with
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.rights import services as rights_services
from patentbridge.rights.models import Pledge

REGISTRATION = "Y2025440000088（演示）"
PLEDGE = {"amount": Decimal("3000000"), "registration_number": REGISTRATION, "registered_on": dt.date(2025, 3, 18),
          "ends_on": dt.date(2026, 3, 17)}
DEFAULT = {"defaulted_on": dt.date(2026, 3, 18), "principal": Decimal("2800000"), "interest": Decimal("176400"),
           "enforcement_costs": Decimal("35000")}


def _org(user, kinds) -> Organisation | None:  # noqa: ANN001 - a user
    return (Organisation.objects.filter(pk__in=org_ids_with(user, Capability.COMMIT), kind__in=kinds)
            .order_by("pk").first())


@transaction.atomic
def seed_demo(say: Callable[[str], None], *, bank: str = "demo-bank", pledgor: str = "demo-enterprise") -> None:
    """Register the pledge, declare the default and open the disposal as the bank; agree as the enterprise."""
    users = get_user_model().objects.filter(username__in=[bank, pledgor]).in_bulk(field_name="username")
    if len(users) < 2:
        say(_("Finance: the demo accounts are missing; no pledge disposal created."))
        return
    bank_org, enterprise = _org(users[bank], [OrgKind.FINANCIAL]), _org(users[pledgor], ENTERPRISE_KINDS)
    if bank_org is None or enterprise is None:
        say(_("Finance: the demo bank or enterprise cannot commit; no pledge disposal created."))
        return
    pledge = Pledge.objects.filter(registration_number=REGISTRATION).first()
    if pledge is None:
        patent = (Patent.objects.filter(applicant_links__organisation=enterprise, legal_status=LegalStatus.IN_FORCE,
                                        pledges__isnull=True).order_by("pk").first())
        if patent is None:
            say(_("Finance: the demo enterprise holds no patent in force; no pledge disposal created."))
            return
        pledge = rights_services.pledge_register(actor=users[bank], patent=patent,
                                                 data={**PLEDGE, "pledgee_id": bank_org.pk})
    if PledgeDisposal.objects.filter(pledge=pledge).exists():
        return
    disposal = services.disposal_open(actor=users[bank], pledge=pledge, data=DEFAULT)
    services.disposal_agree(actor=users[pledgor], disposal=disposal)
    say(_("Finance: a pledge disposal agreed and waiting to be sent to sale."))
