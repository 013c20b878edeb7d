"""The regulator's figures against the plan's six 2025 targets (粤府办〔2024〕8号, rules.md §4.3), each defined once
here with the records behind it, so that every number drills down to them and the page, the exports and the API
agree. The definitions (also said in words on the dashboard):

- turnover: registered (counted) technology contracts that name a patent, registered from the programme start
  (KPI_PROGRAMME_START) to the period end, by the SELLER's Guangdong city (the 2024 draft registers where the seller
  is; a seller outside Guangdong is left out of the provincial figure); a contract that ended early or whose
  registration was cancelled is left out; a contract paid by running royalty counts what was received by the period
  end, any other its contract amount;
- product filing: distinct Guangdong filers and distinct patents of products filed and not revoked on the period
  end; output: Σ output of the data year of the recognitions recognised for the year;
- recordations: licence recordations and transfer registrations recorded on the platform for a Guangdong licensor
  or assignor, per year of filing; a year the platform holds none of is taken from the regulator's entry; compound
  growth from 2023 to the last complete year; the running year only year-to-date against the same days last year;
- conversion rate: per university, institute (and, apart, state-owned enterprise): its invention patents converted
  in the year ÷ its invention patents valid on 1 January (see `_validity`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from patentbridge.core.db_router import replica_reads
from patentbridge.deals.conversions import CONVERTED_DEAL_STATUSES, CONVERTED_LICENCE_STATUSES
from patentbridge.deals.models import RIGHT_KINDS, ROYALTY_MODES, Deal
from patentbridge.kpi import programme
from patentbridge.kpi.models import RecordationBaseline
from patentbridge.kpi.programme import Period
from patentbridge.licensing.models import DeclarationStatus, LicenceStatus, OpenLicence, OpenLicenceDeclaration
from patentbridge.orgs.models import City, Organisation, OrgKind
from patentbridge.patents.models import LegalEvent, LegalStatus, Patent, PatentApplicant, PatentType
from patentbridge.products.models import Product, ProductPatent, ProductStatus
from patentbridge.recognition.models import Recognition, RecognitionStatus
from patentbridge.recognition.selectors import recognised
from patentbridge.recordation.models import (
    ContractStatus,
    Recordation,
    RecordationKind,
    RecordationStatus,
    RoyaltyReceipt,
    TechContractRegistration,
)
from patentbridge.revenue.services import ROYALTY_LICENCE_MODES

TURNOVER_TARGET = programme.TURNOVER_TARGET
RECORDATION_GROWTH_TARGET = programme.RECORDATION_GROWTH_TARGET
GUANGDONG = "44"  # GB/T 2260 code of the province
SCOPES = ("guangdong", "elsewhere", "all")
# The conversion rate's two groups: the plan's universities and institutes, and state-owned enterprises apart.
GROUPS = {"institutes": (OrgKind.UNIVERSITY, OrgKind.INSTITUTE), "soe": (OrgKind.SOE,)}
UNKNOWN_CITY = "~unknown"
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# How many years before the plan the conversion trend reaches back.
TREND_YEARS_BEFORE = 2


def guangdong_q(prefix: str = "") -> Q:
    """Organisations registered in Guangdong: a Guangdong city, a 广东 province, or a unified social credit code
    whose administrative-division digits (3rd–8th characters) are 44xxxx."""
    return (Q(**{f"{prefix}city__isnull": False}) | Q(**{f"{prefix}province__startswith": "广东"})
            | Q(**{f"{prefix}uscc__regex": rf"^..{GUANGDONG}"}))


def _in_city(prefix: str, city: str | None) -> Q:
    """Guangdong organisations (through `prefix`), in one city when given."""
    return guangdong_q(prefix) & Q(**{f"{prefix}city_id": city}) if city else guangdong_q(prefix)


def _city_name(organisation: Organisation) -> str | None:
    return organisation.city.name_zh if organisation.city_id else None


# ---------------------------------------------------------------------------------------------- turnover

def _royalty_paid() -> Q:
    """Contracts paid by running royalty: their deal's or open licence's payment mode says so, or royalties were
    received under them (the revenue app records receipts only for such contracts)."""
    return (Q(deal__payment_mode__in=ROYALTY_MODES)
            | Q(grant__open_licence__declaration__payment_mode__in=ROYALTY_LICENCE_MODES)
            | Q(royalties_received__gt=0))


def _received_by(end: dt.date) -> Coalesce:
    receipts = (RoyaltyReceipt.objects.filter(contract=OuterRef("pk"), received_on__lte=end).values("contract")
                .annotate(total=Sum("amount")).values("total"))
    money = DecimalField(max_digits=16, decimal_places=2)
    return Coalesce(Subquery(receipts, output_field=money), Value(ZERO), output_field=money)


def contracts_in_window(end: dt.date, city: str | None = None) -> QuerySet[TechContractRegistration]:
    """Every patent-related contract registered from the programme start to `end`, whatever its standing, with
    `royalty`, `received` (royalties received by `end`) and `counted_amount` annotated."""
    query = (TechContractRegistration.objects.filter(patent__isnull=False,
                                                     registered_on__range=(programme.programme_start(), end))
             .exclude(status=ContractStatus.PENDING)
             .select_related("patent", "seller__city", "buyer", "confirmed_by")
             .annotate(royalty=Case(When(_royalty_paid(), then=Value(True)), default=Value(False)),
                       received=_received_by(end))
             .annotate(counted_amount=Case(When(royalty=True, then="received"), default="contract_amount",
                                           output_field=DecimalField(max_digits=16, decimal_places=2)))
             .order_by("-registered_on", "-pk"))
    return query.filter(seller__city_id=city) if city else query


def _left_out_because(contract: TechContractRegistration) -> str | None:
    """Why a registered patent-related contract does not count toward the provincial turnover, or None."""
    if contract.ended_early_on is not None or contract.status == ContractStatus.CANCELLED:
        return "ended_early"
    if contract.status == ContractStatus.HELD:
        return "held"
    if contract.status == ContractStatus.REJECTED:
        return "rejected"
    seller = contract.seller
    in_guangdong = (seller.city_id is not None or seller.province.startswith("广东")
                    or (seller.uscc or "")[2:4] == GUANGDONG)
    return None if in_guangdong else "outside_guangdong"


def turnover_contracts(end: dt.date, city: str | None = None) -> tuple[list[Any], list[Any]]:
    """(counted, left out) contracts of the turnover to `end`; each left-out one carries `reason`."""
    counted, left_out = [], []
    for contract in contracts_in_window(end, city):
        contract.received, contract.counted_amount = contract.received.quantize(CENT), contract.counted_amount.quantize(
            CENT)
        contract.reason = _left_out_because(contract)
        (left_out if contract.reason else counted).append(contract)
    return counted, left_out


def turnover_figure(end: dt.date, city: str | None = None) -> dict[str, Any]:
    counted, left_out = turnover_contracts(end, city)
    by_city: dict[str, list[Decimal | int]] = defaultdict(lambda: [ZERO, 0])
    for contract in counted:
        key = _city_name(contract.seller) or UNKNOWN_CITY
        by_city[key][0] += contract.counted_amount
        by_city[key][1] += 1
    reasons: dict[str, dict[str, Any]] = {}
    for contract in left_out:
        entry = reasons.setdefault(contract.reason, {"contracts": 0, "amount": ZERO})
        entry["contracts"] += 1
        entry["amount"] += contract.counted_amount
    total = sum((c.counted_amount for c in counted), ZERO)
    return {"amount": total, "contracts": len(counted), "target": TURNOVER_TARGET,
            "progress_percent": (total * 100 / TURNOVER_TARGET).quantize(Decimal("0.0001")),
            "royalty_contracts": sum(1 for c in counted if c.royalty),
            "start": programme.programme_start(), "end": end, "left_out": reasons,
            "by_city": [{"city": None if k == UNKNOWN_CITY else k, "amount": v[0], "contracts": v[1]}
                        for k, v in sorted(by_city.items(), key=lambda kv: (kv[0] == UNKNOWN_CITY, -kv[1][0]))]}


def held_contracts(city: str | None = None) -> QuerySet[TechContractRegistration]:
    """Contracts above the plausibility bound waiting for a regulator's confirmation before they count."""
    query = TechContractRegistration.objects.filter(status=ContractStatus.HELD).select_related(
        "patent", "seller__city", "buyer", "city", "confirmed_by").order_by("-registered_on", "-pk")
    return query.filter(seller__city_id=city) if city else query


