"""The demo seed: two cases of the demo university, the second filed and linked to its patent; never twice."""

from __future__ import annotations

import pytest

from patentbridge.casework.demo import WAITING, seed_demo
from patentbridge.casework.models import CasePatent, Stage, TechnologyCase
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    university = OrganisationFactory(name="华南理工大学")
    for username, role in (("demo-inventor", Role.INVENTOR), ("demo-ttm", Role.TECH_TRANSFER_MANAGER)):
        MembershipFactory(user=UserFactory(username=username), organisation=university, role=role)
    return PatentFactory(owner=university, title="一种压缩机减振降噪装置")


def test_the_seed_makes_a_waiting_case_and_a_filed_one_linked_to_the_university_s_patent(demo):
    seed_demo(lambda text: None)
    waiting = TechnologyCase.objects.get(disclosure__title=WAITING["title"])
    assert waiting.stage == Stage.ASSESSMENT and waiting.manager.username == "demo-ttm"
    filed = TechnologyCase.objects.exclude(pk=waiting.pk).get()
    assert filed.application_number == demo.application_number
    assert CasePatent.objects.get(case=filed).patent == demo


def test_the_seed_adds_nothing_the_second_time(demo):
    seed_demo(lambda text: None)
    seed_demo(lambda text: None)
    assert TechnologyCase.objects.count() == 2


def test_without_the_demo_accounts_the_seed_says_so_and_adds_nothing(db):
    said = []
    seed_demo(said.append)
    assert said and not TechnologyCase.objects.exists()
