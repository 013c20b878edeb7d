"""/api/v1/matchmaker-rewards: each city's rewards for the commissioners who brokered university–enterprise deals,
the calculation step by step, and the application → approval → payment ledger."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.calculation import Calculation
from patentbridge.core.pagination import Pagination
from patentbridge.deals.models import DealStatus
from patentbridge.matchmaker_rewards import selectors, services
from patentbridge.matchmaker_rewards.models import AmountBasis, Beneficiary, MatchmakerApplication, PartyInCity
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, authorize

router = Router(tags=["matchmaker_rewards"])
PREFIX = "/matchmaker-rewards"


class StepOut(Schema):
    key: str = Field(..., description="basis, rate, fixed, deal_cap, beneficiary_cap, budget, result")
    text: str = Field(..., description="the step in words, in the request's language")
    amount: Decimal = Field(..., description="RMB, rounded to the fen half up")


class CheckOut(Schema):
    key: str
    text: str
    passed: bool


def _steps(calculation: Calculation) -> list[dict[str, Any]]:
    return [{"key": s.key, "text": s.text(), "amount": s.amount} for s in calculation.steps]


class PolicyIn(Schema):
    city: str = Field(..., max_length=6, description="GB/T 2260 code of the city")
    title: str = Field(..., min_length=1, max_length=200)
    beneficiary: Beneficiary
    basis: AmountBasis
    first_year: int = Field(..., ge=2020, le=2100)
    last_year: int | None = Field(None, ge=2020, le=2100)
    rate: Decimal = Field(Decimal(0), ge=0, le=100, max_digits=7, decimal_places=4, description="%")
    fixed_amount: Decimal = Field(Decimal(0), ge=0, max_digits=16, decimal_places=2)
    deal_cap: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    beneficiary_cap: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    budget: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2, description="per reward year")
    deal_kinds: list[str] = Field(default_factory=list, description="deal kinds that count; empty: all")
    university_enterprise: bool = True
    party_in_city: PartyInCity = PartyInCity.ENTERPRISE
    min_status: str = Field(DealStatus.SIGNED.value, pattern="^(signed|recorded|completed)$")
    contract_registered: bool = True
    is_example: bool = False
    source: str = Field("", max_length=2000)


class PolicyOut(Schema):
    id: int
    city: str = Field(..., alias="city_id")
    title: str
    beneficiary: str
    basis: str
    first_year: int
    last_year: int | None
    rate: Decimal
    fixed_amount: Decimal
    deal_cap: Decimal | None
    beneficiary_cap: Decimal | None
    budget: Decimal | None
    deal_kinds: list[str]
    university_enterprise: bool
    party_in_city: str
    min_status: str
    contract_registered: bool
    is_example: bool
    source: str


class ApplicationOut(Schema):
    id: int
    deal: int = Field(..., alias="deal_id")
    attribution: int = Field(..., alias="attribution_id")
    city: str = Field(..., alias="city_id")
    policy: int = Field(..., alias="policy_id")
    year: int
    beneficiary: str
    team: str
    status: str = Field(..., description="applied, approved, refused, paid, withdrawn")
    basis_amount: Decimal
    calculated_amount: Decimal
    approved_amount: Decimal | None
    reduction_reason: str
    decision_note: str
    paid_amount: Decimal | None
    paid_on: dt.date | None
    payment_reference: str
    calculation: list[StepOut] = Field(..., description="frozen when decided; while waiting, as the policy stands")

    @staticmethod
    def resolve_calculation(obj: MatchmakerApplication) -> list[dict[str, Any]]:
        return _steps(selectors.application_calculation(obj))


class AssessmentOut(Schema):
    attribution: int
    policy: int
    year: int
    eligible: bool
    checks: list[CheckOut]
    calculation: list[StepOut]


class ApplicationIn(Schema):
    attribution: int
    policy: int
    year: int = Field(..., ge=2020, le=2100)
    team: str = Field("", max_length=1000, description="the team's members, for a team reward")


class ApproveIn(Schema):
    amount: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2,
                                   description="empty: the calculated amount; less only with a reason")
    reason: str = Field("", max_length=1000)


class RefuseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)


class PaymentIn(Schema):
    amount: Decimal = Field(..., ge=0, max_digits=16, decimal_places=2, description="must equal the approved amount")
    paid_on: dt.date
    reference: str = Field(..., min_length=1, max_length=100)


class LedgerOut(Schema):
    city: str
    year: int
    applied: Decimal
    approved: Decimal
    paid: Decimal
    budget_left: Decimal | None = Field(..., description="null when no policy of the year sets a budget")
    applications: list[ApplicationOut]


def _assessment_out(row: selectors.Assessment) -> dict[str, Any]:
    return {"attribution": row.attribution.pk, "policy": row.policy.pk, "year": row.year, "eligible": row.eligible,
            "calculation": _steps(row.calculation),
            "checks": [{"key": c.key, "text": c.text(), "passed": c.passed} for c in row.checks]}


@router.get(f"{PREFIX}/policies", response=list[PolicyOut], auth=READ_AUTH)
def list_policies(request: HttpRequest):
    """Every city's policy versions (public); examples are marked is_example and take no applications."""
    return list(selectors.public_policies())


