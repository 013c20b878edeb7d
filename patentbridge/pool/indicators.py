"""The value-indicator model: raw indicators per patent, cohort normalisation, dimension scores and tiers.

Everything is computed on numpy arrays over the whole register at once, so a million patents score in
seconds. An indicator's score lies in [0, 1]; NaN means "no data", and that indicator's weight is then shared
among the others of its dimension rather than counting as a zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from patentbridge.pool.config import DIMENSIONS, AssessmentSettings

# "cohort": percentile within IPC subclass × filing year (OECD practice, for counts whose level differs by field);
# "year": percentile within the filing year, for indicators whose signal is the difference between fields;
# "absolute": already a score in [0, 1].
Normalise = str


@dataclass(frozen=True)
class IndicatorSpec:
    dimension: str
    default_weight: float
    normalise: Normalise
    label_zh: str
    label_en: str
    # Derived from the legal status the value model is validated against, so left out of that validation.
    from_outcome: bool = False


INDICATORS: dict[str, IndicatorSpec] = {
    "legal_status": IndicatorSpec("legal", 3, "absolute", "法律状态", "legal status", from_outcome=True),
    "remaining_term": IndicatorSpec("legal", 3, "absolute", "剩余保护期", "remaining term"),
    "patent_type": IndicatorSpec("legal", 2, "absolute", "专利类型", "patent type"),
    "claim_breadth": IndicatorSpec("legal", 1, "cohort", "权利要求宽度（首项权利要求越短越宽）",
                                   "claim breadth (shorter first claim)"),
    "family": IndicatorSpec("legal", 2, "cohort", "同族规模（多国申请）", "family size (filings abroad)"),
    "cpc_depth": IndicatorSpec("legal", 2, "cohort", "CPC 分类数（境外同族的信号）",
                               "CPC codes (a sign of family members abroad)"),
    "ipc_scope": IndicatorSpec("technical", 1, "cohort", "技术覆盖面（IPC 小类数）", "patent scope (IPC subclasses)"),
    "follow_on": IndicatorSpec("technical", 4, "year", "后续技术活跃度（同一大组此后的申请量）",
                               "follow-on activity (later filings in the main group)"),
    "forward_citations": IndicatorSpec("technical", 2, "cohort", "被引次数", "forward citations"),
    "backward_citations": IndicatorSpec("technical", 1, "cohort", "引用文献数", "backward citations"),
    "maturity": IndicatorSpec("technical", 2, "absolute", "技术成熟度", "technology maturity"),
    "emerging_industry": IndicatorSpec("economic", 2, "cohort", "战略性新兴产业", "strategic emerging industry"),
    "enterprise_applicant": IndicatorSpec("economic", 1, "absolute", "企业为申请人（产学研合作）",
                                          "an enterprise among the applicants"),
    "transactions": IndicatorSpec("economic", 3, "absolute", "许可、转让、质押记录", "licences, transfers, pledges"),
    "demand_pull": IndicatorSpec("economic", 3, "absolute", "企业需求与兴趣", "enterprise demand and interest"),
    "market_feedback": IndicatorSpec("economic", 4, "absolute", "企业市场评价", "enterprises' market feedback"),
    "self_assessment": IndicatorSpec("economic", 2, "absolute", "发明人自评", "inventor's self-assessment"),
}

# The order of the packed values of a stored assessment: append new indicators at the end, never reorder.
INDICATOR_ORDER: tuple[str, ...] = tuple(INDICATORS)


def pack(raw: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """(N, K) raw values and (N, K) scores -> (N, 2K) float32, raw and score interleaved per indicator."""
    packed = np.empty((raw.shape[0], 2 * raw.shape[1]), dtype=np.float32)
    packed[:, 0::2], packed[:, 1::2] = raw, scores
    return packed


def unpack(blob: bytes) -> dict[str, tuple[float | None, float | None]]:
    values = np.frombuffer(blob, dtype=np.float32)
    out = {}
    for i, key in enumerate(INDICATOR_ORDER[: len(values) // 2]):
        raw, score_ = float(values[2 * i]), float(values[2 * i + 1])
        out[key] = (None if np.isnan(raw) else round(raw, 4), None if np.isnan(score_) else round(score_, 4))
    return out


def pack_one(values: dict[str, tuple[float | None, float | None]]) -> bytes:
    nan = float("nan")
    raw = np.array([[values.get(k, (None, None))[0] if values.get(k, (None, None))[0] is not None else nan
                     for k in INDICATOR_ORDER]])
    scores = np.array([[values.get(k, (None, None))[1] if values.get(k, (None, None))[1] is not None else nan
                        for k in INDICATOR_ORDER]])
    return pack(raw, scores)[0].tobytes()


TYPE_SCORES = {"invention": 1.0, "utility_model": 0.5, "design": 0.4}
STATUS_SCORES = {"in_force": 1.0, "pending": 0.6, "unknown": 0.5}
TERM_YEARS = {"invention": 20, "utility_model": 10, "design": 15}
DEAD_STATUSES = frozenset({"lapsed_fees", "expired", "rejected", "withdrawn", "abandoned", "invalidated", "lapsed"})
TIERS = ("A", "B", "C", "D")


@dataclass
class Frame:
    """Column arrays of the patents being assessed (length N), as loaded by `patentbridge.pool.loading`."""

    patent_ids: np.ndarray
    patent_type: np.ndarray  # object: PatentType values
    legal_status: np.ndarray  # object
    filing_year: np.ndarray  # int, 0 when unknown
    days_to_expiry: np.ndarray  # float, NaN when unknown
    subclass: np.ndarray  # object: main IPC subclass, "" when unknown
    main_group: np.ndarray  # object: main IPC group such as "G06F16", "" when unknown
    first_claim_chars: np.ndarray  # float, NaN when no claim text
    family_size: np.ndarray  # float, NaN when unknown
    cpc_count: np.ndarray  # float
    ipc_subclasses: np.ndarray  # float
    forward_citations: np.ndarray  # float, NaN when unknown
    backward_citations: np.ndarray  # float, NaN when unknown
    emerging: np.ndarray  # float 0/1
    enterprise_applicant: np.ndarray  # float 0/1
    transactions: np.ndarray  # float count
    demand_pull: np.ndarray  # float (interested matches + half of other matches)
    maturity: np.ndarray  # float in [0, 1], NaN when nobody said
    market_feedback: np.ndarray  # float in [0, 1], NaN when no enterprise answered
    self_assessment: np.ndarray  # float in [0, 1], NaN when the inventor has not answered
    # (main group, filing year) -> filings in the register, for follow-on activity
    group_year_counts: dict[tuple[str, int], int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.patent_ids)


def _follow_on(frame: Frame, years: int) -> np.ndarray:
    """Register filings in the same main group in the `years` after the patent's filing year (行业发展趋势)."""
    counts = frame.group_year_counts
    cache: dict[tuple[str, int], float] = {}
    out = np.full(len(frame), np.nan)
    for i, (group, year) in enumerate(zip(frame.main_group, frame.filing_year, strict=True)):
        if not group or not year:
            continue
        key = (group, int(year))
        value = cache.get(key)
        if value is None:
            value = float(sum(counts.get((group, y), 0) for y in range(key[1] + 1, key[1] + 1 + years)))
            cache[key] = value
        out[i] = value
    return out


