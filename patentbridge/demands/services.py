"""Writes of demands and matches. Callers own the transaction (a step nests its own savepoint, as deals do)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.db import transaction
from django.db.models import TextChoices
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.validators import forward_date_problem
from patentbridge.demands.models import (
    Demand,
    DemandStatus,
    DemandTransition,
    Match,
    MatchStatus,
    MatchTransition,
    Mode,
    Visibility,
)
from patentbridge.demands.signals import announce_published
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, authorize, is_allowed, user_ids_with
from patentbridge.patents.models import Industry, Patent
from patentbridge.search.classify import suggest
from patentbridge.search.engine import SearchResult, search

FIELDS = ("title", "problem", "desired_effect", "keywords", "industry", "ipc_hints", "budget_min", "budget_max",
          "modes", "region", "deadline", "visibility")


def _validate(demand: Demand) -> None:
    errors: dict[str, str] = {}
    if not (demand.title or "").strip():
        errors["title"] = _("Enter the demand's title")
    if not (demand.problem or "").strip():
        errors["problem"] = _("Describe the technical problem to solve")
    unknown = [m for m in demand.modes if m not in Mode.values]
    if unknown:
        errors["modes"] = _("Unknown ways of cooperating: %(modes)s") % {"modes": ", ".join(map(str, unknown))}
    if demand.visibility not in Visibility.values:
        errors["visibility"] = _("Unknown visibility")
    low, high = demand.budget_min, demand.budget_max
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        errors["budget_max"] = _("The upper budget is below the lower one")
    # Far-future deadlines (9999-12-31) are refused here for every caller; the form also refuses past ones.
    late = forward_date_problem(demand.deadline, max_years=settings.DEMAND_DEADLINE_MAX_YEARS, not_before=None)
    if late:
        errors["deadline"] = late
    if errors:
        raise ValidationFailed(pgettext("demand", "Some fields are not valid"), details=errors)


def _industry_or_error(code: str) -> Industry:
    industry = Industry.objects.filter(pk=code).first()
    if industry is None:
        raise ValidationFailed(details={"industry": _("Not a GB/T 4754 industry code: %(code)s") % {"code": code}})
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
        raise ValidationFailed(_("A demand is posted for an enterprise, and you belong to none"),
                               details={"organisation": _("No enterprise to post for")})
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
        raise Conflict(_("A closed demand cannot be changed"))
    _apply(demand, data)
    _validate(demand)
    with set_actor(actor):
        demand.save()
    if "invited" in data:
        demand.invited.set(data["invited"])
    return demand


# ---------------------------------------------------------------- the demand lifecycle

# Every allowed (from, to) step of a demand and the action its actor must be allowed; nothing else is allowed.
STEPS: dict[tuple[str, str], Action] = {
    (DemandStatus.DRAFT, DemandStatus.PUBLISHED): Action.DEMAND_CHANGE,
    (DemandStatus.DRAFT, DemandStatus.CLOSED): Action.DEMAND_CHANGE,
    (DemandStatus.PUBLISHED, DemandStatus.MATCHED): Action.DEMAND_CHANGE,
    (DemandStatus.PUBLISHED, DemandStatus.CLOSED): Action.DEMAND_CHANGE,
    (DemandStatus.MATCHED, DemandStatus.PUBLISHED): Action.DEMAND_CHANGE,
    (DemandStatus.MATCHED, DemandStatus.CLOSED): Action.DEMAND_CHANGE,
}
TRANSITIONS: dict[str, set[str]] = {status: {to for (frm, to) in STEPS if frm == status} for status in DemandStatus}


def demand_steps(user: Any, demand: Demand) -> list[str]:
    """The statuses this user may move the demand to now."""
    return sorted(to for (frm, to), action in STEPS.items() if frm == demand.status and is_allowed(user, action, demand))


def demand_transition(*, actor: Any, demand: Demand, to: str, comment: str = "") -> Demand:
    """Take one step of STEPS as someone its action allows; the step is kept in the demand's history."""
    with transaction.atomic():
        _lock(demand)
        action = _step(STEPS, demand.status, to, DemandStatus)
        authorize(actor, action, demand)
        DemandTransition.objects.create(demand=demand, from_status=demand.status, to_status=to,
                                        comment=comment[:2000], actor=actor)
        demand.status = to
        first_publication = to == DemandStatus.PUBLISHED and demand.published_at is None
        if first_publication:
            demand.published_at = timezone.now()
        with set_actor(actor):
            demand.save()
    if first_publication:
        announce_published(demand)
    return demand


