"""Events pages: the public list and event page, the organiser's events, proposals and invitations, registration,
one-to-one meetings with their schedule grid, and the results with their CSV."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import DomainError, NotFound, ValidationFailed
from patentbridge.core.spreadsheets import csv_response
from patentbridge.core.views import perform, refused
from patentbridge.events import forms, selectors, services
from patentbridge.events.models import AgendaItem, Event, MeetingOutcome, RegistrationStatus
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, event_organiser_org_ids, is_allowed, org_ids_with
from patentbridge.patents.models import Patent
from patentbridge.patents.selectors import number_q


def index(request: HttpRequest) -> HttpResponse:
    """Every published event, coming ones first."""
    now = timezone.now()
    events = selectors.public_events()
    return render(request, "events/index.html", {
        "coming": events.filter(ends_at__gte=now).order_by("starts_at")[:100],
        "past": events.filter(ends_at__lt=now).order_by("-starts_at")[:100],
        "can_organise": is_allowed(request.user, Action.EVENTS_MINE),
        "mine": selectors.events_taken_part(request.user)[:50] if request.user.is_authenticated else []})


def _event(request: HttpRequest, pk: int) -> Event:
    try:
        return selectors.event_get(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _participant_orgs(user: Any) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=org_ids_with(user, Capability.PROPOSE)).order_by("pk"))


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    organises = is_allowed(request.user, Action.EVENT_ORGANISE, event)
    try:
        proposals = selectors.public_proposals(event)
    except DomainError:
        proposals = []
    return render(request, "events/detail.html", {
        "event": event, "organises": organises, "agenda": event.agenda.all(), "proposals": proposals,
        "holders": selectors.holders_of(event), "register_form": forms.RegisterForm(),
        "participants": _participant_orgs(request.user) if event.status == "published" else [],
        "registrations": selectors.own_registrations(request.user, event) if request.user.is_authenticated else [],
        "agenda_form": forms.AgendaForm(), "reason_form": forms.ReasonForm(),
        "can_see_results": is_allowed(request.user, Action.EVENT_RESULTS_VIEW, event)})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The organiser's events, and a new one."""
    if not is_allowed(request.user, Action.EVENTS_MINE):
        return refused(request)
    organisers = Organisation.objects.filter(pk__in=event_organiser_org_ids(request.user)).order_by("pk")
    form = forms.EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organiser = organisers.filter(pk=request.POST.get("organiser") or None).first() or organisers.first()
        event = perform(request, lambda: services.event_create(actor=request.user, organiser=organiser,
                                                               data=form.data_for_service(), request=request),
                        _("The event is saved as a draft."))
        if event is not None:
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/mine.html", {"form": form, "organisers": organisers,
                                                "events": selectors.organised_events(request.user)[:200]})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not is_allowed(request.user, Action.EVENT_ORGANISE, event):
        return refused(request)
    form = forms.EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        done = perform(request, lambda: services.event_update(actor=request.user, event=event,
                                                              data=form.data_for_service(), request=request),
                       _("Saved."))
        if done is not None:
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/edit.html", {"event": event, "form": form})


STEP_SERVICES = {"publish": (services.event_publish, _("Published.")),
                 "close": (services.event_close, _("Closed."))}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    event = _event(request, pk)
    if to == "cancel":
        form = forms.ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        perform(request, lambda: services.event_cancel(actor=request.user, event=event, reason=reason,
                                                       request=request), _("Cancelled."))
    elif to in STEP_SERVICES:
        service, done = STEP_SERVICES[to]
        perform(request, lambda: service(actor=request.user, event=event, request=request), done)
    else:
        raise Http404()
    return redirect("events:detail", pk=event.pk)


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = forms.AgendaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the time and the title."))
    else:
        perform(request, lambda: services.agenda_item_add(actor=request.user, event=event, request=request,
                                                          **form.cleaned_data), _("Added to the agenda."))
    return redirect("events:detail", pk=event.pk)


@login_required
@require_POST
def agenda_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    event = _event(request, pk)
    found = AgendaItem.objects.filter(pk=item, event=event).first()
    if found is None:
        raise Http404()
    perform(request, lambda: services.agenda_item_remove(actor=request.user, item=found, request=request),
            _("Removed."))
    return redirect("events:detail", pk=event.pk)


