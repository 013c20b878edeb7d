"""The API's request parser: NUL characters and non-finite numbers are refused before any value reaches a model.

PostgreSQL cannot store NUL in text (it fails with an error, a 500), and no real name, title or query holds one.
Python's JSON reader accepts NaN and Infinity (and reads 1e400 as infinity), which no JSON column accepts.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy
from ninja.parser import Parser

from patentbridge.core.errors import ValidationFailed

NUL = "\x00"
NUL_MESSAGE = gettext_lazy("NUL characters are not allowed")
NOT_FINITE_MESSAGE = gettext_lazy("numbers must be finite (no NaN or Infinity)")


def nul_locations(value: Any, location: str = "") -> list[str]:
    """Where (as dotted paths) NUL characters occur in keys or strings of a parsed JSON value."""
    if isinstance(value, str):
        return [location or "body"] if NUL in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            inner = f"{location}.{key}" if location else str(key)
            found += [inner] if NUL in str(key) else nul_locations(item, inner)
        return found
    if isinstance(value, list):
        return [found for index, item in enumerate(value)
                for found in nul_locations(item, f"{location}.{index}" if location else str(index))]
    return []


def refuse_nul(value: Any) -> Any:
    locations = nul_locations(value)
    if locations:
        raise ValidationFailed(NUL_MESSAGE, details={location: NUL_MESSAGE for location in locations})
    return value


def _not_finite(text: str) -> float:
    raise ValidationFailed(NOT_FINITE_MESSAGE, details={"body": f"{NOT_FINITE_MESSAGE}: {text}"})


def _finite_float(text: str) -> float:
    number = float(text)
    return number if math.isfinite(number) else _not_finite(text)


class StrictParser(Parser):
    """ninja's JSON and query/form parsing, refusing NUL characters and non-finite numbers with a 400 envelope."""

    def parse_body(self, request: HttpRequest) -> Any:
        return refuse_nul(json.loads(request.body, parse_constant=_not_finite, parse_float=_finite_float))

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        # Uploaded files are checked by their names (the stored file name), not their bytes.
        names = {key: [str(getattr(value, "name", value)) for value in values] for key, values in data.lists()}
        refuse_nul({key: values[0] if len(values) == 1 else values for key, values in names.items()})
        return super().parse_querydict(data, list_fields, request)
