"""The demo: a published themed event with the demo enterprise registered and a meeting asked of 华南理工大学, and a
past event with outcomes; run twice, it adds nothing."""

from __future__ import annotations

import pytest

from patentbridge.events import demo
from patentbridge.events.models import Event, Meeting
from patentbridge.orgs.models import City, OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory


@pytest.mark.django_db
def test_seed_demo_makes_both_events_once():
    guangzhou = City.objects.get(pk="440100")
    for username, kind, role in (("demo-city-regulator", OrgKind.REGULATOR, Role.REGULATOR),
                                 ("demo-enterprise", OrgKind.ENTERPRISE, Role.SIGNATORY),
                                 ("demo-ttm", OrgKind.UNIVERSITY, Role.TECH_TRANSFER_MANAGER)):
        org = OrganisationFactory(kind=kind, city=guangzhou)
        MembershipFactory(user=UserFactory(username=username), organisation=org, role=role)
        if kind == OrgKind.UNIVERSITY:
            PatentFactory(owner=org)
            PatentFactory(owner=org)
    demo.seed_demo()
    demo.seed_demo()
    published, past = Event.objects.get(title=demo.TITLE), Event.objects.get(title=demo.PAST_TITLE)
    assert (published.status, past.status) == ("published", "closed")
    assert published.meetings.get().status == "requested"
    assert sorted(Meeting.objects.filter(event=past).values_list("outcome", flat=True)) == ["deal_started",
                                                                                            "follow_up"]
    assert Event.objects.count() == 2
