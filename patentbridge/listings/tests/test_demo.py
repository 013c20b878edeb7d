"""The demo seed lists two of the demo university's patents, registers the demo enterprise's interest, and does
nothing the second time."""

import pytest

from patentbridge.home.demo import ensure_demo_accounts
from patentbridge.listings.demo import seed_demo
from patentbridge.listings.models import ExpressionOfInterest, Listing, ListingStatus
from patentbridge.orgs.models import Organisation
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def university():
    ensure_demo_accounts()
    university = Organisation.objects.get(name="华南理工大学")
    for _ in range(3):
        PatentFactory(owner=university)
    return university


def test_the_demo_lists_two_patents_with_one_interest(university):
    seed_demo()
    assert Listing.objects.filter(seller=university, status=ListingStatus.LISTED).count() == 2
    assert ExpressionOfInterest.objects.get().organisation.name == "广州视源电子科技股份有限公司"


def test_the_demo_is_not_seeded_twice(university):
    seed_demo()
    assert seed_demo() == [] and Listing.objects.count() == 2
