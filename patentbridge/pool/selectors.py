"""Reads of the pool: assessments explained, the pool and the institution's workflow, fees, public lists."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import django_filters
from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.orgs.models import Organisation, Role
from patentbridge.orgs.permissions import (
    Capability,
    is_platform_admin,
    org_ids_with,
    org_ids_with_roles,
    reads_everything,
)
from patentbridge.patents.filters import PatentFilter
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.pool.config import assessment_settings, fee_schedule
from patentbridge.pool.fees import FeeDue, FeePeriodExpired, late_surcharge
from patentbridge.pool.indicators import INDICATORS, contributions
from patentbridge.pool.maintenance import PatentCostInputs, Recommendation, calendar_rows, recommend
from patentbridge.pool.models import (
    Assessment,
    FeePayment,
    FundedProject,
    ImplementationMode,
    ImplementationReport,
    MarketFeedback,
    PoolEntry,
    PoolState,
    StandardDeclaration,
    Tier,
    TierChange,
)
from patentbridge.push.models import Notification, PatentEvent
from patentbridge.rights.models import Grant, GrantKind, GrantStatus
from patentbridge.rights.selectors import declared_patent_ids

PUBLIC_DOMAIN_STATUSES = (LegalStatus.EXPIRED, LegalStatus.LAPSED_FEES, LegalStatus.LAPSED, LegalStatus.ABANDONED,
                          LegalStatus.INVALIDATED)
UNUSED_YEARS = 5


def effective_tier_q(tier: str) -> Q:
    """Patents whose tier is `tier`: the manager's override where there is one, else the computed tier."""
    return Q(pool_entry__tier_override=tier) | (
        Q(assessment__tier=tier) & (Q(pool_entry__isnull=True) | Q(pool_entry__tier_override="")))


