"""Bounded field types shared by the API schemas."""

from __future__ import annotations

from typing import Annotated

from ninja import Field

# The largest primary key any of our databases can hold (a signed 64-bit integer).
MAX_DB_INT = 2**63 - 1

# An id sent in a body: `pk__in` lookups, unlike `pk=`, fail on integers the database cannot hold.
DbId = Annotated[int, Field(ge=1, le=MAX_DB_INT)]
