"""Small builders for the listings app: a seller with its patent and an exchange, a listing in any status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from patentbridge.listings.models import ExpressionOfInterest, Listing, ListingStatus
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.tests.factories import PatentFactory

_numbers = iter(range(1, 100000))


def seller_world(kind: str = OrgKind.SOE) -> SimpleNamespace:
    """A seller of the kind, its committer, its patent in force, and an exchange."""
    seller = OrganisationFactory(kind=kind)
    return SimpleNamespace(seller=seller, signer=signer_of(seller), patent=PatentFactory(owner=seller),
                           venue=OrganisationFactory(kind=OrgKind.AGENCY, name=f"广州知识产权交易中心{next(_numbers)}"))


def terms(world: SimpleNamespace, **overrides) -> dict:
    """Valid terms for an SOE's first listing at its appraisal."""
    return {"venue": world.venue, "price": Decimal("1200000"), "appraisal_value": Decimal("1200000"),
            "appraisal_report": "中联评报字〔2026〕第101号", "approval_number": "粤国资产权〔2026〕12号",
            "conditions": "受让方须为依法设立的企业法人", **overrides}


def listed(world: SimpleNamespace | None = None, *, status: str = ListingStatus.LISTED, days_left: int = 5,
           **fields) -> Listing:
    """A listing saved directly in the status, its period ending `days_left` days from today."""
    world = world or seller_world()
    today = timezone.localdate()
    values = {"number": f"GP-2099-{next(_numbers):04d}", "seller": world.seller, "venue": world.venue,
              "patent": world.patent, "price": Decimal("1200000"), "appraisal_value": Decimal("1200000"),
              "period_days": 10, "starts_on": today - dt.timedelta(days=9), "ends_on": today + dt.timedelta(days_left),
              "status": status, "created_by": world.signer,
              "withdraw_reason": "不再转让" if status == ListingStatus.WITHDRAWN else "", **fields}
    return Listing.objects.create(**values)


def interested(listing: Listing, organisation=None) -> ExpressionOfInterest:
    organisation = organisation or OrganisationFactory(kind=OrgKind.ENTERPRISE)
    return ExpressionOfInterest.objects.create(listing=listing, organisation=organisation,
                                               user=member_of(organisation, Role.SIGNATORY), statement="具备受让资格")
