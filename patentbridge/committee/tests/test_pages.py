"""The committee's pages: what the office does there, and what each member sees."""

from __future__ import annotations

import pytest
from django.utils import timezone

from patentbridge.committee import services
from patentbridge.committee.models import Meeting, MeetingStatus, ReviewStatus
from patentbridge.committee.tests.factories import committee, meeting, office_of, review, university

pytestmark = pytest.mark.django_db


def test_the_office_calls_a_meeting_with_the_pending_reviews(client):
    org = university()
    committee(org)
    matter = review(org)
    client.force_login(office_of(org))
    response = client.post(f"/committee/org/{org.pk}/meetings/", {
        "title": "评审会", "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "place": "301",
        "reviews": [matter.pk]})
    called = Meeting.objects.get(organisation=org)
    matter.refresh_from_db()
    assert response.url == f"/committee/meeting/{called.pk}/" and matter.status == ReviewStatus.SCHEDULED


def test_the_committee_page_lists_members_and_pending_reviews(client):
    org = university()
    seats = committee(org)
    matter = review(org)
    client.force_login(seats[1].user)
    page = client.get(f"/committee/org/{org.pk}/").content.decode()
    assert seats[0].user.username in page and matter.title in page and 'data-testid="member-form"' not in page


def test_a_member_finds_the_item_in_their_work(client):
    org = university()
    seats = committee(org)
    meeting(org, [review(org)])
    client.force_login(seats[2].user)
    assert 'data-testid="my-items"' in client.get("/committee/").content.decode()


def test_a_conflicted_member_does_not_see_the_others_opinions(client):
    org = university()
    seats = committee(org)
    office = office_of(org)
    called = meeting(org, [review(org)], status=MeetingStatus.IN_SESSION)
    item = called.items.get()
    for s in seats:
        services.attendance_record(actor=office, meeting=called, member=s)
    services.conflict_declare(actor=seats[1].user, item=item, conflicted=False)
    services.vote_cast(actor=seats[1].user, item=item, choice="approve", text="理由甲乙丙")
    services.conflict_declare(actor=seats[2].user, item=item, conflicted=True, reason="亲属任职")
    client.force_login(seats[2].user)
    assert "理由甲乙丙" not in client.get(f"/committee/meeting/{called.pk}/").content.decode()
    client.force_login(office)
    assert "理由甲乙丙" in client.get(f"/committee/meeting/{called.pk}/").content.decode()


def test_a_member_sees_the_others_opinions_after_voting(client):
    org = university()
    seats = committee(org)
    office = office_of(org)
    called = meeting(org, [review(org)], status=MeetingStatus.IN_SESSION)
    item = called.items.get()
    for s in seats[:2]:
        services.attendance_record(actor=office, meeting=called, member=s)
        services.conflict_declare(actor=s.user, item=item, conflicted=False)
    services.vote_cast(actor=seats[0].user, item=item, choice="reject", text="理由丁戊")
    client.force_login(seats[1].user)
    before = client.get(f"/committee/meeting/{called.pk}/").content.decode()
    services.vote_cast(actor=seats[1].user, item=item, choice="approve")
    after = client.get(f"/committee/meeting/{called.pk}/").content.decode()
    assert "理由丁戊" not in before and "理由丁戊" in after