class PoolFilter(PatentFilter):
    tier = django_filters.ChoiceFilter(method="filter_tier", choices=Tier.choices, label=_("Tier"))
    industry = django_filters.CharFilter(method="filter_industry", label=_("Industry (GB/T 4754)"), max_length=5)

    def filter_tier(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(effective_tier_q(value)) if value else queryset

    def filter_industry(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code = value.strip().upper()
        if not code:
            return queryset
        if not code.isalnum():
            raise ValidationFailed(details={"industry": "行业代码只含字母和数字 / letters and digits only"})
        # industry_codes holds values such as "C3670"; a prefix of the class code matches its whole branch.
        prefix = code if code[0].isalpha() else None
        text = Cast("industry_codes", TextField())
        if prefix:
            return queryset.alias(industry_text=text).filter(industry_text__contains=f'"{prefix}')
        return queryset.alias(industry_text=text).filter(
            Q(*[Q(industry_text__contains=f'"{letter}{code}') for letter in "ABCDEFGHIJKLMNOPQRST"], _connector=Q.OR))


def filtered(params: Any, queryset: QuerySet[Patent]) -> QuerySet[Patent]:
    filterset = PoolFilter(params, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationFailed("筛选条件无效 / some filters are not valid", details=filterset.errors.get_json_data())
    return filterset.qs


def pool_patents(params: Any) -> QuerySet[Patent]:
    """The public convertible-patent pool: patents an institution has approved into it, best first."""
    base = (Patent.objects.filter(pool_entry__state=PoolState.POOLED)
            .select_related("city", "assessment", "pool_entry", "pool_entry__organisation"))
    return filtered(params, base).order_by("-assessment__score", "pk")


def assessment_for(patent: Patent) -> dict[str, Any]:
    """The assessment with each indicator's raw value, score, weight and contribution to the overall score."""
    assessment = Assessment.objects.filter(patent=patent).first()
    if assessment is None:
        raise NotFound("该专利尚未评估 / this patent has not been assessed yet", code="not_assessed")
    _, settings = assessment_settings()
    values = assessment.indicator_values()
    rows = contributions({k: v[1] for k, v in values.items()}, settings)
    for row in rows:
        row["raw"] = values.get(row["key"], (None, None))[0]
        row["normalised_within"] = INDICATORS[row["key"]].normalise
    entry = PoolEntry.objects.filter(patent=patent).first()
    override = entry.tier_override if entry else ""
    return {
        "score": assessment.score,
        "tier": override or assessment.tier,
        "computed_tier": assessment.tier,
        "override": {"tier": override, "comment": entry.override_comment} if override else None,
        "dimensions": {"legal": assessment.legal, "technical": assessment.technical,
                       "economic": assessment.economic},
        "dimension_weights": dict(settings.dimensions),
        "indicators": rows,
        "cohort": assessment.cohort,
        "config_version": assessment.config_version,
        "computed_at": assessment.computed_at,
        "pool_state": entry.state if entry else None,
    }


def tier_history(patent: Patent) -> QuerySet[TierChange]:
    return TierChange.objects.filter(patent=patent).select_related("changed_by")


# ---------------------------------------------------------------- the institution's own workflow

def office_org_ids(user: Any) -> set[int]:
    return org_ids_with_roles(user, frozenset({Role.TECH_TRANSFER_MANAGER}))


def entries_visible_to(user: Any) -> QuerySet[PoolEntry]:
    """Office staff see their institution's entries, inventors the ones assigned to them, admins all."""
    entries = PoolEntry.objects.select_related("patent", "patent__assessment", "organisation", "inventor")
    if is_platform_admin(user):
        return entries
    if not getattr(user, "is_authenticated", False):
        return entries.none()
    return entries.filter(Q(organisation_id__in=office_org_ids(user)) | Q(inventor_id=user.pk))


def entry_get(user: Any, entry_id: int) -> PoolEntry:
    entry = entries_visible_to(user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFound("没有这个条目，或您无权查看 / no such entry, or not yours to see")
    return entry


def inventors_of(organisation_id: int) -> QuerySet:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(memberships__organisation_id=organisation_id,
                                           memberships__role=Role.INVENTOR).order_by("username")


@dataclass(frozen=True)
class Progress:
    organisation: Organisation
    inventoried: int
    assessed: int
    pooled: int
    pushed: int
    converted: int
    tiers: dict[str, int]


def progress_for(organisations: QuerySet[Organisation]) -> list[Progress]:
    """Per institution: inventoried → assessed → pooled → pushed → converted (each a subset of the previous).
    Three grouped queries for all the institutions together, not four per institution."""
    orgs = list(organisations)
    ids = [org.pk for org in orgs]
    states: dict[int, dict[str, int]] = defaultdict(dict)
    for org_id, state, n in (PoolEntry.objects.filter(organisation_id__in=ids).values_list("organisation_id", "state")
                             .annotate(n=Count("pk"))):
        states[org_id][state] = n
    pushed = dict(Notification.objects.filter(event__kind=PatentEvent.Kind.POOLED,
                                              patent__pool_entry__organisation_id__in=ids)
                  .values_list("patent__pool_entry__organisation_id")
                  .annotate(n=Count("patent_id", distinct=True)))
    tiers: dict[int, dict[str, int]] = defaultdict(dict)
    for org_id, tier, n in (Assessment.objects.filter(patent__pool_entry__organisation_id__in=ids)
                            .values_list("patent__pool_entry__organisation_id", "tier").annotate(n=Count("pk"))):
        tiers[org_id][tier] = n
    out = []
    for org in orgs:
        counts = states[org.pk]
        total = sum(counts.values())
        out.append(Progress(org, total, total - counts.get(PoolState.INVENTORIED, 0),
                            counts.get(PoolState.POOLED, 0) + counts.get(PoolState.CONVERTED, 0),
                            pushed.get(org.pk, 0), counts.get(PoolState.CONVERTED, 0),
                            {t: tiers[org.pk].get(t, 0) for t in Tier.values}))
    return out


def institutions_with_entries() -> QuerySet[Organisation]:
    return Organisation.objects.filter(pool_entries__isnull=False).distinct().order_by("name")


# ---------------------------------------------------------------- fees and maintenance

@dataclass(frozen=True)
class FeeLine:
    patent: Patent
    fee: FeeDue
    tier: str
    paid: bool
    overdue: bool
    recommendation: Recommendation
    surcharge: Decimal = Decimal("0.00")  # owed if paid today


def _cost_inputs(patent: Patent, tier: str, interest: float, entry: PoolEntry | None,
                 open_licence: bool) -> PatentCostInputs:
    return PatentCostInputs(patent.patent_type, patent.legal_status, patent.application_date, patent.grant_date,
                            patent.expiry_date, tier, interest, entry.fee_reduction if entry else "none", open_licence)


def maintenance_for(organisation: Organisation, today: date, *, months: int = 12) -> list[FeeLine]:
    """Every annual fee of the institution's in-force patents due in the next `months` months (and those overdue
    but still payable with a surcharge), each with the keep / open licence / transfer / lapse recommendation."""
    schedule = fee_schedule()
    _, settings = assessment_settings()
    entries = (PoolEntry.objects.filter(organisation=organisation, patent__legal_status=LegalStatus.IN_FORCE)
               .select_related("patent", "patent__assessment"))
    patents = {e.patent_id: e for e in entries}
    licensed = declared_patent_ids(patents)
    paid = set(FeePayment.objects.standing().filter(patent_id__in=patents).values_list("patent_id", "year"))
    interest = _interest(set(patents))
    lines = []
    start = today - relativedelta(months=schedule.late_months)
    for patent_id, entry in patents.items():
        patent = entry.patent
        tier = entry.tier_override or getattr(getattr(patent, "assessment", None), "tier", "")
        inputs = _cost_inputs(patent, tier, interest.get(patent_id, 0.0), entry, patent_id in licensed)
        advice = recommend(inputs, schedule, settings, today)
        for fee in calendar_rows(inputs, schedule, start, months=months + schedule.late_months):
            is_paid = (patent_id, fee.year) in paid
            if fee.due_date < today and is_paid:
                continue
            overdue = fee.due_date < today and not is_paid
            surcharge = _surcharge_today(schedule, fee, today) if overdue else Decimal("0.00")
            lines.append(FeeLine(patent, fee, tier, is_paid, overdue, advice, surcharge))
    lines.sort(key=lambda line: (line.fee.due_date, line.patent.pk))
    return lines


def _surcharge_today(schedule, fee: FeeDue, today: date) -> Decimal:
    try:
        return late_surcharge(schedule, fee.full, fee.due_date, today)
    except FeePeriodExpired:
        return Decimal("0.00")


def _interest(patent_ids: set[int]) -> dict[int, float]:
    """Any sign that someone wants the patent: enterprise feedback, interested matches, recorded transactions."""
    from patentbridge.demands.models import Match, MatchStatus

    out: dict[int, float] = {}
    for pid in MarketFeedback.objects.filter(patent_id__in=patent_ids, prospects__gte=3).values_list("patent_id",
                                                                                                      flat=True):
        out[pid] = out.get(pid, 0) + 1
    for pid in Match.objects.filter(patent_id__in=patent_ids, status=MatchStatus.INTERESTED).values_list(
            "patent_id", flat=True):
        out[pid] = out.get(pid, 0) + 1
    for assessment in Assessment.objects.filter(patent_id__in=patent_ids).only("patent_id", "values"):
        raw = assessment.indicator_values().get("transactions", (0, 0))[0] or 0
        if raw:
            out[assessment.patent_id] = out.get(assessment.patent_id, 0) + raw
    return out


def recommendation_for(patent: Patent, today: date) -> Recommendation:
    entry = PoolEntry.objects.filter(patent=patent).first()
    assessment = Assessment.objects.filter(patent=patent).first()
    tier = (entry.tier_override if entry and entry.tier_override else assessment.tier if assessment else "")
    _, settings = assessment_settings()
    inputs = _cost_inputs(patent, tier, _interest({patent.pk}).get(patent.pk, 0.0), entry,
                          bool(declared_patent_ids([patent.pk])))
    return recommend(inputs, fee_schedule(), settings, today)


# ---------------------------------------------------------------- public lists (measure 1)

def open_licence_list(params: Any) -> QuerySet[Patent]:
    standing = Grant.objects.filter(patent=OuterRef("pk"), kind=GrantKind.OPEN_DECLARATION,
                                    status=GrantStatus.BINDING)
    return filtered(params, Patent.objects.filter(Exists(standing)).select_related("city")).order_by("-pk")


def standard_essential_list(params: Any) -> QuerySet[Patent]:
    declared = StandardDeclaration.objects.filter(patent=OuterRef("pk"))
    return (filtered(params, Patent.objects.filter(Exists(declared)).select_related("city"))
            .prefetch_related("standard_declarations").order_by("-pk"))


def public_domain_list(params: Any) -> QuerySet[Patent]:
    """Expired or lapsed patents: their technology is free for anyone to use (公知公用技术)."""
    return filtered(params, Patent.objects.filter(legal_status__in=PUBLIC_DOMAIN_STATUSES)
                    .select_related("city")).order_by("-application_date", "pk")


# ---------------------------------------------------------------- state-funded projects (measure 7)

def unused_funded_projects(today: date, organisation_ids: set[int] | None = None) -> QuerySet[FundedProject]:
    """Funded patents granted (or whose project ended) five or more years ago with no implementation reported."""
    cutoff = today - relativedelta(years=UNUSED_YEARS)
    implemented = ImplementationReport.objects.filter(project=OuterRef("pk")).exclude(mode=ImplementationMode.NONE)
    projects = (FundedProject.objects.select_related("patent", "patent__pool_entry__organisation")
                .filter(patent__grant_date__lte=cutoff, patent__legal_status=LegalStatus.IN_FORCE)
                .filter(Q(end_date__isnull=True) | Q(end_date__lte=cutoff))
                .exclude(Exists(implemented)))
    if organisation_ids is not None:
        projects = projects.filter(patent__pool_entry__organisation_id__in=organisation_ids)
    return projects.order_by("patent__grant_date")


# ---------------------------------------------------------------- maintenance records (fees, funding, standards)

@dataclass(frozen=True)
class Keeping:
    """Who keeps a patent's maintenance records: the institution holding it in its inventory, or else its owners.

    The permission module decides on `keeper_org_ids()` (POOL_MAINTAIN, POOL_RECORDS_VIEW)."""

    patent: Patent
    org_ids: frozenset[int]

    def keeper_org_ids(self) -> frozenset[int]:
        return self.org_ids


def patent_keeping(patent: Patent) -> Keeping:
    entry = PoolEntry.objects.filter(patent=patent).only("organisation_id").first()
    org_ids = [entry.organisation_id] if entry else patent.owner_org_ids()
    return Keeping(patent, frozenset(org_ids))


def entry_keeping(entry: PoolEntry) -> Keeping:
    return Keeping(entry.patent, frozenset([entry.organisation_id]))


def fee_payments_of(patent: Patent) -> QuerySet[FeePayment]:
    """Every payment recorded for the patent, cancelled ones included (the register's history), by year."""
    return (FeePayment.objects.filter(patent=patent).select_related("recorded_by", "cancelled_by")
            .order_by("year", "pk"))


def fee_payment_get(patent: Patent, payment_id: int) -> FeePayment:
    payment = FeePayment.objects.filter(patent=patent, pk=payment_id).select_related("patent").first()
    if payment is None:
        raise NotFound(gettext("No such fee payment for this patent."))
    return payment


def standard_declarations_of(patent: Patent) -> QuerySet[StandardDeclaration]:
    return StandardDeclaration.objects.filter(patent=patent).order_by("standard_number", "pk")


def standard_declaration_get(patent: Patent, declaration_id: int) -> StandardDeclaration:
    declaration = standard_declarations_of(patent).filter(pk=declaration_id).first()
    if declaration is None:
        raise NotFound(gettext("No such standard declaration for this patent."))
    return declaration


def funded_project_of(patent: Patent) -> FundedProject | None:
    return (FundedProject.objects.filter(patent=patent).select_related("patent")
            .prefetch_related("reports").first())


def funded_project_get(patent: Patent) -> FundedProject:
    project = funded_project_of(patent)
    if project is None:
        raise NotFound(gettext("No state-funded project is declared for this patent."), code="no_funded_project")
    return project


def unused_funded_projects_visible_to(user: Any, today: date) -> QuerySet[FundedProject]:
    """The unused-funded-project list: every institution's for those who read everything, else the user's own."""
    if reads_everything(user):
        return unused_funded_projects(today)
    return unused_funded_projects(today, org_ids_with(user, Capability.READ))


def entries_awaiting_review(organisation_ids: set[int]) -> QuerySet[PoolEntry]:
    """Entries whose inventor has answered the self-assessment: their office reviews them next."""
    return PoolEntry.objects.filter(organisation_id__in=organisation_ids, state=PoolState.SELF_ASSESSED)


def self_assessments_requested_of(user: Any) -> QuerySet[PoolEntry]:
    """The entries whose self-assessment the office asked of this inventor and that they have not answered."""
    return (PoolEntry.objects.filter(inventor=user, state=PoolState.SELF_ASSESSMENT_REQUESTED)
            .select_related("patent").order_by("pk"))
