"""A service request's step table: every allowed step, every forbidden one, and who takes each."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from patentbridge.commissioners import services
from patentbridge.commissioners.models import Outcome, RequestStatus
from patentbridge.commissioners.services import STEPS
from patentbridge.commissioners.tests.factories import designated, enterprise, service_request
from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import member_of

pytestmark = pytest.mark.django_db
S = RequestStatus
ALL = list(S.values)
FORBIDDEN = [pair for pair in itertools.product(ALL, ALL) if pair not in STEPS]


def _take(to: str, service, commissioner, requester):
    if to == S.ACCEPTED:
        return services.service_request_accept(actor=commissioner, service=service)
    if to == S.CLOSED:
        return services.service_request_close(actor=commissioner, service=service, outcome=Outcome.FOLLOW_UP)
    if to == S.WITHDRAWN:
        return services.service_request_withdraw(actor=requester, service=service, reason="不再需要")
    raise Conflict("no service reopens a request", code="invalid_transition")


def _cast(status: str):
    designation = designated()
    firm = enterprise()
    return (service_request(firm, designation, status=status, outcome=Outcome.NONE if status == S.CLOSED else ""),
            designation.commissioner, member_of(firm, Role.ENTERPRISE_USER))


def test_the_table_is_exactly_the_four_steps():
    assert STEPS == {(S.OPEN, S.ACCEPTED), (S.OPEN, S.WITHDRAWN), (S.ACCEPTED, S.CLOSED), (S.ACCEPTED, S.WITHDRAWN)}


@pytest.mark.parametrize(("came_from", "to"), sorted(STEPS))
def test_allowed_step(came_from, to):
    service, commissioner, requester = _cast(came_from)
    assert _take(to, service, commissioner, requester).status == to
    assert service.steps.get().to_status == to


@pytest.mark.parametrize(("came_from", "to"), FORBIDDEN)
def test_forbidden_step(came_from, to):
    service, commissioner, requester = _cast(came_from)
    with pytest.raises(Conflict) as caught:
        _take(to, service, commissioner, requester)
    assert caught.value.code == "invalid_transition"
    service.refresh_from_db()
    assert service.status == came_from


def test_pool_request_becomes_the_accepting_commissioners():
    designation = designated()
    service = service_request(enterprise(), None)
    accepted = services.service_request_accept(actor=designation.commissioner, service=service)
    assert accepted.designation == designation


def test_closing_with_a_started_deal_needs_the_deal():
    service, commissioner, _ = _cast(S.ACCEPTED)
    with pytest.raises(ValidationFailed):
        services.service_request_close(actor=commissioner, service=service, outcome=Outcome.DEAL_STARTED)


def test_visit_is_recorded_only_on_an_accepted_request():
    service, commissioner, _ = _cast(S.OPEN)
    with pytest.raises(Conflict) as caught:
        services.visit_record(actor=commissioner, service=service, visited_on=dt.date(2026, 1, 5), people="张经理")
    assert caught.value.code == "not_accepted"
