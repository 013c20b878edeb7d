import copy
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patentbridge.pool.fees import (
    DEFAULT_FEE_SCHEDULE,
    FeePeriodExpired,
    FeeSchedule,
    Reduction,
    annual_fee,
    fee_due,
    fees_between,
    late_surcharge,
    patent_year,
    remaining_fees,
    year_start,
)

SCHEDULE = FeeSchedule.default()

# rules.md §10.3, one row per band: (first year, last year, invention, utility model, design); None = past the term.
TABLE = [
    (1, 3, 900, 600, 600),
    (4, 5, 1200, 900, 900),
    (6, 6, 1200, 1200, 1200),
    (7, 8, 2000, 1200, 1200),
    (9, 9, 2000, 2000, 2000),
    (10, 10, 4000, 2000, 2000),
    (11, 12, 4000, None, 3000),
    (13, 15, 6000, None, 3000),
    (16, 20, 8000, None, None),
]
TYPES = ("invention", "utility_model", "design")
TABLE_CASES = [
    (kind, year, row[2 + column])
    for row in TABLE
    for year in range(row[0], row[1] + 1)
    for column, kind in enumerate(TYPES)
    if row[2 + column] is not None
]

# Filed 2015-06-01, granted 2017-09-01: the grant falls in patent year 3.
FILED = date(2015, 6, 1)
GRANTED = date(2017, 9, 1)


def due(year, **options):
    options.setdefault("patent_type", "invention")
    return fee_due(SCHEDULE, application_date=FILED, grant_date=GRANTED, year=year, **options)


def schedule_with(**changes):
    data = copy.deepcopy(DEFAULT_FEE_SCHEDULE)
    data.update(changes)
    return data


def annual_with(kind, bands):
    data = copy.deepcopy(DEFAULT_FEE_SCHEDULE)
    data["annual"][kind] = bands
    return data


# --- table and term --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "year", "amount"), TABLE_CASES)
def test_annual_fee_table(kind, year, amount):
    assert annual_fee(SCHEDULE, kind, year) == Decimal(amount)


@pytest.mark.parametrize(("year", "total"), [(3, 2700), (6, 6300), (9, 12300), (12, 24300), (15, 42300), (20, 82300)])
def test_cumulative_invention_fees(year, total):
    assert sum(annual_fee(SCHEDULE, "invention", n) for n in range(1, year + 1)) == Decimal(total)


@pytest.mark.parametrize(("kind", "last_year"), [("invention", 20), ("utility_model", 10), ("design", 15)])
def test_no_fee_past_the_term(kind, last_year):
    annual_fee(SCHEDULE, kind, last_year)
    with pytest.raises(ValueError, match="outside"):
        annual_fee(SCHEDULE, kind, last_year + 1)


def test_no_fee_for_year_zero():
    with pytest.raises(ValueError):
        annual_fee(SCHEDULE, "invention", 0)


def test_unknown_patent_type_is_refused():
    with pytest.raises(ValueError, match="patent_type"):
        annual_fee(SCHEDULE, "plant_variety", 1)


def test_patent_type_enum_values_are_accepted():
    from enum import StrEnum

    class Kind(StrEnum):
        DESIGN = "design"

    assert annual_fee(SCHEDULE, Kind.DESIGN, 11) == Decimal("3000.00")


def test_money_has_two_decimal_places():
    assert annual_fee(SCHEDULE, "invention", 1).as_tuple().exponent == -2


def test_calendar_ends_with_the_term():
    fees = fees_between(
        SCHEDULE, patent_type="utility_model", application_date=FILED, grant_date=GRANTED,
        start=FILED, end=date(2040, 1, 1),
    )
    assert [fee.year for fee in fees] == list(range(3, 11))


# --- patent years and due dates --------------------------------------------------------------------------------


def test_year_one_runs_to_the_day_before_the_first_anniversary():
    assert patent_year(FILED, FILED) == 1
    assert patent_year(FILED, date(2016, 5, 31)) == 1
    assert patent_year(FILED, date(2016, 6, 1)) == 2


def test_patent_year_before_filing_is_refused():
    with pytest.raises(ValueError):
        patent_year(FILED, FILED - timedelta(days=1))


def test_year_start_is_the_anniversary():
    assert year_start(FILED, 1) == FILED
    assert year_start(FILED, 10) == date(2024, 6, 1)


