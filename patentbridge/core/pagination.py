"""Pagination. The API's: `limit` and `offset` bounded, so no number reaches the database unchecked. The pages'
for lists that grow with the register: a count that stops at `LIST_COUNT_LIMIT`."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Far beyond any list the platform holds, and within a 32-bit integer on every database.
MAX_OFFSET = 10_000_000
DEFAULT_LIMIT = 100


class Pagination(LimitOffsetPagination):
    """`?limit=1..API_MAX_PAGE_SIZE&offset=0..10,000,000`; anything else is a 422 naming the parameter."""

    class Input(Schema):
        limit: int = Field(min(DEFAULT_LIMIT, settings.API_MAX_PAGE_SIZE), ge=1, le=settings.API_MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=settings.API_MAX_PAGE_SIZE, **kwargs)


class CappedPaginator(Paginator):
    """Counts the matches only up to `LIST_COUNT_LIMIT` (a `LIMIT` inside the count), so a list over a million
    patents costs what a list over ten thousand does; `capped` says there are more, and the pages stop at the limit
    (filters, not paging, are how a person narrows a million rows)."""

    def __init__(self, object_list: Any, per_page: int, *, limit: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.limit = settings.LIST_COUNT_LIMIT if limit is None else limit

    @cached_property
    def counted(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # Without its order: a count needs none, and with one the database sorts the matches to count them.
            return rows.order_by()[: self.limit + 1].count()
        return len(rows[: self.limit + 1])

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.limit)

    @property
    def capped(self) -> bool:
        return self.counted > self.limit
