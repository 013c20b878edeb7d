"""Small builders for privacy: the officer (a platform administrator), a person with an account, and a request moved
as far as a test needs through the services."""

from __future__ import annotations

from typing import Any

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of
from patentbridge.privacy import services
from patentbridge.privacy.models import PrivacyRequest, RequestKind


def officer() -> Any:
    return member_of(OrganisationFactory(kind=OrgKind.AGENCY, name="平台运营方"), Role.PLATFORM_ADMIN)


def person(organisation: Any = None, **fields: Any) -> Any:
    """An inventor of a university (a new one unless given), named 张伟 unless told otherwise."""
    values = {"first_name": "张伟", "email": "zhangwei@example.cn", **fields}
    user = member_of(organisation or OrganisationFactory(kind=OrgKind.UNIVERSITY), Role.INVENTOR)
    for name, value in values.items():
        setattr(user, name, value)
    user.save()
    return user


def filed(user: Any, kind: str = RequestKind.ACCESS, **fields: Any) -> PrivacyRequest:
    return services.request_file(actor=user, subject_user=user, kind=kind, **fields)


def verified(user: Any, by: Any, kind: str = RequestKind.ACCESS, **fields: Any) -> PrivacyRequest:
    return services.request_verify(actor=by, privacy_request=filed(user, kind, **fields), note="身份证核验")


def outsider_request(by: Any, name: str = "王晓红", kind: str = RequestKind.ERASE) -> PrivacyRequest:
    return services.request_file(actor=by, subject_name=name, subject_contact="13900000000", kind=kind)


__all__ = ["UserFactory", "filed", "officer", "outsider_request", "person", "verified"]