def test_feb_29_filing_anniversary_falls_on_feb_28_in_common_years():
    leap = date(2020, 2, 29)
    assert year_start(leap, 2) == date(2021, 2, 28)
    assert year_start(leap, 5) == date(2024, 2, 29)
    assert patent_year(leap, date(2021, 2, 27)) == 1
    assert patent_year(leap, date(2021, 2, 28)) == 2
    assert patent_year(leap, date(2024, 2, 28)) == 4
    assert patent_year(leap, date(2024, 2, 29)) == 5


def test_feb_29_filing_due_dates():
    leap = date(2020, 2, 29)
    fee = fee_due(SCHEDULE, patent_type="invention", application_date=leap, grant_date=date(2021, 6, 1), year=3)
    assert fee.due_date == date(2022, 2, 28)
    assert fee.late_deadline == date(2022, 8, 28)


def test_first_fee_is_for_the_grant_year_and_due_at_grant():
    fee = due(3)
    assert (fee.year, fee.due_date, fee.full) == (3, GRANTED, Decimal("900.00"))


def test_no_fee_before_the_grant_year():
    with pytest.raises(ValueError, match="grant year"):
        due(2)


def test_later_fee_is_due_on_the_anniversary_that_starts_its_year():
    fee = due(4)
    assert fee.due_date == date(2018, 6, 1)
    assert fee.late_deadline == date(2018, 12, 1)


def test_fees_between_includes_both_bounds():
    fees = fees_between(
        SCHEDULE, patent_type="invention", application_date=FILED, grant_date=GRANTED,
        start=date(2018, 6, 1), end=date(2019, 6, 1),
    )
    assert [(fee.year, fee.due_date) for fee in fees] == [(4, date(2018, 6, 1)), (5, date(2019, 6, 1))]


def test_twelve_month_calendar():
    fees = fees_between(
        SCHEDULE, patent_type="invention", application_date=FILED, grant_date=GRANTED,
        start=date(2024, 1, 1), end=date(2024, 12, 31),
    )
    assert [(fee.year, fee.due_date, fee.payable) for fee in fees] == [(10, date(2024, 6, 1), Decimal("4000.00"))]


def test_calendar_starts_with_the_grant_year_fee():
    fees = fees_between(
        SCHEDULE, patent_type="invention", application_date=FILED, grant_date=GRANTED,
        start=FILED, end=date(2018, 12, 31),
    )
    assert [(fee.year, fee.due_date) for fee in fees] == [(3, GRANTED), (4, date(2018, 6, 1))]


def test_ungranted_patent_has_no_fees():
    fees = fees_between(
        SCHEDULE, patent_type="invention", application_date=FILED, grant_date=None,
        start=FILED, end=date(2040, 1, 1),
    )
    assert fees == []


def test_inverted_window_is_refused():
    with pytest.raises(ValueError):
        fees_between(
            SCHEDULE, patent_type="invention", application_date=FILED, grant_date=GRANTED,
            start=date(2024, 1, 1), end=date(2023, 1, 1),
        )


# --- reductions ------------------------------------------------------------------------------------------------


def test_no_reduction_by_default():
    fee = due(4)
    assert (fee.reduction_rate, fee.reduction_reason, fee.payable) == (Decimal(0), "none", Decimal("1200.00"))


def test_single_owner_reduction_in_the_grant_year():
    fee = due(3, reduction=Reduction.SINGLE)
    assert (fee.reduction_rate, fee.reduction_reason, fee.payable) == (Decimal("0.85"), "single", Decimal("135.00"))


def test_single_owner_reduction_in_the_last_reduced_year():
    assert due(8, reduction=Reduction.SINGLE).payable == Decimal("300.00")


def test_single_owner_reduction_ends_after_six_years_from_grant():
    fee = due(9, reduction=Reduction.SINGLE)
    assert (fee.reduction_reason, fee.payable) == ("none", Decimal("2000.00"))


def test_joint_owner_reduction():
    fee = due(5, reduction=Reduction.JOINT)
    assert (fee.reduction_rate, fee.reduction_reason, fee.payable) == (Decimal("0.70"), "joint", Decimal("360.00"))


def test_joint_owner_reduction_ends_after_six_years_from_grant():
    assert due(9, reduction=Reduction.JOINT).payable == Decimal("2000.00")


def test_reduction_accepts_the_stored_string_value():
    assert due(4, reduction="joint").reduction_reason == "joint"


def test_reduction_years_are_configurable():
    schedule = FeeSchedule.from_data(schedule_with(reduction_years_from_grant=10))
    fee = fee_due(
        schedule, patent_type="invention", application_date=FILED, grant_date=GRANTED, year=12,
        reduction=Reduction.SINGLE,
    )
    assert fee.payable == Decimal("600.00")


