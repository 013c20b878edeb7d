"""The regulator's figures against the plan's 2025 targets (粤府办〔2024〕8号, rules.md §4.3), each with the query
behind it so that every number drills down to its records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from patentbridge.deals.models import RIGHT_KINDS, Deal, DealKind, DealStatus
from patentbridge.licensing.models import DeclarationStatus, LicenceStatus, OpenLicence, OpenLicenceDeclaration
from patentbridge.orgs.models import INSTITUTION_KINDS, Organisation
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.recordation.models import (
    ContractStatus,
    Recordation,
    RecordationKind,
    RecordationStatus,
    TechContractRegistration,
)

TURNOVER_TARGET = Decimal("60000000000")  # RMB 60 bn cumulative by end-2025
RECORDATION_GROWTH_TARGET = Decimal("10")  # % a year on average
# A deal counts as a conversion once the law's binding step is behind it: its licence recorded or its transfer
# registered (a signature alone is one party's word until then).
CONVERTED_DEAL_STATUSES = (DealStatus.RECORDED, DealStatus.PERFORMING, DealStatus.COMPLETED)


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
    taken = OpenLicence.objects.filter(status__in=[LicenceStatus.ACTIVE, LicenceStatus.ENDED])
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


def conversion_rates(city: str | None = None) -> list[InstitutionRate]:
    """Conversion rate = patents licensed, transferred or invested ÷ valid patents, per university and institute."""
    institutions = Organisation.objects.filter(kind__in=INSTITUTION_KINDS)
    if city:
        institutions = institutions.filter(city_id=city)
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


def summary(city: str | None = None) -> dict[str, Any]:
    totals = tech_contracts(city).aggregate(contract=Sum("contract_amount"), technology=Sum("technology_amount"),
                                            n=Count("pk"))
    contract = totals["contract"] or Decimal("0")
    held = held_contracts(city).aggregate(amount=Sum("contract_amount"), n=Count("pk"))
    other = other_contracts(city).aggregate(amount=Sum("contract_amount"), n=Count("pk"))
    licence_years = _per_year(list(recordations(city).filter(kind=RecordationKind.LICENCE)
                                   .annotate(y=ExtractYear("filed_on")).values_list("y").annotate(n=Count("pk"))))
    transfer_years = _per_year(list(transfers(city).annotate(y=ExtractYear("registered_on")).values_list("y")
                                    .annotate(n=Count("pk"))))
    years = sorted(set(licence_years) | set(transfer_years))
    per_year = []
    previous = None
    for year in years:
        count = licence_years.get(year, 0) + transfer_years.get(year, 0)
        growth = (Decimal(count - previous) * 100 / previous).quantize(Decimal("0.1")) if previous else None
        per_year.append({"year": year, "licences": licence_years.get(year, 0),
                         "transfers": transfer_years.get(year, 0), "total": count, "growth_percent": growth})
        previous = count
    rates = conversion_rates(city)
    valid = sum(r.valid for r in rates)
    converted = sum(r.converted for r in rates)
    by_city: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rates:
        name = r.organisation.city.name_zh if r.organisation.city_id else "—"
        by_city[name][0] += r.valid
        by_city[name][1] += r.converted
    return {
        "city": city,
        "turnover": {"contract_amount": contract, "technology_amount": totals["technology"] or Decimal("0"),
                     "contracts": totals["n"], "target": TURNOVER_TARGET,
                     "progress_percent": (contract * 100 / TURNOVER_TARGET).quantize(Decimal("0.0001")),
                     "held_contracts": held["n"], "held_amount": held["amount"] or Decimal("0"),
                     "other_contracts": other["n"], "other_amount": other["amount"] or Decimal("0")},
        "recordations": {"per_year": per_year, "growth_target_percent": RECORDATION_GROWTH_TARGET},
        "conversion": {"valid_patents": valid, "converted_patents": converted,
                       "rate": round(converted / valid, 4) if valid else 0.0,
                       "institutions": [{"id": r.organisation.pk, "name": r.organisation.name,
                                         "city": r.organisation.city.name_zh if r.organisation.city_id else None,
                                         "valid": r.valid, "converted": r.converted, "rate": round(r.rate, 4)}
                                        for r in rates[:200]],
                       "by_city": [{"city": name, "valid": v, "converted": c, "rate": round(c / v, 4) if v else 0.0}
                                   for name, (v, c) in sorted(by_city.items(), key=lambda item: -item[1][0])]},
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

