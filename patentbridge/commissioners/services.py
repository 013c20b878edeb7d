"""Writes of the commissioners app: designation, revocation and assignment by a regulator; a service request's steps
(STEPS); visits and recommendations; a deal's attribution (ATTRIBUTION_STEPS). Callers own the transaction; notices
leave after it commits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from auditlog.context import set_actor
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.commissioners.models import (
    Assignment,
    Attribution,
    AttributionStatus,
    Designation,
    Outcome,
    Recommendation,
    RequestStatus,
    RequestStep,
    ServiceRequest,
    Visit,
    active_designations,
)
from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.deals.models import Deal
from patentbridge.demands.models import Demand
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import ENTERPRISE_KINDS, City, Membership, Organisation, Role
from patentbridge.orgs.permissions import Action, Capability, acting_org_ids, authorize, user_ids_with
from patentbridge.patents.models import Patent

S = RequestStatus
# A service request's lifecycle: each allowed (from, to) step. Nothing else is allowed.
STEPS = frozenset({(S.OPEN, S.ACCEPTED), (S.OPEN, S.WITHDRAWN), (S.ACCEPTED, S.CLOSED), (S.ACCEPTED, S.WITHDRAWN)})
# Who takes the step into each status: the commissioner serves, the enterprise withdraws.
STEP_ACTIONS = {S.ACCEPTED: Action.COMMISSIONER_SERVE, S.CLOSED: Action.COMMISSIONER_SERVE,
                S.WITHDRAWN: Action.SERVICE_REQUEST_OPEN}
A = AttributionStatus
ATTRIBUTION_STEPS = frozenset({(A.CLAIMED, A.CONFIRMED), (A.CLAIMED, A.REFUSED)})


def accept_by(opened: dt.date, days: int | None = None) -> dt.date:
    """The last day to accept: `days` working days (Monday to Friday) after the day it was opened."""
    days = settings.COMMISSIONER_ACCEPT_WORKING_DAYS if days is None else days
    return np.busday_offset(np.datetime64(opened, "D"), days, roll="forward").astype(dt.date)


# designation ---------------------------------------------------------------------------------------------------
def designation_create(*, actor: Any, commissioner: Any, city: City, starts_on: dt.date, ends_on: dt.date | None,
                       organisation: Organisation | None = None, request: Any = None) -> Designation:
    """A regulator designates a member of an organisation as 特派员 for a city it governs, for a period."""
    authorize(actor, Action.COMMISSIONER_DESIGNATE, city, request=request)
    organisation = organisation or _home_organisation(commissioner)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationFailed(details={"ends_on": _("The end comes before the start.")})
    designation = Designation(commissioner=commissioner, organisation=organisation, city=city, starts_on=starts_on,
                              ends_on=ends_on, designated_by=actor)
    try:
        with transaction.atomic(), set_actor(actor):
            designation.save()
    except IntegrityError as exc:
        raise Conflict(_("This person is already designated for this city."), code="already_designated") from exc
    _notify([commissioner.pk], NoticeKind.REVIEW_DECISION, "commissioner_designated",
            {"city": city.name}, reverse("commissioners:desk"), f"designation:{designation.pk}", actor, organisation)
    return designation


def _home_organisation(user: Any) -> Organisation:
    """The organisation the person works for: an agency where they broker, else their first organisation."""
    memberships = Membership.objects.filter(user=user).exclude(role__in=[Role.REGULATOR, Role.PLATFORM_ADMIN])
    membership = (memberships.filter(role=Role.AGENCY_BROKER).first() or memberships.order_by("pk").first())
    if membership is None:
        raise ValidationFailed(details={"commissioner": _("A commissioner must be a member of an organisation.")})
    return membership.organisation


def designation_revoke(*, actor: Any, designation: Designation, reason: str, request: Any = None) -> Designation:
    """End a designation early, with the reason; its enterprises are no longer assigned to anyone."""
    authorize(actor, Action.COMMISSIONER_DESIGNATE, designation, request=request)
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    if designation.revoked_at is not None:
        raise Conflict(_("This designation is already revoked."), code="already_revoked")
    if not (reason or "").strip():
        raise ValidationFailed(details={"reason": _("Give the reason.")})
    designation.revoked_at, designation.revoked_by, designation.revoke_reason = timezone.now(), actor, reason.strip()
    with set_actor(actor):
        designation.save()
    designation.assignments.filter(ended_at__isnull=True).update(ended_at=designation.revoked_at)
    return designation


def assignment_create(*, actor: Any, designation: Designation, enterprise: Organisation,
                      request: Any = None) -> Assignment:
    """Put an enterprise in a commissioner's care (it leaves any other commissioner's)."""
    authorize(actor, Action.COMMISSIONER_DESIGNATE, designation, request=request)
    if enterprise.kind not in ENTERPRISE_KINDS:
        raise ValidationFailed(details={"enterprise": _("Only an enterprise can be assigned.")})
    if not designation.is_active():
        raise Conflict(_("This designation is not in force."), code="designation_not_in_force")
    Assignment.objects.filter(enterprise=enterprise, ended_at__isnull=True).update(ended_at=timezone.now())
    with set_actor(actor):
        return Assignment.objects.create(designation=designation, enterprise=enterprise, assigned_by=actor)


# service requests ----------------------------------------------------------------------------------------------
def service_request_open(*, actor: Any, enterprise: Organisation, need: str, deadline: dt.date | None,
                         request: Any = None) -> ServiceRequest:
    """The enterprise asks for service; it goes to its commissioner, or to its city's pool when it has none."""
    authorize(actor, Action.SERVICE_REQUEST_OPEN, enterprise, request=request)
    if not (need or "").strip():
        raise ValidationFailed(details={"need": _("Say what you need.")})
    today = timezone.localdate()
    if deadline is not None and deadline < today:
        raise ValidationFailed(details={"deadline": _("The deadline is in the past.")})
    assignment = (Assignment.objects.filter(enterprise=enterprise, ended_at__isnull=True)
                  .select_related("designation").first())
    designation = assignment.designation if assignment and assignment.designation.is_active() else None
    city_id = designation.city_id if designation else enterprise.city_id
    if city_id is None:
        raise ValidationFailed(details={"enterprise": _("The enterprise has no city; ask the regulator to assign "
                                                        "it a commissioner.")})
    with set_actor(actor):
        service = ServiceRequest.objects.create(enterprise=enterprise, city_id=city_id, designation=designation,
                                                need=need.strip(), deadline=deadline, opened_by=actor,
                                                accept_by=accept_by(today))
    _notify(service.server_user_ids(), NoticeKind.REVIEW_REQUESTED, "service_request_opened",
            {"enterprise": enterprise.name}, _link(service), f"service_request:{service.pk}:open", actor, enterprise)
    return service


