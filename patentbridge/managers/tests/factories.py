"""Small builders for the managers app: a university with its administrator and managers, a profile, training."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from patentbridge.managers.models import ManagerProfile, TrainingRecord
from patentbridge.orgs.models import City, OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of


def university(city: str | None = "440100"):
    return OrganisationFactory(kind=OrgKind.UNIVERSITY, city=City.objects.get(pk=city) if city else None)


def manager_of(organisation, **profile_fields):
    """A new member with the tech-transfer-manager role; with fields, their profile too."""
    user = member_of(organisation, Role.TECH_TRANSFER_MANAGER)
    if profile_fields:
        ManagerProfile.objects.create(user=user, organisation=organisation, **profile_fields)
    return user


def admin_of(organisation):
    return member_of(organisation, Role.ORG_ADMIN)


def training(user, hours: str = "8", taken_on: dt.date | None = None, **fields) -> TrainingRecord:
    profile = ManagerProfile.objects.get_or_create(user=user, defaults={
        "organisation": user.memberships.first().organisation})[0]
    values = {"course": f"课程{TrainingRecord.objects.count() + 1}", "provider": "广东省技术经理人协会",
              "taken_on": taken_on or dt.date.today(), **fields}
    return TrainingRecord.objects.create(profile=profile, hours=Decimal(hours), **values)
