"""Writes of the pool: assessments, tiers and overrides, the stock-patent workflow and market feedback.

A patent's upkeep records (fee reduction, fee payments, funded projects, standard declarations) are written by
maintenance_services.

Callers own the transaction (one per request or command), except the batch assessment, which commits once.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from auditlog.context import set_actor
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from patentbridge.core.db import insert_rows
from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.core.queue import enqueue_merging_ids
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import INSTITUTION_KINDS, Organisation, Role
from patentbridge.orgs.permissions import Capability, is_inventor_of, is_office_of, roles_of, user_ids_with
from patentbridge.patents.models import Patent, PatentApplicant
from patentbridge.pool.config import assessment_settings
from patentbridge.pool.indicators import (
    DEAD_STATUSES,
    INDICATOR_ORDER,
    INDICATORS,
    TIERS,
    pack,
    pack_one,
    rescore_one,
    score,
)
from patentbridge.pool.loading import load_frame
from patentbridge.pool.models import (
    Assessment,
    MarketFeedback,
    PoolEntry,
    PoolState,
    PoolTransition,
    TierChange,
)
from patentbridge.push.models import PatentEvent
from patentbridge.push.tasks import push_patent_events

WRITE_CHUNK = 20_000


@dataclass(frozen=True)
class AssessSummary:
    assessed: int
    tier_counts: dict[str, int]
    tier_changes: int
    config_version: int
    seconds: dict[str, float]
    rewritten: int = 0


def _compact(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


ASSESSMENT_COLUMNS = ["patent", "config_version", "cohort", "legal", "technical", "economic", "score", "tier",
                      "values", "computed_at"]


@dataclass(frozen=True)
class _Stored:
    """The stored assessments as sorted arrays: patent ids, a fingerprint of each row's figures, and tiers."""
    ids: np.ndarray
    marks: np.ndarray
    tiers: np.ndarray


def _fingerprint(row: tuple) -> int:
    # hash() of the row's figures (everything but the patent and the time); equal figures give equal hashes
    # within one process, which is all the comparison needs. NaN never equals itself, so such a row is rewritten.
    return hash(row)


def _stored_assessments() -> _Stored:
    ids, marks, tiers = array("q"), array("q"), []
    rows = Assessment.objects.order_by("patent_id").values_list("patent_id", *ASSESSMENT_COLUMNS[1:-1])
    for pid, *figures in rows.iterator(chunk_size=WRITE_CHUNK):  # a server-side cursor on PostgreSQL
        figures[-1] = bytes(figures[-1])
        ids.append(pid)
        tiers.append(figures[-2])
        marks.append(_fingerprint(tuple(figures)))
    return _Stored(np.frombuffer(ids, dtype=np.int64), np.frombuffer(marks, dtype=np.int64),
                   np.array(tiers, dtype="<U1"))


