"""/api/v1/search: hybrid search with an explanation on every hit."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from patentbridge.core.api_support import READ_AUTH
from patentbridge.patents.schemas import PatentListItem
from patentbridge.patents.selectors import patent_get
from patentbridge.search.engine import search

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = Field("", description="free text in Chinese or another language, or a number")
    like: str | None = Field(None, description="a patent's number: find its prior art (older patents like it); "
                                               "used as the query when q is empty")
    type: str | None = None
    ipc: str | None = None
    status: str | None = None
    city: str | None = None
    applicant: str | None = None
    year: str | None = None
    applicant_kind: str | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


class IpcShared(Schema):
    code: str
    title_zh: str


class IndustryShared(Schema):
    code: str
    name: str


class Explanation(Schema):
    strength: str
    strength_label: str
    matched_terms: list[str]
    shared_ipc: list[IpcShared]
    shared_industry: IndustryShared | None
    lexical_rank: int | None
    semantic_rank: int | None
    title_html: str
    snippet_html: str


class SearchItem(Schema):
    patent: PatentListItem
    score: float
    explanation: Explanation

    @staticmethod
    def resolve_explanation(hit) -> dict:
        return {name: getattr(hit, name) for name in Explanation.model_fields}


class SearchOut(Schema):
    items: list[SearchItem]
    count: int
    notices: list[str]
    semantic: bool
    ranker: str = Field(description="what ranked the hits: `fusion` (reciprocal-rank fusion, no fitted re-ranker) "
                                    "or `learned-vN` (the current re-ranker run N, see `train-ranker`)")


@router.get("/search", response=SearchOut, auth=READ_AUTH)
def search_patents(request: HttpRequest, params: Query[SearchQuery]):
    """Patents for a query, best first; `notices` says when the query was shortened or an index is not ready."""
    filters = params.dict(exclude={"q", "like", "limit", "offset"}, exclude_none=True)
    like = patent_get(params.like) if params.like else None
    result = search(params.q, filters=filters, offset=params.offset, limit=params.limit, like=like)
    return {"items": result.hits, "count": result.count, "notices": result.notices,
            "semantic": result.semantic_used, "ranker": result.ranker}
