"""Validate the value model on real outcomes that the score never sees.

1. Owners' own verdicts (`cn_patent_db_exports`): invention patents that lapsed for unpaid annual fees
   (未缴年费) against granted inventions still in force. Age separates them almost perfectly, so the figure
   that matters is the AUC within filing-year cohorts; the legal-status indicator is left out of the score.
2. Forward citations (`energy_recovery_patents_gp`, `cn_abstracts.csv`): Spearman correlation with Google's
   cited-by count, and the AUC for the top decile, within priority-year cohorts.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from patentbridge.orgs.models import ENTERPRISE_KINDS
from patentbridge.orgs.names import guess_kind
from patentbridge.patents.importing.layouts import detect_layout
from patentbridge.patents.importing.readers import detect_format, read_rows
from patentbridge.patents.importing.rows import PatentRecord, RowParser
from patentbridge.patents.importing.runner import known_subclasses
from patentbridge.patents.models import LegalStatus, PatentType
from patentbridge.patents.terms import expiry_date
from patentbridge.pool.config import AssessmentSettings
from patentbridge.pool.indicators import INDICATORS, Frame, score
from patentbridge.pool.loading import group_year_counts, main_group

OUTCOME_EXCLUDED = frozenset(k for k, spec in INDICATORS.items() if spec.from_outcome)


def read_records(paths: Iterable[Path], today: date) -> list[PatentRecord]:
    """Parse export files with the importer's own layouts and checks, without writing anything."""
    subclasses = known_subclasses()
    records = []
    for path in paths:
        header, rows = read_rows(path, detect_format(path.name))
        parser = RowParser(detect_layout(header), subclasses, path.name, today)
        records.extend(r for r in (parser.parse(row.line, row.values) for row in rows) if isinstance(r, PatentRecord))
    return records


def _nan(value: float | None) -> float:
    return np.nan if value is None else float(value)


def frame_from_records(records: list[PatentRecord], today: date) -> Frame:
    n = len(records)
    main_groups = [main_group(r.ipc_main) for r in records]
    years = np.array([r.application_date.year if r.application_date else 0 for r in records])
    unknown = np.full(n, np.nan)
    expiries = [expiry_date(r.patent_type, r.application_date) for r in records]
    return Frame(
        patent_ids=np.arange(n, dtype=np.int64),
        patent_type=np.array([r.patent_type for r in records], dtype=object),
        legal_status=np.array([r.legal_status for r in records], dtype=object),
        filing_year=years,
        days_to_expiry=np.array([(e - today).days if e else np.nan for e in expiries], dtype=float),
        subclass=np.array([r.ipc_main[:4] for r in records], dtype=object),
        main_group=np.array(main_groups, dtype=object),
        first_claim_chars=np.array([len(r.first_claim) or np.nan for r in records], dtype=float),
        family_size=np.array([_nan(r.family_size) for r in records]),
        cpc_count=np.array([len(r.cpc_codes) for r in records], dtype=float),
        ipc_subclasses=np.array([len({c[:4] for c in r.ipc_codes}) for r in records], dtype=float),
        forward_citations=np.array([_nan(r.forward_citations) for r in records]),
        backward_citations=np.array([_nan(r.backward_citations) for r in records]),
        emerging=np.array([1.0 if r.emerging_industry else 0.0 for r in records]),
        enterprise_applicant=np.array([1.0 if any(guess_kind(a) in ENTERPRISE_KINDS for a in r.applicant_names)
                                       else 0.0 for r in records]),
        transactions=np.zeros(n), demand_pull=np.zeros(n),
        maturity=unknown, market_feedback=unknown, self_assessment=unknown,
        group_year_counts=group_year_counts(main_groups, years),
    )


def auc_within(values: np.ndarray, positive: np.ndarray, cohorts: np.ndarray) -> tuple[float, int]:
    """P(a positive outranks a negative of the same cohort), ties half; and the number of pairs."""
    wins = pairs = 0.0
    for cohort in np.unique(cohorts):
        mask = cohorts == cohort
        pos, neg = values[mask & positive], values[mask & ~positive]
        if len(pos) == 0 or len(neg) == 0:
            continue
        ranks = _midranks(np.concatenate([pos, neg]))
        wins += ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2
        pairs += len(pos) * len(neg)
    return (wins / pairs if pairs else float("nan")), int(pairs)


def _midranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i: j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman_within(values: np.ndarray, target: np.ndarray, cohorts: np.ndarray) -> float:
    """Size-weighted mean of the Spearman correlations within cohorts of at least 10."""
    total = weight = 0.0
    for cohort in np.unique(cohorts):
        mask = cohorts == cohort
        if mask.sum() < 10:
            continue
        a, b = _midranks(values[mask]), _midranks(target[mask])
        if a.std() == 0 or b.std() == 0:
            continue
        total += float(np.corrcoef(a, b)[0, 1]) * mask.sum()
        weight += mask.sum()
    return total / weight if weight else float("nan")


