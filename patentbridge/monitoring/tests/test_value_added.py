"""Value added by the income approach (rules.md §6.1), rolled up small class → middle class → class, with its share
of GDP and the partial-inclusion weights."""

from decimal import Decimal

from patentbridge.monitoring import selectors
from patentbridge.monitoring.models import InclusionWeight, RegionalGdp
from patentbridge.monitoring.tests.factories import GUANGZHOU, SHENZHEN, account


def _class(stats, code):
    return next(c for c in stats["value_added"]["classes"] if c["code"] == code)


def test_value_added_is_the_sum_of_the_four_income_components():
    account("PA01", components=("100", "20.5", "30", "-10"))
    assert _class(selectors.statistics(GUANGZHOU, 2024), "PA01")["value_added"] == Decimal("140.50")


def test_class_value_added_sums_its_middle_classes_and_says_when_a_part_is_missing():
    account("PA101", components=("10", "1", "2", "3"))
    account("PA102", components=("20", "2", "4", "6"))
    pa01 = _class(selectors.statistics(GUANGZHOU, 2024), "PA01")
    assert (pa01["value_added"], pa01["complete"]) == (Decimal("48"), False)


def test_every_figure_traces_to_its_entered_rows():
    first = account("PA101", components=("10", "1", "2", "3"))
    second = account("PA102", components=("20", "2", "4", "6"))
    assert sorted(_class(selectors.statistics(GUANGZHOU, 2024), "PA01")["account_ids"]) == [first.pk, second.pk]


def test_provincial_total_adds_the_cities():
    account("PA02", GUANGZHOU, components=("100", "0", "0", "0"))
    account("PA02", SHENZHEN, components=("50", "0", "0", "0"))
    assert selectors.statistics(None, 2024)["value_added"]["total"]["value_added"] == Decimal("150")


def test_share_of_gdp_where_gdp_is_entered():
    account("PA02", components=("100", "0", "0", "0"))
    RegionalGdp.objects.create(city_id=GUANGZHOU, year=2024, gdp=Decimal("2000"), source="广州统计年鉴")
    assert selectors.statistics(GUANGZHOU, 2024)["value_added"]["share_percent"] == Decimal("5.00")


def test_no_share_of_gdp_without_gdp():
    account("PA02", components=("100", "0", "0", "0"))
    assert selectors.statistics(GUANGZHOU, 2024)["value_added"]["share_percent"] is None


def test_partial_inclusion_weight_scales_a_small_class_row():
    account("PA101", industry="3921", components=("100", "0", "0", "0"))
    InclusionWeight.objects.create(industry_id="3921", weight=Decimal("0.4"), source="测试")
    middle = _class(selectors.statistics(GUANGZHOU, 2024), "PA01")["middles"][0]
    assert middle["value_added"] == Decimal("40")


def test_a_small_class_without_a_weight_counts_in_full():
    account("PA101", industry="3921", components=("100", "0", "0", "0"))
    assert _class(selectors.statistics(GUANGZHOU, 2024), "PA01")["middles"][0]["value_added"] == Decimal("100")


def test_rows_of_other_years_do_not_count():
    account("PA02", year=2023, components=("100", "0", "0", "0"))
    assert selectors.statistics(GUANGZHOU, 2024)["value_added"]["total"]["value_added"] is None


def test_the_province_shows_each_citys_value_added_and_share():
    account("PA02", SHENZHEN, components=("100", "0", "0", "0"))
    RegionalGdp.objects.create(city_id=SHENZHEN, year=2024, gdp=Decimal("1000"), source="深圳统计公报")
    shenzhen = next(c for c in selectors.statistics(None, 2024)["by_city"] if c["code"] == SHENZHEN)
    assert (shenzhen["value_added"], shenzhen["share_percent"]) == (Decimal("100"), Decimal("10.00"))
