"""The site's navigation: each item is offered only to users whom the permission module lets open its page."""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    also: tuple[str, ...] = ()  # other parts of the site (path prefixes) the item stands for

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = (
    NavItem("search", "search:search", _("Search")),
    NavItem("patents", "patents:list", _("Patents")),
    NavItem("demands", "demands:list", _("Demands")),
    NavItem("pool", "pool:list", _("Pool")),
    # The market: auctions, listed transfers, matchmaking events and pledge disposals, one row under one item.
    NavItem("market", "auctions:list", _("Market"), also=("/listings/", "/events/", "/finance/")),
    NavItem("orgs", "orgs:list", _("Organisations")),
    NavItem("products", "products:public", _("Products"), also=("/recognition/", "/rewards/")),
    NavItem("cases", "typical_cases:list", _("Typical cases")),
    NavItem("imports", "patents:import_list", _("Imports"), Action.PATENT_IMPORT),
    NavItem("inventory", "pool:inventory", _("Stock patents"), Action.INVENTORY_VIEW),
    NavItem("licences", "licensing:licences", _("Licences"), Action.AGREEMENTS_VIEW),
    NavItem("deals", "deals:list", _("Deals"), Action.AGREEMENTS_VIEW),
    # The technology-transfer part of the site: offered when any page of its row is, leading to the first of them.
    NavItem("office", "casework:index", _("Technology transfer"),
            also=("/managers/", "/committee/", "/tenders/")),
    NavItem("commissioners", "commissioners:index", _("Commissioners"), also=("/matchmaker-rewards/",)),
    NavItem("revenue", "revenue:statement", _("Revenue"), Action.REVENUE_VIEW),
    NavItem("kpi", "kpi:dashboard", _("KPIs"), Action.KPI_VIEW),
    NavItem("industry", "monitoring:overview", _("Industry statistics"), Action.MONITORING_VIEW),
    NavItem("audit", "audit", _("Audit trail"), Action.AUDIT_VIEW),
    NavItem("health", "health", _("Health"), Action.HEALTH_VIEW),
)
# The products part of the site: filing (专利产品备案), recognition (专利密集型产品认定) and sales-based rewards, shown
# as a second row on its pages.
PRODUCT_ITEMS = (
    NavItem("products-public", "products:public", _("Filed products")),
    NavItem("recognised", "recognition:list", _("Patent-intensive products")),
    NavItem("products-own", "products:own", _("Our products"), Action.PRODUCTS_OWN_VIEW),
    NavItem("recognition-mine", "recognition:mine", _("Our recognition applications"), Action.RECOGNITION_APPLY),
    NavItem("products-review", "products:review", _("Filings to review"), Action.PRODUCT_REVIEW),
    NavItem("recognition-queue", "recognition:queue", _("Recognitions to review"), Action.RECOGNITION_REVIEW),
    NavItem("rewards", "rewards:index", _("Sales-based rewards"), Action.REWARDS_VIEW),
    NavItem("criteria", "recognition:criteria", _("Recognition criteria")),
)
# The work of an institution's technology-transfer office (measure 1): invention disclosures and the cases that grow from
# them, managers, the expert committee, agency tenders.
OFFICE_ITEMS = (
    NavItem("casework", "casework:index", _("Technology cases"), Action.CASES_PAGES),
    NavItem("managers", "managers:index", _("Technology managers"), Action.MANAGERS_PAGES),
    NavItem("committee", "committee:index", _("Expert committee"), Action.COMMITTEE_MANAGE),
    NavItem("tenders", "tendering:list", _("Agency tenders"), Action.TENDERS_PAGES),
)
# Point-to-point service by 专利运营特派员 (measure 5) and the rewards for brokering university–enterprise deals.
COMMISSIONER_ITEMS = (
    NavItem("commissioners-home", "commissioners:index", _("Commissioners"), Action.COMMISSIONERS_PAGES),
    NavItem("mm-rewards", "matchmaker_rewards:index", _("Matchmaker rewards"), Action.MM_REWARDS_PAGES),
    NavItem("mm-mine", "matchmaker_rewards:mine", _("My deals and applications"), Action.MM_REWARDS_MINE),
    NavItem("mm-queue", "matchmaker_rewards:queue", _("Rewards to review"), Action.MM_REWARD_DECIDE),
    NavItem("mm-ledger", "matchmaker_rewards:ledger", _("Rewards ledger"), Action.MM_REWARD_DECIDE),
)
MARKET_ITEMS = (
    NavItem("auctions", "auctions:list", _("Auctions")),
    NavItem("listings", "listings:index", _("Listed transfers")),
    NavItem("events", "events:index", _("Matchmaking events")),
    NavItem("auctions-desk", "auctions:desk", _("My auctions"), Action.AUCTIONS_DESK),
    NavItem("listings-mine", "listings:mine", _("My listings"), Action.LISTINGS_MINE),
    NavItem("events-mine", "events:mine", _("My events"), Action.EVENTS_MINE),
    NavItem("disposals", "finance:index", _("Pledge disposals"), Action.DISPOSALS_PAGES),
)
SECTIONS = {"products": PRODUCT_ITEMS, "office": OFFICE_ITEMS, "commissioners": COMMISSIONER_ITEMS,
            "market": MARKET_ITEMS}

# The account side of the header.
ACCOUNT_ITEMS = (
    NavItem("inbox", "notices:inbox", _("Inbox"), signed_in=True),
    NavItem("privacy-mine", "privacy:mine", _("My personal information"), signed_in=True),
    NavItem("privacy-desk", "privacy:desk", _("Personal information requests"), Action.PRIVACY_DESK),
)


def is_current(item: NavItem, path: str) -> bool:
    """Whether the page at `path` belongs to the item's part of the site (the home page only to itself)."""
    url = item.url
    if url == "/":
        return path == url
    return any(path.startswith(prefix) for prefix in (url, *item.also))


def _offered(user: Any, item: NavItem) -> bool:
    if item.action is not None:
        return is_allowed(user, item.action)
    return not item.signed_in or bool(getattr(user, "is_authenticated", False))


def nav_items_for(user: Any) -> list[NavItem]:
    """The main navigation for this user (anonymous visitors included). An item that heads a section is offered when
    any page of the section is, and leads to the first of those."""
    offered = []
    for item in NAV_ITEMS:
        if item.key in SECTIONS:
            first = next((sub for sub in SECTIONS[item.key] if _offered(user, sub)), None)
            if first is not None:
                offered.append(replace(item, url_name=first.url_name))
        elif _offered(user, item):
            offered.append(item)
    return offered


def account_items_for(user: Any) -> list[NavItem]:
    return [item for item in ACCOUNT_ITEMS if _offered(user, item)]


def section_items_for(user: Any, path: str) -> list[tuple[NavItem, bool]]:
    """The second row of the part of the site being shown (empty where that part has none), each item with whether
    it is the page shown (the longest address that leads the path)."""
    for key, items in SECTIONS.items():
        owner = next(item for item in NAV_ITEMS if item.key == key)
        if is_current(owner, path):
            offered = [item for item in items if _offered(user, item)]
            leading = [item.url for item in offered if path.startswith(item.url)]
            current = max(leading, key=len, default=None)
            return [(item, item.url == current) for item in offered]
    return []
