"""Drafting a typical case from a completed conversion, and its review: the office writes and submits, the regulator
alone publishes, returns or withdraws."""

from __future__ import annotations

from decimal import Decimal

import pytest

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.deals.models import DealKind, DealStatus
from patentbridge.licensing.models import LicenceStatus
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.products.models import Product, ProductPatent, ProductStatus
from patentbridge.rights.tests.factories import GrantFactory
from patentbridge.typical_cases import services
from patentbridge.typical_cases.models import Route, TypicalCaseStatus, TypicalCaseStep
from patentbridge.typical_cases.services import STEPS
from patentbridge.typical_cases.tests.factories import OpenLicenceFactory, TypicalCaseFactory, converted_deal

pytestmark = pytest.mark.django_db
S = TypicalCaseStatus
TEXT = {"title": "华工电池专利许可佛山企业", "summary": "许可后一年投产。", "background": "背景", "approach": "做法",
        "outcome": "成效", "lessons": "启示"}


@pytest.fixture
def university():
    return OrganisationFactory(city_id="440100")


@pytest.fixture
def office(university):
    return member_of(university)


@pytest.fixture
def regulator():
    return member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR)


def test_draft_is_prefilled_from_the_recorded_deal(university, office):
    deal = converted_deal(university, counterparty=OrganisationFactory(kind=OrgKind.ENTERPRISE, city_id="440600"))
    case = services.typical_case_draft(actor=office, deal=deal, data={"title": "案例"})
    assert (case.organisation, case.counterparty, case.route) == (university, deal.counterparty, Route.LICENCE)
    assert (case.amount, case.city_id, case.starts_on) == (Decimal("800000.00"), "440600", deal.starts_on)
    assert list(case.patents.all()) == [deal.patent]


def test_draft_of_a_transfer_takes_the_transfer_route(university, office):
    deal = converted_deal(university, kind=DealKind.TRANSFER, starts_on=None, ends_on=None)
    assert services.typical_case_draft(actor=office, deal=deal, data={"title": "案例"}).route == Route.TRANSFER


def test_draft_from_an_open_licence_taken(university, office):
    licence = OpenLicenceFactory(declaration__organisation=university)
    case = services.typical_case_draft(actor=office, open_licence=licence, data={"title": "案例"})
    assert (case.route, case.counterparty, case.amount) == (Route.OPEN_LICENCE, licence.licensee, Decimal("50000.00"))


def test_draft_takes_the_industry_of_the_buyers_product_embodying_the_patent(university, office):
    deal = converted_deal(university)
    product = Product.objects.create(filer=deal.counterparty, name="储能电池", category="电池", industry_id="3841",
                                     launched_on="2026-01-01", status=ProductStatus.SUBMITTED)
    ProductPatent.objects.create(product=product, patent=deal.patent, basis="licensed",
                                 grant=GrantFactory(patent=deal.patent), checked_on="2026-01-01")
    case = services.typical_case_draft(actor=office, deal=deal, data={"title": "案例"})
    assert case.industry_id == "3841"


def test_the_office_may_choose_another_industry_than_the_prefilled_one(university, office):
    case = services.typical_case_draft(actor=office, deal=converted_deal(university),
                                       data={"title": "案例", "industry": "C3841"})
    assert case.industry_id == "3841"


def test_an_unknown_industry_code_is_refused(university, office):
    with pytest.raises(ValidationFailed) as refused:
        services.typical_case_draft(actor=office, deal=converted_deal(university),
                                    data={"title": "案例", "industry": "9999"})
    assert "industry" in refused.value.details


def test_an_unfinished_deal_cannot_be_drafted(university, office):
    deal = converted_deal(university, status=DealStatus.SIGNED)
    with pytest.raises(Conflict) as refused:
        services.typical_case_draft(actor=office, deal=deal, data={"title": "案例"})
    assert refused.value.code == "not_a_completed_conversion"


def test_a_licence_awaiting_payment_cannot_be_drafted(university, office):
    licence = OpenLicenceFactory(declaration__organisation=university, status=LicenceStatus.AWAITING_PAYMENT,
                                 starts_on=None, ends_on=None)
    with pytest.raises(Conflict):
        services.typical_case_draft(actor=office, open_licence=licence, data={"title": "案例"})


def test_another_organisations_deal_cannot_be_drafted(office):
    with pytest.raises(PermissionDenied):
        services.typical_case_draft(actor=office, deal=converted_deal(), data={"title": "案例"})


def test_the_buyer_cannot_draft_a_case_of_the_deal(university):
    deal = converted_deal(university)
    with pytest.raises(PermissionDenied):
        services.typical_case_draft(actor=member_of(deal.counterparty, Role.SIGNATORY), deal=deal,
                                    data={"title": "案例"})


def test_a_conversion_already_told_cannot_be_drafted_again(university, office):
    deal = converted_deal(university)
    services.typical_case_draft(actor=office, deal=deal, data={"title": "案例"})
    with pytest.raises(Conflict):
        services.typical_case_draft(actor=office, deal=deal, data={"title": "又一案例"})


def test_a_withdrawn_case_may_be_told_again(university, office):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.WITHDRAWN)
    again = services.typical_case_draft(actor=office, deal=case.deal, data={"title": "重写的案例"})
    assert again.pk != case.pk


def test_a_negative_sales_figure_is_refused(university, office):
    with pytest.raises(ValidationFailed) as refused:
        services.typical_case_draft(actor=office, deal=converted_deal(university),
                                    data={"title": "案例", "sales": Decimal("-1")})
    assert "sales" in refused.value.details or "__all__" in refused.value.details


