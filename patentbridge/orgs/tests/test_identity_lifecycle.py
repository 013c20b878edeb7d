"""The identity-change lifecycle: a pending change is approved or rejected once, by a platform administrator, and
every other step is refused with a Conflict."""

from __future__ import annotations

import pytest

from patentbridge.core.errors import Conflict, PermissionDenied
from patentbridge.orgs.models import IdentityChange, IdentityChangeStatus, OrgKind, Role
from patentbridge.orgs.services import IDENTITY_STEPS, identity_change_review
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
REVIEWED = [IdentityChangeStatus.APPROVED, IdentityChangeStatus.REJECTED]


@pytest.fixture
def admin(db):
    return member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.PLATFORM_ADMIN)


def change_at(status: str) -> IdentityChange:
    organisation = OrganisationFactory(name="旧名称大学")
    return IdentityChange.objects.create(organisation=organisation, changes={"name": "新名称大学"},
                                         previous={"name": "旧名称大学"}, status=status)


@pytest.mark.parametrize("start, target", sorted(IDENTITY_STEPS))
def test_every_allowed_review_is_taken_and_kept_with_its_reviewer(admin, start, target):
    change = identity_change_review(actor=admin, change=change_at(start), approve=target == "approved", note="核实")
    change.refresh_from_db()
    change.organisation.refresh_from_db()
    assert (change.status, change.reviewed_by, change.review_note) == (target, admin, "核实")
    assert change.reviewed_at is not None
    assert (change.organisation.name == "新名称大学") == (target == IdentityChangeStatus.APPROVED)


@pytest.mark.parametrize("start, target", [(s, t) for s in IdentityChangeStatus.values for t in REVIEWED
                                           if (s, t) not in IDENTITY_STEPS])
def test_every_other_review_is_refused_with_a_conflict(admin, start, target):
    change = change_at(start)
    with pytest.raises(Conflict):
        identity_change_review(actor=admin, change=change, approve=target == "approved")
    change.refresh_from_db()
    assert change.status == start and change.reviewed_by is None and change.organisation.name == "旧名称大学"


def test_only_a_platform_administrator_reviews(db):
    change = change_at(IdentityChangeStatus.PENDING)
    with pytest.raises(PermissionDenied):
        identity_change_review(actor=member_of(change.organisation, Role.ORG_ADMIN), change=change, approve=True)
    assert IdentityChange.objects.get(pk=change.pk).status == IdentityChangeStatus.PENDING
