"""Reads of typical cases: the public list and its filters, one case for a reader, the office's and the regulator's
desks, the conversions an office may tell of, and what a new draft is filled with."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.deals.conversions import CONVERTED_DEAL_STATUSES, CONVERTED_LICENCE_STATUSES
from patentbridge.deals.models import LICENCE_KINDS, RIGHT_KINDS, Deal, DealKind, DealStatus
from patentbridge.demands.models import Demand
from patentbridge.industries.models import IntensiveCategory, PatentIndustry
from patentbridge.industries.models import Route as IndustryRoute
from patentbridge.licensing.models import OpenLicence, PaymentStatus
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, is_allowed, reads_everything, typical_case_office_org_ids
from patentbridge.patents.models import Industry, Patent
from patentbridge.products.models import Product
from patentbridge.typical_cases.models import Route, TypicalCase, TypicalCaseStatus

LIVE = ~Q(status=TypicalCaseStatus.WITHDRAWN)
SECTION = re.compile(r"^[A-Ta-t]$")
DIVISION = re.compile(r"^[A-Ta-t]?(\d{2,4})$")
INTENSIVE = re.compile(r"^PA\d{2,3}$")


def _related(cases: QuerySet[TypicalCase]) -> QuerySet[TypicalCase]:
    return cases.select_related("organisation", "counterparty", "city", "industry").prefetch_related("patents")


def published_cases(params: dict[str, str] | None = None) -> QuerySet[TypicalCase]:
    """Published cases, newest first, narrowed by `q` (every word in the title or summary), `industry` (a GB/T 4754
    section letter, or a division/group/class code), `intensive` (a patent-intensive class or middle class, PA01 /
    PA101) and `city` (GB/T 2260 code). A filter that cannot be read is refused with the reason."""
    params = params or {}
    cases = TypicalCase.objects.filter(status=TypicalCaseStatus.PUBLISHED)
    for word in (params.get("q") or "").split():
        cases = cases.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    if params.get("industry"):
        cases = cases.filter(_industry_q(params["industry"].strip()))
    if params.get("intensive"):
        cases = cases.filter(_intensive_q(params["intensive"].strip().upper()))
    if params.get("city"):
        cases = cases.filter(city_id=params["city"])
    return _related(cases).order_by("-published_at", "-pk")


def _industry_q(code: str) -> Q:
    if SECTION.match(code):
        return Q(industry__section=code.upper())
    match = DIVISION.match(code)
    if match is None:
        raise ValidationFailed(details={"industry": _("Give a GB/T 4754 section letter (C) or a code (38, 3841).")})
    return Q(industry__code__startswith=match.group(1))


def _intensive_q(code: str) -> Q:
    if not INTENSIVE.match(code):
        raise ValidationFailed(details={"intensive": _("Give a patent-intensive class (PA01) or middle class "
                                                       "(PA101).")})
    return Q(industry__intensive__category_id=code) | Q(industry__intensive__category__parent_id=code)


def intensive_categories() -> QuerySet[IntensiveCategory]:
    """The patent-intensive classes, each followed by its middle classes, for the list's filter."""
    return IntensiveCategory.objects.order_by(Coalesce("parent_id", "code"), "level", "code")


def industry_sections() -> QuerySet[Industry]:
    return Industry.objects.filter(level="门类").order_by("code")


def typical_case_get(user: Any, case_id: int) -> TypicalCase:
    """A published case for anyone; any other only for its office and those who read everything."""
    case = _related(TypicalCase.objects.filter(pk=case_id)).first()
    if case is None or (case.status != TypicalCaseStatus.PUBLISHED
                        and not is_allowed(user, Action.TYPICAL_CASE_READ, case)):
        raise NotFound(_("No such typical case."))
    return case


def office_cases(user: Any) -> QuerySet[TypicalCase]:
    """Every case of the organisations whose office the user is, most recently changed first."""
    return _related(TypicalCase.objects.filter(organisation_id__in=typical_case_office_org_ids(user))
                    ).order_by("-updated_at", "-pk")


def review_queue() -> QuerySet[TypicalCase]:
    """Cases awaiting the regulator's review, oldest submission first."""
    return _related(TypicalCase.objects.filter(status=TypicalCaseStatus.SUBMITTED)).order_by("submitted_at", "pk")


def cases_visible_to(user: Any) -> QuerySet[TypicalCase]:
    """What the API's desk lists: everything for a regulator, its own organisations' cases for an office."""
    if reads_everything(user):
        return _related(TypicalCase.objects.all()).order_by("-updated_at", "-pk")
    return office_cases(user)


def _told(field_name: str) -> Exists:
    return Exists(TypicalCase.objects.filter(LIVE, **{field_name: OuterRef("pk")}))


def converted_deals(organisation_ids: Any) -> QuerySet[Deal]:
    """The organisations' recorded licences, transfers and equity investments not yet told as a live case."""
    return (Deal.objects.filter(owner_id__in=list(organisation_ids), kind__in=RIGHT_KINDS,
                                status__in=CONVERTED_DEAL_STATUSES)
            .exclude(_told("deal")).select_related("patent", "owner", "counterparty").order_by("-updated_at", "-pk"))