# ---------------------------------------------------------------------------------------------- products

def filed_products(end: dt.date, city: str | None = None) -> QuerySet[Product]:
    """Products of Guangdong filers that stood filed on `end`: filed by then and not revoked by then."""
    return (Product.objects.filter(_in_city("filer__", city), filed_on__lte=end)
            .filter(Q(status=ProductStatus.FILED) | Q(status=ProductStatus.REVOKED, revoked_on__gt=end))
            .select_related("filer__city"))


def product_patent_links(end: dt.date, city: str | None = None) -> QuerySet[ProductPatent]:
    return (ProductPatent.objects.filter(product__in=filed_products(end, city))
            .select_related("patent", "product__filer__city").order_by("patent_id", "product_id"))


def output_year(end: dt.date, year: int | None) -> int | None:
    """The chosen year, or the latest year up to the period end with a recognised product."""
    if year is not None:
        return year
    return (Recognition.objects.filter(status=RecognitionStatus.RECOGNISED, year__lte=end.year)
            .order_by("-year").values_list("year", flat=True).first())


def recognised_products(year: int | None, city: str | None = None) -> QuerySet[Recognition]:
    """The recognition app's recognised products of the year, of Guangdong filers (in the city, when given)."""
    if year is None:
        return Recognition.objects.none()
    return recognised(year).filter(_in_city("product__filer__", city)).order_by("-data__output", "pk")