def test_an_incomplete_case_cannot_be_submitted(university, office):
    case = TypicalCaseFactory(deal=converted_deal(university), lessons="")
    with pytest.raises(ValidationFailed) as refused:
        services.typical_case_submit(actor=office, case=case)
    assert list(refused.value.details) == ["lessons"]


def test_the_office_submits_its_draft_and_the_regulators_are_told(university, office, regulator):
    case = TypicalCaseFactory(deal=converted_deal(university))
    submitted = services.typical_case_submit(actor=office, case=case)
    assert submitted.status == S.SUBMITTED and submitted.submitted_at is not None
    assert Notice.objects.filter(recipient=regulator, params__variant="typical_case_submitted").exists()


def test_the_regulator_publishes_and_the_office_is_told(university, office, regulator):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.SUBMITTED)
    published = services.typical_case_publish(actor=regulator, case=case)
    assert published.status == S.PUBLISHED and published.published_at is not None
    assert Notice.objects.filter(recipient=office, params__variant="typical_case_published").exists()


def test_the_office_cannot_approve_its_own_case(university, office):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.typical_case_publish(actor=office, case=case)


def test_an_enterprise_cannot_approve_a_case(university):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.typical_case_publish(actor=member_of(case.counterparty, Role.SIGNATORY), case=case)


def test_a_platform_administrator_cannot_approve_a_case(university):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.SUBMITTED)
    admin = member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.PLATFORM_ADMIN)
    with pytest.raises(PermissionDenied):
        services.typical_case_publish(actor=admin, case=case)


def test_a_return_needs_reasons(university, regulator):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.SUBMITTED)
    with pytest.raises(ValidationFailed):
        services.typical_case_return(actor=regulator, case=case, reasons="  ")


def test_a_returned_case_carries_the_reasons_and_can_be_resubmitted(university, office, regulator):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.SUBMITTED)
    returned = services.typical_case_return(actor=regulator, case=case, reasons="请补充销售数据")
    assert (returned.status, returned.review_note) == (S.RETURNED, "请补充销售数据")
    assert services.typical_case_submit(actor=office, case=returned).status == S.SUBMITTED


def test_a_withdrawal_needs_a_reason_and_is_recorded_as_a_step(university, regulator):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.PUBLISHED)
    with pytest.raises(ValidationFailed):
        services.typical_case_withdraw(actor=regulator, case=case, reason="")
    withdrawn = services.typical_case_withdraw(actor=regulator, case=case, reason="企业撤回同意")
    assert withdrawn.withdrawal_reason == "企业撤回同意"
    assert TypicalCaseStep.objects.filter(case=case, from_status=S.PUBLISHED, to_status=S.WITHDRAWN).exists()


def test_a_draft_cannot_be_published_without_being_submitted(university, regulator):
    case = TypicalCaseFactory(deal=converted_deal(university))
    with pytest.raises(Conflict) as refused:
        services.typical_case_publish(actor=regulator, case=case)
    assert refused.value.code == "invalid_transition"


@pytest.mark.parametrize("status", [s for s in S.values])
@pytest.mark.parametrize("to", [S.SUBMITTED, S.PUBLISHED, S.RETURNED, S.WITHDRAWN])
def test_every_step_outside_the_table_is_refused(university, office, regulator, status, to):
    case = TypicalCaseFactory(deal=converted_deal(university), status=status)
    actor = office if to == S.SUBMITTED else regulator
    take = {S.SUBMITTED: lambda: services.typical_case_submit(actor=actor, case=case),
            S.PUBLISHED: lambda: services.typical_case_publish(actor=actor, case=case),
            S.RETURNED: lambda: services.typical_case_return(actor=actor, case=case, reasons="理由"),
            S.WITHDRAWN: lambda: services.typical_case_withdraw(actor=actor, case=case, reason="理由")}[to]
    if (status, to) in STEPS:
        assert take().status == to
    else:
        with pytest.raises(Conflict):
            take()


def test_a_published_case_cannot_be_edited(university, office):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.PUBLISHED)
    with pytest.raises(Conflict):
        services.typical_case_update(actor=office, case=case, data={"title": "改"})


def test_the_demo_seed_publishes_a_case_of_the_demo_offices_conversion(university):
    from django.contrib.auth import get_user_model

    from patentbridge.orgs.models import Membership
    from patentbridge.typical_cases.demo import seed_demo

    User = get_user_model()
    Membership.objects.create(user=User.objects.create(username="demo-ttm"), organisation=university,
                              role=Role.TECH_TRANSFER_MANAGER)
    Membership.objects.create(user=User.objects.create(username="demo-regulator"),
                              organisation=OrganisationFactory(kind=OrgKind.REGULATOR), role=Role.REGULATOR)
    OpenLicenceFactory(declaration__organisation=university)
    seed_demo(lambda line: None)
    assert university.typical_cases.get().status == S.PUBLISHED


def test_the_prefilled_conclusion_is_the_day_of_recording_not_a_term_starting_later(university, office):
    from django.utils import timezone

    from patentbridge.deals.models import DealTransition

    deal = converted_deal(university)  # its term starts in 2027
    DealTransition.objects.create(deal=deal, from_status=DealStatus.SIGNED, to_status=DealStatus.RECORDED)
    case = services.typical_case_draft(actor=office, deal=deal, data={"title": "案例"})
    assert case.concluded_on == timezone.localdate()