def taken_open_licences(organisation_ids: Any) -> QuerySet[OpenLicence]:
    """Open licences taken under the organisations' declarations (paid: in force or ended), not yet told."""
    return (OpenLicence.objects.filter(declaration__organisation_id__in=list(organisation_ids),
                                       status__in=CONVERTED_LICENCE_STATUSES)
            .exclude(_told("open_licence")).select_related("declaration__patent", "declaration__organisation",
                                                           "licensee").order_by("-starts_on", "-pk"))


def deal_route(kind: str) -> str:
    if kind in LICENCE_KINDS:
        return Route.LICENCE
    return Route.EQUITY if kind == DealKind.EQUITY else Route.TRANSFER


@dataclass
class Source:
    """What a new draft is filled with, read from the conversion it tells of."""

    organisation: Organisation
    counterparty: Organisation
    route: str
    patents: list[Patent]
    initial: dict[str, Any] = field(default_factory=dict)
    deal: Deal | None = None
    open_licence: OpenLicence | None = None

    @property
    def route_label(self) -> str:
        return str(Route(self.route).label)


def deal_source(deal: Deal) -> Source:
    return Source(organisation=deal.owner, counterparty=deal.counterparty, route=deal_route(deal.kind),
                  patents=[deal.patent], deal=deal, initial=_initial(
                      deal.counterparty, deal.owner, [deal.patent], amount=deal.amount,
                      concluded_on=_concluded_on(deal), starts_on=deal.starts_on,
                      ends_on=deal.ends_on))


def _concluded_on(deal: Deal) -> dt.date | None:
    """When the conversion took effect: its registration, else the day it was recorded (never its term's start,
    which may lie ahead)."""
    if deal.registered_on:
        return deal.registered_on
    recorded = deal.transitions.filter(to_status=DealStatus.RECORDED).order_by("-at").values_list("at", flat=True)
    return timezone.localdate(recorded[0]) if recorded else None


def open_licence_source(licence: OpenLicence) -> Source:
    patent = licence.declaration.patent
    paid = licence.payments.filter(status=PaymentStatus.SUCCEEDED).aggregate(total=Sum("amount"))["total"]
    return Source(organisation=licence.declaration.organisation, counterparty=licence.licensee,
                  route=Route.OPEN_LICENCE, patents=[patent], open_licence=licence, initial=_initial(
                      licence.licensee, licence.declaration.organisation, [patent],
                      amount=paid if paid is not None else licence.amount_due, concluded_on=licence.starts_on,
                      starts_on=licence.starts_on, ends_on=licence.ends_on))


def _initial(counterparty: Organisation, owner: Organisation, patents: list[Patent], *, amount: Decimal | None,
             **dates: Any) -> dict[str, Any]:
    industry = suggested_industry(counterparty, patents)
    city = counterparty.city_id or owner.city_id
    return {"amount": amount, "city": city or "", "industry": industry or "", **dates}


def suggested_industry(counterparty: Organisation, patents: list[Patent]) -> str | None:
    """The GB/T 4754 code the licensee or buyer works in, best evidence first: a product it filed that embodies one
    of the patents, then its latest demand; failing those, the patents' own industry (declared by their applicant,
    then any classification route, then the imported codes)."""
    product = (Product.objects.filter(filer=counterparty, patent_links__patent__in=patents).order_by("-pk")
               .values_list("industry_id", flat=True).first())
    if product:
        return product
    demand = (Demand.objects.filter(organisation=counterparty, industry__isnull=False).order_by("-pk")
              .values_list("industry_id", flat=True).first())
    if demand:
        return demand
    links = PatentIndustry.objects.filter(patent__in=patents)
    linked = (links.filter(route=IndustryRoute.APPLICANT).order_by("-weight", "pk").values_list("industry_id", flat=True)
              .first() or links.order_by("-weight", "pk").values_list("industry_id", flat=True).first())
    if linked:
        return linked
    return _imported_industry(patents)


def _imported_industry(patents: list[Patent]) -> str | None:
    codes = [re.sub(r"^[A-T]", "", code) for patent in patents for code in patent.industry_codes or []]
    known = Industry.objects.filter(code__in=codes).values_list("code", flat=True)
    return next((code for code in codes if code in set(known)), None)


SOURCE_KINDS = ("deal", "open-licence")


def draftable_source(user: Any, kind: str, source_id: int) -> Source:
    """A conversion the user's office may tell as a new case, pre-read; NotFound for any other (not its own, not
    completed, already told)."""
    offices = typical_case_office_org_ids(user)
    if kind == "deal":
        deal = converted_deals(offices).filter(pk=source_id).first()
        if deal is not None:
            return deal_source(deal)
    elif kind == "open-licence":
        licence = taken_open_licences(offices).filter(pk=source_id).first()
        if licence is not None:
            return open_licence_source(licence)
    raise NotFound(_("No completed conversion of your organisation to tell."))