def product_figures(end: dt.date, year: int | None, city: str | None = None) -> dict[str, Any]:
    products = filed_products(end, city)
    firms = products.values("filer").distinct().count()
    patents = product_patent_links(end, city).values("patent").distinct().count()
    recognised_year = output_year(end, year)
    output = (recognised_products(recognised_year, city).aggregate(n=Sum("data__output"))["n"] or ZERO).quantize(CENT)
    return {"end": end, "products": products.count(), "firms": firms, "patents": patents,
            "output": output, "output_year": recognised_year,
            "firms_target": programme.PRODUCT_FIRMS_TARGET, "patents_target": programme.PRODUCT_PATENTS_TARGET,
            "output_target": programme.PRODUCT_OUTPUT_TARGET}


# ---------------------------------------------------------------------------------------------- recordations

def recordations(city: str | None = None) -> QuerySet[Recordation]:
    """Licence recordations and transfer registrations recorded on the platform for a Guangdong licensor or
    assignor (in one city when given)."""
    return (Recordation.objects.filter(_in_city("licensor__", city), status=RecordationStatus.RECORDED,
                                       filed_on__isnull=False)
            .select_related("patent", "licensor__city", "licensee").order_by("-filed_on", "-pk"))


def recordations_held(year: int, city: str | None = None) -> int:
    return recordations(city).filter(filed_on__year=year).count()


def _count_kinds(query: QuerySet[Recordation]) -> tuple[int, int]:
    licences = query.filter(kind=RecordationKind.LICENCE).count()
    return licences, query.count() - licences


def _growth(now: int | None, before: int | None) -> Decimal | None:
    if not before or now is None:
        return None
    return (Decimal(now - before) * 100 / before).quantize(Decimal("0.1"))


