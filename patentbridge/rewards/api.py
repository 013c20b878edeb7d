"""/api/v1/rewards: each city's sales-based reward policies, the calculation shown step by step, and the
application → approval → payment ledger."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.calculation import Calculation
from patentbridge.core.errors import NotFound
from patentbridge.core.pagination import Pagination
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.products.models import Product
from patentbridge.rewards import selectors, services
from patentbridge.rewards.models import RewardApplication, RewardBasis, SalesRewardPolicy

router = Router(tags=["rewards"])


class StepOut(Schema):
    key: str = Field(..., description="basis, rate, fixed, product_cap, enterprise_cap, budget, result")
    text: str = Field(..., description="the step in words, in the request's language")
    amount: Decimal = Field(..., description="RMB, rounded to the fen half up")


class CheckOut(Schema):
    key: str
    text: str
    passed: bool


def _steps(calculation: Calculation | None) -> list[dict[str, Any]]:
    if calculation is None:
        return []
    return [{"key": s.key, "text": s.text(), "amount": s.amount} for s in calculation.steps]


class PolicyIn(Schema):
    city: str = Field(..., max_length=6, description="GB/T 2260 code of the city")
    title: str = Field(..., min_length=1, max_length=200)
    basis: RewardBasis
    first_year: int = Field(..., ge=2020, le=2100)
    last_year: int | None = Field(None, ge=2020, le=2100)
    rate: Decimal = Field(Decimal(0), ge=0, le=100, max_digits=7, decimal_places=4,
                          description="% of the product's sales in the reward year")
    fixed_amount: Decimal = Field(Decimal(0), ge=0, max_digits=16, decimal_places=2)
    product_cap: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    enterprise_cap: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    budget: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2, description="per reward year")
    filer_in_city: bool = True
    on_time_only: bool = True
    min_sales: Decimal = Field(Decimal(0), ge=0, max_digits=16, decimal_places=2)
    size_classes: list[str] = Field(default_factory=list, description="large, medium, small, micro; empty: all")
    is_example: bool = False
    source: str = Field("", max_length=2000)


class PolicyOut(Schema):
    id: int
    city: str = Field(..., alias="city_id")
    title: str
    basis: str
    first_year: int
    last_year: int | None
    rate: Decimal
    fixed_amount: Decimal
    product_cap: Decimal | None
    enterprise_cap: Decimal | None
    budget: Decimal | None
    filer_in_city: bool
    on_time_only: bool
    min_sales: Decimal
    size_classes: list[str]
    is_example: bool
    source: str


class ApplicationOut(Schema):
    id: int
    product: int = Field(..., alias="product_id")
    enterprise: str = Field(..., alias="enterprise.name")
    city: str = Field(..., alias="city_id")
    policy: int = Field(..., alias="policy_id")
    basis: str
    year: int
    status: str = Field(..., description="applied, approved, refused, paid, withdrawn")
    calculated_amount: Decimal
    approved_amount: Decimal | None
    reduction_reason: str
    decision_note: str
    paid_amount: Decimal | None
    paid_on: dt.date | None
    payment_reference: str
    calculation: list[StepOut] = Field(..., description="frozen when decided; while waiting, as the policy stands")

    @staticmethod
    def resolve_calculation(obj: RewardApplication) -> list[dict[str, Any]]:
        return _steps(selectors.application_calculation(obj))


class AssessmentOut(Schema):
    eligible: bool
    checks: list[CheckOut]
    calculation: list[StepOut]


class ApplicationIn(Schema):
    product: int
    policy: int
    year: int = Field(..., ge=2020, le=2100)


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


@router.get("/rewards/policies", response=list[PolicyOut], auth=WRITE_AUTH)
def list_policies(request: HttpRequest):
    """The policies of the cities you govern as a regulator (every city for a provincial regulator)."""
    authorize(request.user, Action.REWARD_POLICY_EDIT, request=request)
    return list(selectors.policies_for(request.user))


def _policy_data(payload: PolicyIn) -> dict[str, Any]:
    return payload.dict(exclude={"city"}) | {"basis": payload.basis.value}


@router.post("/rewards/policies", response={201: PolicyOut}, auth=WRITE_AUTH)
def create_policy(request: HttpRequest, payload: PolicyIn):
    """A new version of a city's policy. 409 `policy_years_overlap`, `policy_version_exists`."""
    city = get_object_or_404(City, pk=payload.city)
    with transaction.atomic():
        return Status(201, services.policy_save(actor=request.user, city=city, data=_policy_data(payload),
                                               request=request))


