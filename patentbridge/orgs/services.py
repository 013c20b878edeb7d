"""Writes of organisations and memberships. Callers own the transaction."""

from __future__ import annotations

from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.orgs.codes import InvalidCode, normalize_uscc
from patentbridge.orgs.models import ENTERPRISE_KINDS, Membership, Organisation, OrgKind, Role
from patentbridge.orgs.names import clean_display_name, guess_kind, looks_like_organisation, normalize_name
from patentbridge.orgs.selectors import CityFinder

ORG_FIELDS = ("name", "name_en", "kind", "size_class", "uscc", "city", "city_id", "province", "address", "website", "description")
ROLE_ORG_KINDS = {
    Role.TECH_TRANSFER_MANAGER: {OrgKind.UNIVERSITY, OrgKind.INSTITUTE, OrgKind.SOE},
    Role.INVENTOR: {OrgKind.UNIVERSITY, OrgKind.INSTITUTE, OrgKind.SOE},
    Role.ENTERPRISE_USER: {OrgKind.ENTERPRISE, OrgKind.SOE},
    Role.AGENCY_BROKER: {OrgKind.AGENCY},
    Role.BANK_OFFICER: {OrgKind.FINANCIAL},
    Role.REGULATOR: {OrgKind.REGULATOR},
}


def _validate(org: Organisation) -> None:
    errors: dict[str, str] = {}
    org.name = clean_display_name(org.name)
    if not org.name:
        errors["name"] = "名称不能为空 / the name is required"
    if org.uscc:
        try:
            org.uscc = normalize_uscc(org.uscc)
        except InvalidCode as exc:
            errors["uscc"] = str(exc)
    else:
        org.uscc = None
    if org.kind not in OrgKind.values:
        errors["kind"] = f"未知的单位类型 / unknown organisation type {org.kind!r}"
    if org.size_class and org.kind not in ENTERPRISE_KINDS:
        errors["size_class"] = "只有企业有规模分类 / only enterprises have a size class"
    if errors:
        raise ValidationFailed("单位信息有误 / some fields are not valid", details=errors)
    org.name_normalized = normalize_name(org.name)


def _save(org: Organisation) -> Organisation:
    _validate(org)
    duplicate = Organisation.objects.exclude(pk=org.pk).filter(name_normalized=org.name_normalized).exists()
    if duplicate:
        raise Conflict("已有同名单位 / an organisation with this name exists", details={"name": org.name})
    if org.uscc and Organisation.objects.exclude(pk=org.pk).filter(uscc=org.uscc).exists():
        raise Conflict("统一社会信用代码已被使用 / this credit code is already registered", details={"uscc": org.uscc})
    try:
        org.full_clean(exclude=["name_normalized"], validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        raise ValidationFailed(details=exc.message_dict) from exc
    try:
        org.save()
    except IntegrityError as exc:  # a concurrent insert with the same name or code
        raise Conflict(details={"database": str(exc)[:200]}) from exc
    return org


def organisation_create(*, actor: Any = None, **fields: Any) -> Organisation:
    """Create an organisation after validating its name, type, size class and credit code."""
    with set_actor(actor):
        return _save(Organisation(**{k: v for k, v in fields.items() if k in ORG_FIELDS}))


def organisation_update(*, actor: Any = None, organisation: Organisation, **fields: Any) -> Organisation:
    """Change the given fields of an organisation, with the same checks as on creation."""
    for name, value in fields.items():
        if name in ORG_FIELDS:
            nullable = Organisation._meta.get_field(name).null
            setattr(organisation, name, value if value is not None or nullable else "")
    with set_actor(actor):
        return _save(organisation)


def membership_add(*, user: Any, organisation: Organisation, role: str) -> Membership:
    """Give a person a role in an organisation whose type suits the role."""
    allowed = ROLE_ORG_KINDS.get(role)
    if role not in Role.values:
        raise ValidationFailed(details={"role": f"unknown role {role!r}"})
    if allowed is not None and organisation.kind not in allowed:
        raise ValidationFailed(
            "该角色与单位类型不符 / this role does not fit the organisation's type",
            details={"role": role, "kind": organisation.kind},
        )
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