def _policy_data(payload: PolicyIn) -> dict[str, Any]:
    return payload.dict(exclude={"city"}) | {"beneficiary": payload.beneficiary.value, "basis": payload.basis.value,
                                             "party_in_city": payload.party_in_city.value}


@router.post(f"{PREFIX}/policies", response={201: PolicyOut}, auth=WRITE_AUTH)
def create_policy(request: HttpRequest, payload: PolicyIn):
    """A new version of a city's policy (its regulator). 409 `policy_years_overlap`, `policy_version_exists`."""
    city = get_object_or_404(City, pk=payload.city)
    with transaction.atomic():
        return Status(201, services.policy_save(actor=request.user, city=city, data=_policy_data(payload),
                                               request=request))


@router.put(f"{PREFIX}/policies/{{policy_id}}", response=PolicyOut, auth=WRITE_AUTH)
def change_policy(request: HttpRequest, policy_id: int, payload: PolicyIn):
    """Change a version; rewards already decided keep the policy they were decided under."""
    authorize(request.user, Action.MM_REWARD_POLICY_EDIT, request=request)
    policy = selectors.policy_get(request.user, policy_id)
    city = get_object_or_404(City, pk=payload.city)
    with transaction.atomic():
        return services.policy_save(actor=request.user, city=city, data=_policy_data(payload), policy=policy,
                                    request=request)


@router.get(f"{PREFIX}/eligible", response=list[AssessmentOut], auth=WRITE_AUTH)
def eligible(request: HttpRequest):
    """The rewards your confirmed attributed deals may be applied for now, each with its calculation."""
    return [_assessment_out(row) for row in selectors.eligible_for(request.user)]


@router.get(f"{PREFIX}/assessment", response=AssessmentOut, auth=WRITE_AUTH)
def assess(request: HttpRequest, attribution: int, policy: int, year: int):
    """Each rule of the policy for your attributed deal and the year, met or not, and the calculation."""
    found = selectors.attribution_get(request.user, attribution)
    return _assessment_out(selectors.assessment(selectors.open_policy(policy), found, year))


@router.get(f"{PREFIX}/applications", response=list[ApplicationOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_applications(request: HttpRequest):
    """Your own applications; a regulator's cities' applications."""
    return selectors.applications_visible_to(request.user)


@router.get(f"{PREFIX}/applications/{{application_id}}", response=ApplicationOut, auth=WRITE_AUTH)
def get_application(request: HttpRequest, application_id: int):
    return selectors.application_get(request.user, application_id)


@router.post(f"{PREFIX}/applications", response={201: ApplicationOut}, auth=WRITE_AUTH)
def apply(request: HttpRequest, payload: ApplicationIn):
    """Apply for your attributed deal's reward. 400 `not_eligible` (details.rules), `nothing_to_award`;
    409 `already_applied`."""
    found = selectors.attribution_get(request.user, payload.attribution)
    with transaction.atomic():
        return Status(201, services.reward_apply(actor=request.user, attribution=found,
                                                 policy=selectors.open_policy(payload.policy), year=payload.year,
                                                 team=payload.team, request=request))


@router.post(f"{PREFIX}/applications/{{application_id}}/approve", response=ApplicationOut, auth=WRITE_AUTH)
def approve(request: HttpRequest, application_id: int, payload: ApproveIn):
    """Approve at the calculated amount or less (with the reason). 400 `above_calculation`, `reduction_reason`."""
    found = selectors.application_get(request.user, application_id)
    with transaction.atomic():
        return services.reward_approve(actor=request.user, application=found, amount=payload.amount,
                                       reason=payload.reason, request=request)


@router.post(f"{PREFIX}/applications/{{application_id}}/refuse", response=ApplicationOut, auth=WRITE_AUTH)
def refuse(request: HttpRequest, application_id: int, payload: RefuseIn):
    found = selectors.application_get(request.user, application_id)
    with transaction.atomic():
        return services.reward_refuse(actor=request.user, application=found, reason=payload.reason, request=request)


@router.post(f"{PREFIX}/applications/{{application_id}}/pay", response=ApplicationOut, auth=WRITE_AUTH)
def pay(request: HttpRequest, application_id: int, payload: PaymentIn):
    """Record the payment: exactly the approved amount (400 `payment_refused` otherwise)."""
    found = selectors.application_get(request.user, application_id)
    with transaction.atomic():
        return services.reward_pay(actor=request.user, application=found, amount=payload.amount,
                                   paid_on=payload.paid_on, reference=payload.reference, request=request)


@router.post(f"{PREFIX}/applications/{{application_id}}/withdraw", response=ApplicationOut, auth=WRITE_AUTH)
def withdraw(request: HttpRequest, application_id: int):
    found = selectors.application_get(request.user, application_id)
    with transaction.atomic():
        return services.reward_withdraw(actor=request.user, application=found, request=request)


@router.get(f"{PREFIX}/ledger", response=LedgerOut, auth=WRITE_AUTH)
def ledger(request: HttpRequest, city: str, year: int):
    """A city's applications for the year with the totals applied for, approved, paid and budget left."""
    found = get_object_or_404(City, pk=city)
    authorize(request.user, Action.MM_REWARD_DECIDE, found, request=request)
    book = selectors.ledger(found, year)
    return {"city": found.pk, "year": year, "applied": book.applied, "approved": book.approved, "paid": book.paid,
            "budget_left": book.budget_left, "applications": book.rows}