def recordation_figures(period: Period, city: str | None = None) -> dict[str, Any]:
    """Per year: the platform's records, or the regulator's entry for a year it holds none of; the compound growth
    from the base year to the last complete year; the running year to date against the same days last year."""
    records = recordations(city)
    held: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for year, kind in records.values_list("filed_on__year", "kind"):
        held[year][0 if kind == RecordationKind.LICENCE else 1] += 1
    entered = {b.year: b for b in RecordationBaseline.objects.filter(city_id=city).select_related("entered_by")}
    first = min([programme.BASELINE_YEAR, *held, *entered])
    rows, previous = [], None
    for year in range(first, period.current_year + 1):
        row: dict[str, Any] = {"year": year, "partial": year == period.current_year, "source": "platform",
                               "entered_source": "", "entered_by": None}
        if year in held:
            row["licences"], row["transfers"] = held[year]
        elif year in entered:
            baseline = entered[year]
            row.update(licences=baseline.licences, transfers=baseline.transfers, source="entered",
                       entered_source=baseline.source, entered_by=baseline.entered_by.username)
        elif year < period.current_year and year <= programme.BASELINE_YEAR:
            row.update(licences=None, transfers=None, source="missing")
        else:
            row["licences"], row["transfers"] = 0, 0
        row["total"] = None if row["licences"] is None else row["licences"] + row["transfers"]
        row["growth_percent"] = None if row["partial"] else _growth(row["total"], previous)
        previous = row["total"]
        rows.append(row)
    totals = {r["year"]: r["total"] for r in rows if r["total"] is not None}
    growth = programme.average_growth(totals, programme.BASELINE_YEAR, period.last_complete_year)
    return {"per_year": rows, "growth_target_percent": RECORDATION_GROWTH_TARGET, "average_growth": growth,
            "base_year": programme.BASELINE_YEAR, "last_year": period.last_complete_year,
            "base_entered": programme.BASELINE_YEAR not in held and programme.BASELINE_YEAR in entered,
            "met": None if growth is None else growth >= RECORDATION_GROWTH_TARGET,
            "year_to_date": _year_to_date(records, period.today)}


def _year_to_date(records: QuerySet[Recordation], today: dt.date) -> dict[str, Any]:
    """The running year's recordations from 1 January to today, against the same days of last year."""
    last_year_day = programme.same_day_a_year_before(today)
    now = _count_kinds(records.filter(filed_on__range=(dt.date(today.year, 1, 1), today)))
    before = _count_kinds(records.filter(filed_on__range=(dt.date(today.year - 1, 1, 1), last_year_day)))
    return {"year": today.year, "through": today, "last_year_through": last_year_day,
            "licences": now[0], "transfers": now[1], "total": sum(now),
            "last_year_licences": before[0], "last_year_transfers": before[1], "last_year_total": sum(before),
            "growth_percent": _growth(sum(now), sum(before))}


# ---------------------------------------------------------------------------------------------- conversion

# Dated legal events that end a right: lapse (fees), expiry, renunciation, invalidation of the whole patent.
END_WORDS = ("失效", "终止", "届满", "放弃", "无效", "lapse", "expir", "abandon", "invalidat", "terminat")
NOT_END_WORDS = ("部分无效", "维持有效", "无效宣告请求", "请求宣告", "恢复", "partial", "request", "restor")
ENDED_STATUSES = (LegalStatus.LAPSED_FEES, LegalStatus.EXPIRED, LegalStatus.INVALIDATED, LegalStatus.LAPSED,
                  LegalStatus.ABANDONED)


def ends_right(description: str) -> bool:
    """Whether a legal event's text records the end of the whole right (not a request, a partial invalidation or a
    restoration)."""
    text = description.lower()
    return any(w in text for w in END_WORDS) and not any(w in text for w in NOT_END_WORDS)


@dataclass
class PatentTerm:
    """When an invention patent was valid: from its grant to the day before `ends_on`; `unknown_end` when the
    register says it has ended but gives no date for it."""

    patent_id: int
    number: str
    title: str
    granted_on: dt.date | None
    ends_on: dt.date | None
    unknown_end: bool
    unknown_grant: bool = False

    def valid_on(self, day: dt.date) -> bool:
        return (self.granted_on is not None and self.granted_on <= day and not self.unknown_end
                and (self.ends_on is None or day < self.ends_on))


