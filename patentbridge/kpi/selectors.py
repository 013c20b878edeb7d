"""The regulator's figures against the plan's 2025 targets (粤府办〔2024〕8号, rules.md §4.3), each with the query
behind it so that every number drills down to its records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from patentbridge.deals.models import RIGHT_KINDS, Deal, DealKind, DealStatus
from patentbridge.kpi import programme
from patentbridge.kpi.programme import Period
from patentbridge.licensing.models import DeclarationStatus, LicenceStatus, OpenLicence, OpenLicenceDeclaration
from patentbridge.orgs.models import INSTITUTION_KINDS, Organisation
from patentbridge.patents.models import LegalStatus, Patent, PatentApplicant
from patentbridge.recordation.models import (
    ContractStatus,
    Recordation,
    RecordationKind,
    RecordationStatus,
    TechContractRegistration,
)

TURNOVER_TARGET = programme.TURNOVER_TARGET
RECORDATION_GROWTH_TARGET = programme.RECORDATION_GROWTH_TARGET
# A deal counts as a conversion once the law's binding step is behind it: its licence recorded or its transfer
# registered (a signature alone is one party's word until then).
CONVERTED_DEAL_STATUSES = (DealStatus.RECORDED, DealStatus.PERFORMING, DealStatus.COMPLETED)
CONVERTED_LICENCE_STATUSES = (LicenceStatus.ACTIVE, LicenceStatus.ENDED)
GUANGDONG = "44"  # GB/T 2260 code of the province
SCOPES = ("guangdong", "elsewhere", "all")
# Why a patent has no Guangdong city in the table by city, most telling first.
NO_ADDRESS, UNRECOGNISED, OUTSIDE = "~no_address", "~unrecognised", "~outside"


def guangdong_q(prefix: str = "") -> Q:
    """Organisations registered in Guangdong: a Guangdong city, a 广东 province, or a unified social credit code
    whose administrative-division digits (3rd–8th characters) are 44xxxx."""
    return (Q(**{f"{prefix}city__isnull": False}) | Q(**{f"{prefix}province__startswith": "广东"})
            | Q(**{f"{prefix}uscc__regex": rf"^..{GUANGDONG}"}))


def institutions_in(scope: str = "guangdong", city: str | None = None) -> QuerySet[Organisation]:
    """Universities, institutes and SOEs of the provincial ranking: Guangdong's by default, the others (outside
    Guangdong or of unknown region) or all on request."""
    query = Organisation.objects.filter(kind__in=INSTITUTION_KINDS)
    if scope == "guangdong":
        query = query.filter(guangdong_q())
    elif scope == "elsewhere":
        query = query.exclude(guangdong_q())
    return query.filter(city_id=city) if city else query


def tech_contracts(city: str | None = None, status: str = ContractStatus.COUNTED, *,
                   patent_related: bool | None = True) -> QuerySet[TechContractRegistration]:
    """Technology contracts that count toward the patent-related turnover: registered (not cancelled), and, above
    the plausibility bound, confirmed by a regulator; `patent_related` False reads those that name no patent, None
    both."""
    query = TechContractRegistration.objects.filter(status=status).select_related(
        "patent", "seller", "buyer", "city", "confirmed_by").order_by("-registered_on", "-pk")
    if patent_related is not None:
        query = query.filter(patent__isnull=not patent_related)
    return query.filter(city_id=city) if city else query


def held_contracts(city: str | None = None) -> QuerySet[TechContractRegistration]:
    """Contracts above the plausibility bound waiting for a regulator's confirmation before they count."""
    return tech_contracts(city, ContractStatus.HELD, patent_related=None)


def other_contracts(city: str | None = None) -> QuerySet[TechContractRegistration]:
    """Registered development, consulting and service contracts that name no patent: outside the target."""
    return tech_contracts(city, patent_related=False)


def recordations(city: str | None = None) -> QuerySet[Recordation]:
    query = Recordation.objects.filter(status=RecordationStatus.RECORDED).select_related("patent", "licensor",
                                                                                       "licensee")
    return query.filter(licensor__city_id=city) if city else query


