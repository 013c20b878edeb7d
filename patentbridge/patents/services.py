"""Writes of the patent register. Callers own the transaction (the request or the command)."""

from __future__ import annotations

from typing import Any

from auditlog.context import disable_auditlog, set_actor
from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from patentbridge.core.db import insert_rows
from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.orgs import services as org_services
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.names import normalize_name
from patentbridge.orgs.selectors import CityFinder
from patentbridge.patents.importing.layouts import FIELDS, Layout
from patentbridge.patents.importing.rows import PatentRecord, RowError, RowParser
from patentbridge.patents.models import WITHHELD_NAME, LegalStatus, Patent, PatentApplicant, PatentClassification
from patentbridge.patents.signals import announce_changed
from patentbridge.patents.terms import expiry_date

IDENTITY_LAYOUT = Layout(name="api", columns={f: f for f in FIELDS})
EDITABLE_FIELDS = (
    "title", "abstract", "first_claim", "ipc_main", "ipc", "cpc", "applicants", "inventors", "address",
    "province", "legal_status", "application_date", "publication_date", "grant_date", "patent_type",
)
RECORD_FIELDS = {"ipc": "ipc_codes", "cpc": "cpc_codes", "applicants": "applicant_names"}


def write_children(patents: list[Patent], *, replace: bool, city_finder: CityFinder | None = None) -> None:
    """(Re)write the IPC rows and applicant links of saved patents, creating applicant organisations."""
    if not patents:
        return
    ids = [p.pk for p in patents]
    if replace:
        PatentClassification.objects.filter(patent_id__in=ids).delete()
        # The links mirror Patent.applicant_names, whose change the patent's own log holds; the links are
        # rewritten in bulk below (unlogged), so logging only their deletion would tell half the story.
        with disable_auditlog():
            PatentApplicant.objects.filter(patent_id__in=ids).delete()
    org_ids = org_services.organisations_ensure_for_applicants(
        names=[n for p in patents for n in p.applicant_names], city_finder=city_finder or CityFinder(),
        addresses={p.applicant_names[0]: p.address for p in patents if p.applicant_names and p.address},
    )
    insert_rows(PatentClassification, ("patent", "code", "subclass", "is_main"),
                [(p.pk, code, code[:4], code == p.ipc_main) for p in patents for code in p.ipc_codes])
    insert_rows(PatentApplicant, ("patent", "position", "name", "organisation"),
                [(p.pk, i, name, org_ids.get(normalize_name(name)))
                 for p in patents for i, name in enumerate(p.applicant_names)])


def _parse(values: dict[str, Any]) -> PatentRecord:
    from patentbridge.patents.importing.runner import known_subclasses

    parser = RowParser(IDENTITY_LAYOUT, known_subclasses(), "api", timezone.localdate())
    parsed = parser.parse(0, values)
    if isinstance(parsed, list):
        raise ValidationFailed(pgettext("patent", "Some fields are not valid"), details=_field_errors(parsed))
    if values.get("legal_status") in LegalStatus.values:
        parsed.legal_status = values["legal_status"]
    return parsed


def _field_errors(errors: list[RowError]) -> dict[str, list[str]]:
    details: dict[str, list[str]] = {}
    for error in errors:
        details.setdefault(error.field, []).append(error.reason)
    return details


def _as_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if v is not None}
    for name in ("ipc", "cpc", "applicants", "inventors"):
        if isinstance(values.get(name), list):
            values[name] = "|".join(values[name])
    return values


def _apply(patent: Patent, record: PatentRecord, fields: list[str]) -> None:
    for name in fields:
        attribute = RECORD_FIELDS.get(name, name)
        setattr(patent, attribute, getattr(record, attribute))
        if name == "legal_status":
            patent.legal_status_raw = ""
        if name == "ipc":
            patent.ipc_main = record.ipc_main
        if name == "inventors":
            patent.inventors = _with_withheld(patent)
    patent.expiry_date = expiry_date(patent.patent_type, patent.application_date)
    patent.city = CityFinder().find(patent.address, patent.applicant_names) or patent.city


def _with_withheld(patent: Patent) -> list[str]:
    """The edited inventors, and the withheld ones kept as they were: they are never offered for editing, and their
    placeholder (as read from the API) is not a name."""
    labels = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.add(str(WITHHELD_NAME))
    edited = [name for name in patent.inventors if name not in labels]
    return [*edited, *(name for name in patent.inventors_withheld if name not in edited)]


def patent_create(*, actor: Any, data: dict[str, Any], owner: Organisation | None = None) -> Patent:
    """Register one patent with the same checks as the importer; the owner becomes an applicant."""
    values = _as_values(data)
    if owner is not None:
        names = [n for n in str(values.get("applicants", "")).split("|") if n]
        if normalize_name(owner.name) not in {normalize_name(n) for n in names}:
            values["applicants"] = "|".join([owner.name, *names])
    record = _parse(values)
    patent = Patent(source="api")
    for name in ("application_number", "publication_number", "publication_kind", "grant_number", "grant_kind",
                 "application_date", "publication_date", "grant_date"):
        setattr(patent, name, getattr(record, name))
    _apply(patent, record, [f for f in EDITABLE_FIELDS if f not in {"application_date", "publication_date", "grant_date"}])
    try:
        with set_actor(actor):
            patent.save()
    except IntegrityError as exc:
        raise Conflict(gettext("a patent with this number is already registered"),
                       details={"application_number": record.application_number,
                                "publication_number": record.publication_number}) from exc
    write_children([patent], replace=False)
    announce_changed([patent.pk], new_ids=[patent.pk])
    return patent


def _current_values(patent: Patent) -> dict[str, Any]:
    return {
        "application_number": patent.application_number or "", "publication_number": patent.publication_number or "",
        "grant_number": patent.grant_number or "", "patent_type": patent.patent_type, "title": patent.title,
        "abstract": patent.abstract, "first_claim": patent.first_claim, "ipc_main": patent.ipc_main,
        "ipc": "|".join(patent.ipc_codes), "cpc": "|".join(patent.cpc_codes),
        "applicants": "|".join(patent.applicant_names), "inventors": "|".join(patent.inventors),
        "address": patent.address, "province": patent.province, "legal_status": patent.legal_status,
        "application_date": patent.application_date, "publication_date": patent.publication_date,
        "grant_date": patent.grant_date,
    }


def patent_update(*, actor: Any, patent: Patent, data: dict[str, Any]) -> Patent:
    """Change editable fields; the whole record is re-validated as the importer would."""
    changes = {k: v for k, v in _as_values(data).items() if k in EDITABLE_FIELDS}
    if "ipc" in changes and "ipc_main" not in changes:
        changes["ipc_main"] = ""
    record = _parse({**_current_values(patent), **changes})
    _apply(patent, record, list(changes))
    with set_actor(actor):
        patent.save()
    write_children([patent], replace=True)
    announce_changed([patent.pk])
    return patent
