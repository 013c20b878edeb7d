"""The demo office's managers are seeded through the services, and seeding again changes nothing."""

from __future__ import annotations

import pytest

from patentbridge.managers import demo, selectors
from patentbridge.managers.models import ManagerProfile, Rank, TrainingRecord
from patentbridge.managers.tests.factories import university
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    uni = university()
    head = UserFactory(username="demo-ttm")
    for role in (Role.TECH_TRANSFER_MANAGER, Role.ORG_ADMIN):
        MembershipFactory(user=head, organisation=uni, role=role)
    return uni


def test_the_demo_office_gets_graded_colleagues_with_training(office):
    demo.seed_demo(lambda _line: None)
    rows = {r.user.username: r for r in selectors.office_rows(office)}
    assert set(rows) == {"demo-ttm", "demo-tm-li", "demo-tm-chen"}
    assert rows["demo-tm-li"].rank == Rank.INTERMEDIATE and rows["demo-tm-li"].hours_year == 22
    assert rows["demo-ttm"].rank == "" and rows["demo-ttm"].profile.public


def test_seeding_again_changes_nothing(office):
    demo.seed_demo(lambda _line: None)
    counts = (ManagerProfile.objects.count(), TrainingRecord.objects.count())
    demo.seed_demo(lambda _line: None)
    assert (ManagerProfile.objects.count(), TrainingRecord.objects.count()) == counts


def test_without_the_demo_office_nothing_is_seeded(db):
    said = []
    demo.seed_demo(said.append)
    assert said and not ManagerProfile.objects.exists()