def _terms(patent_ids: Iterable[int]) -> dict[int, PatentTerm]:
    """Each patent's validity from the register: granted on its grant date; ended on the day after its term's last
    day (expiry_date) or on the date of the first dated legal event that ends the right, whichever is earlier. A
    patent whose status says it ended (lapsed, expired, abandoned, invalidated) with neither date is of unknown
    validity on any past day and is left out of both sides of the rate; so is one in force whose grant date the
    register does not give (only its application was published)."""
    ids = list(patent_ids)
    ended_by_event: dict[int, dt.date] = {}
    for patent_id, date, text in (LegalEvent.objects.filter(patent_id__in=ids, date__isnull=False)
                                  .values_list("patent_id", "date", "description")):
        if ends_right(text) and (patent_id not in ended_by_event or date < ended_by_event[patent_id]):
            ended_by_event[patent_id] = date
    terms = {}
    today = timezone.localdate()
    for pk, application, publication, grant_no, title, granted, expiry, status in Patent.objects.filter(
            pk__in=ids).values_list("pk", "application_number", "publication_number", "grant_number", "title",
                                    "grant_date", "expiry_date", "legal_status"):
        ends = [d for d in (expiry + dt.timedelta(days=1) if expiry else None, ended_by_event.get(pk)) if d]
        ends_on = min(ends) if ends else None
        unknown = status in ENDED_STATUSES and (ends_on is None or ends_on > today)
        terms[pk] = PatentTerm(pk, application or publication or grant_no or "", title, granted, ends_on, unknown,
                               unknown_grant=granted is None and status == LegalStatus.IN_FORCE)
    return terms


def institutions_in(scope: str = "guangdong", city: str | None = None,
                    kinds: Iterable[str] = (*GROUPS["institutes"], *GROUPS["soe"])) -> QuerySet[Organisation]:
    """Universities, institutes and SOEs: Guangdong's by default, the others (outside Guangdong or of unknown
    region) or all on request."""
    query = Organisation.objects.filter(kind__in=list(kinds)).select_related("city")
    if scope == "guangdong":
        query = query.filter(guangdong_q())
    elif scope == "elsewhere":
        query = query.exclude(guangdong_q())
    return query.filter(city_id=city) if city else query


Conversion = tuple[dt.date, str, str]  # effective on, route (a deal kind or "open_licence"), counterparty


def _conversions(org_ids: set[int]) -> dict[tuple[int, int], list[Conversion]]:
    """(institution, patent) → each conversion's effective date, route and counterparty: licences, transfers and
    investment recorded or registered (deals), and open licences taken."""
    out: dict[tuple[int, int], list[Conversion]] = defaultdict(list)
    deals = (Deal.objects.filter(status__in=CONVERTED_DEAL_STATUSES, kind__in=RIGHT_KINDS, owner_id__in=org_ids,
                                 patent__isnull=False)
             .annotate(on=Coalesce("registered_on", "starts_on")).filter(on__isnull=False))
    for owner, patent, on, kind, party in deals.values_list("owner_id", "patent_id", "on", "kind",
                                                            "counterparty__name"):
        out[(owner, patent)].append((on, kind, party))
    taken = OpenLicence.objects.filter(status__in=CONVERTED_LICENCE_STATUSES, starts_on__isnull=False,
                                       declaration__organisation_id__in=org_ids)
    for owner, patent, on, party in taken.values_list("declaration__organisation_id", "declaration__patent_id",
                                                      "starts_on", "licensee__name"):
        out[(owner, patent)].append((on, "open_licence", party))
    for dates in out.values():
        dates.sort()
    return out


@dataclass
class ConversionBase:
    """The institutions of a scope, their invention patents' terms and conversions: what every year's rate reads."""

    institutions: dict[int, Organisation]
    links: list[tuple[int, int]]  # (institution, patent)
    terms: dict[int, PatentTerm]
    conversions: dict[tuple[int, int], list[Conversion]]


def conversion_base(scope: str = "guangdong", city: str | None = None,
                    organisation: int | None = None) -> ConversionBase:
    institutions = institutions_in(scope, city)
    if organisation is not None:
        institutions = institutions.filter(pk=organisation)
    orgs = {o.pk: o for o in institutions}
    links = sorted(set(PatentApplicant.objects.filter(organisation_id__in=orgs,
                                                      patent__patent_type=PatentType.INVENTION)
                       .values_list("organisation_id", "patent_id")))
    return ConversionBase(orgs, links, _terms({p for _, p in links}), _conversions(set(orgs)))