def _lock(demand: Demand) -> None:
    """Lock the demand's row and read its status again: steps of a demand and of its matches run one at a time."""
    demand.status = Demand.objects.select_for_update().values_list("status", flat=True).get(pk=demand.pk)


def _step(steps: dict[tuple[str, str], Action], current: str, to: str, statuses: type[TextChoices]) -> Action:
    """The action a step needs; Conflict when the table has no such step."""
    action = steps.get((current, to))
    if action is None:
        labels = dict(statuses.choices)
        allowed = sorted(t for (f, t) in steps if f == current)
        raise Conflict(_("This step is not allowed: from “%(from)s” to “%(to)s”.")
                       % {"from": labels.get(current, current or "—"), "to": labels.get(to, to)},
                       code="invalid_transition", details={"from": current, "to": to, "allowed": allowed})
    return action


def engine_matches(demand: Demand, *, limit: int) -> SearchResult:
    """The search engine's own ranking for a demand (its text, IPC hints and industry), before any answer counts."""
    return search(demand.search_text[:500], ipc_hints=demand.ipc_hints, industry=demand.industry, offset=0,
                  limit=limit)


# Answered patents rank first: interesting ones, then the shortlisted ones; the sort keeps the engine's order within.
FIRST = {MatchStatus.INTERESTED: 0, MatchStatus.SHORTLISTED: 1}


def demand_matches(demand: Demand, *, offset: int = 0, limit: int = 20) -> SearchResult:
    """Patents for a demand: its text searched with its IPC hints, answers already given re-ranked."""
    result = engine_matches(demand, limit=offset + limit + 50)
    verdicts = dict(demand.matches.values_list("patent_id", "status"))
    kept = [h for h in result.hits if verdicts.get(h.patent.pk) != MatchStatus.NOT_RELEVANT]
    kept.sort(key=lambda h: FIRST.get(verdicts.get(h.patent.pk), len(FIRST)))
    result.hits = kept[offset:offset + limit]
    return result


# ---------------------------------------------------------------- the match lifecycle

NEW = ""  # a patent not yet put forward nor answered: its first step creates the match

# Every allowed (from, to) step of a match and the action its actor must be allowed (MATCH_SEND on the patent,
# DEMAND_CHANGE on the demand); nothing else is allowed. The enterprise may change its mind between interesting and
# not relevant; a patent it has already kept or answered is not sent to it again.
MATCH_STEPS: dict[tuple[str, str], Action] = {
    (NEW, MatchStatus.SENT): Action.MATCH_SEND,
    (NEW, MatchStatus.SHORTLISTED): Action.DEMAND_CHANGE,
    (NEW, MatchStatus.INTERESTED): Action.DEMAND_CHANGE,
    (NEW, MatchStatus.NOT_RELEVANT): Action.DEMAND_CHANGE,
    (MatchStatus.SENT, MatchStatus.SHORTLISTED): Action.DEMAND_CHANGE,
    (MatchStatus.SENT, MatchStatus.INTERESTED): Action.DEMAND_CHANGE,
    (MatchStatus.SENT, MatchStatus.NOT_RELEVANT): Action.DEMAND_CHANGE,
    (MatchStatus.SHORTLISTED, MatchStatus.INTERESTED): Action.DEMAND_CHANGE,
    (MatchStatus.SHORTLISTED, MatchStatus.NOT_RELEVANT): Action.DEMAND_CHANGE,
    (MatchStatus.INTERESTED, MatchStatus.NOT_RELEVANT): Action.DEMAND_CHANGE,
    (MatchStatus.NOT_RELEVANT, MatchStatus.INTERESTED): Action.DEMAND_CHANGE,
}