def transfers(city: str | None = None) -> QuerySet[Deal]:
    query = Deal.objects.filter(kind=DealKind.TRANSFER, registered_on__isnull=False).select_related(
        "patent", "owner", "counterparty")
    return query.filter(owner__city_id=city) if city else query


def declarations(city: str | None = None) -> QuerySet[OpenLicenceDeclaration]:
    query = OpenLicenceDeclaration.objects.select_related("patent", "organisation")
    return query.filter(organisation__city_id=city) if city else query


def licences(city: str | None = None) -> QuerySet[OpenLicence]:
    query = OpenLicence.objects.filter(status=LicenceStatus.ACTIVE).select_related(
        "declaration__patent", "declaration__organisation", "licensee")
    return query.filter(declaration__organisation__city_id=city) if city else query


def converted_patent_ids(organisation_ids: set[int] | None = None) -> dict[int, set[int]]:
    """Per institution, its patents licensed (open or negotiated), transferred or invested."""
    out: dict[int, set[int]] = defaultdict(set)
    deals = Deal.objects.filter(status__in=CONVERTED_DEAL_STATUSES, kind__in=RIGHT_KINDS)
    taken = OpenLicence.objects.filter(status__in=CONVERTED_LICENCE_STATUSES)
    if organisation_ids is not None:
        deals = deals.filter(owner_id__in=organisation_ids)
        taken = taken.filter(declaration__organisation_id__in=organisation_ids)
    for owner, patent in deals.values_list("owner_id", "patent_id"):
        out[owner].add(patent)
    for owner, patent in taken.values_list("declaration__organisation_id", "declaration__patent_id"):
        out[owner].add(patent)
    return out


@dataclass(frozen=True)
class InstitutionRate:
    organisation: Organisation
    valid: int
    converted: int

    @property
    def rate(self) -> float:
        return self.converted / self.valid if self.valid else 0.0


def conversion_rates(city: str | None = None, scope: str = "guangdong") -> list[InstitutionRate]:
    """Conversion rate = patents licensed, transferred or invested ÷ valid patents, per university and institute."""
    institutions = institutions_in(scope, city)
    valid = dict(Patent.objects.filter(legal_status=LegalStatus.IN_FORCE,
                                       applicant_links__organisation__in=institutions)
                 .values_list("applicant_links__organisation").annotate(n=Count("pk", distinct=True)))
    converted = converted_patent_ids(set(valid))
    rows = [InstitutionRate(org, valid.get(org.pk, 0), len(converted.get(org.pk, ())))
            for org in institutions.filter(pk__in=set(valid) | set(converted)).select_related("city")]
    return sorted(rows, key=lambda r: (-r.rate, -r.valid, r.organisation.name))


def _per_year(pairs: list[tuple[int, int]]) -> dict[int, int]:
    years: dict[int, int] = defaultdict(int)
    for year, count in pairs:
        if year:
            years[int(year)] += count
    return dict(sorted(years.items()))


def _converted_here() -> Q:
    """A link's patent converted by that applicant itself (licensed, transferred or invested)."""
    deals = Deal.objects.filter(status__in=CONVERTED_DEAL_STATUSES, kind__in=RIGHT_KINDS,
                                patent=OuterRef("patent"), owner=OuterRef("organisation"))
    taken = OpenLicence.objects.filter(status__in=CONVERTED_LICENCE_STATUSES, declaration__patent=OuterRef("patent"),
                                       declaration__organisation=OuterRef("organisation"))
    return Q(Exists(deals)) | Q(Exists(taken))


def _city_group() -> Case:
    """The patent's city (from its applicant's address), else its institution's; else why it has none."""
    return Case(
        When(patent__city__isnull=False, then=F("patent__city__name_zh")),
        When(organisation__city__isnull=False, then=F("organisation__city__name_zh")),
        When(~guangdong_q("organisation__") & ~Q(patent__province__startswith="广东"), then=Value(OUTSIDE)),
        When(patent__address="", then=Value(NO_ADDRESS)),
        default=Value(UNRECOGNISED), output_field=CharField())