@router.put("/rewards/policies/{policy_id}", response=PolicyOut, auth=WRITE_AUTH)
def change_policy(request: HttpRequest, policy_id: int, payload: PolicyIn):
    """Change a version; rewards already decided keep the policy they were decided under."""
    policy = selectors.policy_get(request.user, policy_id)
    city = get_object_or_404(City, pk=payload.city)
    with transaction.atomic():
        return services.policy_save(actor=request.user, city=city, data=_policy_data(payload), policy=policy,
                                    request=request)


@router.get("/rewards/assessment", response=AssessmentOut, auth=WRITE_AUTH)
def assess(request: HttpRequest, product: int, policy: int, year: int):
    """Each rule of the policy for your product and the year, met or not, and the calculation step by step."""
    found = _own_product(request, product)
    assessment = selectors.assessment(_policy(policy), found, year)
    return {"eligible": assessment.eligible, "calculation": _steps(assessment.calculation),
            "checks": [{"key": c.key, "text": c.text(), "passed": c.passed} for c in assessment.checks]}


def _own_product(request: HttpRequest, product_id: int) -> Product:
    product = get_object_or_404(Product.objects.select_related("filer"), pk=product_id)
    authorize(request.user, Action.REWARD_APPLY, product, request=request)
    return product


def _policy(policy_id: int) -> SalesRewardPolicy:
    policy = SalesRewardPolicy.objects.select_related("city").filter(pk=policy_id).first()
    if policy is None:
        raise NotFound()
    return policy


@router.get("/rewards/applications", response=list[ApplicationOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_applications(request: HttpRequest):
    """Your enterprise's applications; a regulator's cities' applications."""
    return selectors.applications_visible_to(request.user)


@router.get("/rewards/applications/{application_id}", response=ApplicationOut, auth=WRITE_AUTH)
def get_application(request: HttpRequest, application_id: int):
    return selectors.application_get(request.user, application_id)


@router.post("/rewards/applications", response={201: ApplicationOut}, auth=WRITE_AUTH)
def apply(request: HttpRequest, payload: ApplicationIn):
    """Apply for your product's reward. 400 `not_eligible` (details.rules: each unmet rule), `nothing_to_award`;
    409 `already_applied`."""
    product = get_object_or_404(Product.objects.select_related("filer"), pk=payload.product)
    with transaction.atomic():
        return Status(201, services.reward_apply(actor=request.user, product=product,
                                                 policy=_policy(payload.policy), year=payload.year, request=request))


@router.post("/rewards/applications/{application_id}/approve", response=ApplicationOut, auth=WRITE_AUTH)
def approve(request: HttpRequest, application_id: int, payload: ApproveIn):
    """Approve at the calculated amount or less (with the reason). 400 `above_calculation`, `reduction_reason`."""
    found = selectors.application_get(request.user, application_id)
    with transaction.atomic():
        return services.reward_approve(actor=request.user, application=found, amount=payload.amount,
                                       reason=payload.reason, request=request)


@router.post("/rewards/applications/{application_id}/refuse", response=ApplicationOut, auth=WRITE_AUTH)
def refuse(request: HttpRequest, application_id: int, payload: RefuseIn):
    found = selectors.application_get(request.user, application_id)
    with transaction.atomic():
        return services.reward_refuse(actor=request.user, application=found, reason=payload.reason, request=request)


@router.post("/rewards/applications/{application_id}/pay", response=ApplicationOut, auth=WRITE_AUTH)
def pay(request: HttpRequest, application_id: int, payload: PaymentIn):
    """Record the payment: exactly the approved amount (400 `payment_refused` otherwise)."""
    found = selectors.application_get(request.user, application_id)
    with transaction.atomic():
        return services.reward_pay(actor=request.user, application=found, amount=payload.amount,
                                   paid_on=payload.paid_on, reference=payload.reference, request=request)


@router.post("/rewards/applications/{application_id}/withdraw", response=ApplicationOut, auth=WRITE_AUTH)
def withdraw(request: HttpRequest, application_id: int):
    found = selectors.application_get(request.user, application_id)
    with transaction.atomic():
        return services.reward_withdraw(actor=request.user, application=found, request=request)


@router.get("/rewards/ledger", response=LedgerOut, auth=WRITE_AUTH)
def ledger(request: HttpRequest, city: str, year: int):
    """A city's applications for the year with the totals applied for, approved, paid and budget left."""
    found = get_object_or_404(City, pk=city)
    authorize(request.user, Action.REWARD_DECIDE, found, request=request)
    book = selectors.ledger(found, year)
    return {"city": found.pk, "year": year, "applied": book.applied, "approved": book.approved, "paid": book.paid,
            "budget_left": book.budget_left, "applications": book.rows}
