"""Committee pages: a member's work, an organisation's committee (members, policy, meetings, pending reviews) and one
meeting (agenda, conflicts, votes, decisions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.committee import forms, selectors, services
from patentbridge.committee.models import CommitteeMember, MeetingStatus, seats_on
from patentbridge.core.errors import NotFound
from patentbridge.core.views import perform
from patentbridge.orgs.permissions import Action, is_allowed


def _found(read: Any) -> Any:
    try:
        return read()
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """A member's work (items to declare and vote on) and the committees the user runs or sits on."""
    return render(request, "committee/index.html", {"items": selectors.my_items(request.user),
                                                    "committees": selectors.committees_for(request.user)})


@login_required
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _found(lambda: selectors.committee_get(request.user, pk))
    org = committee.organisation
    policy = selectors.policy_of(org)
    manages = is_allowed(request.user, Action.COMMITTEE_MANAGE, org)
    initial = ({field: getattr(policy, field) for field in forms.PolicyForm.base_fields} if policy else {})
    return render(request, "committee/organisation.html", {
        "organisation": org, "policy": policy, "manages": manages,
        "quorum_pct": f"{selectors.quorum_of(policy):.0%}", "pass_pct": f"{selectors.pass_share_of(policy):.0%}",
        "members": selectors.members_of(org), "upcoming": selectors.upcoming_meetings(org),
        "past": selectors.past_meetings(org)[:50], "pending": selectors.pending_reviews(org),
        "reviews": selectors.recent_reviews(org)[:100],
        "member_form": forms.MemberForm(), "policy_form": forms.PolicyForm(initial=initial),
        "meeting_form": forms.MeetingForm()})


def _manage_post(request: HttpRequest, pk: int, form_class: type, act: Any, done: str) -> HttpResponse:
    """Parse a form of the committee page and run its service for the organisation (refusals come back as messages)."""
    committee = _found(lambda: selectors.committee_get(request.user, pk))
    form = form_class(request.POST)
    if form.is_valid():
        perform(request, lambda: act(committee.organisation, form.cleaned_data), done)
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("committee:organisation", pk=pk)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_post(request, pk, forms.MemberForm, lambda org, data: services.member_add(
        actor=request.user, organisation=org, user=data["username"], role=data["role"], starts_on=data["starts_on"],
        ends_on=data["ends_on"], request=request), _("The member is added."))


@login_required
@require_POST
def member_end(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    committee = _found(lambda: selectors.committee_get(request.user, pk))
    member = CommitteeMember.objects.filter(pk=member_id, organisation=committee.organisation).first()
    if member is None:
        raise Http404()
    perform(request, lambda: services.member_end(actor=request.user, member=member, on=timezone.localdate(),
                                                 request=request), _("The seat ends today."))
    return redirect("committee:organisation", pk=pk)


@login_required
@require_POST
def policy_set(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_post(request, pk, forms.PolicyForm, lambda org, data: services.policy_set(
        actor=request.user, organisation=org, request=request, **data), _("The policy is saved."))


@login_required
@require_POST
def meeting_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _found(lambda: selectors.committee_get(request.user, pk))
    form = forms.MeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("committee:organisation", pk=pk)
    reviews = list(selectors.pending_reviews(committee.organisation).filter(pk__in=request.POST.getlist("reviews")))
    meeting = perform(request, lambda: services.meeting_schedule(
        actor=request.user, organisation=committee.organisation, reviews=reviews, request=request,
        **form.cleaned_data), _("The meeting is called; its members are invited."))
    return redirect("committee:meeting", pk=meeting.pk) if meeting else redirect("committee:organisation", pk=pk)


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _found(lambda: selectors.meeting_get(request.user, pk))
    seat = selectors.seat_of(request.user, meeting)
    policy = selectors.policy_of(meeting.organisation)
    items = []
    for item in selectors.items_of(meeting):
        own = next((o for o in item.opinions.all() if seat is not None and o.member_id == seat.pk), None)
        items.append({"item": item, "own": own, "votes": selectors.tally(item),
                      "sees": selectors.sees_opinions(request.user, item, own),
                      "carried": selectors.passes(selectors.tally(item), selectors.pass_share_of(policy))})
    present = set(meeting.attendance.values_list("member_id", flat=True))
    return render(request, "committee/meeting.html", {
        "meeting": meeting, "items": items, "seat": seat, "present": present,
        "seats": meeting.organisation.committee_seats.filter(pk__in=_seat_ids(meeting)).select_related("user"),
        "manages": is_allowed(request.user, Action.COMMITTEE_MANAGE, meeting),
        "decides": is_allowed(request.user, Action.COMMITTEE_DECIDE, meeting),
        "quorum_met": selectors.quorum_met(meeting, policy), "quorum_pct": f"{selectors.quorum_of(policy):.0%}",
        "pending": selectors.pending_reviews(meeting.organisation) if meeting.status == MeetingStatus.SCHEDULED else [],
        "declaration_form": forms.DeclarationForm(), "vote_form": forms.VoteForm(),
        "decision_form": forms.DecisionForm()})


def _seat_ids(meeting: Any) -> list[int]:
    return list(seats_on(meeting.organisation_id, timezone.localdate(meeting.starts_at)).values_list("pk", flat=True))


def _meeting_post(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    meeting = _found(lambda: selectors.meeting_get(request.user, pk))
    perform(request, lambda: act(meeting), done)
    return redirect("committee:meeting", pk=pk)


@login_required
@require_POST
def meeting_step(request: HttpRequest, pk: int) -> HttpResponse:
    to = request.POST.get("to", "")
    return _meeting_post(request, pk, lambda m: services.meeting_step(actor=request.user, meeting=m, to=to,
                                                                      request=request), _("Done."))


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    def act(meeting: Any) -> Any:
        member = CommitteeMember.objects.filter(pk=request.POST.get("member") or None,
                                                organisation_id=meeting.organisation_id).first()
        if member is None:
            raise NotFound()
        return services.attendance_record(actor=request.user, meeting=meeting, member=member, request=request)
    return _meeting_post(request, pk, act, _("Recorded present."))


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(meeting: Any) -> Any:
        review = selectors.pending_reviews(meeting.organisation).filter(pk=request.POST.get("review") or None).first()
        if review is None:
            raise NotFound()
        return services.agenda_add(actor=request.user, meeting=meeting, review=review, request=request)
    return _meeting_post(request, pk, act, _("Put on the agenda."))


def _item_post(request: HttpRequest, pk: int, form_class: type | None, act: Any, done: str) -> HttpResponse:
    item = _found(lambda: selectors.item_get(request.user, pk))
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        perform(request, lambda: act(item, form.cleaned_data if form else {}), done)
    return redirect("committee:meeting", pk=item.meeting_id)


@login_required
@require_POST
def agenda_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(request, pk, None, lambda item, data: services.agenda_remove(
        actor=request.user, item=item, request=request), _("Taken off the agenda."))


@login_required
@require_POST
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(request, pk, forms.DeclarationForm, lambda item, data: services.conflict_declare(
        actor=request.user, item=item, conflicted=data["conflicted"], reason=data["reason"], request=request),
        _("Your declaration is recorded."))


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(request, pk, forms.VoteForm, lambda item, data: services.vote_cast(
        actor=request.user, item=item, choice=data["choice"], text=data["text"], request=request),
        _("Your opinion is recorded."))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(request, pk, forms.DecisionForm, lambda item, data: services.item_decide(
        actor=request.user, item=item, outcome=data["outcome"], note=data["note"], request=request),
        _("The decision is recorded."))
