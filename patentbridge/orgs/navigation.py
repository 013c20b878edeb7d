"""The site's navigation: each item is offered only to users whom the permission module lets open its page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.permissions import Action, is_allowed


@dataclass(frozen=True)
class NavItem:
    key: str  # the page's data-nav name
    url_name: str
    label: str | Promise
    action: Action | None = None  # None: open to everyone
    signed_in: bool = False  # the page asks for a signed-in user (but no particular permission)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = (
    NavItem("search", "search:search", _("Search")),
    NavItem("patents", "patents:list", _("Patents")),
    NavItem("demands", "demands:list", _("Demands")),
    NavItem("pool", "pool:list", _("Pool")),
    NavItem("orgs", "orgs:list", _("Organisations")),
    NavItem("imports", "patents:import_list", _("Imports"), Action.PATENT_IMPORT),
    NavItem("inventory", "pool:inventory", _("Stock patents"), Action.INVENTORY_VIEW),
    NavItem("licences", "licensing:licences", _("Licences"), Action.AGREEMENTS_VIEW),
    NavItem("deals", "deals:list", _("Deals"), Action.AGREEMENTS_VIEW),
    NavItem("revenue", "revenue:statement", _("Revenue"), Action.REVENUE_VIEW),
    NavItem("kpi", "kpi:dashboard", _("KPIs"), Action.KPI_VIEW),
    NavItem("audit", "audit", _("Audit trail"), Action.AUDIT_VIEW),
    NavItem("health", "health", _("Health"), Action.HEALTH_VIEW),
)
# The account side of the header.
ACCOUNT_ITEMS = (
    NavItem("inbox", "notices:inbox", _("Inbox"), signed_in=True),
)


def is_current(item: NavItem, path: str) -> bool:
    """Whether the page at `path` belongs to the item's part of the site (the home page only to itself)."""
    url = item.url
    return path == url if url == "/" else path.startswith(url)


def _offered(user: Any, item: NavItem) -> bool:
    if item.action is not None:
        return is_allowed(user, item.action)
    return not item.signed_in or bool(getattr(user, "is_authenticated", False))


def nav_items_for(user: Any) -> list[NavItem]:
    """The main navigation for this user (anonymous visitors included)."""
    return [item for item in NAV_ITEMS if _offered(user, item)]


def account_items_for(user: Any) -> list[NavItem]:
    return [item for item in ACCOUNT_ITEMS if _offered(user, item)]
