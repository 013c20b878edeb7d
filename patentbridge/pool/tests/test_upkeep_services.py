"""The upkeep records' rules: fee reduction (rules.md §10.3), fee payments and their late surcharge, corrections,
funded projects with yearly reports, standard declarations; and who keeps a patent's records."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import transaction

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.permissions import Action, is_allowed
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import maintenance_services as upkeep
from patentbridge.pool import selectors
from patentbridge.pool.models import FeePayment, FundedProject, ImplementationMode, StandardDeclaration
from patentbridge.pool.tests.conftest import TODAY
from patentbridge.pool.tests.factories import co_own

DUE_7 = dt.date(2025, 1, 15)


def _pay(kept, **kwargs) -> FeePayment:
    values = {"year": 7, "amount": Decimal("2000"), "paid_on": dt.date(2025, 1, 10), "today": TODAY} | kwargs
    return upkeep.fee_payment_record(actor=kept.office, patent=kept.patent, **values)


def _field_error(excinfo, field: str) -> str:
    return str(excinfo.value.details[field])


# ---------------------------------------------------------------- fee reduction (专利收费减缴)

def test_s10_3_the_85_percent_reduction_is_set_for_a_single_owner(kept):
    upkeep.fee_reduction_set(actor=kept.office, entry=kept.entry, reduction="single")
    kept.entry.refresh_from_db()
    assert kept.entry.fee_reduction == "single"


def test_s10_3_the_85_percent_reduction_is_refused_to_co_owners(kept):
    co_own(kept.patent, OrganisationFactory(kind=OrgKind.ENTERPRISE))
    with pytest.raises(ValidationFailed) as excinfo:
        upkeep.fee_reduction_set(actor=kept.office, entry=kept.entry, reduction="single")
    assert "reduction" in excinfo.value.details


def test_s10_3_the_70_percent_reduction_is_set_for_co_owners(kept):
    co_own(kept.patent, OrganisationFactory(kind=OrgKind.INSTITUTE))
    upkeep.fee_reduction_set(actor=kept.office, entry=kept.entry, reduction="joint")
    kept.entry.refresh_from_db()
    assert kept.entry.fee_reduction == "joint"


def test_s10_3_the_70_percent_reduction_is_refused_to_a_single_owner(kept):
    with pytest.raises(ValidationFailed):
        upkeep.fee_reduction_set(actor=kept.office, entry=kept.entry, reduction="joint")


def test_none_clears_the_fee_reduction(kept):
    upkeep.fee_reduction_set(actor=kept.office, entry=kept.entry, reduction="single")
    upkeep.fee_reduction_set(actor=kept.office, entry=kept.entry, reduction="none")
    kept.entry.refresh_from_db()
    assert kept.entry.fee_reduction == "none"


def test_an_unknown_fee_reduction_is_refused(kept):
    with pytest.raises(ValidationFailed):
        upkeep.fee_reduction_set(actor=kept.office, entry=kept.entry, reduction="half")


def test_setting_the_fee_reduction_is_change_logged_with_its_actor(kept):
    upkeep.fee_reduction_set(actor=kept.office, entry=kept.entry, reduction="single")
    assert LogEntry.objects.get_for_object(kept.entry).latest("timestamp").actor == kept.office


# ---------------------------------------------------------------- fee payments

def test_a_payment_is_recorded_with_who_recorded_it(kept):
    payment = _pay(kept)
    assert (payment.year, payment.amount, payment.recorded_by) == (7, Decimal("2000"), kept.office)
    assert list(FeePayment.objects.standing()) == [payment]


def test_a_payment_is_change_logged_with_its_actor(kept):
    payment = _pay(kept)
    assert LogEntry.objects.get_for_object(payment).get().actor == kept.office


def test_no_annual_fee_is_recorded_before_the_grant(kept):
    kept.patent.grant_date = None
    with pytest.raises(ValidationFailed) as excinfo:
        _pay(kept)
    assert "year" in excinfo.value.details


def test_a_year_before_the_grant_year_is_refused(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _pay(kept, year=2)
    assert "3" in _field_error(excinfo, "year") and "20" in _field_error(excinfo, "year")


def test_a_year_beyond_the_term_is_refused(kept):
    with pytest.raises(ValidationFailed):
        _pay(kept, year=21, paid_on=dt.date(2026, 1, 1))


def test_a_negative_amount_is_refused(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _pay(kept, amount=Decimal("-1"))
    assert "amount" in excinfo.value.details


def test_a_payment_dated_in_the_future_is_refused(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _pay(kept, year=10, paid_on=TODAY + dt.timedelta(days=1))
    assert "paid_on" in excinfo.value.details


def test_a_second_payment_of_the_same_year_is_a_conflict_naming_the_first(kept):
    first = _pay(kept)
    with pytest.raises(Conflict) as excinfo:
        _pay(kept, amount=Decimal("1700"))
    assert excinfo.value.code == "fee_already_paid"
    assert excinfo.value.details == {"year": 7, "payment_id": first.pk}


def test_a_refused_second_payment_leaves_the_transaction_usable(kept):
    with transaction.atomic():
        _pay(kept)
        with pytest.raises(Conflict):
            _pay(kept)
        assert FeePayment.objects.count() == 1


def test_s10_3_paid_within_the_first_month_late_no_surcharge_is_owed(kept):
    payment = _pay(kept, paid_on=DUE_7 + dt.timedelta(days=31))
    assert payment.surcharge == 0


def test_s10_3_paid_in_the_third_month_late_the_surcharge_is_ten_percent_of_the_full_fee(kept):
    payment = _pay(kept, paid_on=dt.date(2025, 3, 20), surcharge=Decimal("200.00"))
    assert payment.surcharge == Decimal("200.00")


def test_s10_3_a_late_payment_without_its_surcharge_is_refused_with_the_amount_owed(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _pay(kept, paid_on=dt.date(2025, 3, 20))
    assert excinfo.value.code == "surcharge_mismatch"
    assert excinfo.value.details["expected"] == "200.00"


def test_a_surcharge_on_a_payment_made_in_time_is_refused(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _pay(kept, surcharge=Decimal("100"))
    assert excinfo.value.details["expected"] == "0.00"


def test_ir115_a_payment_after_the_late_period_is_refused(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _pay(kept, paid_on=dt.date(2025, 8, 1), surcharge=Decimal("500"))
    assert excinfo.value.code == "fee_period_expired"


def test_a_cancelled_payment_stays_with_who_cancelled_it_and_why(kept):
    payment = upkeep.fee_payment_cancel(actor=kept.admin, payment=_pay(kept), reason="录错专利")
    payment.refresh_from_db()
    assert (payment.cancelled_by, payment.cancel_reason) == (kept.admin, "录错专利")
    assert payment.cancelled_at is not None
    assert not FeePayment.objects.standing().exists()


def test_cancelling_a_payment_needs_a_reason(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        upkeep.fee_payment_cancel(actor=kept.office, payment=_pay(kept), reason="  ")
    assert "reason" in excinfo.value.details


def test_a_payment_is_cancelled_once(kept):
    payment = upkeep.fee_payment_cancel(actor=kept.office, payment=_pay(kept), reason="重复")
    with pytest.raises(Conflict):
        upkeep.fee_payment_cancel(actor=kept.office, payment=payment, reason="再次")


def test_a_year_whose_payment_was_cancelled_can_be_paid_again(kept):
    upkeep.fee_payment_cancel(actor=kept.office, payment=_pay(kept), reason="金额错")
    assert _pay(kept, amount=Decimal("1700")).amount == Decimal("1700")


def test_a_correction_cancels_the_wrong_payment_and_records_the_right_one_pointing_at_it(kept):
    wrong = _pay(kept, amount=Decimal("20000"))
    right = upkeep.fee_payment_correct(actor=kept.office, payment=wrong, amount=Decimal("2000"),
                                       paid_on=dt.date(2025, 1, 10), reason="多输一个零", today=TODAY)
    wrong.refresh_from_db()
    assert (right.replaces, right.amount, wrong.cancel_reason) == (wrong, Decimal("2000"), "多输一个零")
    assert list(FeePayment.objects.standing()) == [right]


def test_a_refused_correction_leaves_the_payment_standing(kept):
    payment = _pay(kept)
    with pytest.raises(ValidationFailed):
        upkeep.fee_payment_correct(actor=kept.office, payment=payment, amount=Decimal("2000"),
                                   paid_on=dt.date(2025, 3, 20), reason="日期错", today=TODAY)
    payment.refresh_from_db()
    assert payment.cancelled_at is None


def test_a_cancelled_payment_no_longer_counts_in_the_fee_calendar(kept):
    payment = _pay(kept, year=8, paid_on=dt.date(2026, 1, 10))
    upkeep.fee_payment_cancel(actor=kept.office, payment=payment, reason="未实际缴纳")
    line = next(line for line in selectors.maintenance_for(kept.uni, dt.date(2026, 2, 1)) if line.fee.year == 8)
    assert line.overdue and not line.paid


def test_every_payment_change_goes_through_the_one_annual_fee_status_sync(kept, monkeypatch):
    calls = []
    monkeypatch.setattr(upkeep, "annual_fee_status_sync", lambda **kwargs: calls.append(kwargs))
    payment = _pay(kept)
    upkeep.fee_payment_correct(actor=kept.office, payment=payment, amount=Decimal("1700"),
                               paid_on=dt.date(2025, 1, 10), reason="减缴后金额", today=TODAY)
    assert calls == [{"patent": kept.patent, "year": 7}] * 3  # recorded, cancelled, recorded again


# ---------------------------------------------------------------- state-funded projects and yearly reports

def _declare(kept, **kwargs) -> FundedProject:
    values = {"project_name": "国家重点研发计划 某课题", "funder": "科学技术部"} | kwargs
    return upkeep.funded_project_declare(actor=kept.office, patent=kept.patent, **values)


def test_a_funded_project_is_declared_by_the_office(kept):
    project = _declare(kept, project_number=" 2020YFB0101 ")
    assert (project.declared_by, project.project_number) == (kept.office, "2020YFB0101")


def test_editing_a_funded_project_keeps_who_declared_it(kept):
    _declare(kept)
    editor = member_of(kept.uni)
    project = upkeep.funded_project_declare(actor=editor, patent=kept.patent, project_name="改正后的课题名称",
                                            funder="科学技术部")
    assert (FundedProject.objects.count(), project.project_name, project.declared_by) == (1, "改正后的课题名称",
                                                                                            kept.office)


def test_a_funded_project_needs_its_name_and_funder(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _declare(kept, project_name=" ", funder="")
    assert set(excinfo.value.details) == {"project_name", "funder"}


def test_a_funded_project_name_longer_than_its_column_is_refused(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _declare(kept, project_name="课" * 301)
    assert "project_name" in excinfo.value.details


def _report(kept, project, year: int, mode: str = ImplementationMode.OWN):
    return upkeep.implementation_report_record(actor=kept.office, project=project, year=year, mode=mode, today=TODAY)


def test_a_second_report_for_the_same_year_replaces_the_first(kept):
    project = _declare(kept)
    _report(kept, project, 2025, ImplementationMode.NONE)
    _report(kept, project, 2025, ImplementationMode.LICENCE)
    assert list(project.reports.values_list("year", "mode")) == [(2025, ImplementationMode.LICENCE)]


def test_a_report_for_a_year_before_the_filing_is_refused(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _report(kept, _declare(kept), 2018)
    assert "2019" in _field_error(excinfo, "year")


def test_a_report_for_a_future_year_is_refused(kept):
    with pytest.raises(ValidationFailed):
        _report(kept, _declare(kept), TODAY.year + 1)


def test_a_report_with_an_unknown_mode_is_refused(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        _report(kept, _declare(kept), 2025, "sold")
    assert "mode" in excinfo.value.details


# ---------------------------------------------------------------- standard-essential declarations

def test_an_empty_standard_number_is_refused(kept):
    with pytest.raises(ValidationFailed):
        upkeep.standard_declare(actor=kept.office, patent=kept.patent, standard_number="   ")


def test_a_standard_number_longer_than_its_column_is_refused(kept):
    with pytest.raises(ValidationFailed) as excinfo:
        upkeep.standard_declare(actor=kept.office, patent=kept.patent, standard_number="GB/T " + "1" * 60)
    assert "standard_number" in excinfo.value.details


def test_a_removed_standard_declaration_is_gone_and_its_removal_logged(kept):
    declaration = upkeep.standard_declare(actor=kept.office, patent=kept.patent, standard_number="GB/T 1-2020")
    pk = declaration.pk
    upkeep.standard_declaration_remove(actor=kept.office, declaration=declaration)
    assert not StandardDeclaration.objects.exists()
    removal = LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).get()
    assert removal.actor == kept.office


# ---------------------------------------------------------------- who keeps a patent's records

def test_a_co_owner_may_not_maintain_a_patent_another_institution_holds_in_its_inventory(kept):
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    co_own(kept.patent, firm)
    keeping = selectors.patent_keeping(kept.patent)
    assert is_allowed(kept.office, Action.POOL_MAINTAIN, keeping)
    assert not is_allowed(member_of(firm, Role.SIGNATORY), Action.POOL_MAINTAIN, keeping)


def test_the_owners_keep_a_patent_in_no_inventory(db):
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    keeping = selectors.patent_keeping(PatentFactory(owner=firm))
    assert is_allowed(member_of(firm, Role.SIGNATORY), Action.POOL_MAINTAIN, keeping)
    assert not is_allowed(member_of(firm, Role.ENTERPRISE_USER), Action.POOL_MAINTAIN, keeping)


def test_a_read_only_member_and_the_regulator_read_the_records_but_do_not_write_them(kept):
    keeping = selectors.entry_keeping(kept.entry)
    regulator = member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR)
    for reader in (kept.admin, regulator):
        assert is_allowed(reader, Action.POOL_RECORDS_VIEW, keeping)
        assert not is_allowed(reader, Action.POOL_MAINTAIN, keeping)
