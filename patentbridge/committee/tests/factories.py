"""Small builders for committee tests: a university with its office, a committee of members and a policy, a review
of a patent (any record can be a subject), and a meeting with it on the agenda."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from patentbridge.committee import services
from patentbridge.committee.models import CommitteeMember, CommitteePolicy, Meeting, MemberRole, ReviewMatter
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory

SINCE = dt.date(2025, 1, 1)


def university():
    return OrganisationFactory(kind=OrgKind.UNIVERSITY)


def office_of(organisation):
    return member_of(organisation, Role.TECH_TRANSFER_MANAGER)


def seat(organisation, user=None, role: str = MemberRole.MEMBER, starts_on: dt.date = SINCE,
         ends_on: dt.date | None = None) -> CommitteeMember:
    return CommitteeMember.objects.create(organisation=organisation, user=user or UserFactory(), role=role,
                                          starts_on=starts_on, ends_on=ends_on)


def policy(organisation, **fields) -> CommitteePolicy:
    defaults = {"filing_needs_review": False, "equity_needs_review": False, "deal_amount_above": None}
    return CommitteePolicy.objects.create(organisation=organisation, **{**defaults, **fields})


def review(organisation, subject=None, matter: str = ReviewMatter.CONVERSION, by=None, amount=Decimal("500000")):
    return services.request_review(organisation=organisation, subject=subject or PatentFactory(owner=organisation),
                                   matter=matter, title="一项转化", by=by, amount=amount)


def meeting(organisation, reviews=(), status: str | None = None) -> Meeting:
    """A meeting written straight to the table, with the reviews on its agenda."""
    called = Meeting.objects.create(organisation=organisation, title="第一次评审会", place="行政楼101",
                                    starts_at=timezone.now())
    for r in reviews:
        services._agenda_put(called, r)
    if status:
        Meeting.objects.filter(pk=called.pk).update(status=status)
        called.refresh_from_db()
    return called


def committee(organisation, members: int = 3):
    """A chair and members (users), all sitting since SINCE."""
    chair = seat(organisation, role=MemberRole.CHAIR)
    return [chair, *(seat(organisation) for _ in range(members - 1))]
