"""China's working days: Monday to Friday, less the official holidays, plus the weekend days worked instead (调休上班),
both read from core.CalendarDay. Each call reads the table once for the range it needs, never once per day."""

from __future__ import annotations

import datetime as dt

from patentbridge.core.models import CalendarDay

DAY = dt.timedelta(days=1)


def _exceptions(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """The table's days in [first, last], by date: holiday or workday."""
    return dict(CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind"))


def _works(day: dt.date, exceptions: dict[dt.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.WORKDAY
    return day.weekday() < 5


def is_working_day(day: dt.date) -> bool:
    """Whether offices work on the day (a weekday not a holiday, or an adjusted working day)."""
    return _works(day, _exceptions(day, day))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day `days` working days after `start` (start itself not counted; 0 gives start)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, left = start, days
    while left:
        # A window that holds the answer unless holidays crowd it (then the loop reads the next window).
        window_end = day + dt.timedelta(days=left * 2 + 14)
        exceptions = _exceptions(day + DAY, window_end)
        while left and day < window_end:
            day += DAY
            if _works(day, exceptions):
                left -= 1
    return day


def count_working_days(first: dt.date, last: dt.date) -> int:
    """How many working days lie in [first, last] (0 when last is before first)."""
    if last < first:
        return 0
    exceptions = _exceptions(first, last)
    return sum(_works(first + DAY * n, exceptions) for n in range((last - first).days + 1))


def count_working_days_each(ranges: list[tuple[dt.date, dt.date]]) -> list[int]:
    """count_working_days for many ranges at once (a list page's countdowns), with one read of the table."""
    if not ranges:
        return []
    exceptions = _exceptions(min(first for first, _ in ranges), max(last for _, last in ranges))
    return [sum(_works(first + DAY * n, exceptions) for n in range((last - first).days + 1)) if last >= first else 0
            for first, last in ranges]
