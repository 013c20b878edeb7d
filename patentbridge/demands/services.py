"""Writes of demands and matches. Callers own the transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.utils import timezone

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.demands.models import Demand, DemandStatus, Match, MatchStatus, Mode, Visibility
from patentbridge.demands.signals import announce_published
from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Industry, Patent
from patentbridge.search.classify import suggest
from patentbridge.search.engine import SearchResult, search

# The demand lifecycle: every allowed (from, to); anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    DemandStatus.DRAFT: {DemandStatus.PUBLISHED, DemandStatus.CLOSED},
    DemandStatus.PUBLISHED: {DemandStatus.MATCHED, DemandStatus.CLOSED},
    DemandStatus.MATCHED: {DemandStatus.PUBLISHED, DemandStatus.CLOSED},
    DemandStatus.CLOSED: set(),
}
FIELDS = ("title", "problem", "desired_effect", "keywords", "industry", "ipc_hints", "budget_min", "budget_max",
          "modes", "region", "deadline", "visibility")


def _validate(demand: Demand) -> None:
    errors: dict[str, str] = {}
    if not (demand.title or "").strip():
        errors["title"] = "请填写需求名称 / the title is required"
    if not (demand.problem or "").strip():
        errors["problem"] = "请描述要解决的技术问题 / describe the technical problem"
    unknown = [m for m in demand.modes if m not in Mode.values]
    if unknown:
        errors["modes"] = f"未知的合作方式 / unknown modes: {', '.join(map(str, unknown))}"
    if demand.visibility not in Visibility.values:
        errors["visibility"] = "未知的可见范围 / unknown visibility"
    low, high = demand.budget_min, demand.budget_max
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        errors["budget_max"] = "预算上限不能低于下限 / the upper budget is below the lower one"
    if errors:
        raise ValidationFailed("需求信息有误 / some fields are not valid", details=errors)


def _industry_or_error(code: str) -> Industry:
    industry = Industry.objects.filter(pk=code).first()
    if industry is None:
        raise ValidationFailed(details={"industry": f"不是 GB/T 4754 行业代码 / not a GB/T 4754 industry code: {code}"})
    return industry


def _apply(demand: Demand, data: dict[str, Any]) -> None:
    for name in FIELDS:
        if name in data and name != "industry":
            setattr(demand, name, data[name])
    if "industry" in data:
        code = data["industry"]
        demand.industry = _industry_or_error(code) if isinstance(code, str) else code
    demand.keywords = [str(k).strip() for k in demand.keywords if str(k).strip()][:20]
    demand.ipc_hints = [str(c).strip().upper()[:4] for c in demand.ipc_hints if str(c).strip()][:10]
    demand.refresh_tokens()


def demand_create(*, actor: Any, organisation: Organisation | None, data: dict[str, Any]) -> Demand:
    """A draft demand of the enterprise; IPC hints and industry are suggested when not given."""
    if organisation is None:  # e.g. a platform administrator, allowed to act but a member of no enterprise
        raise ValidationFailed("需求须以企业名义发布 / a demand is posted for an enterprise, and you belong to none",
                               details={"organisation": "没有可代表的企业 / no enterprise to post for"})
    demand = Demand(organisation=organisation, created_by=actor)
    _apply(demand, data)
    _validate(demand)
    if not demand.ipc_hints or demand.industry is None:
        suggestion = suggest(demand.search_text)
        demand.ipc_hints = demand.ipc_hints or suggestion.ipc_hints
        if demand.industry is None and suggestion.industry:
            demand.industry = Industry.objects.filter(pk=suggestion.industry).first()
    with set_actor(actor):
        demand.save()
    if "invited" in data:
        demand.invited.set(data["invited"])
    return demand


def demand_update(*, actor: Any, demand: Demand, data: dict[str, Any]) -> Demand:
    if demand.status == DemandStatus.CLOSED:
        raise Conflict("需求已关闭，不能修改 / a closed demand cannot be changed")
    _apply(demand, data)
    _validate(demand)
    with set_actor(actor):
        demand.save()
    if "invited" in data:
        demand.invited.set(data["invited"])
    return demand


def demand_transition(*, actor: Any, demand: Demand, to: str) -> Demand:
    """Move along the lifecycle; a step not in TRANSITIONS is refused with the allowed ones."""
    allowed = TRANSITIONS.get(demand.status, set())
    if to not in allowed:
        raise Conflict(
            f"需求不能从“{demand.get_status_display()}”变为“{to}” / cannot go from {demand.status} to {to}",
            details={"from": demand.status, "to": to, "allowed": sorted(allowed)}, code="invalid_transition")
    demand.status = to
    first_publication = to == DemandStatus.PUBLISHED and demand.published_at is None
    if first_publication:
        demand.published_at = timezone.now()
    with set_actor(actor):
        demand.save()
    if first_publication:
        announce_published(demand)
    return demand


def engine_matches(demand: Demand, *, limit: int) -> SearchResult:
    """The search engine's own ranking for a demand (its text, IPC hints and industry), before any answer counts."""
    return search(demand.search_text[:500], ipc_hints=demand.ipc_hints, industry=demand.industry, offset=0,
                  limit=limit)


def demand_matches(demand: Demand, *, offset: int = 0, limit: int = 20) -> SearchResult:
    """Patents for a demand: its text searched with its IPC hints, answers already given re-ranked."""
    result = engine_matches(demand, limit=offset + limit + 50)
    verdicts = dict(demand.matches.values_list("patent_id", "status"))
    kept = [h for h in result.hits if verdicts.get(h.patent.pk) != MatchStatus.NOT_RELEVANT]
    kept.sort(key=lambda h: verdicts.get(h.patent.pk) != MatchStatus.INTERESTED)
    result.hits = kept[offset:offset + limit]
    return result


def match_send(*, actor: Any, demand: Demand, patent: Patent, note: str = "") -> Match:
    """A tech-transfer manager or broker puts a patent forward to the enterprise, with a note."""
    match, _ = Match.objects.get_or_create(demand=demand, patent=patent, defaults={"status": MatchStatus.SENT})
    if match.status in (MatchStatus.INTERESTED, MatchStatus.NOT_RELEVANT):
        raise Conflict("企业已答复此匹配 / the enterprise has already answered this match")
    match.status, match.note, match.sent_by = MatchStatus.SENT, note[:2000], actor
    with set_actor(actor):
        match.save()
    return match


def match_answer(*, actor: Any, demand: Demand, patent: Patent, interested: bool, reason: str = "") -> Match:
    """The enterprise marks a patent interesting, or not relevant with a reason (used to re-rank)."""
    if not interested and not reason.strip():
        raise ValidationFailed("请说明不相关的原因 / say why it is not relevant", details={"reason": "required"})
    match, _ = Match.objects.get_or_create(demand=demand, patent=patent,
                                           defaults={"status": MatchStatus.SHORTLISTED})
    match.status = MatchStatus.INTERESTED if interested else MatchStatus.NOT_RELEVANT
    match.reason, match.answered_by = reason[:2000], actor
    with set_actor(actor):
        match.save()
    if interested and demand.status == DemandStatus.PUBLISHED:
        demand_transition(actor=actor, demand=demand, to=DemandStatus.MATCHED)
    return match
