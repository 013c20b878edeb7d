"""The working-day calendar against the State Council's 2025 and 2026 notices (loaded by the core migration)."""

import datetime as dt

import pytest

from patentbridge.core.models import CalendarDay
from patentbridge.core.workdays import add_working_days, count_working_days, count_working_days_each, is_working_day

pytestmark = pytest.mark.django_db
D = dt.date


def test_an_ordinary_weekday_is_a_working_day():
    assert is_working_day(D(2026, 3, 10))


def test_an_ordinary_sunday_is_not():
    assert not is_working_day(D(2026, 3, 8))


def test_national_day_is_a_holiday():
    assert not is_working_day(D(2026, 10, 1))


def test_the_adjusted_saturday_after_national_day_is_worked():
    assert is_working_day(D(2026, 10, 10))


def test_the_adjusted_sunday_before_the_2025_spring_festival_is_worked():
    assert is_working_day(D(2025, 1, 26))


def test_ten_working_days_from_the_day_before_national_day_2026():
    # Oct 1–7 off; 8, 9, 10 (adjusted Saturday), 12–16, 19, 20.
    assert add_working_days(D(2026, 9, 30), 10) == D(2026, 10, 20)


def test_ten_working_days_from_the_day_before_national_day_2025():
    # Oct 1–8 off; 9, 10, 11 (adjusted Saturday), 13–17, 20, 21.
    assert add_working_days(D(2025, 9, 30), 10) == D(2025, 10, 21)


def test_twenty_working_days_across_the_2026_spring_festival():
    # 13, 14 (adjusted Saturday); 15–23 off; 24–27, 28 (adjusted Saturday); March 2–6, 9–13, 16–18.
    assert add_working_days(D(2026, 2, 12), 20) == D(2026, 3, 18)


def test_zero_working_days_gives_the_start():
    assert add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 10, 3), -1)


def test_an_edited_day_changes_the_count():
    CalendarDay.objects.create(date=D(2027, 3, 10), kind=CalendarDay.Kind.HOLIDAY, name="测试")
    assert add_working_days(D(2027, 3, 9), 1) == D(2027, 3, 11)


def test_working_days_are_counted_inclusively():
    assert count_working_days(D(2026, 9, 28), D(2026, 10, 11)) == 6  # 28, 29, 30 Sep; 8, 9 and the adjusted Saturday 10 Oct


def test_counting_a_backwards_range_gives_zero():
    assert count_working_days(D(2026, 10, 2), D(2026, 10, 1)) == 0


def test_a_long_holiday_run_is_read_in_few_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        add_working_days(D(2026, 9, 30), 10)


def test_many_ranges_are_counted_as_one_by_one():
    ranges = [(D(2026, 9, 28), D(2026, 10, 11)), (D(2026, 10, 2), D(2026, 10, 1)), (D(2026, 2, 13), D(2026, 3, 2))]
    assert count_working_days_each(ranges) == [count_working_days(*r) for r in ranges]
