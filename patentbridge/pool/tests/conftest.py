"""A university's patent in its inventory, with its office, for the upkeep-record tests."""

import datetime as dt
from types import SimpleNamespace

import pytest

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.tests.factories import PoolEntryFactory

# Filed 2019-01-15 and granted 2021-05-01: fees run from year 3 (the grant year) to year 20; year 7 is due on
# 2025-01-15 at ¥2,000 full rate.
FILED, GRANTED = dt.date(2019, 1, 15), dt.date(2021, 5, 1)
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def kept(db):
    """uni holds the patent in its inventory; `office` commits for uni, `admin` only reads it."""
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    patent = PatentFactory(owner=uni, application_date=FILED, grant_date=GRANTED)
    entry = PoolEntryFactory(patent=patent, organisation=uni)
    return SimpleNamespace(uni=uni, patent=patent, entry=entry, office=member_of(uni),
                           admin=member_of(uni, Role.ORG_ADMIN))

