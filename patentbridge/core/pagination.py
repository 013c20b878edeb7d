"""The API's one pagination: `limit` and `offset` bounded, so no number reaches the database unchecked."""

from __future__ import annotations

from typing import Any

from django.conf import settings
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