def test_open_licence_reduction():
    fee = due(10, open_licence=True)
    assert (fee.reduction_rate, fee.reduction_reason, fee.payable) == (
        Decimal("0.15"), "open_licence", Decimal("3400.00"),
    )


def test_reductions_do_not_stack_the_largest_wins():
    fee = due(4, reduction=Reduction.SINGLE, open_licence=True)
    assert (fee.reduction_rate, fee.reduction_reason, fee.payable) == (Decimal("0.85"), "single", Decimal("180.00"))


def test_open_licence_applies_after_the_reduction_years():
    fee = due(9, reduction=Reduction.SINGLE, open_licence=True)
    assert (fee.reduction_reason, fee.payable) == ("open_licence", Decimal("1700.00"))


def test_payable_rounds_half_up_to_the_cent():
    schedule = FeeSchedule.from_data(annual_with("utility_model", [[1, 10, "1.10"]]))
    fee = fee_due(
        schedule, patent_type="utility_model", application_date=FILED, grant_date=GRANTED, year=3,
        reduction=Reduction.SINGLE,
    )
    assert fee.payable == Decimal("0.17")  # 1.10 × 0.15 = 0.165


# --- late payment ----------------------------------------------------------------------------------------------

DUE = date(2024, 6, 1)
FULL = Decimal("2000.00")


def test_ir115_no_surcharge_on_or_before_the_due_date():
    assert late_surcharge(SCHEDULE, FULL, DUE, DUE) == Decimal("0.00")
    assert late_surcharge(SCHEDULE, FULL, DUE, DUE - timedelta(days=30)) == Decimal("0.00")


def test_ir115_surcharge_first_month_is_free():
    assert late_surcharge(SCHEDULE, FULL, DUE, date(2024, 6, 2)) == Decimal("0.00")


def test_ir115_surcharge_exactly_one_month_late_is_still_free():
    assert late_surcharge(SCHEDULE, FULL, DUE, date(2024, 7, 1)) == Decimal("0.00")


def test_ir115_surcharge_one_day_past_the_first_month_is_five_percent():
    assert late_surcharge(SCHEDULE, FULL, DUE, date(2024, 7, 2)) == Decimal("100.00")


@pytest.mark.parametrize(
    ("paid_on", "surcharge"),
    [
        (date(2024, 8, 1), "100.00"),  # late by exactly 2 months: the 5 % band
        (date(2024, 8, 2), "200.00"),  # over 2 months: 10 %
        (date(2024, 9, 2), "300.00"),  # over 3 months: 15 %
        (date(2024, 10, 15), "400.00"),  # over 4 months: 20 %
        (date(2024, 11, 2), "500.00"),  # over 5 months: 25 %
    ],
)
def test_ir115_surcharge_rises_five_percent_per_month_band_rules_10_3(paid_on, surcharge):
    assert late_surcharge(SCHEDULE, FULL, DUE, paid_on) == Decimal(surcharge)


def test_ir115_surcharge_on_the_last_day_of_the_sixth_month_is_the_25_percent_cap():
    assert late_surcharge(SCHEDULE, FULL, DUE, date(2024, 12, 1)) == Decimal("500.00")


def test_ir115_surcharge_never_exceeds_25_percent_of_the_full_fee():
    days = (date(2024, 12, 1) - DUE).days
    assert max(late_surcharge(SCHEDULE, FULL, DUE, DUE + timedelta(days=n)) for n in range(days + 1)) == Decimal("500.00")


def test_ir115_surcharge_month_bands_follow_month_ends():
    assert late_surcharge(SCHEDULE, FULL, date(2024, 1, 31), date(2024, 2, 29)) == Decimal("0.00")
    assert late_surcharge(SCHEDULE, FULL, date(2024, 1, 31), date(2024, 3, 31)) == Decimal("100.00")
    assert late_surcharge(SCHEDULE, FULL, date(2024, 1, 31), date(2024, 4, 1)) == Decimal("200.00")


def test_ir115_payment_beyond_six_months_means_the_patent_lapsed():
    with pytest.raises(FeePeriodExpired, match="terminated"):
        late_surcharge(SCHEDULE, FULL, DUE, date(2024, 12, 2))


def test_expired_period_is_a_value_error():
    assert issubclass(FeePeriodExpired, ValueError)


def test_late_deadline_matches_the_surcharge_window():
    fee = due(10)
    late_surcharge(SCHEDULE, fee.full, fee.due_date, fee.late_deadline)
    with pytest.raises(FeePeriodExpired):
        late_surcharge(SCHEDULE, fee.full, fee.due_date, fee.late_deadline + timedelta(days=1))


