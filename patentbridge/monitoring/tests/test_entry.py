"""Entering accounts and GDP: who may, for which city, and what is refused; the import of accounts from Excel."""

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from openpyxl import Workbook

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.monitoring.models import Account, InclusionWeight, RegionalGdp
from patentbridge.monitoring.services import AccountInput, account_enter, accounts_import, gdp_enter, weight_set
from patentbridge.monitoring.tests.factories import GUANGZHOU, SHENZHEN, enterprise_user, regulator

FOUR = {"compensation": Decimal("100"), "net_taxes": Decimal("20"), "depreciation": Decimal("30"),
        "surplus": Decimal("-5")}


def _row(code="PA01", city=GUANGZHOU, year=2024, **kwargs):
    return AccountInput(code=code, city=city, year=year, source=kwargs.pop("source", "广州统计年鉴2025 表3-1"),
                        employees=kwargs.pop("employees", 1200), components=kwargs.pop("components", FOUR))


def test_a_city_bureau_enters_its_own_citys_account():
    account = account_enter(actor=regulator(GUANGZHOU), data=_row())
    assert (account.city_id, account.compensation, account.source) == (GUANGZHOU, Decimal("100"),
                                                                        "广州统计年鉴2025 表3-1")


def test_a_city_bureau_cannot_enter_another_citys_account():
    with pytest.raises(PermissionDenied):
        account_enter(actor=regulator(GUANGZHOU), data=_row(city=SHENZHEN))


def test_the_provincial_regulator_enters_any_citys_account():
    assert account_enter(actor=regulator(None), data=_row(city=SHENZHEN)).city_id == SHENZHEN


def test_an_enterprise_cannot_enter_accounts():
    with pytest.raises(PermissionDenied):
        account_enter(actor=enterprise_user(), data=_row())


def test_entering_the_same_row_again_corrects_it():
    actor = regulator(GUANGZHOU)
    account_enter(actor=actor, data=_row())
    account_enter(actor=actor, data=_row(employees=1500))
    assert list(Account.objects.values_list("employees", flat=True)) == [1500]


def test_a_class_and_one_of_its_middle_classes_cannot_both_be_entered():
    actor = regulator(GUANGZHOU)
    account_enter(actor=actor, data=_row("PA01"))
    with pytest.raises(Conflict):
        account_enter(actor=actor, data=_row("PA101"))


def test_a_middle_class_and_one_of_its_small_classes_cannot_both_be_entered():
    actor = regulator(GUANGZHOU)
    account_enter(actor=actor, data=_row("3921"))
    with pytest.raises(Conflict):
        account_enter(actor=actor, data=_row("PA101"))


def test_components_are_entered_all_four_or_none():
    with pytest.raises(ValidationFailed):
        account_enter(actor=regulator(GUANGZHOU), data=_row(components={**FOUR, "surplus": None}))


def test_an_account_without_a_source_is_refused():
    with pytest.raises(ValidationFailed):
        account_enter(actor=regulator(GUANGZHOU), data=_row(source="  "))


def test_an_unknown_industry_code_is_refused():
    with pytest.raises(ValidationFailed):
        account_enter(actor=regulator(GUANGZHOU), data=_row("PA99"))


def test_an_entry_is_audited_with_its_author():
    actor = regulator(GUANGZHOU)
    account = account_enter(actor=actor, data=_row())
    assert LogEntry.objects.get_for_object(account).get().actor == actor


def test_a_city_bureau_cannot_enter_the_provinces_gdp():
    with pytest.raises(PermissionDenied):
        gdp_enter(actor=regulator(GUANGZHOU), city=None, year=2024, gdp=Decimal("100"), source="省统计公报")


def test_the_provincial_regulator_enters_the_provinces_gdp():
    gdp_enter(actor=regulator(None), city=None, year=2024, gdp=Decimal("1400000000"), source="省统计公报")
    assert RegionalGdp.objects.get(city=None, year=2024).gdp == Decimal("1400000000")


def _workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["年份", "城市", "产业代码", "年末从业人员", "劳动者报酬", "生产税净额", "固定资产折旧", "营业盈余", "来源"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_import_keeps_the_good_rows_and_reports_each_bad_row_with_its_line():
    book = _workbook([
        [2024, "广州市", "PA01", 1000, 100, 10, 20, 30, "年鉴"],
        [2024, "广州市", "PA02", "很多", None, None, None, None, "年鉴"],
        [2024, "深圳市", "PA03", 10, None, None, None, None, "年鉴"],
        [2024, "广州", "PA04", None, 1, 2, 3, 4, "年鉴"],
        [2024, "广州市", "PA05", None, 1, 2, None, 4, "年鉴"],
    ])
    result = accounts_import(actor=regulator(GUANGZHOU), handle=book)
    assert ([a.category_id for a in result.saved], [line for line, _ in result.rejected]) == (["PA01", "PA04"],
                                                                                             [3, 4, 6])


def test_import_says_why_a_row_was_refused():
    result = accounts_import(actor=regulator(GUANGZHOU), handle=_workbook([[2024, "广州市", "PA99", 5, None, None,
                                                                           None, None, "年鉴"]]))
    assert "PA99" in result.rejected[0][1]


def test_import_of_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(ValidationFailed):
        accounts_import(actor=regulator(GUANGZHOU), handle=io.BytesIO(b"not a workbook"))


def test_a_city_bureau_cannot_set_a_partial_inclusion_weight():
    with pytest.raises(PermissionDenied):
        weight_set(actor=regulator(GUANGZHOU), industry="3921", weight=Decimal("0.5"), source="测试")


def test_the_provincial_regulator_sets_a_partial_inclusion_weight():
    weight_set(actor=regulator(None), industry="3921", weight=Decimal("0.5"), source="NBS 文件")
    assert InclusionWeight.objects.get(industry_id="3921").weight == Decimal("0.5")


def test_a_weight_above_one_is_refused():
    with pytest.raises(ValidationFailed):
        weight_set(actor=regulator(None), industry="3921", weight=Decimal("1.5"), source="NBS 文件")
