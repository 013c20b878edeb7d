import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.deals.models import DealKind, DealStatus
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.licensing import services
from patentbridge.licensing.contract import contract_clauses, contract_pdf
from patentbridge.licensing.eligibility import advertising_pattern, cap_warnings, refusals, text_problems
from patentbridge.licensing.models import DeclarationStatus, LicenceStatus, PaymentStatus
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory, signer_of
from patentbridge.patents.models import LegalEvent, LegalStatus, PatentType
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.fee_status import fee_status_refresh
from patentbridge.pool.models import FeePayment
from patentbridge.recordation.models import RecordationStatus
from patentbridge.rights.models import GrantKind
from patentbridge.rights.tests.factories import GrantFactory

TODAY = dt.date(2026, 11, 26)
GOOD = {"payment_mode": "lump_sum", "lump_sum": Decimal("50000"), "term_years": 3,
        "other_terms": "许可地域为中国大陆。"}


@pytest.fixture
def university(db):
    return OrganisationFactory(kind=OrgKind.UNIVERSITY)


@pytest.fixture
def patent(university):
    return PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))


def _rules(patent, data=GOOD):
    return {f.rule for f in refusals(patent, data, TODAY)}


def test_a_granted_patent_in_force_may_be_declared(patent):
    assert _rules(patent) == set()


def test_ir85_an_application_not_yet_granted_is_refused(university):
    pending = PatentFactory(owner=university, legal_status=LegalStatus.PENDING, grant_date=None)
    assert "not_granted" in _rules(pending)


def test_ir86_1_an_exclusive_licence_in_force_refuses(patent, university):
    GrantFactory(kind=GrantKind.EXCLUSIVE_LICENCE, patent=patent, grantor=university,
                 starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2027, 12, 31))
    assert "exclusive_licence" in _rules(patent)


def test_ir86_1_an_exclusive_licence_signed_to_start_later_blocks_a_declaration(patent, university):
    GrantFactory(kind=GrantKind.EXCLUSIVE_LICENCE, patent=patent, grantor=university,
                 starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2028, 12, 31))
    assert "exclusive_licence" in _rules(patent)


def test_ir86_1_a_sole_licence_signed_to_start_later_blocks_a_declaration(patent, university):
    GrantFactory(kind=GrantKind.SOLE_LICENCE, patent=patent, grantor=university,
                 starts_on=dt.date(2027, 6, 1), ends_on=dt.date(2029, 5, 31))
    assert "exclusive_licence" in _rules(patent)


def test_ir86_1_an_exclusive_licence_that_has_ended_does_not_block_a_declaration(patent, university):
    GrantFactory(kind=GrantKind.EXCLUSIVE_LICENCE, patent=patent, grantor=university,
                 starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2025, 12, 31))
    assert "exclusive_licence" not in _rules(patent)


def test_ir86_1_an_unsigned_exclusive_licence_to_start_later_does_not_block_a_declaration(patent, university):
    DealFactory(kind=DealKind.EXCLUSIVE_LICENCE, patent=patent, owner=university, status=DealStatus.NEGOTIATING,
                starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2028, 12, 31))
    assert "exclusive_licence" not in _rules(patent)


def test_ir86_2_suspended_procedures_refuse(patent):
    LegalEvent.objects.create(patent=patent, date=dt.date(2026, 3, 1), description="专利权有关程序中止")
    assert "suspended" in _rules(patent)


def _events(patent, *events):
    for day, description in events:
        LegalEvent.objects.create(patent=patent, date=day, description=description)


def test_ir86_2_ir103_a_later_resumption_of_the_procedures_lifts_the_suspension(patent):
    _events(patent, (dt.date(2026, 3, 1), "专利权有关程序中止"), (dt.date(2026, 9, 1), "恢复有关程序"))
    assert "suspended" not in _rules(patent)


def test_ir86_2_ir103_the_end_of_the_suspension_lifts_it(patent):
    _events(patent, (dt.date(2026, 3, 1), "专利权有关程序中止"), (dt.date(2026, 9, 1), "中止程序结束"))
    assert "suspended" not in _rules(patent)