def conversion_by_city(city: str | None = None, scope: str = "guangdong") -> list[dict[str, Any]]:
    """Institutions' valid patents and those converted, per city; patents without a known city form labelled groups
    by the reason (`reason` set, `city` None), after the cities."""
    links = (PatentApplicant.objects.filter(organisation__in=institutions_in(scope, city),
                                            patent__legal_status=LegalStatus.IN_FORCE)
             .annotate(group=_city_group()).values("group")
             .annotate(valid=Count("patent", distinct=True),
                       converted=Count("patent", distinct=True, filter=_converted_here())))
    rows = [{"city": None if g["group"].startswith("~") else g["group"],
             "reason": g["group"][1:] if g["group"].startswith("~") else None,
             "valid": g["valid"], "converted": g["converted"],
             "rate": round(g["converted"] / g["valid"], 4) if g["valid"] else 0.0} for g in links]
    return sorted(rows, key=lambda r: (r["reason"] is not None, -r["valid"], r["city"] or r["reason"]))


def turnover_between(start: dt.date, end: dt.date, city: str | None = None) -> Decimal:
    """Counted patent-related contract amounts registered in [start, end]."""
    total = tech_contracts(city).filter(registered_on__range=(start, end)).aggregate(n=Sum("contract_amount"))["n"]
    return total or Decimal("0")


def conversions_between(start: dt.date, end: dt.date, city: str | None = None, scope: str = "guangdong") -> int:
    """Patents the institutions licensed, transferred or invested with effect in [start, end]."""
    owners = institutions_in(scope, city)
    deals = (Deal.objects.filter(status__in=CONVERTED_DEAL_STATUSES, kind__in=RIGHT_KINDS, owner__in=owners)
             .annotate(on=Coalesce("registered_on", "starts_on")).filter(on__range=(start, end)))
    taken = OpenLicence.objects.filter(status__in=CONVERTED_LICENCE_STATUSES, declaration__organisation__in=owners,
                                       starts_on__range=(start, end))
    return len(set(deals.values_list("patent_id", flat=True))
               | set(taken.values_list("declaration__patent_id", flat=True)))


def _target(key: str, goal: Any, outcome: Any = None, current: Any = None, met: bool | None = None,
            source: str = "", **extra: Any) -> dict[str, Any]:
    return {"key": key, "goal": goal, "outcome": outcome, "current": current, "met": met,
            "data_source": source or None, **extra}


def targets(period: Period, per_year: dict[int, int], rate: dict[str, Any], city: str | None = None,
            scope: str = "guangdong") -> list[dict[str, Any]]:
    """Each of the plan's six targets with its figure: the outcome over the programme (to the target date, or to
    today while it runs) and, once it has ended, the current year's figure; no figure where the platform holds none."""
    year_start = dt.date(period.current_year, 1, 1)
    after = period.ended
    turnover = turnover_between(period.start, period.outcome_end, city)
    growth = programme.average_growth(per_year, programme.BASELINE_YEAR, period.last_complete_year)
    this_year = per_year.get(period.current_year, 0)
    last_year = per_year.get(period.current_year - 1, 0)
    return [
        _target("conversion_rate", None, outcome=rate["rate"], met=None,
                converted_in_programme=conversions_between(period.start, period.outcome_end, city, scope),
                converted_this_year=conversions_between(year_start, period.today, city, scope) if after else None),
        _target("turnover", TURNOVER_TARGET, outcome=turnover, met=turnover >= TURNOVER_TARGET,
                current=turnover_between(year_start, period.today, city) if after else None,
                progress_percent=(turnover * 100 / TURNOVER_TARGET).quantize(Decimal("0.0001"))),
        _target("product_firms", programme.PRODUCT_FIRMS_TARGET, source="product_filing"),
        _target("product_patents", programme.PRODUCT_PATENTS_TARGET, source="product_filing"),
        _target("product_output", programme.PRODUCT_OUTPUT_TARGET, source="product_filing"),
        _target("recordation_growth", RECORDATION_GROWTH_TARGET, outcome=growth,
                met=None if growth is None else growth >= RECORDATION_GROWTH_TARGET,
                current=this_year if after else None, previous_year_count=last_year,
                base_year=programme.BASELINE_YEAR, last_year=period.last_complete_year),
    ]