@dataclass
class LapseResult:
    lapsed: int
    in_force: int
    pairs: int
    auc_within_year: float
    auc_within_year_all_exports: float
    age_auc_overall: float
    dimensions: dict[str, float]
    indicators: dict[str, float]


def evaluate_lapse(records: list[PatentRecord], settings: AssessmentSettings, today: date) -> LapseResult:
    frame = frame_from_records(records, today)
    result = score(frame, settings, today, exclude=OUTCOME_EXCLUDED)
    invention = frame.patent_type == PatentType.INVENTION
    lapsed = invention & (frame.legal_status == LegalStatus.LAPSED_FEES)
    in_force = invention & (frame.legal_status == LegalStatus.IN_FORCE)
    sample = lapsed | in_force
    # Each export carries different fields (CPC, claims, citations), so compare within export and filing year.
    sources = np.array([r.source for r in records], dtype=object)
    years = np.array([f"{y}|{s}" for y, s in zip(frame.filing_year[sample], sources[sample], strict=True)])
    year_only, _ = auc_within(result.overall[sample], in_force[sample], frame.filing_year[sample])
    keep = in_force[sample]  # "positive" = kept in force: a higher score should mean kept
    auc, pairs = auc_within(result.overall[sample], keep, years)
    age, _ = auc_within(-frame.filing_year[sample].astype(float), keep, np.zeros(sample.sum()))
    dimensions = {d: auc_within(v[sample], keep, years)[0] for d, v in result.dimensions.items()}
    indicators = {}
    for key, values in result.indicator_scores.items():
        if key in OUTCOME_EXCLUDED:
            continue
        known = ~np.isnan(values[sample])
        if known.sum() and np.nanstd(values[sample]) > 0:
            indicators[key] = auc_within(values[sample][known], keep[known], years[known])[0]
    return LapseResult(int(lapsed.sum()), int(in_force.sum()), pairs, auc, year_only, 1 - age, dimensions, indicators)


@dataclass
class CitationResult:
    patents: int
    spearman_within_year: float
    top_decile_auc_within_year: float


def evaluate_citations(path: Path, settings: AssessmentSettings, today: date) -> CitationResult:
    """Score the CN abstracts that carry a cited-by count; only group, year and kind are known for them."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("cited_by_count", "") != "" and row.get("priority_year_buckets"):
                rows.append(row)
    counts: Counter[tuple[str, int]] = Counter()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for group in filter(None, row.get("cpc_query_groups", "").split("|")):
                year = row.get("priority_year_buckets", "").split("|")[0]
                if year.isdigit():
                    counts[(main_group(group), int(year))] += 1
    n = len(rows)
    unknown = np.full(n, np.nan)
    years = np.array([int(r["priority_year_buckets"].split("|")[0]) for r in rows])
    groups = [r["cpc_query_groups"].split("|")[0] for r in rows]
    kinds = [r.get("kind_code", "") for r in rows]
    frame = Frame(
        patent_ids=np.arange(n, dtype=np.int64),
        patent_type=np.array([PatentType.UTILITY_MODEL if k == "U" else PatentType.INVENTION for k in kinds],
                             dtype=object),
        legal_status=np.array([LegalStatus.IN_FORCE if k == "B" else LegalStatus.PENDING for k in kinds],
                              dtype=object),
        filing_year=years, days_to_expiry=unknown, subclass=np.array([g[:4] for g in groups], dtype=object),
        main_group=np.array([main_group(g) for g in groups], dtype=object), first_claim_chars=unknown,
        family_size=unknown, cpc_count=unknown, ipc_subclasses=unknown, forward_citations=unknown,
        backward_citations=unknown, emerging=unknown, enterprise_applicant=np.zeros(n), transactions=np.zeros(n),
        demand_pull=np.zeros(n), maturity=unknown, market_feedback=unknown, self_assessment=unknown,
        group_year_counts=dict(counts),
    )
    result = score(frame, settings, today, exclude=OUTCOME_EXCLUDED)
    cited = np.array([float(r["cited_by_count"]) for r in rows])
    top = np.zeros(n, dtype=bool)
    by_year: dict[int, list[int]] = defaultdict(list)
    for i, year in enumerate(years):
        by_year[int(year)].append(i)
    for members in by_year.values():
        threshold = np.quantile(cited[members], 0.9)
        top[members] = cited[members] > threshold if threshold > 0 else cited[members] > 0
    return CitationResult(n, spearman_within(result.overall, cited, years),
                          auc_within(result.overall, top, years)[0])
