"""Demo records: the demo university lists two of its patents at a demo exchange, and the demo enterprise expresses
interest in one — so that the list, the seller's "my listings" and the enterprise's interest show something."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.listings import services
from patentbridge.listings.models import Listing
from patentbridge.orgs import services as org_services
from patentbridge.orgs.models import Membership, Organisation, OrgKind
from patentbridge.orgs.names import normalize_name
from patentbridge.patents.models import LegalStatus, Patent

DEMO_VENUE = "广州知识产权交易中心（演示）"
DEMO_TERMS = ({"price": Decimal("380000"), "conditions": "受让方须为依法设立并有效存续的企业法人（演示数据）。"},
              {"price": Decimal("650000"), "conditions": "受让方须具备相应的产业化能力（演示数据）。"})


@transaction.atomic
def seed_demo(say: Callable[[str], None] = lambda message: None, *, office: str = "demo-ttm",
              enterprise_user: str = "demo-enterprise") -> list[Listing]:
    """List two of the office's patents in force and register the enterprise's interest in the second, through the
    services; nothing is done twice (returns the listings made now)."""
    users = get_user_model().objects.filter(username__in=[office, enterprise_user]).in_bulk(field_name="username")
    if len(users) < 2:
        say(_("Listings: the demo accounts are missing; nothing listed."))
        return []
    university = _organisation_of(users[office], OrgKind.UNIVERSITY)
    enterprise = _organisation_of(users[enterprise_user], OrgKind.ENTERPRISE)
    if university is None or enterprise is None or Listing.objects.filter(seller=university).exists():
        return []
    venue = _venue()
    made = []
    for patent, terms in zip(_listable(university), DEMO_TERMS, strict=False):
        draft = services.listing_create(actor=users[office], seller=university, patent=patent,
                                        data={"venue": venue, **terms})
        made.append(services.listing_publish(actor=users[office], listing=draft))
    if len(made) == 2:
        services.interest_register(actor=users[enterprise_user], listing=made[1], organisation=enterprise,
                                   statement="本公司为依法设立的高新技术企业，具备该技术的产业化条件（演示数据）。")
    say(_("Listings: %(count)s patents listed by %(seller)s.") % {"count": len(made), "seller": university.name})
    return made


def _organisation_of(user: object, kind: str) -> Organisation | None:
    membership = (Membership.objects.filter(user=user, organisation__kind=kind).select_related("organisation")
                  .order_by("pk").first())
    return membership.organisation if membership else None


def _venue() -> Organisation:
    existing = Organisation.objects.filter(name_normalized=normalize_name(DEMO_VENUE)).first()
    return existing or org_services.organisation_create(name=DEMO_VENUE, kind=OrgKind.AGENCY, city_id="440100")


def _listable(university: Organisation) -> list[Patent]:
    """The first of its patents in force that the listing rules accept (held, not suspended, fees paid, unpledged)."""
    found: list[Patent] = []
    today = timezone.localdate()
    candidates = (Patent.objects.filter(applicant_links__organisation=university, legal_status=LegalStatus.IN_FORCE)
                  .prefetch_related("applicant_links").order_by("pk")[:200])
    for patent in candidates:
        probe = Listing(seller=university, patent=patent)
        if not services.patent_problems(probe, today):
            found.append(patent)
        if len(found) == len(DEMO_TERMS):
            break
    return found
