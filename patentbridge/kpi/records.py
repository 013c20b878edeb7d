"""The records behind each figure of the dashboard, as rows with named columns: the drill-down page, its CSV and XLSX
and the API all read them from here, so they list exactly what the figure counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from patentbridge.deals.models import DealKind
from patentbridge.events import selectors as events
from patentbridge.kpi import selectors
from patentbridge.kpi.programme import Period
from patentbridge.orgs.models import OrgKind
from patentbridge.recordation.models import RecordationKind

LIMIT = 5000  # rows on one page or in one file


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    type: str = "text"  # text, int, money, date, bool, patent (links `patent_lookup`)


@dataclass(frozen=True)
class Query:
    city: str | None
    year: int | None
    today: dt.date
    scope: str = "guangdong"
    organisation: int | None = None

    @property
    def end(self) -> dt.date:
        return Period(self.today).end_of(self.year)


@dataclass(frozen=True)
class Records:
    figure: str
    title: str | Promise
    definition: str | Promise
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]


LEFT_OUT = {"ended_early": _("ended early or registration cancelled"), "held": _("held for the regulator's "
                                                                                 "confirmation"),
            "rejected": _("rejected by the regulator"),
            "outside_guangdong": _("seller outside Guangdong")}
NOT_COUNTED = {"not_valid_at_start": _("not valid on 1 January"), "ended_before_conversion": _(
    "the patent had ended before its conversion"), "unknown_end": _("ended on a date the register does not give")}
GROUP_LABELS = {"institutes": _("Universities and research institutes"), "soe": _("State-owned enterprises")}
ROUTES = {**dict(DealKind.choices), "open_licence": _("Open licence")}
SOURCES = {"platform": _("platform records"), "entered": _("entered by the regulator"),
           "missing": _("no figure: enter it")}


def _patent(patent: Any) -> dict[str, Any]:
    return {"patent": patent.lookup_number if patent else "", "patent_lookup": patent.lookup_number if patent else "",
            "patent_title": patent.title if patent else ""}


CONTRACT_COLUMNS = (
    Column("registered_on", _("Registered on"), "date"), Column("registration_number", _("Registration number")),
    Column("patent", _("Patent"), "patent"), Column("patent_title", _("Title")), Column("seller", _("Seller")),
    Column("seller_city", _("Seller's city")), Column("buyer", _("Buyer")),
    Column("contract_type", _("Contract type")), Column("royalty", _("Paid by royalty"), "bool"),
    Column("contract_amount", _("Contract amount (RMB)"), "money"),
    Column("received", _("Royalties received by the period end (RMB)"), "money"),
    Column("counted_amount", _("Counted (RMB)"), "money"), Column("confirmation", _("Confirmation")),
)


def _contract_row(contract: Any) -> dict[str, Any]:
    confirmation = ""
    if contract.confirmed_by_id:
        confirmation = f"{contract.confirmed_by.username} {contract.confirmed_at:%Y-%m-%d} {contract.confirmation_note}"
    return {"id": contract.pk, "registered_on": contract.registered_on,
            "registration_number": contract.registration_number, **_patent(contract.patent),
            "seller": contract.seller.name, "seller_city": selectors._city_name(contract.seller) or "",
            "buyer": contract.buyer.name, "contract_type": contract.get_contract_type_display(),
            "royalty": getattr(contract, "royalty", False), "contract_amount": contract.contract_amount,
            "received": getattr(contract, "received", contract.royalties_received),
            "counted_amount": None if getattr(contract, "reason", None) else getattr(
                contract, "counted_amount", contract.contract_amount),
            "left_out_amount": getattr(contract, "counted_amount", None) if getattr(contract, "reason", None) else None,
            "status": contract.status, "confirmation": confirmation.strip(),
            "reason": getattr(contract, "reason", None) or "",
            "reason_label": str(LEFT_OUT.get(getattr(contract, "reason", None) or "", ""))}


def turnover(q: Query) -> Records:
    counted, _left_out = selectors.turnover_contracts(q.end, q.city)
    return Records("turnover", _("Technology contracts counted in the turnover"), TURNOVER_DEFINITION,
                   CONTRACT_COLUMNS, [_contract_row(c) for c in counted[:LIMIT]])


def turnover_left_out(q: Query) -> Records:
    _counted, left_out = selectors.turnover_contracts(q.end, q.city)
    return Records("turnover_left_out", _("Patent-related contracts left out of the turnover"), TURNOVER_DEFINITION,
                   (*CONTRACT_COLUMNS[:-2], Column("left_out_amount", _("Left out (RMB)"), "money"),
                    Column("reason_label", _("Why left out")), CONTRACT_COLUMNS[-1]),
                   [_contract_row(c) for c in left_out[:LIMIT]])


def held(q: Query) -> Records:
    return Records("held", _("Technology contracts held for confirmation"), _(
        "Registered contracts above the plausibility bound wait for a regulator before they count."),
        CONTRACT_COLUMNS, [_contract_row(c) for c in selectors.held_contracts(q.city)[:LIMIT]])


def product_firms(q: Query) -> Records:
    firms: dict[int, dict[str, Any]] = {}
    for product in selectors.filed_products(q.end, q.city).order_by("filer__name", "pk"):
        row = firms.setdefault(product.filer_id, {"filer": product.filer.name,
                                                  "city": selectors._city_name(product.filer) or "",
                                                  "products": 0, "product_names": []})
        row["products"] += 1
        row["product_names"].append(str(product))
    rows = [{**r, "product_names": "；".join(r["product_names"])} for r in firms.values()]
    return Records("product_firms", _("Enterprises with filed patent products"), PRODUCTS_DEFINITION, (
        Column("filer", _("Enterprise")), Column("city", _("City")), Column("products", _("Products filed"), "int"),
        Column("product_names", _("Products"))), rows[:LIMIT])


def product_patents(q: Query) -> Records:
    patents: dict[int, dict[str, Any]] = {}
    for link in selectors.product_patent_links(q.end, q.city):
        row = patents.setdefault(link.patent_id, {**_patent(link.patent), "products": [], "filers": []})
        row["products"].append(f"{link.product} ({link.product.filing_number})")
        if link.product.filer.name not in row["filers"]:
            row["filers"].append(link.product.filer.name)
    rows = [{**r, "products": "；".join(r["products"]), "filers": "；".join(r["filers"])} for r in patents.values()]
    return Records("product_patents", _("Patents in filed patent products"), PRODUCTS_DEFINITION, (
        Column("patent", _("Patent"), "patent"), Column("patent_title", _("Title")),
        Column("products", _("Filed products")), Column("filers", _("Enterprises"))), rows[:LIMIT])


def product_output(q: Query) -> Records:
    year = selectors.output_year(q.end, q.year)
    rows = [{"year": r.year, "product": str(r.product), "filing_number": r.product.filing_number or "",
             "filer": r.product.filer.name, "city": selectors._city_name(r.product.filer) or "",
             "recognised_on": r.recognised_on, "data_year": r.data.year, "output": r.data.output}
            for r in selectors.recognised_products(year, q.city)[:LIMIT]]
    return Records("product_output", _("Recognised patent-intensive products and their output"), OUTPUT_DEFINITION, (
        Column("year", _("Recognition year"), "int"), Column("product", _("Product")),
        Column("filing_number", _("Filing number")), Column("filer", _("Enterprise")), Column("city", _("City")),
        Column("recognised_on", _("Recognised on"), "date"), Column("data_year", _("Data year"), "int"),
        Column("output", _("Output (RMB)"), "money")), rows)


def recordations(q: Query) -> Records:
    query = selectors.recordations(q.city)
    if q.year:
        query = query.filter(filed_on__year=q.year)
    rows = [{"filed_on": r.filed_on, "kind": r.kind, "kind_label": RecordationKind(r.kind).label, **_patent(r.patent),
             "licensor": r.licensor.name, "city": selectors._city_name(r.licensor) or "",
             "licensee": r.licensee.name} for r in query[:LIMIT]]
    return Records("recordations", _("Licence recordations and transfer registrations"), RECORDATIONS_DEFINITION, (
        Column("filed_on", _("Recorded on"), "date"), Column("kind_label", _("Kind")),
        Column("patent", _("Patent"), "patent"), Column("patent_title", _("Title")),
        Column("licensor", _("Licensor or assignor")), Column("city", _("City")),
        Column("licensee", _("Licensee or assignee"))), rows)


def conversion(q: Query) -> Records:
    base = selectors.conversion_base(q.scope, q.city, q.organisation)
    year = q.year or q.end.year
    rows = [{**r, "group_label": str(GROUP_LABELS[r["group"]]), "kind_label": str(OrgKind(r["kind"]).label),
             "route_label": str(ROUTES.get(r["route"], r["route"])), "patent": r["patent_number"],
             "patent_lookup": r["patent_number"], "patent_title": r["title"],
             "not_counted_label": str(NOT_COUNTED.get(r["not_counted_because"] or "", ""))}
            for r in selectors.conversion_rows(base, year, q.today)]
    rows.sort(key=lambda r: (r["group"] != "institutes", r["institution"], not r["counted"], r["patent"]))
    return Records("conversion", _("Invention patents behind the conversion rate"), CONVERSION_DEFINITION, (
        Column("institution", _("Institution")), Column("kind_label", _("Type")), Column("city", _("City")),
        Column("patent", _("Patent"), "patent"), Column("patent_title", _("Title")),
        Column("granted_on", _("Granted on"), "date"), Column("ends_on", _("No longer valid from"), "date"),
        Column("valid_at_start", _("Valid on 1 January"), "bool"), Column("converted_on", _("Converted on"), "date"),
        Column("route_label", _("Route")), Column("counterparty", _("Counterparty")), Column("counted", _("Counted as converted"), "bool"),
        Column("not_counted_label", _("Why not counted"))), rows[:LIMIT])


def institution(q: Query) -> Records:
    """Every conversion of one institution's invention patents, in any year, and whether the patent was still valid
    on its day."""
    base = selectors.conversion_base("all", None, q.organisation)
    rows = []
    for (org_id, patent_id), conversions in base.conversions.items():
        term = base.terms.get(patent_id)
        if term is None:  # not an invention patent it applied for
            continue
        for on, route, party in conversions:
            rows.append({"institution": base.institutions[org_id].name, "converted_on": on, "route": route,
                         "route_label": str(ROUTES.get(route, route)), "counterparty": party,
                         "patent": term.number, "patent_lookup": term.number, "patent_title": term.title,
                         "granted_on": term.granted_on, "ends_on": term.ends_on, "valid": term.valid_on(on)})
    rows.sort(key=lambda r: (r["converted_on"], r["patent"]), reverse=True)
    return Records("institution", _("Conversions of one institution's invention patents"), CONVERSION_DEFINITION, (
        Column("institution", _("Institution")), Column("converted_on", _("Converted on"), "date"),
        Column("route_label", _("Route")), Column("counterparty", _("Counterparty")),
        Column("patent", _("Patent"), "patent"), Column("patent_title", _("Title")),
        Column("granted_on", _("Granted on"), "date"), Column("ends_on", _("No longer valid from"), "date"),
        Column("valid", _("Valid on that day"), "bool")), rows[:LIMIT])


def declarations(q: Query) -> Records:
    rows = [{"declared_on": d.declared_on, **_patent(d.patent), "organisation": d.organisation.name,
             "fee_terms": d.fee_terms, "status": d.get_status_display()} for d in selectors.declarations(q.city)[:LIMIT]]
    return Records("declarations", _("Open-licence declarations"), "", (
        Column("declared_on", _("Declared on"), "date"), Column("patent", _("Patent"), "patent"),
        Column("patent_title", _("Title")), Column("organisation", _("Patentee")),
        Column("fee_terms", _("Fee terms")), Column("status", _("Status"))), rows)


def licences(q: Query) -> Records:
    rows = [{"starts_on": x.starts_on, **_patent(x.declaration.patent), "licensor": x.declaration.organisation.name,
             "licensee": x.licensee.name, "amount_due": x.amount_due} for x in selectors.licences(q.city)[:LIMIT]]
    return Records("licences", _("Open licences taken"), "", (
        Column("starts_on", _("Starts on"), "date"), Column("patent", _("Patent"), "patent"),
        Column("patent_title", _("Title")), Column("licensor", _("Licensor")), Column("licensee", _("Licensee")),
        Column("amount_due", _("Amount due (RMB)"), "money")), rows)


def matchmaking_events(q: Query) -> Records:
    """Events held (closed, or published and over) by city and year: registrations, meetings held, deals started."""
    return Records("events", _("Matchmaking events held"), EVENTS_DEFINITION, (
        Column("held_on", _("Held on"), "date"), Column("city", _("City")), Column("organiser", _("Organiser")),
        Column("kind", _("Kind")), Column("title", _("Event")), Column("registered", _("Registered"), "int"),
        Column("meetings_held", _("Meetings held"), "int"), Column("deals_started", _("Deals started"), "int"),
        Column("deals_amount", _("Amount of the deals started (RMB)"), "money")),
        events.kpi_rows(q.city, q.year, LIMIT))


# The definitions in plain words, shown next to each figure and on its drill-down.
EVENTS_DEFINITION = _(
    "Matchmaking events, promotion and auction fairs and finance events that took place in the city and year (by "
    "their start), with the organisations registered, the one-to-one meetings whose outcome was recorded, and the "
    "deals those meetings started with their contract amounts.")
TURNOVER_DEFINITION = _(
    "Registered technology contracts that name a patent, registered from the programme start to the period end, "
    "summed by the seller's city in Guangdong (a seller outside Guangdong is left out). A contract that ended early "
    "or whose registration was cancelled is left out; one paid by running royalty counts the royalties received by "
    "the period end, not the amount agreed.")
PRODUCTS_DEFINITION = _(
    "Distinct Guangdong enterprises, and distinct patents, of products filed and not revoked on the period end.")
OUTPUT_DEFINITION = _(
    "The output reported for the data year of every product recognised as patent-intensive for the year (the latest "
    "year with recognitions unless a year is chosen).")
RECORDATIONS_DEFINITION = _(
    "Licence-contract recordations and transfer registrations recorded on the platform for a Guangdong licensor or "
    "assignor, by year. A year the platform holds none of (the base year 2023) is taken from the regulator's entry. "
    "The average growth is compound, from 2023 to the last complete year; the running year is compared only with the "
    "same days of last year.")
CONVERSION_DEFINITION = _(
    "Per university and research institute (state-owned enterprises apart): its invention patents converted in the "
    "year (licensed, transferred or invested, recorded or registered, or an open licence taken) while still valid, "
    "divided by its invention patents valid on 1 January. Valid means granted by then and not yet expired, lapsed, "
    "abandoned or invalidated by the register's dates and dated legal events; a patent the register shows as ended "
    "without a date is left out of both.")

FIGURES: dict[str, Callable[[Query], Records]] = {
    "turnover": turnover, "turnover_left_out": turnover_left_out, "held": held, "product_firms": product_firms,
    "product_patents": product_patents, "product_output": product_output, "recordations": recordations,
    "conversion": conversion, "institution": institution, "declarations": declarations, "licences": licences,
    "events": matchmaking_events,
}


def export_rows(records: Records) -> tuple[list[str], list[list[Any]]]:
    """The header and the rows of a figure's records, as a spreadsheet holds them."""
    header = [str(c.label) for c in records.columns]
    return header, [[_cell(row.get(c.key), c.type) for c in records.columns] for row in records.rows]


def _cell(value: Any, kind: str) -> Any:
    if kind == "bool":
        return "✓" if value else ""
    return "" if value is None else value