def raw_indicators(frame: Frame, settings: AssessmentSettings, today: date) -> dict[str, np.ndarray]:
    """The raw value of each indicator; absolute indicators are already scores in [0, 1]."""
    lookup: Callable[[dict[str, float], np.ndarray, float], np.ndarray] = (
        lambda table, values, default: np.array([table.get(v, default) for v in values], dtype=float))
    term_days = lookup(TERM_YEARS, frame.patent_type, 20) * 365.25
    return {
        "legal_status": lookup(STATUS_SCORES, frame.legal_status, 0.0),
        "remaining_term": np.clip(frame.days_to_expiry / term_days, 0, 1),
        "patent_type": lookup(TYPE_SCORES, frame.patent_type, 0.5),
        "claim_breadth": -frame.first_claim_chars,
        "family": frame.family_size,
        "cpc_depth": frame.cpc_count,
        "ipc_scope": frame.ipc_subclasses,
        "follow_on": _follow_on(frame, settings.follow_on_years),
        "forward_citations": frame.forward_citations,
        "backward_citations": frame.backward_citations,
        "maturity": frame.maturity,
        "emerging_industry": frame.emerging,
        "enterprise_applicant": frame.enterprise_applicant,
        "transactions": np.minimum(frame.transactions / 2, 1.0),
        "demand_pull": 1 - np.exp(-frame.demand_pull / 2),
        "market_feedback": frame.market_feedback,
        "self_assessment": frame.self_assessment,
    }


def cohort_keys(frame: Frame, min_cohort: int) -> np.ndarray:
    """IPC subclass × filing year (OECD practice); filing year alone where that cohort is too small."""
    fine = np.array([f"{s}|{y}" if s and y else "" for s, y in zip(frame.subclass, frame.filing_year, strict=True)],
                    dtype=object)
    coarse = np.array([f"*|{y}" if y else "*|*" for y in frame.filing_year], dtype=object)
    values, inverse, counts = np.unique(fine.astype(str), return_inverse=True, return_counts=True)
    small = (counts[inverse] < min_cohort) | (fine == "")
    return np.where(small, coarse, fine)