def year_span(year: int, today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)


def conversion_rows(base: ConversionBase, year: int, today: dt.date) -> list[dict[str, Any]]:
    """One row per institution's invention patent that was valid on 1 January of the year (the denominator), with
    its first conversion in the year while still valid (the numerator); then the year's conversions that are not
    counted, with the reason."""
    start, end = year_span(year, today)
    rows = []
    for org_id, patent_id in base.links:
        term, organisation = base.terms[patent_id], base.institutions[org_id]
        in_year = [c for c in base.conversions.get((org_id, patent_id), ()) if start <= c[0] <= end]
        valid = term.valid_on(start)
        counted = next((c for c in in_year if term.valid_on(c[0])), None) if valid else None
        reason = None
        if not valid and in_year:
            reason = "unknown_end" if term.unknown_end else "not_valid_at_start"
        elif valid and in_year and counted is None:
            reason = "ended_before_conversion"
        if not valid and reason is None:
            continue
        rows.append({"institution_id": org_id, "institution": organisation.name, "kind": organisation.kind,
                     "group": "soe" if organisation.kind in GROUPS["soe"] else "institutes",
                     "city": _city_name(organisation), "patent_id": patent_id, "patent_number": term.number,
                     "title": term.title, "granted_on": term.granted_on, "ends_on": term.ends_on,
                     "valid_at_start": valid,
                     "converted_on": counted[0] if counted else (in_year[0][0] if in_year else None),
                     "route": counted[1] if counted else (in_year[0][1] if in_year else ""),
                     "counterparty": counted[2] if counted else (in_year[0][2] if in_year else ""),
                     "counted": counted is not None, "not_counted_because": reason})
    return rows


def _rate(converted: int, valid: int) -> float | None:
    return round(converted / valid, 4) if valid else None