def test_surcharge_bands_are_configurable():
    schedule = FeeSchedule.from_data(schedule_with(surcharge_bands=[[2, "0"], [4, "0.10"], [6, "0.20"]]))
    assert late_surcharge(schedule, FULL, DUE, date(2024, 8, 1)) == Decimal("0.00")
    assert late_surcharge(schedule, FULL, DUE, date(2024, 8, 2)) == Decimal("200.00")
    assert late_surcharge(schedule, FULL, DUE, date(2024, 12, 1)) == Decimal("400.00")


def test_surcharge_bands_must_end_at_the_late_window():
    with pytest.raises(ValueError, match=r"surcharge_bands: .*late_months"):
        FeeSchedule.from_data(schedule_with(surcharge_bands=[[1, "0"], [5, "0.25"]]))


def test_surcharge_band_months_must_rise():
    with pytest.raises(ValueError, match=r"surcharge_bands\[1\]: .*after"):
        FeeSchedule.from_data(schedule_with(surcharge_bands=[[3, "0.05"], [3, "0.10"], [6, "0.25"]]))


def test_surcharge_band_rates_must_not_fall():
    with pytest.raises(ValueError, match=r"surcharge_bands\[1\]: .*lower"):
        FeeSchedule.from_data(schedule_with(surcharge_bands=[[3, "0.10"], [6, "0.05"]]))


def test_a_stored_per_month_schedule_still_loads_as_bands():
    legacy = schedule_with(surcharge_per_month="0.05", surcharge_free_months=0)
    del legacy["surcharge_bands"]
    schedule = FeeSchedule.from_data(legacy)
    assert late_surcharge(schedule, FULL, DUE, date(2024, 6, 2)) == Decimal("100.00")
    assert "surcharge_per_month" not in schedule.to_data()


# --- remaining fees --------------------------------------------------------------------------------------------


def test_remaining_fees_of_an_invention_granted_in_year_one():
    kwargs = {"patent_type": "invention", "application_date": date(2020, 1, 1), "grant_date": date(2020, 6, 1)}
    assert remaining_fees(SCHEDULE, on=date(2020, 1, 1), **kwargs) == Decimal("82300.00")


def test_remaining_fees_start_at_the_next_due_year():
    kwargs = {"patent_type": "invention", "application_date": date(2020, 1, 1), "grant_date": date(2020, 6, 1)}
    assert remaining_fees(SCHEDULE, on=date(2021, 1, 1), **kwargs) == Decimal("81400.00")  # years 2–20
    assert remaining_fees(SCHEDULE, on=date(2021, 1, 2), **kwargs) == Decimal("80500.00")  # years 3–20


def test_remaining_fees_apply_reductions():
    total = remaining_fees(
        SCHEDULE, patent_type="utility_model", application_date=FILED, grant_date=GRANTED, on=date(2022, 6, 1),
        reduction=Reduction.SINGLE,
    )
    assert total == Decimal("180.00") + Decimal("2000.00") * 2  # years 8 (due that day, reduced), 9, 10


def test_remaining_fees_are_zero_after_the_term():
    kwargs = {"patent_type": "utility_model", "application_date": FILED, "grant_date": GRANTED}
    assert remaining_fees(SCHEDULE, on=date(2025, 5, 31), **kwargs) == Decimal("0.00")
    assert remaining_fees(SCHEDULE, on=date(2030, 1, 1), **kwargs) == Decimal("0.00")


def test_remaining_fees_of_an_ungranted_patent_are_zero():
    total = remaining_fees(SCHEDULE, patent_type="invention", application_date=FILED, grant_date=None, on=FILED)
    assert total == Decimal("0.00")


# --- schedule validation and storage ---------------------------------------------------------------------------


def test_round_trip_through_json():
    data = json.loads(json.dumps(SCHEDULE.to_data()))
    assert data == DEFAULT_FEE_SCHEDULE
    assert FeeSchedule.from_data(data) == SCHEDULE


def test_schedule_is_immutable_and_hashable():
    with pytest.raises(TypeError):
        SCHEDULE.terms["invention"] = 25
    assert hash(SCHEDULE) == hash(FeeSchedule.default())


def test_overlapping_ranges_are_refused():
    data = annual_with("design", [[1, 5, "600"], [5, 15, "900"]])
    with pytest.raises(ValueError, match=r"annual\.design: year ranges overlap at year 5 / .*重叠"):
        FeeSchedule.from_data(data)


def test_gap_in_ranges_is_refused():
    data = annual_with("design", [[1, 5, "600"], [7, 15, "900"]])
    with pytest.raises(ValueError, match=r"annual\.design: year ranges leave a gap at year 6 / .*缺口"):
        FeeSchedule.from_data(data)


