"""The one overlap rule of every grant kind. PostgreSQL enforces the same rule on binding grants with exclusion
constraints (migration 0002); this function decides first and names the article."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from patentbridge.rights.models import EXCLUDING, OWNERSHIP, GrantKind

NON_EXCLUDING_LICENCES = (GrantKind.ORDINARY_LICENCE, GrantKind.OPEN_LICENCE)


@dataclass(frozen=True)
class Clash:
    rule: str  # a stable code
    article: str  # the legal basis
    message: Promise


DOUBLE_TRANSFER = Clash("transfer_pending", gettext_lazy("Patent Law Art 10"), _(
    "Another transfer or equity contribution of this patent is signed and awaits registration: the patent cannot be "
    "transferred twice."))
DECLARATION_STANDING = Clash("declaration_standing", gettext_lazy("Patent Law Art 50"), _(
    "An open-licence declaration of this patent already stands."))
UNDER_EXCLUSIVE_DECLARATION = Clash("exclusive_licence", gettext_lazy("IR Art 86(1)"), _(
    "An exclusive or sole licence is signed and has not ended (even if it starts later): no open licence may be "
    "declared until it ends."))
OPEN_LICENCE_STANDING = Clash("open_licence_standing", gettext_lazy("Patent Law Art 51 ¶3"), _(
    "No exclusive or sole licence may be granted while an open-licence declaration stands."))
EXCLUSIVE_OVERLAP = Clash("exclusive_overlap", gettext_lazy("SPC Art 25"), _(
    "An exclusive or sole licence already covers this territory and period."))
ORDINARY_BINDS = Clash("ordinary_licence_binds", gettext_lazy("SPC Art 25"), _(
    "An ordinary licence (negotiated, or taken under an open licence, which binds even after the declaration is "
    "withdrawn) covers this territory and period: no exclusive or sole licence may be granted over it."))
UNDER_EXCLUSIVE = Clash("under_exclusive_licence", gettext_lazy("SPC Art 25"), _(
    "An exclusive or sole licence binds this territory and period: no ordinary licence may be granted over it."))


def clash(new: str, binding: str) -> Clash | None:
    """Why a new grant of kind `new` may not stand beside a binding grant of kind `binding` whose territory and
    period overlap its own, or None if both may stand (a transfer leaves the licences it finds in place)."""
    if new in OWNERSHIP or binding in OWNERSHIP:
        return DOUBLE_TRANSFER if new in OWNERSHIP and binding in OWNERSHIP else None
    if new == GrantKind.OPEN_DECLARATION:
        if binding == GrantKind.OPEN_DECLARATION:
            return DECLARATION_STANDING
        return UNDER_EXCLUSIVE_DECLARATION if binding in EXCLUDING else None
    if new in EXCLUDING:
        if binding == GrantKind.OPEN_DECLARATION:
            return OPEN_LICENCE_STANDING
        return EXCLUSIVE_OVERLAP if binding in EXCLUDING else ORDINARY_BINDS
    return UNDER_EXCLUSIVE if binding in EXCLUDING else None