def test_ir86_2_ir103_a_suspension_after_a_resumption_blocks_again(patent):
    _events(patent, (dt.date(2025, 3, 1), "专利权有关程序中止"), (dt.date(2025, 9, 1), "解除中止"),
            (dt.date(2026, 5, 1), "专利权有关程序中止"))
    assert "suspended" in _rules(patent)


def test_ir86_2_ir103_an_extended_suspension_still_blocks(patent):
    _events(patent, (dt.date(2025, 3, 1), "专利权有关程序中止"), (dt.date(2026, 2, 20), "延长中止"))
    assert "suspended" in _rules(patent)


def test_ir86_2_ir103_a_resumption_dated_after_today_does_not_lift_the_suspension_yet(patent):
    _events(patent, (dt.date(2026, 3, 1), "专利权有关程序中止"), (dt.date(2027, 1, 5), "恢复有关程序"))
    assert "suspended" in _rules(patent)


def test_ir86_2_ir6_restoring_a_lapsed_right_does_not_lift_a_suspension(patent):
    _events(patent, (dt.date(2026, 3, 1), "专利权有关程序中止"), (dt.date(2026, 9, 1), "专利权的恢复"))
    assert "suspended" in _rules(patent)


def test_ir86_2_ir104_a_court_preservation_order_suspends(patent):
    _events(patent, (dt.date(2026, 3, 1), "专利权的保全"))
    assert "suspended" in _rules(patent)


def test_ir86_2_ir104_lifting_the_preservation_order_lifts_the_suspension(patent):
    _events(patent, (dt.date(2026, 3, 1), "专利权的保全"), (dt.date(2026, 8, 1), "专利权保全的解除"))
    assert "suspended" not in _rules(patent)


def test_ir86_3_an_unpaid_annual_fee_refuses(patent):
    FeePayment.objects.create(patent=patent, year=7, amount=Decimal("1200"), paid_on=dt.date(2025, 1, 10))
    fee_status_refresh(patent)
    # Year 8 fell due on 2026-01-15 and is not recorded as paid; checked in its late window.
    assert "annual_fee_unpaid" in {f.rule for f in refusals(patent, GOOD, dt.date(2026, 3, 1))}


def test_ir86_3_a_patent_lapsed_for_fees_refuses(university):
    lapsed = PatentFactory(owner=university, legal_status=LegalStatus.LAPSED_FEES, grant_date=dt.date(2021, 5, 1),
                           application_date=dt.date(2019, 1, 1))
    assert "annual_fee_unpaid" in _rules(lapsed)


def test_ir86_4_a_pledge_needs_the_pledgees_consent(patent):
    LegalEvent.objects.create(patent=patent, date=dt.date(2025, 3, 1), description="专利权质押合同登记的生效")
    assert "pledged" in _rules(patent)
    assert "pledged" not in _rules(patent, {**GOOD, "pledgee_consent": True})
    LegalEvent.objects.create(patent=patent, date=dt.date(2026, 3, 1), description="专利权质押合同登记的注销")
    assert "pledged" not in _rules(patent)


def test_pl50_a_utility_model_needs_an_evaluation_report(university):
    model = PatentFactory(owner=university, patent_type=PatentType.UTILITY_MODEL, grant_date=dt.date(2022, 1, 1),
                          application_number=None,
                          publication_number="CN215000001U")
    assert "evaluation_report" in _rules(model)
    assert "evaluation_report" not in _rules(model, {**GOOD, "evaluation_report": "2022-PJ-000123"})


def test_co_owned_patents_need_every_co_owners_consent(patent):
    patent.applicant_names = [patent.applicant_names[0], "某某科技有限公司"]
    assert "co_owner_consent" in _rules(patent)
    assert "co_owner_consent" not in _rules(patent, {**GOOD, "co_owners_consent": True})


def test_ir85_advertising_language_is_refused_and_named():
    problems = text_problems({**GOOD, "other_terms": "国际领先的最佳方案，保证收益"})
    finding = next(f for f in problems if f.rule == "advertising")
    assert "最佳" in finding.message and "保证" in finding.message