def service_request_accept(*, actor: Any, service: ServiceRequest, request: Any = None) -> ServiceRequest:
    """The commissioner takes the request up (from the city's pool, it becomes theirs)."""
    return _step(actor, service, S.ACCEPTED, "", request)


def service_request_withdraw(*, actor: Any, service: ServiceRequest, reason: str = "",
                             request: Any = None) -> ServiceRequest:
    """The enterprise no longer needs the service."""
    return _step(actor, service, S.WITHDRAWN, reason, request)


def service_request_close(*, actor: Any, service: ServiceRequest, outcome: str, note: str = "",
                          deal: Deal | None = None, request: Any = None) -> ServiceRequest:
    """The commissioner closes the request with its outcome; a started deal is named, and must be the enterprise's."""
    if outcome not in Outcome.values:
        raise ValidationFailed(details={"outcome": _("Choose an outcome.")})
    if (outcome == Outcome.DEAL_STARTED) != (deal is not None):
        raise ValidationFailed(details={"deal": _("Name the deal exactly when a deal was started.")})
    if deal is not None and service.enterprise_id not in (deal.owner_id, deal.counterparty_id):
        raise ValidationFailed(details={"deal": _("The enterprise is not a party of this deal.")})
    service.outcome, service.deal = outcome, deal
    return _step(actor, service, S.CLOSED, note, request)


