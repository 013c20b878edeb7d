"""Reads of the patent register."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.patents.filters import PatentFilter
from patentbridge.patents.models import IpcEntry, Patent, PatentCitation, PatentRecordSource
from patentbridge.patents.numbers import InvalidNumber, parse_application_number, parse_publication_number


def patent_list(params: Any) -> QuerySet[Patent]:
    """Patents matching the shared filters; bad filter values raise ValidationFailed."""
    filterset = PatentFilter(params, queryset=Patent.objects.select_related("city"))
    if not filterset.is_valid():
        raise ValidationFailed(gettext("some filters are not valid"), details=filterset.errors.get_json_data())
    return filterset.qs


def patent_filterset(params: Any) -> PatentFilter:
    return PatentFilter(params, queryset=Patent.objects.select_related("city"))


def number_q(number: str) -> Q:
    """Match by application number (any form, incl. ZL…), publication number or grant number."""
    text = re.sub(r"\s", "", number or "").upper()
    try:
        return Q(application_number=str(parse_application_number(text)))
    except InvalidNumber:
        pass
    try:
        publication = parse_publication_number(text)
    except InvalidNumber as exc:
        raise ValidationFailed(
            gettext("not a valid application, patent or publication number"),
            details={"number": number, "reason": str(exc)},
        ) from exc
    if publication.kind:
        return Q(publication_number=str(publication)) | Q(grant_number=str(publication))
    prefix = f"CN{publication.serial}"
    return Q(publication_number__startswith=prefix) | Q(grant_number__startswith=prefix)


def patent_get(number: str) -> Patent:
    """One patent by any of its numbers, with what the detail views show."""
    patent = (
        Patent.objects.select_related("city")
        .prefetch_related("applicant_links__organisation", "legal_events")
        .filter(number_q(number))
        .order_by("id")
        .first()
    )
    if patent is None:
        raise NotFound(f"未找到专利 {number} / no patent {number}", details={"number": number})
    return patent


def ipc_titles(codes: list[str]) -> dict[str, IpcEntry]:
    """Entries for the codes and their subclasses, for showing titles."""
    wanted = set(codes) | {c[:4] for c in codes}
    return {e.code: e for e in IpcEntry.objects.filter(code__in=wanted)}


def ipc_children(parent: str, level: str) -> QuerySet[IpcEntry]:
    return IpcEntry.objects.filter(parent=parent, level=level).order_by("code")


def ipc_sections() -> QuerySet[IpcEntry]:
    return IpcEntry.objects.filter(level=IpcEntry.Level.SECTION).order_by("code")


def record_sources(patent: Patent) -> QuerySet[PatentRecordSource]:
    return patent.record_sources.select_related("batch", "batch__created_by")


def timeline(patent: Patent) -> list[dict[str, Any]]:
    """Dated points of a patent's life: filing, publication, grant, legal events, expiry."""
    points = [
        {"date": patent.application_date, "label": "filed"},
        {"date": patent.publication_date, "label": "published"},
        {"date": patent.grant_date, "label": "granted"},
    ]
    points += [{"date": e.date, "label": "event", "text": e.description} for e in patent.legal_events.all()]
    points.append({"date": patent.expiry_date, "label": "expires"})
    return sorted((p for p in points if p["date"]), key=lambda p: p["date"])


CITATIONS_SHOWN = 50


def patent_citations(patent: Patent) -> dict[str, list]:
    """What the patent cites and what cites it (the register's patent where it is in the register), first 50 each."""
    rows = PatentCitation.objects.select_related("citing", "cited")
    return {"cited": list(rows.filter(citing=patent)[:CITATIONS_SHOWN]),
            "citing": list(rows.filter(cited=patent)[:CITATIONS_SHOWN])}