def _advertising(text):
    return [f for f in text_problems({**GOOD, "other_terms": text}) if f.rule == "advertising"]


@pytest.mark.parametrize("phrase", [
    "许可方保证维持专利权有效。", "第一期款项于合同生效后 30 日内支付。", "被许可方应在第一年内实施。",
    "最低提成为每年 5 万元。", "提成最高不超过净销售额的 5%。", "许可方尽最大努力提供技术指导。",
    "第一条 许可范围", "本声明为唯一有效文本。", "首期支付 100% 入门费。", "项目来源：国家级重点研发计划。",
    "The licensor shall use its best efforts to keep the patent in force.",
])
def test_ir85_3_ordinary_contract_words_are_not_advertising(phrase):
    assert _advertising(phrase) == []


@pytest.mark.parametrize("claim", [
    "全球领先", "国内第一", "行业第一", "第一品牌", "最先进的工艺", "效果最好", "最优方案", "保证盈利", "保证收益",
    "包赚不赔", "稳赚", "顶级技术", "世界级水平", "史无前例", "100%有效", "world-class technology",
    "guaranteed returns", "No. 1 in China",
])
def test_ir85_3_advertising_claims_are_refused_with_the_article(claim):
    finding, = _advertising(f"本专利{claim}。")
    assert "专利法实施细则第八十五条" in finding.article


def test_ir85_3_the_advertising_terms_come_from_the_editable_data_file(tmp_path):
    terms = tmp_path / "terms.json"
    terms.write_text('{"patterns": [{"pattern": "物美价廉", "why": "a test term"}]}', encoding="utf-8")
    pattern = advertising_pattern(terms)
    assert pattern.search("本技术物美价廉") and not pattern.search("全球领先")


def test_ir85_the_fee_and_term_are_required():
    rules = {f.rule for f in text_problems({"payment_mode": "royalty_sales"})}
    assert {"rate_missing", "term_missing"} <= rules


def test_fees_above_the_2024_guidance_caps_warn():
    assert {f.rule for f in cap_warnings({"payment_mode": "lump_sum", "lump_sum": Decimal("25000000")})} == {
        "cap_fixed_fee"}
    assert {f.rule for f in cap_warnings({"payment_mode": "royalty_sales", "royalty_rate": Decimal("25")})} == {
        "cap_sales_rate"}
    assert {f.rule for f in cap_warnings({"payment_mode": "royalty_profit", "royalty_rate": Decimal("35")})} == set()


def test_a_refused_declaration_lists_every_reason_and_writes_nothing(university):
    pending = PatentFactory(owner=university, legal_status=LegalStatus.PENDING, grant_date=None)
    with pytest.raises(ValidationFailed) as error:
        services.declare(actor=signer_of(university), organisation=university, patent=pending,
                         data={**GOOD, "other_terms": "国内第一"}, today=TODAY)
    assert {r["rule"] for r in error.value.details["refusals"]} >= {"not_granted", "advertising"}
    assert not pending.open_licence_declarations.exists()


def test_a_licence_term_beyond_the_patent_is_refused(patent):
    with pytest.raises(ValidationFailed) as error:
        services.declare(actor=signer_of(university_of(patent)), organisation=university_of(patent), patent=patent,
                         data={**GOOD, "term_years": 30}, today=TODAY)
    assert "term_beyond_patent" in {r["rule"] for r in error.value.details["refusals"]}


def university_of(patent):
    return patent.applicant_links.get().organisation


@pytest.fixture
def declaration(patent, university, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        declared = services.declare(actor=signer_of(university), organisation=university, patent=patent, data=GOOD, today=TODAY)
    assert len(callbacks) == 1  # subscribers hear of the new open licence
    return declared


def test_taking_an_open_licence_pays_and_prepares_the_recordation(declaration):
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="某某精密制造有限公司")
    licence = services.licence_take(actor=signer_of(company), licensee=company, declaration=declaration,
                                    notice="我司依法通知实施该专利并支付许可费。", today=TODAY)
    assert licence.status == LicenceStatus.ACTIVE
    assert (licence.starts_on, licence.ends_on) == (TODAY, dt.date(2029, 11, 25))
    assert licence.payments.get().status == PaymentStatus.SUCCEEDED
    assert licence.recordation.deadline == dt.date(2027, 2, 26)
    assert licence.recordation.status == RecordationStatus.DRAFT
    assert licence.tech_contract.contract_amount == Decimal("50000.00")
    assert contract_pdf(licence).startswith(b"%PDF")


