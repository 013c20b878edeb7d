"""The case's lifecycle table: every allowed step is taken, every other one is refused with invalid_transition."""

from __future__ import annotations

import itertools

import pytest

from patentbridge.casework.models import CaseEvent, EventKind, Stage
from patentbridge.casework.progress import LATER_STAGES, STEPS, stage_move
from patentbridge.casework.tests.factories import disclosed, institution
from patentbridge.core.errors import Conflict

pytestmark = pytest.mark.django_db
ALL_PAIRS = list(itertools.product(Stage.values, Stage.values))


def test_the_table_names_the_steps_before_the_application():
    early = {(a, b) for a, b in STEPS if a not in LATER_STAGES}
    assert early == {
        (Stage.DISCLOSURE, Stage.ASSESSMENT), (Stage.ASSESSMENT, Stage.FILING_DECIDED),
        (Stage.ASSESSMENT, Stage.COMMITTEE), (Stage.ASSESSMENT, Stage.CLOSED),
        (Stage.COMMITTEE, Stage.FILING_DECIDED), (Stage.COMMITTEE, Stage.ASSESSMENT),
        (Stage.FILING_DECIDED, Stage.APPLICATION)}


def test_after_the_application_only_forward_steps_are_allowed():
    later = {(a, b) for a, b in STEPS if a in LATER_STAGES}
    assert later == {(a, b) for a, b in itertools.combinations(LATER_STAGES, 2)}


def test_a_closed_case_goes_nowhere():
    assert not [pair for pair in STEPS if pair[0] == Stage.CLOSED]


@pytest.mark.parametrize(("source", "target"), sorted(STEPS))
def test_each_allowed_step_is_taken_and_recorded(source, target):
    case = disclosed(institution())
    case.stage = source
    stage_move(case, target, actor=None)
    case.refresh_from_db()
    assert case.stage == target
    assert CaseEvent.objects.filter(case=case, kind=EventKind.STAGE, stage_from=source, stage_to=target).exists()


@pytest.mark.parametrize(("source", "target"), sorted(set(ALL_PAIRS) - STEPS))
def test_each_other_step_is_refused(source, target):
    case = disclosed(institution())
    case.stage = source
    case.save(update_fields=["stage"])
    with pytest.raises(Conflict) as error:
        stage_move(case, target, actor=None)
    assert error.value.code == "invalid_transition"
    case.refresh_from_db()
    assert case.stage == source
