"""Read what the value model needs from the register into column arrays, a few queries for the whole register."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

import numpy as np
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length

from patentbridge.demands.models import Match, MatchStatus
from patentbridge.orgs.models import ENTERPRISE_KINDS
from patentbridge.patents.models import LegalEvent, Patent, PatentApplicant
from patentbridge.pool.indicators import Frame
from patentbridge.pool.models import MarketFeedback, PoolEntry

# Recorded licences, assignments and pledges in the legal-event history (CNIPA 事务数据 wording).
TRANSACTION_EVENT = re.compile(r"许可|转让|权利的转移|质押|license|licence|assignment|pledge", re.IGNORECASE)
MATCH_PULL = {MatchStatus.INTERESTED: 1.0, MatchStatus.SENT: 0.5, MatchStatus.SHORTLISTED: 0.25}
CHUNK = 50_000
SUBCLASS_IN_JSON = re.compile(r'"([A-H]\d\d[A-Z])')


def main_group(code: str) -> str:
    return code.split("/", 1)[0].replace(" ", "") if "/" in code else ""


def _scaled(value: float | None, low: float, high: float) -> float:
    return np.nan if value is None else (value - low) / (high - low)


def _per_patent(ids: set[int] | None, query, value_of) -> dict[int, float]:
    if ids is not None:
        query = query.filter(patent_id__in=ids)
    out: dict[int, float] = defaultdict(float)
    for row in query.iterator(chunk_size=CHUNK):
        out[row[0]] += value_of(row)
    return out


def load_frame(today: date, patent_ids: Iterable[int] | None = None) -> Frame:
    """Column arrays for the given patents, or for the whole register."""
    ids = set(patent_ids) if patent_ids is not None else None
    patents = Patent.objects.order_by("pk")
    if ids is not None:
        patents = patents.filter(pk__in=ids)
    rows = _raw_rows(patents.annotate(claim_chars=Length("first_claim")).values_list(
        "pk", "patent_type", "legal_status", "application_date", "expiry_date", "ipc_main", "ipc_codes",
        "cpc_codes", "claim_chars", "family_size", "forward_citations", "backward_citations",
        "emerging_industry"))
    columns = list(zip(*rows, strict=True)) if rows else [()] * 13
    pk, ptype, status, filed, expiry, ipc_main, ipc_codes, cpc_codes, claim_chars, family, fwd, bwd, emerging = columns
    filed_days = _days(filed)
    main_groups = [main_group(c) for c in ipc_main]
    years = np.where(np.isnat(filed_days), 0, filed_days.astype("datetime64[Y]").astype(np.int64) + 1970)

    def floats(values: tuple) -> np.ndarray:
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)

    enterprise = _per_patent(ids, PatentApplicant.objects.filter(organisation__kind__in=ENTERPRISE_KINDS)
                             .values_list("patent_id"), lambda row: 1.0)
    events = LegalEvent.objects.filter(Q(description__contains="许可") | Q(description__contains="转让")
                                       | Q(description__contains="转移") | Q(description__contains="质押")
                                       | Q(description__icontains="licen") | Q(description__icontains="assign")
                                       | Q(description__icontains="pledge"))
    transactions = _per_patent(ids, events.values_list("patent_id", "description"),
                               lambda row: 1.0 if TRANSACTION_EVENT.search(row[1]) else 0.0)
    pull = _per_patent(ids, Match.objects.values_list("patent_id", "status"),
                       lambda row: MATCH_PULL.get(row[1], 0.0))
    feedback_rows = _per_list(ids, MarketFeedback.objects.values_list("patent_id", "prospects", "willingness"))
    entries = PoolEntry.objects.values_list("patent_id", "trl", "self_maturity", "self_market_prospects",
                                            "self_willingness")
    if ids is not None:
        entries = entries.filter(patent_id__in=ids)
    entry_by_patent = {row[0]: row[1:] for row in entries}

    def entry_value(patent_id: int, pick) -> float:
        entry = entry_by_patent.get(patent_id)
        return np.nan if entry is None else pick(*entry)

    def maturity(trl, self_maturity, _prospects, _willingness) -> float:
        return _scaled(trl, 1, 9) if trl is not None else _scaled(self_maturity, 1, 5)

    def self_view(_trl, _maturity, prospects, willingness) -> float:
        known = [v for v in (prospects, willingness) if v is not None]
        return _scaled(sum(known) / len(known), 1, 5) if known else np.nan

    def feedback(patent_id: int) -> float:
        answers = feedback_rows.get(patent_id)
        if not answers:
            return np.nan
        return _scaled(sum((p + w) / 2 for p, w in answers) / len(answers), 1, 5)

    return Frame(
        patent_ids=np.array(pk, dtype=np.int64),
        patent_type=np.array(ptype, dtype=object),
        legal_status=np.array(status, dtype=object),
        filing_year=years,
        days_to_expiry=_days_until(_days(expiry), today),
        subclass=np.array([c[:4] for c in ipc_main], dtype=object),
        main_group=np.array(main_groups, dtype=object),
        first_claim_chars=np.array([float(c) if c else np.nan for c in claim_chars], dtype=float),
        family_size=floats(family),
        # The JSON lists are counted in their text: each code is one quoted string.
        cpc_count=np.array([_json_text(c).count('"') // 2 for c in cpc_codes], dtype=float),
        ipc_subclasses=np.array([len(set(SUBCLASS_IN_JSON.findall(_json_text(c)))) for c in ipc_codes], dtype=float),
        forward_citations=floats(fwd),
        backward_citations=floats(bwd),
        emerging=np.array([1.0 if e else 0.0 for e in emerging], dtype=float),
        enterprise_applicant=np.array([min(enterprise.get(p, 0.0), 1.0) for p in pk], dtype=float),
        transactions=np.array([transactions.get(p, 0.0) for p in pk], dtype=float),
        demand_pull=np.array([pull.get(p, 0.0) for p in pk], dtype=float),
        maturity=np.array([entry_value(p, maturity) for p in pk], dtype=float),
        market_feedback=np.array([feedback(p) for p in pk], dtype=float),
        self_assessment=np.array([entry_value(p, self_view) for p in pk], dtype=float),
        # Follow-on activity needs the whole register's filings; a subset is only re-scored on its absolute
        # indicators (assessment_rescore keeps the stored cohort scores), so it goes without.
        group_year_counts=group_year_counts(main_groups, years) if ids is None else {},
    )


def _raw_rows(query) -> list[tuple]:
    """Rows as the database driver returns them: Django's per-value converters (JSON parsing, date parsing)
    cost more than the whole scoring at a million rows, and the loader needs neither."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple] = []
        while chunk := cursor.fetchmany(CHUNK):
            rows.extend(chunk)
    return rows


def _json_text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _days(values: Iterable[object]) -> np.ndarray:
    """ISO date strings (SQLite) or dates (PostgreSQL) as datetime64[D]; NaT where missing."""
    return np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")


def _days_until(days: np.ndarray, today: date) -> np.ndarray:
    out = (days - np.datetime64(today, "D")).astype(float)
    out[np.isnat(days)] = np.nan
    return out


def group_year_counts(groups: list[str], years: np.ndarray) -> dict[tuple[str, int], int]:
    counts: Counter[tuple[str, int]] = Counter(
        (g, int(y)) for g, y in zip(groups, years.tolist(), strict=True) if g and y)
    return dict(counts)


def _per_list(ids: set[int] | None, query) -> dict[int, list[tuple[int, int]]]:
    if ids is not None:
        query = query.filter(patent_id__in=ids)
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for patent_id, *values in query:
        out[patent_id].append(tuple(values))
    return out