def test_a_declined_payment_leaves_the_licence_awaiting_payment(patent, university):
    declared = services.declare(actor=signer_of(university), organisation=university, patent=patent,
                                data={**GOOD, "lump_sum": Decimal("1000.13")}, today=TODAY)
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    licence = services.licence_take(actor=signer_of(company), licensee=company, declaration=declared, notice="通知",
                                    today=TODAY)
    assert licence.status == LicenceStatus.AWAITING_PAYMENT
    assert licence.payments.get().status == PaymentStatus.FAILED


def test_withdrawal_needs_a_reason_and_leaves_licences_valid(declaration):
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    licence = services.licence_take(actor=signer_of(company), licensee=company, declaration=declaration, notice="通知", today=TODAY)
    with pytest.raises(ValidationFailed):
        services.withdraw(actor=signer_of(university_of(declaration.patent)), declaration=declaration, reason=" ")
    services.withdraw(actor=signer_of(university_of(declaration.patent)), declaration=declaration,
                      reason="转为独占许可谈判")
    licence.refresh_from_db()
    assert (declaration.status, licence.status) == (DeclarationStatus.WITHDRAWN, LicenceStatus.ACTIVE)
    with pytest.raises(Conflict):
        other = OrganisationFactory(kind=OrgKind.ENTERPRISE)
        services.licence_take(actor=signer_of(other), licensee=other, declaration=declaration, notice="通知",
                              today=TODAY)


def test_a_second_declaration_of_the_same_patent_conflicts(declaration, patent, university):
    with pytest.raises(Conflict):
        services.declare(actor=signer_of(university), organisation=university, patent=patent, data=GOOD, today=TODAY)


def test_only_a_member_who_signs_for_the_patentee_declares(patent, university, make_member):
    from patentbridge.core.errors import PermissionDenied
    from patentbridge.orgs.models import Role
    from patentbridge.orgs.tests.factories import member_of

    for actor in (member_of(university, Role.INVENTOR), make_member(Role.PLATFORM_ADMIN, OrgKind.AGENCY)[0],
                  make_member(Role.TECH_TRANSFER_MANAGER)[0]):
        with pytest.raises(PermissionDenied):
            services.declare(actor=actor, organisation=university, patent=patent, data=GOOD, today=TODAY)


def test_an_enterprise_employee_without_signing_authority_cannot_take_a_licence(declaration):
    from patentbridge.core.errors import PermissionDenied
    from patentbridge.orgs.models import Role
    from patentbridge.orgs.tests.factories import member_of

    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    with pytest.raises(PermissionDenied):
        services.licence_take(actor=member_of(company, Role.ENTERPRISE_USER), licensee=company,
                              declaration=declaration, notice="通知", today=TODAY)


def _taken(declaration):
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="某某精密制造有限公司")
    return services.licence_take(actor=signer_of(company), licensee=company, declaration=declaration,
                                 notice="我司依法通知实施该专利并支付许可费。", today=TODAY)


def test_the_contract_pdf_embeds_its_chinese_font(declaration):
    pdf = contract_pdf(_taken(declaration))
    assert b"/FontFile2" in pdf  # an embedded TrueType font program
    assert b"STSong" not in pdf


def test_the_contract_dates_the_licensees_notice_in_china_time(declaration):
    licence = _taken(declaration)
    licence.noticed_at = dt.datetime(2026, 11, 30, 17, 30, tzinfo=dt.UTC)  # 01:30 the next day in Guangzhou
    assert dict(contract_clauses(licence))["被许可方书面通知"].startswith("2026-12-01 01:30")
