"""API schemas of the patent register."""


import datetime as dt

from ninja import Field, Schema

from patentbridge.patents.models import LegalStatus, PatentType


class IpcOut(Schema):
    code: str
    title_zh: str = ""
    title_en: str = ""


class ApplicantOut(Schema):
    name: str
    organisation_id: int | None = None


class PatentListItem(Schema):
    application_number: str | None
    patent_number: str
    publication_number: str | None
    grant_number: str | None
    patent_type: str
    title: str
    ipc_main: str
    applicants: list[str] = Field(..., alias="applicant_names")
    application_date: dt.date | None
    legal_status: str
    expiry_date: dt.date | None
    city: str | None = None
    url: str

    @staticmethod
    def resolve_city(obj) -> str | None:
        return obj.city.name_zh if obj.city_id else None

    @staticmethod
    def resolve_url(obj) -> str:
        from django.urls import reverse

        return reverse("patents:detail", args=[obj.lookup_number])


class LegalEventOut(Schema):
    date: dt.date | None
    description: str


class PatentDetail(PatentListItem):
    publication_kind: str
    grant_kind: str
    abstract: str
    first_claim: str
    ipc: list[IpcOut]
    cpc: list[str] = Field(..., alias="cpc_codes")
    applicant_links: list[ApplicantOut]
    inventors: list[str] = Field(..., alias="inventors_shown")
    address: str
    province: str
    publication_date: dt.date | None
    grant_date: dt.date | None
    legal_status_raw: str
    legal_events: list[LegalEventOut]
    industry_codes: list[str]
    source: str

    @staticmethod
    def resolve_ipc(obj) -> list[dict]:
        from patentbridge.patents.selectors import ipc_titles

        titles = ipc_titles(obj.ipc_codes)
        return [{"code": c, "title_zh": getattr(titles.get(c) or titles.get(c[:4]), "title_zh", ""),
                 "title_en": getattr(titles.get(c) or titles.get(c[:4]), "title_en", "")} for c in obj.ipc_codes]

    @staticmethod
    def resolve_applicant_links(obj) -> list:
        return list(obj.applicant_links.all())

    @staticmethod
    def resolve_legal_events(obj) -> list:
        return list(obj.legal_events.all())


class PatentPatch(Schema):
    """The editable fields; on PATCH only those sent are changed."""

    patent_type: PatentType | None = None
    title: str | None = Field(None, min_length=1, max_length=500)
    abstract: str | None = Field(None, max_length=20000)
    first_claim: str | None = Field(None, max_length=20000)
    ipc_main: str | None = Field(None, max_length=20)
    ipc: list[str] | None = Field(None, max_length=100)
    cpc: list[str] | None = Field(None, max_length=200)
    applicants: list[str] | None = Field(None, max_length=50)
    inventors: list[str] | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=300)
    province: str | None = Field(None, max_length=20)
    legal_status: LegalStatus | None = None
    application_date: dt.date | None = None
    publication_date: dt.date | None = None
    grant_date: dt.date | None = None


class PatentIn(PatentPatch):
    """A new register entry: a title and at least one number (checked like an imported row)."""

    application_number: str | None = Field(None, max_length=30, examples=["201710667329.7"])
    publication_number: str | None = Field(None, max_length=20)
    grant_number: str | None = Field(None, max_length=20)
    title: str = Field(..., min_length=1, max_length=500)
    organisation_id: int | None = Field(None, description="the owning organisation; defaults to your own")


class ImportOut(Schema):
    id: int
    file_name: str
    layout: str
    status: str
    rows_read: int
    rows_created: int
    rows_updated: int
    rows_unchanged: int
    rows_rejected: int
    summary: str
    sheet_name: str = Field(..., description="the worksheet read (empty for CSV and JSONL)")
    header_row: int | None = Field(..., description="1-based row of the header's first row (null for JSONL)")
    header_depth: int = Field(..., description="2 when the header was split over two rows")
    started_at: dt.datetime
    finished_at: dt.datetime | None


class RejectionOut(Schema):
    line: int
    field: str
    reason: str
    value: str