def _step(actor: Any, service: ServiceRequest, to: str, note: str, request: Any) -> ServiceRequest:
    authorize(actor, STEP_ACTIONS[to], service, request=request)
    current = ServiceRequest.objects.select_for_update().get(pk=service.pk)  # a second commissioner waits, then sees it
    step_require(STEPS, current.status, to, labels=dict(S.choices))
    came_from, now = current.status, timezone.now()
    current.status = to
    if to == S.ACCEPTED:
        current.accepted_at = now
        current.designation = current.designation or _own_designation(actor, current.city_id)
    elif to == S.CLOSED:
        current.closed_at, current.outcome, current.deal = now, service.outcome, service.deal
        current.outcome_note = (note or "").strip()
    with set_actor(actor):
        current.save()
    RequestStep.objects.create(request=current, from_status=came_from, to_status=to, note=(note or "").strip(),
                               actor=actor)
    _notify_step(actor, current, to)
    return current


def _own_designation(actor: Any, city_id: str) -> Designation:
    return active_designations().get(commissioner=actor, city_id=city_id)


def _notify_step(actor: Any, service: ServiceRequest, to: str) -> None:
    if to == S.WITHDRAWN:
        people = {service.designation.commissioner_id} if service.designation_id else service.server_user_ids()
    else:
        people = user_ids_with(Capability.READ, [service.enterprise_id])
    _notify(people, NoticeKind.REVIEW_DECISION, f"service_request_{to}",
            {"enterprise": service.enterprise.name, "status_label": msgid(S(to).label)}, _link(service),
            f"service_request:{service.pk}:{to}", actor, service.enterprise)


def _require_accepted(actor: Any, service: ServiceRequest, request: Any) -> None:
    authorize(actor, Action.COMMISSIONER_SERVE, service, request=request)
    if service.status != S.ACCEPTED:
        raise Conflict(_("Visits and recommendations are recorded while the request is accepted."),
                       code="not_accepted", details={"status": service.status})


def visit_record(*, actor: Any, service: ServiceRequest, visited_on: dt.date, people: str, notes: str = "",
                 request: Any = None) -> Visit:
    """A visit to the enterprise: when, who took part, what was said."""
    _require_accepted(actor, service, request)
    if visited_on > timezone.localdate():
        raise ValidationFailed(details={"visited_on": _("A visit is recorded once it took place.")})
    if not (people or "").strip():
        raise ValidationFailed(details={"people": _("Name who took part.")})
    return Visit.objects.create(request=service, visited_on=visited_on, people=people.strip(),
                                notes=(notes or "").strip(), recorded_by=actor)


def recommendation_record(*, actor: Any, service: ServiceRequest, patent: Patent | None = None,
                          demand: Demand | None = None, event: str = "", note: str = "",
                          request: Any = None) -> Recommendation:
    """Send the enterprise one patent of the register, one demand, or an event (in words)."""
    _require_accepted(actor, service, request)
    event = (event or "").strip()
    if sum(bool(x) for x in (patent, demand, event)) != 1:
        raise ValidationFailed(details={"patent": _("Recommend one patent, one demand or one event.")})
    recommendation = Recommendation.objects.create(request=service, patent=patent, demand=demand, event=event,
                                                   note=(note or "").strip(), recorded_by=actor)
    _notify(user_ids_with(Capability.READ, [service.enterprise_id]), NoticeKind.REVIEW_DECISION,
            "service_request_recommended", {"enterprise": service.enterprise.name, "thing": str(recommendation)},
            _link(service), f"recommendation:{recommendation.pk}", actor, service.enterprise)
    return recommendation