@login_required
def proposals(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's proposals: patents on offer and enterprises that fit the theme, each with its reasons."""
    event = _event(request, pk)
    if not is_allowed(request.user, Action.EVENT_ORGANISE, event):
        return refused(request)
    invited = set(event.invitations.values_list("organisation_id", flat=True))
    return render(request, "events/proposals.html", {
        "event": event, "patents": selectors.proposed_patents(event), "enterprises":
        selectors.proposed_enterprises(event), "invited": invited})


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    organisation = Organisation.objects.filter(pk=request.POST.get("organisation") or None).first()
    if organisation is None:
        raise Http404()
    reasons = [r for r in request.POST.getlist("reason") if r][:10]
    perform(request, lambda: services.invite(actor=request.user, event=event, organisation=organisation,
                                             reasons=reasons, request=request), _("Invited."))
    return redirect("events:proposals", pk=event.pk)


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = forms.RegisterForm(request.POST)
    organisation = Organisation.objects.filter(pk=request.POST.get("organisation") or None).first()
    if not form.is_valid() or organisation is None:
        messages.error(request, _("Say who registers and how they come."))
        return redirect("events:detail", pk=event.pk)
    try:
        patents = _patents_named(form.cleaned_data["patents"])
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("events:detail", pk=event.pk)
    perform(request, lambda: services.register(actor=request.user, event=event, organisation=organisation,
                                               side=form.cleaned_data["side"], patents=patents, request=request),
            lambda r: _("You are registered.") if r.status == RegistrationStatus.REGISTERED
            else _("The event is full: you are on the waiting list."))
    return redirect("events:detail", pk=event.pk)


def _patents_named(text: str) -> list[Patent]:
    found = []
    for number in text.replace(",", " ").replace("，", " ").replace("、", " ").split():
        patent = Patent.objects.filter(number_q(number)).first()
        if patent is None:
            raise ValidationFailed(_("No patent has the number %(number)s.") % {"number": number})
        found.append(patent)
    return found


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    event = _event(request, pk)
    found = selectors.own_registrations(request.user, event).filter(pk=registration).first()
    if found is None:
        raise Http404()
    perform(request, lambda: services.registration_cancel(actor=request.user, registration=found, request=request),
            _("Your registration is cancelled."))
    return redirect("events:detail", pk=event.pk)


@login_required
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    """Meeting requests (one's own; all for the organiser), the holders to ask, and the schedule grid."""
    event = _event(request, pk)
    visible = list(selectors.meetings_visible(request.user, event)[:1000])
    organises = is_allowed(request.user, Action.EVENT_ORGANISE, event)
    own = list(selectors.own_registrations(request.user, event).filter(status=RegistrationStatus.REGISTERED))
    if not organises and not own and not visible:
        return refused(request)
    own_ids = {r.organisation_id for r in own}
    started = timezone.now() >= event.starts_at
    for meeting in visible:
        scheduled = started and meeting.slot is not None
        meeting.deal_choices = list(selectors.deals_between(meeting)[:20]) if scheduled else []
    return render(request, "events/meetings.html", {
        "event": event, "meetings": visible, "organises": organises, "own_ids": own_ids,
        "own_enterprises": [r.organisation for r in own if r.side == "enterprise"],
        "holders": [h for h in selectors.holders_of(event) if h.organisation_id not in own_ids],
        "grid": selectors.schedule_grid(event, visible), "tables": range(1, event.tables + 1),
        "outcomes": MeetingOutcome.choices, "started": started})


def _meeting(request: HttpRequest, pk: int, meeting: int) -> Any:
    try:
        found = selectors.meeting_get(request.user, meeting)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if found.event_id != pk:
        raise Http404()
    return found


@login_required
@require_POST
def meeting_request(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = forms.MeetingRequestForm(request.POST)
    enterprise = Organisation.objects.filter(pk=request.POST.get("enterprise") or None).first()
    holder = Organisation.objects.filter(pk=form.data.get("holder") or None).first()
    if not form.is_valid() or enterprise is None or holder is None:
        messages.error(request, _("Choose whom to meet."))
        return redirect("events:meetings", pk=event.pk)
    patent = Patent.objects.filter(pk=form.cleaned_data["patent"]).first() if form.cleaned_data["patent"] else None
    perform(request, lambda: services.meeting_request(actor=request.user, event=event, enterprise=enterprise,
                                                      holder=holder, patent=patent, note=form.cleaned_data["note"],
                                                      request=request), _("Your request is sent."))
    return redirect("events:meetings", pk=event.pk)


ANSWERS = {"accept": (services.meeting_accept, _("Accepted.")),
           "decline": (services.meeting_decline, _("Declined.")),
           "withdraw": (services.meeting_withdraw, _("Withdrawn."))}


@login_required
@require_POST
def meeting_answer(request: HttpRequest, pk: int, meeting: int, answer: str) -> HttpResponse:
    found = _meeting(request, pk, meeting)
    if answer not in ANSWERS:
        raise Http404()
    service, done = ANSWERS[answer]
    perform(request, lambda: service(actor=request.user, meeting=found, request=request), done)
    return redirect("events:meetings", pk=pk)


@login_required
@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    perform(request, lambda: services.schedule_auto(actor=request.user, event=event, request=request),
            lambda left: _("Scheduled.") + (" " + _("%(n)s meetings found no free slot.") % {"n": len(left)}
                                            if left else ""))
    return redirect("events:meetings", pk=event.pk)


@login_required
@require_POST
def meeting_move(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    found = _meeting(request, pk, meeting)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the slot and the table."))
        return redirect("events:meetings", pk=pk)
    perform(request, lambda: services.meeting_move(actor=request.user, meeting=found,
                                                   slot=form.cleaned_data["slot"] - 1,
                                                   table=form.cleaned_data["table"], request=request), _("Moved."))
    return redirect("events:meetings", pk=pk)


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    found = _meeting(request, pk, meeting)
    form = forms.OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome."))
        return redirect("events:meetings", pk=pk)
    deal = selectors.deals_between(found).filter(pk=form.cleaned_data["deal"]).first() \
        if form.cleaned_data["deal"] else None
    perform(request, lambda: services.meeting_outcome(actor=request.user, meeting=found,
                                                      outcome=form.cleaned_data["outcome"],
                                                      note=form.cleaned_data["note"], deal=deal, request=request),
            _("The outcome is recorded."))
    return redirect("events:meetings", pk=pk)


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not is_allowed(request.user, Action.EVENT_RESULTS_VIEW, event):
        return refused(request)
    if request.GET.get("format") == "csv":
        return csv_response(selectors.export_rows(event), f"event-{event.pk}-results.csv")
    return render(request, "events/results.html", {"event": event, "results": selectors.results(event)})