def _recordations_per_year(city: str | None) -> list[dict[str, Any]]:
    licence_years = _per_year(list(recordations(city).filter(kind=RecordationKind.LICENCE)
                                   .annotate(y=ExtractYear("filed_on")).values_list("y").annotate(n=Count("pk"))))
    transfer_years = _per_year(list(transfers(city).annotate(y=ExtractYear("registered_on")).values_list("y")
                                    .annotate(n=Count("pk"))))
    per_year = []
    previous = None
    for year in sorted(set(licence_years) | set(transfer_years)):
        count = licence_years.get(year, 0) + transfer_years.get(year, 0)
        growth = (Decimal(count - previous) * 100 / previous).quantize(Decimal("0.1")) if previous else None
        per_year.append({"year": year, "licences": licence_years.get(year, 0),
                         "transfers": transfer_years.get(year, 0), "total": count, "growth_percent": growth})
        previous = count
    return per_year


def summary(city: str | None = None, scope: str = "guangdong", today: dt.date | None = None) -> dict[str, Any]:
    period = Period(today or timezone.localdate())
    scope = scope if scope in SCOPES else "guangdong"
    totals = tech_contracts(city).aggregate(contract=Sum("contract_amount"), technology=Sum("technology_amount"),
                                            n=Count("pk"))
    contract = totals["contract"] or Decimal("0")
    held = held_contracts(city).aggregate(amount=Sum("contract_amount"), n=Count("pk"))
    other = other_contracts(city).aggregate(amount=Sum("contract_amount"), n=Count("pk"))
    per_year = _recordations_per_year(city)
    rates = conversion_rates(city, scope)
    valid = sum(r.valid for r in rates)
    converted = sum(r.converted for r in rates)
    conversion = {"valid_patents": valid, "converted_patents": converted,
                  "rate": round(converted / valid, 4) if valid else 0.0, "scope": scope}
    return {
        "city": city,
        "programme": {"document": programme.DOCUMENT, "first_year": programme.FIRST_YEAR,
                      "last_year": programme.LAST_YEAR, "target_date": programme.TARGET_DATE,
                      "today": period.today, "ended": period.ended, "current_year": period.current_year,
                      "days_left": period.days_left},
        "targets": targets(period, {y["year"]: y["total"] for y in per_year}, conversion, city, scope),
        "turnover": {"contract_amount": contract, "technology_amount": totals["technology"] or Decimal("0"),
                     "contracts": totals["n"], "target": TURNOVER_TARGET,
                     "progress_percent": (contract * 100 / TURNOVER_TARGET).quantize(Decimal("0.0001")),
                     "held_contracts": held["n"], "held_amount": held["amount"] or Decimal("0"),
                     "other_contracts": other["n"], "other_amount": other["amount"] or Decimal("0")},
        "recordations": {"per_year": per_year, "growth_target_percent": RECORDATION_GROWTH_TARGET},
        "conversion": {**conversion,
                       "institutions": [{"id": r.organisation.pk, "name": r.organisation.name,
                                         "city": r.organisation.city.name_zh if r.organisation.city_id else None,
                                         "province": r.organisation.province or None,
                                         "valid": r.valid, "converted": r.converted, "rate": round(r.rate, 4)}
                                        for r in rates[:200]],
                       "by_city": conversion_by_city(city, scope)},
        "open_licensing": {"declarations_standing": declarations(city).filter(
            status=DeclarationStatus.STANDING).count(), "declarations_total": declarations(city).count(),
            "licences_taken": licences(city).count()},
    }


def institution_records(organisation_id: int) -> dict[str, Any]:
    """What stands behind an institution's conversion rate."""
    deals = Deal.objects.filter(owner_id=organisation_id, status__in=CONVERTED_DEAL_STATUSES,
                                kind__in=RIGHT_KINDS).select_related(
        "patent", "counterparty")
    taken = licences().filter(declaration__organisation_id=organisation_id)
    return {"deals": deals, "licences": taken}

