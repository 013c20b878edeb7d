"""Writes of organisations and memberships. Callers own the transaction."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.orgs.codes import InvalidCode, normalize_uscc
from patentbridge.orgs.models import (
    ENTERPRISE_KINDS,
    IdentityChange,
    IdentityChangeStatus,
    Membership,
    Organisation,
    OrgKind,
    Role,
)
from patentbridge.orgs.names import clean_display_name, guess_kind, looks_like_organisation, normalize_name
from patentbridge.orgs.permissions import Action, authorize, is_platform_admin
from patentbridge.orgs.selectors import CityFinder

ORG_FIELDS = ("name", "name_en", "kind", "size_class", "uscc", "city", "city_id", "province", "address", "website", "description")
ROLE_ORG_KINDS = {
    Role.TECH_TRANSFER_MANAGER: {OrgKind.UNIVERSITY, OrgKind.INSTITUTE, OrgKind.SOE},
    Role.INVENTOR: {OrgKind.UNIVERSITY, OrgKind.INSTITUTE, OrgKind.SOE},
    Role.ENTERPRISE_USER: {OrgKind.ENTERPRISE, OrgKind.SOE},
    Role.AGENCY_BROKER: {OrgKind.AGENCY},
    Role.BANK_OFFICER: {OrgKind.FINANCIAL},
    Role.REGULATOR: {OrgKind.REGULATOR},
    Role.SIGNATORY: {OrgKind.ENTERPRISE, OrgKind.SOE, OrgKind.AGENCY, OrgKind.FINANCIAL},
}


def _validate(org: Organisation) -> None:
    errors: dict[str, str] = {}
    org.name = clean_display_name(org.name)
    if not org.name:
        errors["name"] = gettext("the name is required")
    if org.uscc:
        try:
            org.uscc = normalize_uscc(org.uscc)
        except InvalidCode as exc:
            errors["uscc"] = str(exc)
    else:
        org.uscc = None
    if org.kind not in OrgKind.values:
        errors["kind"] = gettext("unknown organisation type %(kind)s") % {"kind": org.kind}
    if org.size_class and org.kind not in ENTERPRISE_KINDS:
        errors["size_class"] = gettext("only enterprises have a size class")
    if errors:
        raise ValidationFailed(gettext("some fields are not valid"), details=errors)
    org.name_normalized = normalize_name(org.name)


def _save(org: Organisation) -> Organisation:
    _check(org)
    try:
        org.save()
    except IntegrityError as exc:  # a concurrent insert with the same name or code
        raise Conflict(details={"database": str(exc)[:200]}) from exc
    return org


def _check(org: Organisation) -> None:
    _validate(org)
    duplicate = Organisation.objects.exclude(pk=org.pk).filter(name_normalized=org.name_normalized).exists()
    if duplicate:
        raise Conflict(gettext("an organisation with this name exists"), details={"name": org.name})
    if org.uscc and Organisation.objects.exclude(pk=org.pk).filter(uscc=org.uscc).exists():
        raise Conflict(gettext("this credit code is already registered"), details={"uscc": org.uscc})
    try:
        org.full_clean(exclude=["name_normalized"], validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        raise ValidationFailed(details=exc.message_dict) from exc


def organisation_create(*, actor: Any = None, **fields: Any) -> Organisation:
    """Create an organisation after validating its name, type, size class and credit code."""
    with set_actor(actor):
        return _save(Organisation(**{k: v for k, v in fields.items() if k in ORG_FIELDS}))


def organisation_update(*, actor: Any = None, organisation: Organisation, **fields: Any) -> Organisation:
    """Change the given fields of an organisation, with the same checks as on creation. A change of its identity
    (name, English name, type, credit code) by anyone but a platform administrator is checked now and applied only
    when a platform administrator approves it (see identity_change_review)."""
    fields = {k: v for k, v in fields.items() if k in ORG_FIELDS}
    organisation = Organisation.objects.get(pk=organisation.pk)  # a bound form may have changed the instance
    identity = {k: v for k, v in fields.items() if k in IDENTITY_FIELDS and _differs(organisation, k, v)}
    reviewed = actor is not None and not is_platform_admin(actor) and identity
    for name, value in fields.items():
        if not (reviewed and name in identity):
            setattr(organisation, name, _blank(name, value))
    if reviewed:
        _request_identity_change(actor, organisation, identity)
    with set_actor(actor):
        return _save(organisation)


IDENTITY_FIELDS = ("name", "name_en", "kind", "uscc")


def _blank(field: str, value: Any) -> Any:
    """An absent value: no city, otherwise the empty text."""
    return value if value is not None else (None if field in ("city", "city_id", "uscc") else "")


def _differs(organisation: Organisation, field: str, value: Any) -> bool:
    return (getattr(organisation, field) or "") != (value or "")


def _request_identity_change(actor: Any, organisation: Organisation, identity: dict[str, Any]) -> IdentityChange:
    probe = Organisation(**{f: getattr(organisation, f) for f in ORG_FIELDS if f != "city"})
    probe.pk = organisation.pk
    for name, value in identity.items():
        setattr(probe, name, _blank(name, value))
    _check(probe)
    if IdentityChange.objects.filter(organisation=organisation, status=IdentityChangeStatus.PENDING).exists():
        raise Conflict(_("A change of this organisation's identity is already awaiting review."),
                       code="identity_change_pending")
    with set_actor(actor):
        return IdentityChange.objects.create(
            organisation=organisation, requested_by=actor,
            changes={k: getattr(probe, k) for k in identity},
            previous={k: getattr(organisation, k) for k in identity})


# The identity-change lifecycle: the allowed (from, to) steps, each taken by a platform administrator (checked first,
# so that nobody else learns how a change was decided); a change is reviewed once. The change itself keeps who asked
# and when, and who reviewed it and when: that is its whole history.
IDENTITY_STEPS: frozenset[tuple[str, str]] = frozenset({
    (IdentityChangeStatus.PENDING, IdentityChangeStatus.APPROVED),
    (IdentityChangeStatus.PENDING, IdentityChangeStatus.REJECTED),
})


def identity_change_review(*, actor: Any, change: IdentityChange, approve: bool, note: str = "",
                           request: Any = None) -> IdentityChange:
    """A platform administrator applies or refuses a requested change of name, type or credit code."""
    to = IdentityChangeStatus.APPROVED if approve else IdentityChangeStatus.REJECTED
    authorize(actor, Action.ORG_IDENTITY_REVIEW, change, request=request)
    change = IdentityChange.objects.select_for_update().select_related("organisation").get(pk=change.pk)
    if (change.status, to) not in IDENTITY_STEPS:
        raise Conflict(_("This change has already been reviewed."), code="already_reviewed",
                       details={"from": change.status, "to": to})
    with set_actor(actor):
        if approve:
            organisation = change.organisation
            for name, value in change.changes.items():
                setattr(organisation, name, value)
            _save(organisation)
        change.status = to
        change.reviewed_by, change.reviewed_at, change.review_note = actor, timezone.now(), note.strip()[:500]
        change.save()
    return change


def membership_add(*, user: Any, organisation: Organisation, role: str, actor: Any = None) -> Membership:
    """Give a person a role in an organisation whose type suits the role; the change log names the actor."""
    allowed = ROLE_ORG_KINDS.get(role)
    if role not in Role.values:
        raise ValidationFailed(details={"role": f"unknown role {role!r}"})
    if allowed is not None and organisation.kind not in allowed:
        raise ValidationFailed(
            gettext("this role does not fit the organisation's type"),
            details={"role": role, "kind": organisation.kind},
        )
    # Without an actor, keep the one the request's middleware set rather than clear it.
    with set_actor(actor) if actor is not None else nullcontext():
        membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return membership


def organisations_ensure_for_applicants(
    *, names: list[str], city_finder: CityFinder, addresses: dict[str, str] | None = None
) -> dict[str, int]:
    """Organisation ids for applicant names that are organisations, creating the missing ones in bulk."""
    wanted: dict[str, str] = {}
    for name in names:
        if looks_like_organisation(name):
            wanted.setdefault(normalize_name(name), name)
    if not wanted:
        return {}
    found = dict(Organisation.objects.filter(name_normalized__in=list(wanted)).values_list("name_normalized", "id"))
    missing = [key for key in wanted if key not in found]
    addresses = addresses or {}
    Organisation.objects.bulk_create(
        [Organisation(
            name=wanted[key][:200], name_normalized=key[:200], kind=guess_kind(wanted[key]),
            city=city_finder.find(addresses.get(wanted[key], ""), [wanted[key]]),
            address=addresses.get(wanted[key], "")[:300],
        ) for key in missing],
        batch_size=500, ignore_conflicts=True,
    )
    if missing:
        found.update(Organisation.objects.filter(name_normalized__in=missing).values_list("name_normalized", "id"))
    return found
