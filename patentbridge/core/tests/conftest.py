"""`flat_queries`: a page or API list must not issue a query per row (NetBox's query-count baselines)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

SMALL, LARGE = 3, 12


def _text(response: HttpResponse) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _shows(response: HttpResponse, markers: list[str]) -> None:
    assert response.status_code == 200, response.content[:500]
    text = _text(response)
    missing = [marker for marker in markers if marker not in text]
    assert not missing, f"the rows built are not all shown, so the count proves nothing: {missing}"


def _shape(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"\((?:\?, )+\?\)", "(?…)", sql)


def _grown(small: list[dict[str, str]], large: list[dict[str, str]]) -> str:
    """The statements the larger page repeats more often: where the per-row query is."""
    before = Counter(_shape(q["sql"]) for q in small)
    after = Counter(_shape(q["sql"]) for q in large)
    return "\n".join(f"{before[sql]} → {n}: {sql[:400]}" for sql, n in after.items() if n > before[sql])


@pytest.fixture
def flat_queries(django_assert_max_num_queries) -> Callable[..., None]:
    """`flat_queries(fetch, grow)`: with `grow(n)` adding n rows (returning a text each row shows) and `fetch()`
    requesting the page, the page with 12 rows issues no more queries than the page with 3."""

    def check(fetch: Callable[[], HttpResponse], grow: Callable[[int], list[str]]) -> None:
        markers = grow(SMALL)
        # Caches refreshed once after a change (content types, the index of live demands) are not per row.
        fetch()
        with CaptureQueriesContext(connection) as context:
            _shows(fetch(), markers)
        baseline = context.captured_queries  # a copy: the next request outside a capture clears the log
        markers += grow(LARGE - SMALL)
        fetch()
        try:
            with django_assert_max_num_queries(len(baseline)) as large:
                response = fetch()
        except pytest.fail.Exception as exc:
            grown = _grown(baseline, large.captured_queries)
            raise pytest.fail.Exception(f"{exc.msg}\n{grown}", pytrace=False) from None
        _shows(response, markers)

    return check