def _compare(stored: _Stored, ids: np.ndarray, marks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each id: its index in the stored arrays (0 where absent), whether it is stored, and whether its stored
    figures are the ones just computed."""
    if not len(stored.ids):
        absent = np.zeros(len(ids), dtype=bool)
        return np.zeros(len(ids), dtype=np.intp), absent, absent
    at = np.minimum(np.searchsorted(stored.ids, ids), len(stored.ids) - 1)
    present = stored.ids[at] == ids
    return at, present, present & (stored.marks[at] == marks)


def assess_register(*, today: date | None = None, progress: Callable[[int], None] | None = None) -> AssessSummary:
    """Score the whole register with the active configuration and record every changed tier, in one transaction.

    The model normalises within cohorts, so the whole register is always scored; but only the rows whose figures
    changed are rewritten (an import moves the percentiles of its patents' cohorts only), so that a re-score
    after a small import does not replace a million rows. Manual overrides live on the pool entry and are never
    touched. A row left as it was keeps its computed_at: the time its figures were last computed differently."""
    today = today or timezone.localdate()
    clock = time.perf_counter()
    seconds: dict[str, float] = {}
    version, settings = assessment_settings()
    frame = load_frame(today)
    seconds["load"] = time.perf_counter() - clock
    result = score(frame, settings, today)
    seconds["score"] = time.perf_counter() - clock - seconds["load"]
    now = timezone.now()
    ids = frame.patent_ids.astype(np.int64)
    packed = pack(np.column_stack([result.raw[k] for k in INDICATOR_ORDER]),
                  np.column_stack([result.indicator_scores[k] for k in INDICATOR_ORDER]))
    overall, tiers = np.round(result.overall, 2).tolist(), result.tier.tolist()
    columns = ([version] * len(ids), result.cohorts.tolist(),
               *(np.round(result.dimensions[d], 2).tolist() for d in ("legal", "technical", "economic")),
               overall, tiers, [row.tobytes() for row in packed])
    marks = np.fromiter((_fingerprint(row) for row in zip(*columns, strict=True)), dtype=np.int64, count=len(ids))
    with transaction.atomic():
        stored = _stored_assessments()
        at, present, same = _compare(stored, ids, marks)
        write = np.flatnonzero(~same)
        replaced = write[present[write]]
        changed = replaced[stored.tiers[at[replaced]] != result.tier[replaced]]
        if len(write) * 2 > len(ids):
            Assessment.objects.all().delete()
            write = np.arange(len(ids))
        else:
            gone = np.concatenate([ids[replaced], stored.ids[~np.isin(stored.ids, ids)]]).tolist()
            for start in range(0, len(gone), WRITE_CHUNK):
                Assessment.objects.filter(patent_id__in=gone[start:start + WRITE_CHUNK]).delete()
            if progress:
                progress(len(ids) - len(write))
        for start in range(0, len(write), WRITE_CHUNK):
            chunk = write[start:start + WRITE_CHUNK].tolist()
            _write([(int(ids[i]), *(column[i] for column in columns), now) for i in chunk])
            if progress:
                progress(len(chunk))
        insert_rows(TierChange, ["patent", "old_tier", "new_tier", "reason", "changed_at"],
                    [(int(ids[i]), str(stored.tiers[at[i]]), tiers[i],
                      f"重新评估（配置 v{version}，得分 {overall[i]:.1f}）/ "
                      f"re-assessed (configuration v{version}, score {overall[i]:.1f})", now)
                     for i in changed.tolist()])
        _assessed_by_the_batch()
    seconds["store"] = time.perf_counter() - clock - seconds["load"] - seconds["score"]
    counts = {t: int((result.tier == t).sum()) for t in TIERS}
    return AssessSummary(len(frame), counts, len(changed), version, seconds, len(write))


def _assessed_by_the_batch() -> None:
    """The system step inventoried → assessed, for every entry the batch scored, each with its history row."""
    frm, to = PoolState.INVENTORIED, PoolState.ASSESSED  # TRANSITIONS: a SYSTEM step
    waiting = PoolEntry.objects.filter(state=frm)
    PoolTransition.objects.bulk_create(
        (PoolTransition(entry_id=pk, from_state=frm, to_state=to)  # no actor: shown as the batch, in either language
         for pk in waiting.values_list("pk", flat=True).iterator(chunk_size=WRITE_CHUNK)), batch_size=WRITE_CHUNK)
    waiting.update(state=to)


def _write(rows: list[tuple]) -> None:
    insert_rows(Assessment, ASSESSMENT_COLUMNS, rows)


def assessment_rescore(patent: Patent, *, reason: str, actor: Any = None) -> Assessment | None:
    """Recompute one patent's live indicators (inventor, office and enterprise inputs) on its stored cohort
    scores, and audit a changed tier. Patents never assessed wait for the next batch."""
    assessment = Assessment.objects.filter(patent=patent).first()
    if assessment is None:
        return None
    version, settings = assessment_settings()
    frame = load_frame(timezone.localdate(), [patent.pk])
    live = score(frame, settings, timezone.localdate())
    values = assessment.indicator_values()
    for key, spec in INDICATORS.items():
        if spec.normalise == "absolute":
            values[key] = (_compact(live.raw[key][0]), _compact(live.indicator_scores[key][0]))
    assessment.values = pack_one(values)
    dimensions, overall, tier = rescore_one({k: v[1] for k, v in values.items()}, settings, patent.legal_status)
    if tier != assessment.tier:
        TierChange.objects.create(patent=patent, old_tier=assessment.tier, new_tier=tier, changed_by=actor,
                                  reason=f"{reason}（得分 {assessment.score:.1f} → {overall:.1f}）"[:500])
    assessment.legal, assessment.technical, assessment.economic = (round(dimensions[d], 2) for d in
                                                                   ("legal", "technical", "economic"))
    assessment.score, assessment.tier, assessment.config_version = round(overall, 2), tier, version
    assessment.computed_at = timezone.now()
    assessment.save()
    return assessment


# ---------------------------------------------------------------- the stock-patent workflow

OFFICE, INVENTOR, SYSTEM = "office", "inventor", "system"

# Every allowed step of the workflow, and who may take it; anything else is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (PoolState.INVENTORIED, PoolState.ASSESSED): SYSTEM,
    (PoolState.ASSESSED, PoolState.SELF_ASSESSMENT_REQUESTED): OFFICE,
    (PoolState.ASSESSED, PoolState.OFFICE_REVIEWED): OFFICE,
    (PoolState.ASSESSED, PoolState.EXCLUDED): OFFICE,
    (PoolState.SELF_ASSESSMENT_REQUESTED, PoolState.SELF_ASSESSED): INVENTOR,
    (PoolState.SELF_ASSESSMENT_REQUESTED, PoolState.ASSESSED): OFFICE,
    (PoolState.SELF_ASSESSED, PoolState.OFFICE_REVIEWED): OFFICE,
    (PoolState.SELF_ASSESSED, PoolState.SELF_ASSESSMENT_REQUESTED): OFFICE,
    (PoolState.OFFICE_REVIEWED, PoolState.POOLED): OFFICE,
    (PoolState.OFFICE_REVIEWED, PoolState.SELF_ASSESSMENT_REQUESTED): OFFICE,
    (PoolState.OFFICE_REVIEWED, PoolState.EXCLUDED): OFFICE,
    (PoolState.POOLED, PoolState.CONVERTED): OFFICE,
    (PoolState.POOLED, PoolState.EXCLUDED): OFFICE,
    (PoolState.EXCLUDED, PoolState.ASSESSED): OFFICE,
}


def allowed_targets(state: str) -> list[str]:
    return [to for (frm, to), who in TRANSITIONS.items() if frm == state and who != SYSTEM]


def is_office(user: Any, entry: PoolEntry) -> bool:
    return is_office_of(user, entry.organisation_id)


def is_inventor(user: Any, entry: PoolEntry) -> bool:
    return is_inventor_of(user, entry.organisation_id, entry.inventor_id)


def _transition(entry: PoolEntry, to: str, *, actor: Any, comment: str = "") -> PoolTransition:
    who = TRANSITIONS.get((entry.state, to))
    if who is None:
        raise Conflict(gettext("Cannot go from “%(from)s” to “%(to)s”.")
                       % {"from": PoolState(entry.state).label, "to": PoolState(to).label},
                       details={"state": entry.state, "allowed": allowed_targets(entry.state)})
    permitted = is_office(actor, entry) if who == OFFICE else is_inventor(actor, entry) if who == INVENTOR else False
    if not permitted:
        raise PermissionDenied(gettext("only the institution's tech-transfer office or the assigned inventor may take this step"),
                               details={"step": f"{entry.state}->{to}", "by": who})
    step = PoolTransition.objects.create(entry=entry, from_state=entry.state, to_state=to, comment=comment,
                                        actor=actor)
    entry.state = to
    return step


def _notify_step(entry: PoolEntry, step: PoolTransition, *, actor: Any) -> None:
    """Tell whoever the step hands the entry to: the inventor when asked to assess or when the office decides,
    the office when the inventor has answered."""
    if step.to_state == PoolState.SELF_ASSESSED:
        kind, recipients = NoticeKind.SELF_ASSESSMENT_ANSWERED, user_ids_with(Capability.COMMIT,
                                                                               [entry.organisation_id])
    else:
        kind = (NoticeKind.SELF_ASSESSMENT_REQUESTED if step.to_state == PoolState.SELF_ASSESSMENT_REQUESTED
                else NoticeKind.REVIEW_DECISION)
        recipients = {entry.inventor_id} - {None}
    notify(recipients=recipients, kind=kind, link=reverse("pool:entry", args=[entry.pk]),
           key=f"pool-step:{step.pk}", organisation=entry.organisation_id, actor=actor,
           params={"patent": str(entry.patent), "inventor": str(actor.get_full_name() or actor.get_username()),
                   "decision_label": msgid(PoolState(step.to_state).label)})


def inventory_add_owned(patent_ids: Iterable[int]) -> int:
    """Every live patent owned by a university, institute or SOE is on that institution's stock inventory
    (the 2024 stock-patent campaign covers all of them); the first such applicant holds the entry."""
    owners: dict[int, int] = {}
    links = (PatentApplicant.objects.filter(patent_id__in=list(patent_ids), organisation__kind__in=INSTITUTION_KINDS)
             .exclude(patent__legal_status__in=DEAD_STATUSES).order_by("patent_id", "position")
             .values_list("patent_id", "organisation_id"))
    for patent_id, organisation_id in links:
        owners.setdefault(patent_id, organisation_id)
    existing = set(PoolEntry.objects.filter(patent_id__in=owners).values_list("patent_id", flat=True))
    assessed = set(Assessment.objects.filter(patent_id__in=owners).values_list("patent_id", flat=True))
    new = [PoolEntry(patent_id=pid, organisation_id=oid,
                     state=PoolState.ASSESSED if pid in assessed else PoolState.INVENTORIED)
           for pid, oid in owners.items() if pid not in existing]
    PoolEntry.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def self_assessment_request(*, actor: Any, entry: PoolEntry, inventor: Any, note: str = "") -> PoolEntry:
    if (entry.organisation_id, Role.INVENTOR) not in roles_of(inventor):
        raise ValidationFailed(details={"inventor": gettext("this user is not an inventor account of the institution")})
    step = _transition(entry, PoolState.SELF_ASSESSMENT_REQUESTED, actor=actor, comment=note)
    entry.inventor = inventor
    with set_actor(actor):
        entry.save()
    _notify_step(entry, step, actor=actor)
    return entry


def self_assessment_submit(*, actor: Any, entry: PoolEntry, market_prospects: int, maturity: int,
                           willingness: int, comment: str = "") -> PoolEntry:
    errors = {name: gettext("choose 1 to 5") for name, value in
              (("market_prospects", market_prospects), ("maturity", maturity), ("willingness", willingness))
              if not isinstance(value, int) or not 1 <= value <= 5}
    if errors:
        raise ValidationFailed(gettext("the self-assessment is not complete"), details=errors)
    step = _transition(entry, PoolState.SELF_ASSESSED, actor=actor, comment=comment)
    entry.self_market_prospects, entry.self_maturity, entry.self_willingness = market_prospects, maturity, willingness
    entry.self_comment = comment
    with set_actor(actor):
        entry.save()
    _notify_step(entry, step, actor=actor)
    assessment_rescore(entry.patent, reason=gettext("inventor self-assessment"), actor=actor)
    return entry


def office_review(*, actor: Any, entry: PoolEntry, comment: str, trl: int | None = None,
                  market_notes: str | None = None) -> PoolEntry:
    if trl is not None and not 1 <= trl <= 9:
        raise ValidationFailed(details={"trl": gettext("TRL is 1 to 9")})
    step = _transition(entry, PoolState.OFFICE_REVIEWED, actor=actor, comment=comment)
    entry.review_comment, entry.reviewed_by = comment, actor
    if trl is not None:
        entry.trl = trl
    if market_notes is not None:
        entry.market_notes = market_notes
    with set_actor(actor):
        entry.save()
    _notify_step(entry, step, actor=actor)
    assessment_rescore(entry.patent, reason=gettext("office review"), actor=actor)
    return entry


def entry_move(*, actor: Any, entry: PoolEntry, to: str, comment: str = "") -> PoolEntry:
    """The remaining steps: approve into the pool, return, exclude, reopen, mark converted."""
    if to in (PoolState.EXCLUDED, PoolState.SELF_ASSESSMENT_REQUESTED) and not comment.strip():
        raise ValidationFailed(details={"comment": gettext("give the reason")})
    if to == PoolState.SELF_ASSESSMENT_REQUESTED and entry.inventor_id is None:
        raise ValidationFailed(details={"inventor": gettext("assign an inventor first")})
    step = _transition(entry, to, actor=actor, comment=comment)
    if to == PoolState.POOLED:
        entry.approved_by, entry.pooled_at = actor, timezone.now()
    with set_actor(actor):
        entry.save()
    _notify_step(entry, step, actor=actor)
    if to == PoolState.POOLED:
        patent_id = entry.patent_id
        transaction.on_commit(lambda: enqueue_merging_ids(push_patent_events, [patent_id], PatentEvent.Kind.POOLED))
    return entry


def tier_override(*, actor: Any, entry: PoolEntry, tier: str, comment: str) -> PoolEntry:
    """A tech-transfer manager's tier, kept through every re-assessment until cleared ("" clears it)."""
    if not is_office(actor, entry):
        raise PermissionDenied(gettext("only the institution's office may override"))
    if tier and tier not in TIERS:
        raise ValidationFailed(details={"tier": gettext("tier must be A, B, C or D")})
    if not comment.strip():
        raise ValidationFailed(details={"comment": gettext("an override needs a reason")})
    computed = getattr(Assessment.objects.filter(patent_id=entry.patent_id).first(), "tier", "")
    old = entry.tier_override or computed
    new = tier or computed
    entry.tier_override, entry.override_comment = tier, (comment.strip() if tier else "")
    entry.override_by = actor if tier else None
    with set_actor(actor):
        entry.save()
    if new != old:
        label = "人工调整" if tier else "取消人工调整"
        TierChange.objects.create(patent_id=entry.patent_id, old_tier=old, new_tier=new or "-", changed_by=actor,
                                  reason=f"{label} / {'override' if tier else 'override cleared'}: {comment}"[:500])
    return entry


def feedback_give(*, actor: Any, organisation: Organisation, patent: Patent, prospects: int, willingness: int,
                  improvement_needs: str = "") -> MarketFeedback:
    """An enterprise's market evaluation (one per enterprise and patent, updatable); it re-tiers the patent."""
    errors = {name: gettext("choose 1 to 5") for name, value in
              (("prospects", prospects), ("willingness", willingness))
              if not isinstance(value, int) or not 1 <= value <= 5}
    if errors:
        raise ValidationFailed(gettext("the feedback is not complete"), details=errors)
    with set_actor(actor):
        feedback, _ = MarketFeedback.objects.update_or_create(
            patent=patent, organisation=organisation,
            defaults={"author": actor, "prospects": prospects, "willingness": willingness,
                      "improvement_needs": improvement_needs.strip()[:4000]})
    assessment_rescore(patent, reason=f"企业市场评价（{organisation.name}）/ enterprise feedback", actor=actor)
    return feedback
