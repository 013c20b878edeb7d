"""The committee's API: its refusals come in the one error envelope, and a meeting shows only what the reader may."""

from __future__ import annotations

import json

import pytest

from patentbridge.committee import services
from patentbridge.committee.models import MeetingStatus
from patentbridge.committee.tests.factories import committee, meeting, office_of, review, university

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting():
    org = university()
    seats = committee(org)
    office = office_of(org)
    called = meeting(org, [review(org)], status=MeetingStatus.IN_SESSION)
    for s in seats:
        services.attendance_record(actor=office, meeting=called, member=s)
    return seats, called, called.items.get()


def test_a_conflicted_members_vote_is_refused_with_its_code(client, sitting):
    seats, _called, item = sitting
    services.conflict_declare(actor=seats[1].user, item=item, conflicted=True, reason="合作方")
    client.force_login(seats[1].user)
    response = client.post(f"/api/v1/committee/items/{item.pk}/vote", json.dumps({"choice": "approve"}),
                           content_type="application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (409, "conflicted_member")


def test_a_meeting_read_before_voting_shows_only_ones_own_stand(client, sitting):
    seats, called, item = sitting
    for s in seats[:2]:
        services.conflict_declare(actor=s.user, item=item, conflicted=False)
    services.vote_cast(actor=seats[0].user, item=item, choice="approve")
    client.force_login(seats[1].user)
    opinions = client.get(f"/api/v1/committee/meetings/{called.pk}").json()["items"][0]["opinions"]
    assert [o["member"] for o in opinions] == [seats[1].user.username]
