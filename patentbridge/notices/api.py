"""/api/v1/notices: the signed-in person's notifications."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.core.pagination import Pagination
from patentbridge.notices import selectors, services
from patentbridge.notices.models import Notice

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    kind: str
    kind_label: str
    text: str
    link: str
    open_url: str
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_kind_label(obj: Notice) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_open_url(obj: Notice) -> str:
        return obj.get_open_path()


class NoticeFilter(Schema):
    state: Literal["", "unread", "read"] = ""


@router.get("/notices", response=list[NoticeOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_notices(request: HttpRequest, filters: Query[NoticeFilter]):
    """Newest first; `state=unread` or `state=read` filters."""
    return selectors.inbox(request.user, filters.state)


@router.post("/notices/{notice_id}/read", response=NoticeOut, auth=WRITE_AUTH)
def read_notice(request: HttpRequest, notice_id: int):
    notice = services.notice_open(user=request.user, notice_id=notice_id)
    if notice is None:
        raise NotFound(details={"id": notice_id})
    return notice
