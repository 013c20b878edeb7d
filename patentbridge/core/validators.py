"""Sense checks a careful clerk makes on what users type: dates within reason and ranges in order. Forms use the
Django validators; services (which the API reaches without a form) use the `check_*` functions, which raise the
error envelope's ValidationFailed naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import ValidationFailed

# The first Patent Law of the PRC took effect on 1 April 1985: no patent event, contract or payment lies before it.
PATENT_LAW_IN_FORCE = dt.date(1985, 4, 1)


def _shown(day: dt.date) -> str:
    return formats.date_format(day, "Y-m-d")


def years_ahead(years: int, *, today: dt.date | None = None) -> dt.date:
    """The same calendar day `years` from today (28 February for a 29 February that the target year lacks)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)


def past_event_problem(value: dt.date | None) -> str | None:
    """Why a date that records something already done is not believable, or None."""
    if value is None:
        return None
    if value > timezone.localdate():
        return _("This date is in the future; enter the day it actually happened.")
    if value < PATENT_LAW_IN_FORCE:
        return _("This date is before %(day)s, when the Patent Law took effect.") % {"day": _shown(PATENT_LAW_IN_FORCE)}
    return None


def forward_date_problem(value: dt.date | None, *, max_years: int | None = None,
                         not_before: dt.date | None = PATENT_LAW_IN_FORCE) -> str | None:
    """Why a date ahead (a deadline, an end of term) is not believable, or None."""
    if value is None:
        return None
    years = settings.FORWARD_DATE_MAX_YEARS if max_years is None else max_years
    latest = years_ahead(years)
    if value > latest:
        return _("This date is more than %(years)s years ahead; the latest accepted is %(day)s.") % {
            "years": years, "day": _shown(latest)}
    if not_before is not None and value < not_before:
        return _("This date is before %(day)s.") % {"day": _shown(not_before)}
    return None


def deadline_problem(value: dt.date | None) -> str | None:
    """A demand's deadline: from today up to DEMAND_DEADLINE_MAX_YEARS ahead."""
    return forward_date_problem(value, max_years=settings.DEMAND_DEADLINE_MAX_YEARS,
                                not_before=timezone.localdate())


def range_problem(low: Any, high: Any) -> str | None:
    """Why a minimum/maximum (or from/until) pair is out of order, or None when either end is open."""
    if low is None or high is None or low == "" or high == "":
        return None
    if high < low:
        return _("The upper end is below the lower end.")
    return None


# --- Django validators, for form and model fields --------------------------------------------------------------

def _validator(problem: Callable[[Any], str | None], code: str) -> Callable[[Any], None]:
    def validate(value: Any) -> None:
        message = problem(value)
        if message:
            raise ValidationError(message, code=code)
    return validate


validate_past_event = _validator(past_event_problem, "past_event")
validate_forward_date = _validator(forward_date_problem, "forward_date")
validate_deadline = _validator(deadline_problem, "deadline")


# --- Service checks: the same rules for callers without a form (API, commands) ---------------------------------

def _raise(field: str, message: str | None) -> None:
    if message:
        raise ValidationFailed(details={field: message})


def check_past_event(value: dt.date | None, field: str) -> None:
    _raise(field, past_event_problem(value))


def check_forward_date(value: dt.date | None, field: str, *, max_years: int | None = None) -> None:
    _raise(field, forward_date_problem(value, max_years=max_years))
