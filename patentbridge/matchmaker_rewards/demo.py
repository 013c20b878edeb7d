"""Demo records: Shenzhen Longgang's published figures entered as a labelled example for Shenzhen (it rewards the
trading platform's operator; no Guangdong city's matchmaker amounts for people were found), so the policies page is
not empty. An example takes no applications."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from patentbridge.deals.models import DealStatus
from patentbridge.matchmaker_rewards import services
from patentbridge.matchmaker_rewards.forms import EXAMPLES
from patentbridge.matchmaker_rewards.models import Beneficiary, MatchmakerPolicy, PartyInCity
from patentbridge.orgs.models import City

SHENZHEN = "440300"
FIRST_YEAR = 2024


def example_data() -> dict:
    example = EXAMPLES["longgang"]
    return {"title": str(example["title"]), "beneficiary": Beneficiary.AGENCY, "basis": example["basis"],
            "first_year": FIRST_YEAR, "last_year": None, "rate": Decimal("5"), "fixed_amount": Decimal("0"),
            "deal_cap": Decimal("500000"), "beneficiary_cap": Decimal("5000000"), "budget": None, "deal_kinds": [],
            "university_enterprise": False, "party_in_city": PartyInCity.EITHER, "min_status": DealStatus.SIGNED,
            "contract_registered": True, "is_example": True, "source": str(example["source"])}


@transaction.atomic
def seed_demo(say: Callable[[str], None], *, regulator: str = "demo-regulator") -> None:
    """Enter the Longgang example for Shenzhen as the provincial demo regulator, once."""
    actor = get_user_model().objects.filter(username=regulator).first()
    if actor is None:
        say(_("Matchmaker rewards: the demo regulator is missing; no example entered."))
        return
    city = City.objects.get(pk=SHENZHEN)
    if MatchmakerPolicy.objects.filter(city=city, beneficiary=Beneficiary.AGENCY, first_year=FIRST_YEAR).exists():
        return
    services.policy_save(actor=actor, city=city, data=example_data())
    say(_("Matchmaker rewards: Longgang's figures entered for Shenzhen as a labelled example."))