def _sum_rows(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    rows = list(rows)
    valid = sum(1 for r in rows if r["valid_at_start"])
    converted = sum(1 for r in rows if r["counted"])
    return {"valid": valid, "converted": converted, "rate": _rate(converted, valid),
            "percent": round(converted * 100 / valid, 1) if valid else None}


def conversion_figures(year: int, today: dt.date, scope: str = "guangdong", city: str | None = None
                       ) -> dict[str, Any]:
    """The year's rate per group (universities and institutes; SOEs apart), per institution and per city, and each
    year's rate from before the plan to this one."""
    base = conversion_base(scope, city)
    rows = conversion_rows(base, year, today)
    start, end = year_span(year, today)
    groups = {key: _sum_rows(r for r in rows if r["group"] == key) for key in GROUPS}
    institutions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    cities: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        institutions[row["institution_id"]].append(row)
        cities[(row["group"], row["city"] or UNKNOWN_CITY)].append(row)
    by_institution = sorted(
        ({"id": org_id, "name": base.institutions[org_id].name, "kind": base.institutions[org_id].kind,
          "group": items[0]["group"], "city": items[0]["city"], **_sum_rows(items)}
         for org_id, items in institutions.items()),
        key=lambda r: (r["group"] != "institutes", -(r["rate"] or 0), -r["valid"], r["name"]))
    by_city = sorted(({"group": group, "city": None if name == UNKNOWN_CITY else name, **_sum_rows(items)}
                      for (group, name), items in cities.items()),
                     key=lambda r: (r["group"] != "institutes", r["city"] is None, -r["valid"], r["city"] or ""))
    trend = []
    for y in range(programme.BASELINE_YEAR - TREND_YEARS_BEFORE, today.year + 1):
        year_rows = conversion_rows(base, y, today)
        trend.append({"year": y, "partial": y == today.year,
                      **{key: _sum_rows(r for r in year_rows if r["group"] == key) for key in GROUPS}})
    patents = {p for _, p in base.links}
    return {"year": year, "start": start, "end": end, "scope": scope, "groups": groups,
            "institutions": by_institution[:300], "by_city": by_city, "trend": trend,
            "unknown_end_patents": sum(1 for p in patents if base.terms[p].unknown_end),
            "unknown_grant_patents": sum(1 for p in patents if base.terms[p].unknown_grant)}


# ---------------------------------------------------------------------------------------------- open licensing

def declarations(city: str | None = None) -> QuerySet[OpenLicenceDeclaration]:
    query = OpenLicenceDeclaration.objects.select_related("patent", "organisation").order_by("-declared_on", "-pk")
    return query.filter(organisation__city_id=city) if city else query


def licences(city: str | None = None) -> QuerySet[OpenLicence]:
    query = OpenLicence.objects.filter(status=LicenceStatus.ACTIVE).select_related(
        "declaration__patent", "declaration__organisation", "licensee").order_by("-starts_on", "-pk")
    return query.filter(declaration__organisation__city_id=city) if city else query


# ---------------------------------------------------------------------------------------------- the whole

def _target(key: str, goal: Any, outcome: Any, met: bool | None, **extra: Any) -> dict[str, Any]:
    return {"key": key, "goal": goal, "outcome": outcome, "met": met, **extra}


def targets(turnover: dict[str, Any], products: dict[str, Any], recordation: dict[str, Any],
            conversion: dict[str, Any]) -> list[dict[str, Any]]:
    """The six targets in the plan's order, each with its figure for the period."""
    return [
        _target("conversion_rate", None, conversion["groups"]["institutes"]["rate"], None,
                soe_rate=conversion["groups"]["soe"]["rate"]),
        _target("turnover", TURNOVER_TARGET, turnover["amount"], turnover["amount"] >= TURNOVER_TARGET),
        _target("product_firms", programme.PRODUCT_FIRMS_TARGET, products["firms"],
                products["firms"] > programme.PRODUCT_FIRMS_TARGET),
        _target("product_patents", programme.PRODUCT_PATENTS_TARGET, products["patents"],
                products["patents"] > programme.PRODUCT_PATENTS_TARGET),
        _target("product_output", programme.PRODUCT_OUTPUT_TARGET, products["output"],
                products["output"] > programme.PRODUCT_OUTPUT_TARGET, year=products["output_year"]),
        _target("recordation_growth", RECORDATION_GROWTH_TARGET, recordation["average_growth"], recordation["met"],
                base_year=recordation["base_year"], last_year=recordation["last_year"]),
    ]


def valid_city(code: str | None) -> str | None:
    return code if code and City.objects.filter(pk=code).exists() else None


def valid_year(value: Any, today: dt.date) -> int | None:
    """A year the figures can be read for: from the base year before the plan to this one."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if programme.BASELINE_YEAR <= year <= today.year else None


@replica_reads()
def summary(city: str | None = None, scope: str = "guangdong", today: dt.date | None = None,
            year: int | None = None) -> dict[str, Any]:
    """Every figure of the dashboard for a period: to the end of the chosen year (today for the running one), or,
    without a choice, to today."""
    period = Period(today or timezone.localdate())
    scope = scope if scope in SCOPES else "guangdong"
    end = period.end_of(year)
    turnover = turnover_figure(end, city)
    products = product_figures(end, year, city)
    recordation = recordation_figures(period, city)
    conversion = conversion_figures(year or end.year, period.today, scope, city)
    return {
        "city": city, "year": year, "end": end,
        "programme": {"document": programme.DOCUMENT, "first_year": programme.FIRST_YEAR,
                      "last_year": programme.LAST_YEAR, "target_date": programme.TARGET_DATE,
                      "start": programme.programme_start(), "today": period.today, "ended": period.ended,
                      "current_year": period.current_year, "days_left": period.days_left},
        "targets": targets(turnover, products, recordation, conversion),
        "turnover": turnover, "products": products, "recordations": recordation, "conversion": conversion,
        "held_contracts": held_contracts(city).count(),
        "open_licensing": {"declarations_standing": declarations(city).filter(
            status=DeclarationStatus.STANDING).count(), "declarations_total": declarations(city).count(),
            "licences_taken": licences(city).count()},
    }
