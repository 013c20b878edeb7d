"""/api/v1/patents and /api/v1/imports: thin endpoints over the selectors and services."""



from django.db import transaction
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.pagination import Pagination
from patentbridge.orgs.permissions import Action, authorize, owner_for_new_patent
from patentbridge.patents import selectors, services
from patentbridge.patents.imports import import_upload, import_visible_or_404
from patentbridge.patents.schemas import ImportOut, PatentDetail, PatentIn, PatentListItem, PatentPatch, RejectionOut

router = Router(tags=["patents"])
imports_router = Router(tags=["imports"])


class PatentFilterQuery(Schema):
    q: str | None = None
    type: str | None = None
    ipc: str | None = None
    status: str | None = None
    applicant: str | None = None
    city: str | None = None
    year: str | None = None
    organisation: str | None = None
    applicant_kind: str | None = None


@router.get("/patents", response=list[PatentListItem], auth=READ_AUTH)
@paginate(Pagination)
def list_patents(request: HttpRequest, filters: Query[PatentFilterQuery]):
    """Patents with the same filters as the list page, e.g. `?ipc=H04R&type=invention`."""
    return selectors.patent_list(filters.dict(exclude_none=True))


@router.get("/patents/{number}", response=PatentDetail, auth=READ_AUTH)
def get_patent(request: HttpRequest, number: str):
    """One patent by application number (CN…/ZL…/bare), publication number or grant number."""
    return selectors.patent_get(number)


@router.post("/patents", response={201: PatentDetail}, auth=WRITE_AUTH)
def create_patent(request: HttpRequest, payload: PatentIn):
    authorize(request.user, Action.PATENT_CREATE, request=request)
    owner = owner_for_new_patent(request.user, payload.organisation_id, request=request)
    with transaction.atomic():
        patent = services.patent_create(actor=request.user, data=payload.dict(exclude={"organisation_id"}), owner=owner)
    return Status(201, selectors.patent_get(patent.lookup_number))


@router.patch("/patents/{number}", response=PatentDetail, auth=WRITE_AUTH)
def update_patent(request: HttpRequest, number: str, payload: PatentPatch):
    patent = selectors.patent_get(number)
    authorize(request.user, Action.PATENT_CHANGE, patent, request=request)
    with transaction.atomic():
        services.patent_update(actor=request.user, patent=patent, data=payload.dict(exclude_unset=True))
    return selectors.patent_get(patent.lookup_number)


@imports_router.post("/imports", response={201: ImportOut}, auth=WRITE_AUTH)
def create_import(request: HttpRequest, file: File[UploadedFile], mapping: Form[str] = "", sheet: Form[str] = "",
                  header_row: Form[str] = ""):
    """Upload a CSV/XLSX/JSONL export; good rows are imported, bad ones listed under /rejections. The header row and
    the sheet are found by their content; `sheet` (name or 1-based position) and `header_row` (`3`, or `3-4` for a
    header over two rows) override them."""
    authorize(request.user, Action.PATENT_IMPORT, request=request)
    batch = import_upload(user=request.user, upload=file, mapping_text=mapping, sheet=sheet, header_row=header_row)
    return Status(201, batch)


@imports_router.get("/imports/{import_id}", response=ImportOut, auth=WRITE_AUTH)
def get_import(request: HttpRequest, import_id: int):
    return import_visible_or_404(request.user, import_id)


@imports_router.get("/imports/{import_id}/rejections", response=list[RejectionOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_rejections(request: HttpRequest, import_id: int):
    return import_visible_or_404(request.user, import_id).rejections.all()


