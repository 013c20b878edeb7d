"""Who may do what: the one place where roles and organisations grant or refuse an action."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from patentbridge.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed
from patentbridge.core.models import SecurityEvent
from patentbridge.core.services import security_event_record
from patentbridge.orgs.models import ENTERPRISE_KINDS, Membership, Organisation, Role
from patentbridge.orgs.names import normalize_name


class Action(StrEnum):
    PATENT_CREATE = "patent.create"
    PATENT_CHANGE = "patent.change"
    PATENT_IMPORT = "patent.import"
    ORG_CREATE = "org.create"
    ORG_CHANGE = "org.change"
    ORG_VIEW_MEMBERS = "org.view_members"
    AUDIT_VIEW = "audit.view"
    DEMAND_CREATE = "demand.create"
    DEMAND_CHANGE = "demand.change"
    MATCH_SEND = "match.send"


# Roles that act for their own organisation's patents (create, edit, import).
PATENT_OWNER_ROLES = frozenset({Role.TECH_TRANSFER_MANAGER, Role.ENTERPRISE_USER})
READ_ALL_ROLES = frozenset({Role.REGULATOR, Role.PLATFORM_ADMIN})
# Roles that post and answer for their enterprise's technology demands.
DEMAND_ROLES = frozenset({Role.ENTERPRISE_USER})
# Roles that put patents forward to a demand: the patent's own office, or a broker.
MATCH_SENDER_ROLES = frozenset({Role.TECH_TRANSFER_MANAGER, Role.AGENCY_BROKER})


def roles_of(user: Any) -> set[tuple[int, str]]:
    """(organisation id, role) pairs, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_pb_roles", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._pb_roles = cached
    return cached


def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(r == Role.PLATFORM_ADMIN for _, r in roles_of(user))


def org_ids_with_roles(user: Any, roles: frozenset[str]) -> set[int]:
    return {org_id for org_id, role in roles_of(user) if role in roles}


def patentee_org_ids(user: Any, patent: Any) -> set[int]:
    """The user's organisations that own the patent and in which they act for its patents."""
    return set(patent.owner_org_ids()) & org_ids_with_roles(user, PATENT_OWNER_ROLES)


def reads_everything(user: Any) -> bool:
    """Regulators and platform admins read every deal, licence and figure (not only their own organisation's)."""
    return is_platform_admin(user) or any(role in READ_ALL_ROLES for _, role in roles_of(user))


def enterprise_of(user: Any) -> Organisation | None:
    """The enterprise a user acts for when posting demands, giving feedback or taking licences."""
    return (Organisation.objects.filter(pk__in=org_ids_with_roles(user, DEMAND_ROLES), kind__in=ENTERPRISE_KINDS)
            .order_by("pk").first())


def is_allowed(user: Any, action: Action, obj: Any = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_platform_admin(user):
        return True
    if action in (Action.PATENT_CREATE, Action.PATENT_IMPORT):
        return bool(org_ids_with_roles(user, PATENT_OWNER_ROLES))
    if action == Action.PATENT_CHANGE:
        return bool(patentee_org_ids(user, obj))
    if action in (Action.ORG_CHANGE, Action.ORG_VIEW_MEMBERS):
        return isinstance(obj, Organisation) and obj.pk in {org_id for org_id, _ in roles_of(user)}
    if action == Action.DEMAND_CREATE:
        return bool(org_ids_with_roles(user, DEMAND_ROLES))
    if action == Action.DEMAND_CHANGE:
        return obj.organisation_id in org_ids_with_roles(user, DEMAND_ROLES)
    if action == Action.MATCH_SEND:
        if org_ids_with_roles(user, frozenset({Role.AGENCY_BROKER})):
            return True
        return bool(set(obj.owner_org_ids()) & org_ids_with_roles(user, frozenset({Role.TECH_TRANSFER_MANAGER})))
    if action == Action.AUDIT_VIEW:
        return reads_everything(user) or (
            obj is not None and is_allowed(user, Action.ORG_CHANGE, obj)
        )
    return False


def authorize(user: Any, action: Action, obj: Any = None, *, request: HttpRequest | None = None) -> None:
    """Raise NotAuthenticated or PermissionDenied (and record the refusal) unless the action is allowed."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise NotAuthenticated()
    if is_allowed(user, action, obj):
        return
    security_event_record(
        kind=SecurityEvent.Kind.PERMISSION_DENIED, request=request, user=user, detail=f"{action} {obj!r}"[:500]
    )
    raise PermissionDenied(
        "您无权执行此操作 / You do not have permission to do this.", details={"action": str(action)}
    )


def owner_for_new_patent(user: Any, organisation_id: int | None, *, request: HttpRequest | None = None) -> Any:
    """The organisation a new patent is registered for: the user's own, or one an admin names."""
    own = org_ids_with_roles(user, PATENT_OWNER_ROLES)
    if organisation_id is None:
        return Organisation.objects.filter(pk__in=own).order_by("pk").first()
    if organisation_id not in own and not is_platform_admin(user):
        security_event_record(kind=SecurityEvent.Kind.PERMISSION_DENIED, request=request, user=user,
                              detail=f"patent.create for organisation {organisation_id}")
        raise PermissionDenied("只能为本单位登记专利 / you can register patents only for your own organisation")
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationFailed(details={"organisation_id": "没有这个单位 / no such organisation"})
    return organisation


@dataclass
class ImportScope:
    """Restricts which records an importer may create or change (None = everything: admins, the CLI)."""

    org_ids: set[int]
    org_names: set[str]


def import_scope_for(user: Any) -> tuple[ImportScope | None, Organisation | None]:
    """(scope, organisation) for an import by this user: admins import anything, others their own patents."""
    own = Organisation.objects.filter(pk__in=org_ids_with_roles(user, PATENT_OWNER_ROLES)).order_by("pk")
    first = own.first()
    if is_platform_admin(user):
        return None, first
    return ImportScope(org_ids={o.pk for o in own}, org_names={normalize_name(o.name) for o in own}), first