def answer_choices(user: Any, demand: Demand, patent_ids: list[int], answers: dict[int, Match]) -> dict[int, list[str]]:
    """For each patent, the answers this user may give about it now (none unless they answer for the demand)."""
    if demand.status == DemandStatus.CLOSED or not is_allowed(user, Action.DEMAND_CHANGE, demand):
        return {}
    current = {pk: answers[pk].status if pk in answers else NEW for pk in patent_ids}
    return {pk: [to for (frm, to), action in MATCH_STEPS.items() if frm == status and action == Action.DEMAND_CHANGE]
            for pk, status in current.items()}


def match_send(*, actor: Any, demand: Demand, patent: Patent, note: str = "") -> Match:
    """A tech-transfer manager or broker puts a patent forward to the enterprise, with a note."""
    return _match_move(actor=actor, demand=demand, patent=patent, to=MatchStatus.SENT, note=note)


def match_shortlist(*, actor: Any, demand: Demand, patent: Patent) -> Match:
    """The enterprise keeps a patent on its shortlist to decide about later."""
    return _match_move(actor=actor, demand=demand, patent=patent, to=MatchStatus.SHORTLISTED)


def match_answer(*, actor: Any, demand: Demand, patent: Patent, interested: bool, reason: str = "") -> Match:
    """The enterprise marks a patent interesting, or not relevant with a reason (used to re-rank). The demand
    stays published: interest in one patent is not a match for the whole need, which the enterprise declares."""
    if not interested and not reason.strip():
        raise ValidationFailed(_("Say why the patent is not relevant."), details={"reason": "required"})
    to = MatchStatus.INTERESTED if interested else MatchStatus.NOT_RELEVANT
    return _match_move(actor=actor, demand=demand, patent=patent, to=to, reason=reason)


def _match_move(*, actor: Any, demand: Demand, patent: Patent, to: str, note: str = "",
                reason: str = "") -> Match:
    with transaction.atomic():
        _lock(demand)
        match = Match.objects.filter(demand=demand, patent=patent).first() or Match(demand=demand, patent=patent)
        action = _step(MATCH_STEPS, match.status, to, MatchStatus)
        authorize(actor, action, patent if action == Action.MATCH_SEND else demand)
        if demand.status == DemandStatus.CLOSED:
            raise Conflict(_("The demand is closed."), code="demand_closed")
        comment = (note if to == MatchStatus.SENT else reason)[:2000]
        transition = MatchTransition(from_status=match.status, to_status=to, comment=comment, actor=actor)
        match.status = to
        if to == MatchStatus.SENT:
            match.note = comment
        else:
            match.reason = comment
        with set_actor(actor):
            match.save()
        transition.match = match
        transition.save()
        _notify_match(match, transition, actor=actor)
    return match


def _notify_match(match: Match, transition: MatchTransition, *, actor: Any) -> None:
    """A patent put forward reaches the demand's author (on the demand's page); the enterprise's answer reaches the
    patent's owners who work on its deals, and whoever put it forward (on the patent's page, which shows the
    interest and is theirs to see even when the demand is invited-only or closed)."""
    demand, patent = match.demand, match.patent
    if transition.to_status == MatchStatus.SENT:
        kind, recipients = NoticeKind.DEMAND_MATCHED, {demand.created_by_id} - {None}
        link = reverse("demands:detail", args=[demand.pk])
    elif transition.to_status in (MatchStatus.INTERESTED, MatchStatus.NOT_RELEVANT):
        senders = set(match.transitions.filter(to_status=MatchStatus.SENT).exclude(actor=None)
                      .values_list("actor_id", flat=True))
        kind, recipients = NoticeKind.MATCH_ANSWERED, user_ids_with(Capability.PROPOSE, patent.owner_org_ids()) | senders
        link = reverse("patents:detail", kwargs={"number": patent.lookup_number})
    else:
        return
    notify(recipients=recipients, kind=kind, link=link, key=f"match-step:{transition.pk}", actor=actor,
           params={"patent": str(patent), "demand": demand.title,
                   "enterprise": demand.organisation.name if demand.organisation_id else "",
                   "answer_label": msgid(MatchStatus(transition.to_status).label)})
