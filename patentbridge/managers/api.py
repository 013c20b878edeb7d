"""/api/v1/managers: technology managers (技术经理人) — an organisation's managers with their training hours (its office
and administrators, regulators), one manager's profile (public part to anyone signed in), the manager's own profile,
the grade set by the organisation's administrator, training records, the public directory and the regulator's figures
by city and grade."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.managers import selectors, services
from patentbridge.managers.models import ManagerProfile, Rank
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, authorize, is_allowed

router = Router(tags=["managers"])
YEAR = Query(None, ge=1985, le=2100, description="the year of the hours; this year when left out")


class PublicProfileOut(Schema):
    user_id: int
    username: str
    name: str
    organisation_id: int
    organisation: str
    rank: str = Field(..., description="junior, intermediate, senior (T/CASTEM 1007—2022), or empty: not graded")
    ipc_codes: list[str]
    industries: list[str] = Field(..., description="GB/T 4754 codes")
    tags: list[str]
    languages: list[str]
    bio: str
    public: bool


class TrainingOut(Schema):
    id: int
    course: str
    provider: str
    hours: Decimal
    taken_on: dt.date
    certificate_number: str
    has_evidence: bool


class ProfileOut(PublicProfileOut):
    whole: bool = Field(..., description="false: only the public part is yours to read; the rest is null")
    rank_since: dt.date | None = None
    certificate_number: str | None = None
    certificate_issuer: str | None = None
    hours_year: Decimal | None = Field(None, description="training hours of the current year")
    hours_total: Decimal | None = None
    training: list[TrainingOut] | None = None


class ManagerRowOut(Schema):
    user_id: int
    username: str
    rank: str
    hours_year: Decimal
    hours_total: Decimal
    below_target: bool = Field(..., description="below MANAGER_TRAINING_HOURS_TARGET (our own setting), if set")


class ProfileIn(Schema):
    bio: str | None = Field(None, max_length=2000)
    ipc_codes: list[str] | None = Field(None, description="IPC sections, classes or subclasses (H, H01, H01M)")
    industries: list[str] | None = Field(None, description="GB/T 4754 codes")
    tags: list[str] | None = None
    languages: list[str] | None = None
    public: bool | None = None


class RankIn(Schema):
    rank: Rank | None = Field(None, description="null or left out: not graded")
    rank_since: dt.date | None = None
    certificate_number: str = Field("", max_length=60)
    certificate_issuer: str = Field("", max_length=200)


class TrainingIn(Schema):
    course: str = Field(..., min_length=1, max_length=200)
    provider: str = Field(..., min_length=1, max_length=200)
    hours: Decimal = Field(..., gt=0, le=1000, decimal_places=1)
    taken_on: dt.date
    certificate_number: str = Field("", max_length=60)


class CityOut(Schema):
    city: str = Field(..., description="the city's Chinese name; empty: organisations without a city")
    managers: int
    junior: int
    intermediate: int
    senior: int
    not_graded: int
    hours_year: Decimal
    hours_total: Decimal


def _public(profile: ManagerProfile) -> dict:
    user = profile.user
    return {"whole": False, "user_id": user.pk, "username": user.username, "name": user.get_full_name(),
            "organisation_id": profile.organisation_id, "organisation": profile.organisation.name,
            "rank": profile.rank, "ipc_codes": profile.ipc_codes, "tags": profile.tags,
            "industries": [i.code for i in profile.industries.all()] if profile.pk else [],
            "languages": profile.languages, "bio": profile.bio, "public": profile.public}


def _whole(profile: ManagerProfile) -> dict:
    training = list(selectors.training_of(profile))
    year = dt.date.today().year
    return {**_public(profile), "whole": True, "rank_since": profile.rank_since, "certificate_number": profile.certificate_number,
            "certificate_issuer": profile.certificate_issuer,
            "hours_year": sum((t.hours for t in training if t.taken_on.year == year), Decimal("0")),
            "hours_total": sum((t.hours for t in training), Decimal("0")),
            "training": [{"id": t.pk, "course": t.course, "provider": t.provider, "hours": t.hours,
                          "taken_on": t.taken_on, "certificate_number": t.certificate_number,
                          "has_evidence": bool(t.evidence)} for t in training]}


@router.get("/managers/organisations/{org_id}", response=list[ManagerRowOut], auth=WRITE_AUTH)
def office(request: HttpRequest, org_id: int, year: int | None = YEAR):
    """The organisation's technology managers with their grade and training hours (its office and administrators,
    regulators, the platform)."""
    organisation = Organisation.objects.filter(pk=org_id).first()
    if organisation is None:
        raise NotFound(gettext("No such organisation."))
    authorize(request.user, Action.MANAGERS_OFFICE_VIEW, organisation, request=request)
    return [{"user_id": r.user.pk, "username": r.user.username, "rank": r.rank, "hours_year": r.hours_year,
             "hours_total": r.hours_total, "below_target": r.below_target}
            for r in selectors.office_rows(organisation, year)]


@router.get("/managers/directory", response=list[PublicProfileOut], auth=WRITE_AUTH)
def directory(request: HttpRequest, q: str = ""):
    """Profiles their managers chose to show to enterprises."""
    return [_public(p) for p in selectors.public_profiles(q[:100])[:200]]


@router.get("/managers/overview", response=list[CityOut], auth=WRITE_AUTH)
def overview(request: HttpRequest, year: int | None = YEAR):
    """Managers by city and grade with training hours: regulators and the platform."""
    authorize(request.user, Action.MANAGERS_OVERVIEW, request=request)
    return [{"city": r.city, "managers": r.managers, "junior": r.count(Rank.JUNIOR),
             "intermediate": r.count(Rank.INTERMEDIATE), "senior": r.count(Rank.SENIOR), "not_graded": r.count(""),
             "hours_year": r.hours_year, "hours_total": r.hours_total} for r in selectors.overview(year)]


@router.get("/managers/me", response=ProfileOut, auth=WRITE_AUTH)
def me(request: HttpRequest):
    """Your own profile as a technology manager."""
    profile = selectors.profile_or_new(request.user)
    if profile is None:
        raise NotFound(gettext("You are not a technology manager of any organisation."))
    return _whole(profile)


@router.patch("/managers/me", response=ProfileOut, auth=WRITE_AUTH)
def me_update(request: HttpRequest, payload: ProfileIn):
    """Change your bio, fields, languages or visibility (only the fields sent)."""
    with transaction.atomic():
        profile = services.profile_update(actor=request.user, data=payload.dict(exclude_none=True), request=request)
    return _whole(profile)


@router.get("/managers/{user_id}", response=ProfileOut, auth=WRITE_AUTH)
def profile(request: HttpRequest, user_id: int):
    """A manager's profile: whole to the manager, their office, regulators; only the public part (`whole` false) to
    others when the manager made it public; 404 otherwise."""
    found = selectors.profile_get(request.user, user_id)
    return _whole(found) if is_allowed(request.user, Action.MANAGER_VIEW, found) else _public(found)


@router.put("/managers/{user_id}/grade", response=ProfileOut, auth=WRITE_AUTH)
def grade(request: HttpRequest, user_id: int, payload: RankIn):
    """The organisation's administrator records the grade and certificate (never their own)."""
    found = selectors.profile_get(request.user, user_id)
    with transaction.atomic():
        profile = services.rank_set(actor=request.user, user=found.user, organisation=found.organisation,
                                    rank=payload.rank or "", rank_since=payload.rank_since,
                                    certificate_number=payload.certificate_number,
                                    certificate_issuer=payload.certificate_issuer, request=request)
    return _whole(profile)


@router.post("/managers/{user_id}/training", response={201: TrainingOut}, auth=WRITE_AUTH)
def training_add(request: HttpRequest, user_id: int, payload: TrainingIn):
    """Record a course the manager took (the manager, or their organisation's administrator); 409
    `training_duplicate` for the same course on the same day."""
    found = selectors.profile_get(request.user, user_id)
    with transaction.atomic():
        record = services.training_add(actor=request.user, user=found.user, organisation=found.organisation,
                                       request=request, **payload.dict())
    return Status(201, {"id": record.pk, "course": record.course, "provider": record.provider,
                        "hours": record.hours, "taken_on": record.taken_on,
                        "certificate_number": record.certificate_number, "has_evidence": False})


@router.delete("/managers/training/{pk}", response={204: None}, auth=WRITE_AUTH)
def training_delete(request: HttpRequest, pk: int):
    record = selectors.training_get(request.user, pk)
    with transaction.atomic():
        services.training_delete(actor=request.user, record=record, request=request)
    return Status(204, None)
