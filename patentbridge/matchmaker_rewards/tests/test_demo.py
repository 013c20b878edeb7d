"""The demo's labelled example: entered once by the demo regulator, marked as an example, never twice."""

from decimal import Decimal

import pytest

from patentbridge.commissioners.tests.factories import regulator_of
from patentbridge.matchmaker_rewards.demo import seed_demo
from patentbridge.matchmaker_rewards.models import MatchmakerPolicy

pytestmark = pytest.mark.django_db


def test_the_demo_enters_the_longgang_example_once():
    regulator = regulator_of(None)
    seed_demo(lambda _line: None, regulator=regulator.username)
    seed_demo(lambda _line: None, regulator=regulator.username)
    policy = MatchmakerPolicy.objects.get()  # one, not two
    assert (policy.city_id, policy.is_example, policy.rate, policy.deal_cap) == ("440300", True, Decimal("5"), Decimal("500000"))


def test_without_the_demo_regulator_nothing_is_entered():
    lines = []
    seed_demo(lines.append, regulator="nobody")
    assert not MatchmakerPolicy.objects.exists() and lines
