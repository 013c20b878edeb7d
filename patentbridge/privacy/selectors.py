"""Reads: a person's rows by source (the export), the recorded acts under an account, and the request lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from patentbridge.core.errors import NotFound
from patentbridge.orgs.permissions import Action, is_allowed
from patentbridge.privacy.models import PrivacyRequest, RequestState
from patentbridge.privacy.registry import DELETE, GROUNDS, SOURCES, PersonalDataSource, Subject


@dataclass(frozen=True)
class ExportRow:
    pk: int
    values: dict[str, Any]
    erasable: tuple[str, ...]
    kept: tuple[str, ...]
    until: dt.date | None
    cells: tuple[str, ...]  # the values as a reader sees them


def _text(value: Any) -> str:
    """A value for the page: local date and time to the minute, lists joined, empty as a dash."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    value = plain(value)
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return str(value)


# Fields whose models (a third-party app's, or a key without a label) give no Chinese heading.
FIELD_LABELS = {
    "disclosure": gettext_lazy("Disclosure"),
    "ip_address": gettext_lazy("IP address"),
    "user_agent": gettext_lazy("Browser"),
    "attempt_time": gettext_lazy("Time of the attempt"),
    "logout_time": gettext_lazy("Signed out at"),
    "failures_since_start": gettext_lazy("Failures counted"),
}


@dataclass(frozen=True)
class ExportSection:
    source: PersonalDataSource
    rows: list[ExportRow]

    def _heading(self, name: str) -> str:
        label = FIELD_LABELS.get(name) or self.source.model._meta.get_field(name).verbose_name
        return str(label)

    @property
    def headings(self) -> list[str]:
        return [self._heading(name) for name in self.source.fields]

    @property
    def erased_headings(self) -> list[str]:
        return [self._heading(name) for name in self.source.erase if name in self.source.fields]

    @property
    def kept_headings(self) -> list[str]:
        return [self._heading(name) for name in self.source.kept]

    @property
    def ground(self) -> Any:
        return GROUNDS.get(self.source.ground or "")

    @property
    def deleted_on_erasure(self) -> bool:
        return DELETE in self.source.erase.values()


def subject_of(privacy_request: PrivacyRequest) -> Subject:
    return Subject(user=privacy_request.subject_user, name=privacy_request.subject_name)


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates as ISO text, money as text, related rows and files by their name."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or ""
    if isinstance(value, (list, dict, str, int, float, bool)) or value is None:
        return value
    return str(value)


def _row(source: PersonalDataSource, row: Any) -> ExportRow:
    raw = {name: getattr(row, name) for name in source.fields}
    for name in raw:  # a choice reads as its label
        display = getattr(row, f"get_{name}_display", None)
        if display is not None:
            raw[name] = str(display())
    values = {name: plain(value) for name, value in raw.items()}
    ground = GROUNDS.get(source.ground or "")
    kept = source.kept
    until = ground.until(source.since(row)) if ground is not None and kept else None
    erasable = tuple(source.fields) if DELETE in source.erase.values() else tuple(source.erase)
    return ExportRow(pk=row.pk, values=values, erasable=erasable, kept=kept, until=until,
                     cells=tuple(_text(value) for value in raw.values()))


def personal_data(subject: Subject) -> list[ExportSection]:
    """Every row about the person, by source, with what an erasure would do to it."""
    return [ExportSection(source, [_row(source, row) for row in source.find_rows(subject)]) for source in SOURCES]


# The links to an account that the sources above already cover; every other link records an act done under it.
def _covered() -> set[tuple[str, str]]:
    return {("orgs.membership", "user"), ("managers.managerprofile", "user"), ("casework.disclosureinventor", "user"),
            ("pool.poolentry", "inventor"), ("revenue.inventorshare", "inventor"),
            ("commissioners.designation", "commissioner"), ("committee.committeemember", "user"),
            ("auctions.auctionofficer", "user"), ("notices.notice", "recipient"),
            ("notices.noticepreference", "user"), ("push.subscription", "user"), ("push.notification", "user"),
            ("core.apitoken", "user"), ("core.securityevent", "user"), ("auditlog.logentry", "actor"),
            ("privacy.privacyrequest", "subject_user")}


