from django.utils.translation import gettext

"""/api/v1/organisations."""


import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.core.pagination import Pagination
from patentbridge.orgs import selectors, services
from patentbridge.orgs.models import IdentityChange, IdentityChangeStatus, OrgKind, SizeClass
from patentbridge.orgs.permissions import Action, authorize

router = Router(tags=["organisations"])
CITY_CODE = r"^[0-9]{6}$"


class OrganisationOut(Schema):
    id: int
    name: str
    name_en: str
    kind: str
    size_class: str
    uscc: str | None
    city: str | None = Field(None, alias="city_id")
    province: str
    address: str
    website: str
    description: str
    pending_identity_change: dict | None = Field(None, description="a requested change of name, English name, type "
                                                 "or credit code awaiting a platform administrator's review")

    @staticmethod
    def resolve_pending_identity_change(obj) -> dict | None:
        pending = getattr(obj, "pending_changes", None)  # prefetched by the list selector
        if pending is None:
            pending = list(obj.identity_changes.filter(status=IdentityChangeStatus.PENDING))
        change = pending[0] if pending else None
        return {"id": change.pk, "changes": change.changes} if change else None


class IdentityChangeOut(Schema):
    id: int
    organisation_id: int
    organisation: str = Field(..., alias="organisation.name")
    changes: dict
    previous: dict
    status: str
    requested_by: str | None = Field(None, alias="requested_by.username")
    requested_at: dt.datetime
    reviewed_by: str | None = Field(None, alias="reviewed_by.username")
    reviewed_at: dt.datetime | None
    review_note: str


class ReviewIn(Schema):
    approve: bool
    note: str = Field("", max_length=500)


class OrganisationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    kind: OrgKind
    size_class: SizeClass | None = None
    uscc: str | None = Field(None, max_length=30)
    city: str | None = Field(None, pattern=CITY_CODE, description="GB/T 2260 city code, e.g. 440300")
    province: str = Field("", max_length=20)
    address: str = Field("", max_length=300)
    website: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)


class OrganisationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    kind: OrgKind | None = None
    size_class: SizeClass | None = None
    uscc: str | None = Field(None, max_length=30)
    city: str | None = Field(None, pattern=CITY_CODE, description="GB/T 2260 city code; null clears it")
    province: str | None = Field(None, max_length=20)
    address: str | None = Field(None, max_length=300)
    website: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)


class OrganisationFilter(Schema):
    kind: OrgKind | None = None
    city: str | None = Field(None, max_length=6)
    q: str | None = Field(None, max_length=200)


def _get(organisation_id: int):
    organisation = selectors.organisation_get(organisation_id)
    if organisation is None:
        raise NotFound(gettext("no such organisation"), details={"id": organisation_id})
    return organisation


def _fields(data: dict) -> dict:
    if "city" in data:
        data["city"] = selectors.city_or_error(data["city"])
    if "size_class" in data and data["size_class"] is None:
        data["size_class"] = ""
    return data


@router.get("/organisations", response=list[OrganisationOut], auth=READ_AUTH)
@paginate(Pagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]):
    return selectors.organisation_list(**{k: v for k, v in filters.dict().items() if v})


@router.get("/organisations/{organisation_id}", response=OrganisationOut, auth=READ_AUTH)
def get_organisation(request: HttpRequest, organisation_id: int):
    return _get(organisation_id)


@router.post("/organisations", response={201: OrganisationOut}, auth=WRITE_AUTH)
def create_organisation(request: HttpRequest, payload: OrganisationIn):
    authorize(request.user, Action.ORG_CREATE, request=request)
    with transaction.atomic():
        organisation = services.organisation_create(actor=request.user, **_fields(payload.dict()))
    return Status(201, organisation)


@router.get("/identity-changes", response=list[IdentityChangeOut], auth=WRITE_AUTH)
def list_identity_changes(request: HttpRequest):
    """Requested changes of organisations' names, types and credit codes awaiting review (platform admins)."""
    authorize(request.user, Action.ORG_IDENTITY_REVIEW, request=request)
    return selectors.identity_changes_pending()


@router.post("/identity-changes/{change_id}/review", response=IdentityChangeOut, auth=WRITE_AUTH)
def review_identity_change(request: HttpRequest, change_id: int, payload: ReviewIn):
    """A platform administrator applies (approve) or refuses a requested identity change."""
    change = IdentityChange.objects.filter(pk=change_id).first()
    if change is None:
        raise NotFound()
    with transaction.atomic():
        return services.identity_change_review(actor=request.user, change=change, approve=payload.approve,
                                               note=payload.note, request=request)


@router.patch("/organisations/{organisation_id}", response=OrganisationOut, auth=WRITE_AUTH)
def update_organisation(request: HttpRequest, organisation_id: int, payload: OrganisationPatch):
    """Its administrators change an organisation's record; a change of name, English name, type or credit code
    waits for a platform administrator's review (`pending_identity_change`)."""
    organisation = _get(organisation_id)
    authorize(request.user, Action.ORG_CHANGE, organisation, request=request)
    with transaction.atomic():
        return services.organisation_update(actor=request.user, organisation=organisation,
                                            **_fields(payload.dict(exclude_unset=True)))