def cohort_percentiles(values: np.ndarray, cohorts: np.ndarray) -> np.ndarray:
    """Mid-rank percentile of each value within its cohort, in (0, 1); ties share a rank; NaN stays NaN."""
    out = np.full(len(values), np.nan)
    known = ~np.isnan(values)
    if not known.any():
        return out
    index = np.flatnonzero(known)
    _, group = np.unique(cohorts[index].astype(str), return_inverse=True)
    vals = values[index]
    order = np.lexsort((vals, group))
    g, v = group[order], vals[order]
    n = len(order)
    positions = np.arange(n)
    group_start_flags = np.r_[True, g[1:] != g[:-1]]
    group_starts = np.maximum.accumulate(np.where(group_start_flags, positions, 0))
    group_sizes = np.bincount(g)[g]
    run_flags = group_start_flags | np.r_[True, v[1:] != v[:-1]]
    run_id = np.cumsum(run_flags) - 1
    run_first = positions[run_flags]
    run_last = np.r_[run_first[1:] - 1, n - 1]
    mid = (run_first[run_id] + run_last[run_id]) / 2 - group_starts
    result = np.empty(n)
    result[order] = (mid + 0.5) / group_sizes
    out[index] = result
    return out


@dataclass
class Scores:
    indicator_scores: dict[str, np.ndarray]
    raw: dict[str, np.ndarray]
    dimensions: dict[str, np.ndarray]  # 0–100
    overall: np.ndarray  # 0–100
    tier: np.ndarray  # object: "A".."D"
    cohorts: np.ndarray


def score(frame: Frame, settings: AssessmentSettings, today: date, *, exclude: frozenset[str] = frozenset()) -> Scores:
    """Score every patent of the frame; `exclude` leaves indicators out (the validation drops outcome ones)."""
    raw = raw_indicators(frame, settings, today)
    cohorts = cohort_keys(frame, settings.min_cohort)
    years = np.array([f"*|{y}" if y else "*|*" for y in frame.filing_year], dtype=object)
    by_mode = {"cohort": cohorts, "year": years}
    scores = {key: (cohort_percentiles(values, by_mode[INDICATORS[key].normalise])
                    if INDICATORS[key].normalise in by_mode else values) for key, values in raw.items()}
    dimensions = {}
    for dimension in DIMENSIONS:
        total = np.zeros(len(frame))
        weights = np.zeros(len(frame))
        for key, spec in settings.indicators.items():
            if spec.dimension != dimension or spec.weight <= 0 or key in exclude:
                continue
            known = ~np.isnan(scores[key])
            total += np.where(known, scores[key], 0) * spec.weight
            weights += known * spec.weight
        # A dimension with no data at all sits in the middle rather than at zero.
        dimensions[dimension] = np.where(weights > 0, 100 * total / np.maximum(weights, 1e-12), 50.0)
    overall = sum(settings.dimensions[d] * dimensions[d] for d in DIMENSIONS)
    return Scores(scores, raw, dimensions, overall, tiers_for(overall, frame.legal_status, settings), cohorts)


def tiers_for(overall: np.ndarray, legal_status: np.ndarray, settings: AssessmentSettings) -> np.ndarray:
    thresholds = settings.tiers
    tier = np.select([overall >= thresholds.A, overall >= thresholds.B, overall >= thresholds.C],
                     ["A", "B", "C"], default="D").astype(object)
    dead = np.isin(legal_status.astype(str), list(DEAD_STATUSES))
    tier[dead] = "D"
    return tier


def rescore_one(indicator_scores: dict[str, float | None], settings: AssessmentSettings,
                legal_status: str) -> tuple[dict[str, float], float, str]:
    """Dimension scores, overall score and tier from stored indicator scores (after a live input changed)."""
    dimensions: dict[str, float] = {}
    for dimension in DIMENSIONS:
        total = weights = 0.0
        for key, spec in settings.indicators.items():
            value = indicator_scores.get(key)
            if spec.dimension != dimension or spec.weight <= 0 or value is None:
                continue
            total += value * spec.weight
            weights += spec.weight
        dimensions[dimension] = 100 * total / weights if weights else 50.0
    overall = sum(settings.dimensions[d] * dimensions[d] for d in DIMENSIONS)
    tier = tiers_for(np.array([overall]), np.array([legal_status], dtype=object), settings)[0]
    return dimensions, float(overall), str(tier)


def contributions(indicator_scores: dict[str, float | None], settings: AssessmentSettings) -> list[dict]:
    """Each indicator's share of the overall score, in points; they add up to the overall score."""
    rows = []
    for dimension in DIMENSIONS:
        known = {k: s for k, s in settings.indicators.items()
                 if s.dimension == dimension and s.weight > 0 and indicator_scores.get(k) is not None}
        weight_sum = sum(s.weight for s in known.values())
        for key, spec in settings.indicators.items():
            if spec.dimension != dimension:
                continue
            value = indicator_scores.get(key)
            points = (100 * settings.dimensions[dimension] * spec.weight / weight_sum * value
                      if key in known else None)
            rows.append({"key": key, "dimension": dimension, "weight": spec.weight, "score": value,
                         "points": points, "label_zh": INDICATORS[key].label_zh, "label_en": INDICATORS[key].label_en})
    return rows