def recorded_acts(user: Any) -> list[tuple[str, str, int]]:
    """(kind of record, field, count) for each record that names the account as the one who acted: creator,
    signer, reviewer… Such rows stay (they are the organisations' and the platform's records); after an erasure they
    show the account's pseudonym."""
    if user is None:
        return []
    covered, found = _covered(), []
    # Most such links are declared related_name="+", hidden from related_objects: ask for the hidden ones too.
    for relation in get_user_model()._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        model, name = relation.related_model, relation.field.name
        if (model._meta.label_lower, name) in covered:
            continue
        count = model._default_manager.filter(**{name: user}).count()
        if count:
            found.append((str(model._meta.verbose_name), str(relation.field.verbose_name), count))
    return sorted(found)


def export_document(privacy_request: PrivacyRequest) -> dict[str, Any]:
    """The copy of the person's data (PIPL Art 45): every source, its rows, and each row's retention ground."""
    subject = subject_of(privacy_request)
    return {"request": {"id": privacy_request.pk, "kind": privacy_request.kind,
                        "received_at": plain(privacy_request.received_at), "subject_name": subject.name},
            "sources": [{"source": s.source.key, "label": str(s.source.label),
                         "ground": ({"key": s.ground.key, "label": str(s.ground.label), "basis": s.ground.basis,
                                     "citation": s.ground.citation_shown}
                                    if s.ground else None),
                         "deleted_on_erasure": s.deleted_on_erasure,
                         "rows": [{"id": r.pk, "values": r.values, "erasable": list(r.erasable),
                                   "kept": list(r.kept), "kept_until": plain(r.until)} for r in s.rows]}
                        for s in personal_data(subject) if s.rows],
            "recorded_acts": [{"record": kind, "as": field, "count": count}
                              for kind, field, count in recorded_acts(subject.user)]}


def account_named(username: str) -> Any:
    """The account with this username, None when there is none (a request may name a person without one)."""
    return get_user_model().objects.filter(username=username).first()


def request_get(user: Any, pk: int) -> PrivacyRequest:
    """A request the user may read; NotFound for any other (its existence is not told)."""
    found = PrivacyRequest.objects.select_related("subject_user", "filed_by", "verified_by", "decided_by").filter(
        pk=pk).first()
    if found is None or not is_allowed(user, Action.PRIVACY_REQUEST_VIEW, found):
        raise NotFound()
    return found


def requests_of(user: Any) -> QuerySet[PrivacyRequest]:
    return PrivacyRequest.objects.filter(subject_user=user)


def open_requests() -> QuerySet[PrivacyRequest]:
    """The officer's queue: unanswered requests, the most urgent first."""
    return (PrivacyRequest.objects.filter(state__in=[RequestState.RECEIVED, RequestState.VERIFIED])
            .select_related("subject_user").order_by("due_on", "pk"))


def answered_requests(limit: int = 50) -> QuerySet[PrivacyRequest]:
    return (PrivacyRequest.objects.filter(state__in=[RequestState.DONE, RequestState.REFUSED])
            .select_related("subject_user").order_by("-decided_at", "-pk")[:limit])


def kept_records(privacy_request: PrivacyRequest) -> list[dict[str, Any]]:
    """An erasure's kept rows in words: which record, on which ground, until when (and the day it went, once the
    period ran out: services.purge_expired)."""
    labels = {s.key: s.label for s in SOURCES}
    return [{"label": labels.get(k["source"], k["source"]), "ground": GROUNDS.get(k["ground"]), "until": k["until"],
             "purged_on": k.get("purged_on"), "withheld": k.get("withheld", False)}
            for k in privacy_request.outcome.get("kept", [])]