# attribution ---------------------------------------------------------------------------------------------------
def attribution_claim(*, actor: Any, deal: Deal, service: ServiceRequest,
                      recommendation: Recommendation | None = None, request: Any = None) -> Attribution:
    """The commissioner claims that the deal followed from their request or a patent they recommended in it."""
    authorize(actor, Action.ATTRIBUTION_CLAIM, service, request=request)
    if service.status not in (S.ACCEPTED, S.CLOSED):
        raise Conflict(_("Only a request the commissioner accepted can lead to a deal."), code="not_served")
    _require_real_link(deal, service, recommendation)
    attribution = Attribution(deal=deal, designation=service.designation, request=service,
                              recommendation=recommendation, claimed_by=actor)
    try:
        with transaction.atomic(), set_actor(actor):
            attribution.save()
    except IntegrityError as exc:
        raise Conflict(_("This deal's attribution was already claimed."), code="already_claimed") from exc
    _notify(user_ids_with(Capability.COMMIT, [deal.owner_id, deal.counterparty_id]), NoticeKind.REVIEW_REQUESTED,
            "attribution_claimed", {"deal": str(deal)}, reverse("deals:detail", args=[deal.pk]),
            f"attribution:{attribution.pk}:claimed", actor, None)
    return attribution


def _require_real_link(deal: Deal, service: ServiceRequest, recommendation: Recommendation | None) -> None:
    """The deal is between the request's enterprise and its patent's owner, and came after the request; a
    recommended patent is the deal's own patent."""
    owners = set(deal.patent.owner_org_ids()) if deal.patent_id else set()
    parties = {deal.owner_id, deal.counterparty_id}
    if service.enterprise_id not in parties or not (parties - {service.enterprise_id}) & owners:
        raise Conflict(_("The deal is not between this enterprise and the patent's owner."), code="not_linked")
    if deal.created_at < service.opened_at:
        raise Conflict(_("The deal was made before the request was opened."), code="not_linked")
    if recommendation is not None and (recommendation.request_id != service.pk
                                       or recommendation.patent_id != deal.patent_id):
        raise Conflict(_("The deal's patent was never recommended for this request."), code="not_recommended")


def attribution_confirm(*, actor: Any, attribution: Attribution, request: Any = None) -> Attribution:
    """A party of the deal agrees that the deal followed from the commissioner's service."""
    return _decide(actor, attribution, A.CONFIRMED, "", request)


def attribution_refuse(*, actor: Any, attribution: Attribution, reason: str, request: Any = None) -> Attribution:
    """A party of the deal disputes the claim, with the reason."""
    if not (reason or "").strip():
        raise ValidationFailed(details={"reason": _("Give the reason.")})
    return _decide(actor, attribution, A.REFUSED, reason, request)


def _decide(actor: Any, attribution: Attribution, to: str, note: str, request: Any) -> Attribution:
    authorize(actor, Action.ATTRIBUTION_CONFIRM, attribution, request=request)
    current = Attribution.objects.select_for_update().select_related("deal").get(pk=attribution.pk)
    step_require(ATTRIBUTION_STEPS, current.status, to, labels=dict(A.choices))
    party = sorted(acting_org_ids(actor, Capability.COMMIT, [current.deal.owner_id, current.deal.counterparty_id]))
    current.status, current.decided_by, current.decided_at = to, actor, timezone.now()
    current.decided_for_id, current.note = party[0], (note or "").strip()
    with set_actor(actor):
        current.save()
    _notify([current.claimed_by_id], NoticeKind.REVIEW_DECISION, "attribution_decided",
            {"deal": str(current.deal), "status_label": msgid(A(to).label)},
            reverse("deals:detail", args=[current.deal_id]), f"attribution:{current.pk}:{to}", actor, None)
    return current


# ---------------------------------------------------------------------------------------------------------------
def _link(service: ServiceRequest) -> str:
    return reverse("commissioners:request", args=[service.pk])


def _notify(people: Any, kind: str, variant: str, params: dict[str, str], link: str, key: str, actor: Any,
            organisation: Any) -> None:
    notify(recipients=people, kind=kind, params={"variant": variant, **params}, link=link, key=key,
           organisation=organisation, actor=actor)
