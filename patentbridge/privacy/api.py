"""/api/v1/privacy: requests to see, copy, correct or erase a person's personal information (个人信息保护法) — the
person's own, the officer's queue and steps, and the copy of the data as the pages give it."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import ValidationFailed
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.privacy import selectors, services
from patentbridge.privacy.models import PrivacyRequest, RequestKind

router = Router(tags=["privacy"])


class PrivacyRequestOut(Schema):
    id: int
    kind: str = Field(..., description="access (see and copy), correct, erase")
    state: str = Field(..., description="received → verified → done, or refused with the reason")
    subject_username: str | None = Field(None, description="the person's account; null: a person without one")
    subject_name: str
    details: str
    received_at: dt.datetime
    due_on: dt.date = Field(..., description="the last day to answer (PRIVACY_RESPONSE_WORKING_DAYS working days)")
    verified_at: dt.datetime | None
    decided_at: dt.datetime | None
    refusal_reason: str
    answer: str
    outcome: dict[str, Any] = Field(..., description="an erasure's result: the rows erased and those kept, with "
                                                     "their legal ground (never the erased values)")


class OwnRequestIn(Schema):
    kind: RequestKind
    details: str = Field("", max_length=4000, description="what you ask; required to correct")


class OfficerRequestIn(Schema):
    kind: RequestKind
    details: str = Field("", max_length=4000)
    subject_username: str | None = Field(None, max_length=150, description="the person's account, if they have one")
    subject_name: str = Field("", max_length=100, description="the person's name when they have no account")
    subject_contact: str = Field("", max_length=200, description="phone or e-mail, required without an account")
    received_on: dt.date | None = Field(None, description="when the request arrived outside the platform; today "
                                                          "when left out")


class VerifyIn(Schema):
    note: str = Field("", max_length=300, description="how the identity was checked")


class RefuseIn(Schema):
    reason: str = Field("", max_length=4000, description="the reason the person is told")


class AnswerIn(Schema):
    answer: str = Field("", max_length=4000, description="the answer to the person (required for a correction)")


def _out(found: PrivacyRequest) -> dict[str, Any]:
    return {"id": found.pk, "kind": found.kind, "state": found.state,
            "subject_username": found.subject_user.get_username() if found.subject_user else None,
            "subject_name": found.subject_name, "details": found.details, "received_at": found.received_at,
            "due_on": found.due_on, "verified_at": found.verified_at, "decided_at": found.decided_at,
            "refusal_reason": found.refusal_reason, "answer": found.answer, "outcome": found.outcome}


def _move(request: HttpRequest, request_id: int, step: Callable[[PrivacyRequest], Any]) -> dict[str, Any]:
    """One step on a request the caller may read (404 otherwise), in one transaction."""
    found = selectors.request_get(request.user, request_id)
    with transaction.atomic():
        step(found)
    return _out(found)


@router.get("/privacy/requests", response=list[PrivacyRequestOut], auth=WRITE_AUTH)
def mine(request: HttpRequest):
    """Your own requests about your personal information, newest first."""
    return [_out(r) for r in selectors.requests_of(request.user).select_related("subject_user")]


@router.post("/privacy/requests", response={201: PrivacyRequestOut}, auth=WRITE_AUTH)
def file_own(request: HttpRequest, payload: OwnRequestIn):
    """Ask to see and copy, correct or erase your personal information; the officer verifies and answers."""
    with transaction.atomic():
        found = services.request_file(actor=request.user, subject_user=request.user, kind=payload.kind,
                                      details=payload.details, request=request)
    return Status(201, _out(found))


@router.get("/privacy/desk", response=list[PrivacyRequestOut], auth=WRITE_AUTH)
def desk(request: HttpRequest):
    """The officer's queue: unanswered requests, the most urgent first (the platform administrator)."""
    authorize(request.user, Action.PRIVACY_DESK, request=request)
    return [_out(r) for r in selectors.open_requests()]


@router.post("/privacy/desk", response={201: PrivacyRequestOut}, auth=WRITE_AUTH)
def file_received(request: HttpRequest, payload: OfficerRequestIn):
    """The officer records a request received by letter, e-mail or at the counter, for anyone."""
    authorize(request.user, Action.PRIVACY_DESK, request=request)
    subject = None
    if payload.subject_username:
        subject = selectors.account_named(payload.subject_username)
        if subject is None:  # a field of the form, as on the officer's page: 400 naming it
            raise ValidationFailed(details={"subject_username": gettext("No such account.")})
    with transaction.atomic():
        found = services.request_file(actor=request.user, kind=payload.kind, details=payload.details,
                                      subject_user=subject, subject_name=payload.subject_name,
                                      subject_contact=payload.subject_contact,
                                      received_at=services.received_on_day(payload.received_on),
                                      request=request)
    return Status(201, _out(found))


@router.get("/privacy/requests/{request_id}", response=PrivacyRequestOut, auth=WRITE_AUTH)
def detail(request: HttpRequest, request_id: int):
    """One request: the person's own, or any for the officer; 404 otherwise."""
    return _out(selectors.request_get(request.user, request_id))


@router.post("/privacy/requests/{request_id}/verify", response=PrivacyRequestOut, auth=WRITE_AUTH)
def verify(request: HttpRequest, request_id: int, payload: VerifyIn):
    """The officer has checked that the request comes from the person (never on a request about themself)."""
    return _move(request, request_id, lambda found: services.request_verify(
        actor=request.user, privacy_request=found, note=payload.note, request=request))


@router.post("/privacy/requests/{request_id}/refuse", response=PrivacyRequestOut, auth=WRITE_AUTH)
def refuse(request: HttpRequest, request_id: int, payload: RefuseIn):
    """Refuse with the reason the person is told (PIPL Art 50)."""
    return _move(request, request_id, lambda found: services.request_refuse(
        actor=request.user, privacy_request=found, reason=payload.reason, request=request))


@router.post("/privacy/requests/{request_id}/answer", response=PrivacyRequestOut, auth=WRITE_AUTH)
def answer(request: HttpRequest, request_id: int, payload: AnswerIn):
    """Answer a verified request; an erasure runs now, in this request's transaction, and `outcome` lists what was
    erased and what stays and why."""
    return _move(request, request_id, lambda found: services.request_answer(
        actor=request.user, privacy_request=found, answer=payload.answer, request=request))


@router.get("/privacy/requests/{request_id}/copy", response=dict[str, Any], auth=WRITE_AUTH)
def copy(request: HttpRequest, request_id: int):
    """The copy of the person's personal information (PIPL Art 45), every row with its retention ground: the person
    once their request to see it is answered, the officer once the identity is verified."""
    found = selectors.request_get(request.user, request_id)
    authorize(request.user, Action.PRIVACY_EXPORT, found, request=request)
    return selectors.export_document(found)