def test_ranges_must_start_at_year_one():
    with pytest.raises(ValueError, match="gap at year 1"):
        FeeSchedule.from_data(annual_with("design", [[2, 15, "600"]]))


def test_ranges_beyond_the_term_are_refused():
    with pytest.raises(ValueError, match=r"annual\.utility_model: .*1–10"):
        FeeSchedule.from_data(annual_with("utility_model", [[1, 12, "600"]]))


def test_ranges_short_of_the_term_are_refused():
    with pytest.raises(ValueError, match=r"annual\.utility_model: .*end at 9"):
        FeeSchedule.from_data(annual_with("utility_model", [[1, 9, "600"]]))


def test_negative_amount_is_refused():
    with pytest.raises(ValueError, match=r"annual\.design\[0\]: amount must be ≥ 0, .*负数"):
        FeeSchedule.from_data(annual_with("design", [[1, 15, "-1"]]))


def test_float_amount_is_refused():
    with pytest.raises(ValueError, match=r"annual\.design\[0\]\[2\]"):
        FeeSchedule.from_data(annual_with("design", [[1, 15, 600.0]]))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reduction_rates": {"single": "1", "joint": "0.70"}}, r"reduction_rates\.single"),
        ({"reduction_rates": {"single": "0.85", "joint": "1.5"}}, r"reduction_rates\.joint"),
        ({"open_licence_rate": "1.0"}, "open_licence_rate"),
        ({"surcharge_bands": [[6, "-0.05"]]}, r"surcharge_bands\[0\]\[1\]"),
    ],
)
def test_rate_outside_zero_to_one_is_refused(changes, field):
    with pytest.raises(ValueError, match=rf"{field}: rate must be in \[0, 1\).*比率"):
        FeeSchedule.from_data(schedule_with(**changes))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"terms": {"invention": 0, "utility_model": 10, "design": 15}}, r"terms\.invention"),
        ({"late_months": 2.5}, "late_months"),
        ({"late_months": True}, "late_months"),
        ({"reduction_years_from_grant": -6}, "reduction_years_from_grant"),
    ],
)
def test_non_positive_integers_are_refused(changes, field):
    with pytest.raises(ValueError, match=rf"{field}: must be a positive integer"):
        FeeSchedule.from_data(schedule_with(**changes))


def test_missing_field_is_named():
    data = copy.deepcopy(DEFAULT_FEE_SCHEDULE)
    del data["late_months"]
    with pytest.raises(ValueError, match="late_months: is missing / 缺少该字段"):
        FeeSchedule.from_data(data)


def test_unknown_field_is_refused():
    with pytest.raises(ValueError, match="late_month: is not a known field"):
        FeeSchedule.from_data(schedule_with(late_month=6))


def test_annual_and_terms_must_name_the_same_types():
    data = copy.deepcopy(DEFAULT_FEE_SCHEDULE)
    del data["annual"]["design"]
    with pytest.raises(ValueError, match="annual: patent types"):
        FeeSchedule.from_data(data)


# --- properties ------------------------------------------------------------------------------------------------


@st.composite
def fee_cases(draw):
    kind = draw(st.sampled_from(TYPES))
    filed = draw(st.dates(min_value=date(1985, 1, 1), max_value=date(2045, 12, 31)))
    granted = filed + timedelta(days=draw(st.integers(0, 9 * 366)))
    grant_year = patent_year(filed, granted)
    term = SCHEDULE.terms[kind]
    year = draw(st.integers(grant_year, max(grant_year, term)))
    return kind, filed, granted, year, grant_year <= term


@given(
    case=fee_cases(),
    reduction=st.sampled_from(list(Reduction)),
    open_licence=st.booleans(),
)
def test_payable_is_between_zero_and_the_full_fee(case, reduction, open_licence):
    kind, filed, granted, year, within_term = case
    if not within_term:
        return
    fee = fee_due(
        SCHEDULE, patent_type=kind, application_date=filed, grant_date=granted, year=year,
        reduction=reduction, open_licence=open_licence,
    )
    assert Decimal(0) <= fee.payable <= fee.full
    assert fee.payable.as_tuple().exponent == -2
    assert fee.due_date <= fee.late_deadline


@given(filed=st.dates(min_value=date(1985, 1, 1), max_value=date(2045, 12, 31)), year=st.integers(2, 21))
def test_patent_year_changes_exactly_at_year_start(filed, year):
    start = year_start(filed, year)
    assert patent_year(filed, start) == year
    assert patent_year(filed, start - timedelta(days=1)) == year - 1
