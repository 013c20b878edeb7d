"""The shared sense checks: past events between the Patent Law and today, forward dates within the configured
years, ranges in order, and date pickers that show those limits before anything is typed."""

import datetime as dt

import pytest
from django import forms
from django.utils import timezone

from patentbridge.core.errors import ValidationFailed
from patentbridge.core.forms import DeadlineField, PastDateField, check_ordered, with_prompt
from patentbridge.core.validators import (
    check_past_event,
    deadline_problem,
    forward_date_problem,
    past_event_problem,
    range_problem,
    years_ahead,
)

TODAY = timezone.localdate


def test_an_event_today_is_believable():
    assert past_event_problem(TODAY()) is None


def test_an_event_tomorrow_is_not():
    assert past_event_problem(TODAY() + dt.timedelta(days=1))


def test_an_event_the_day_before_the_patent_law_took_effect_is_not():
    assert past_event_problem(dt.date(1985, 3, 31)) and past_event_problem(dt.date(1985, 4, 1)) is None


def test_a_forward_date_beyond_the_configured_years_is_refused(settings):
    settings.FORWARD_DATE_MAX_YEARS = 10
    assert forward_date_problem(years_ahead(10)) is None and forward_date_problem(dt.date(9999, 12, 31))


def test_a_deadline_cannot_be_already_past():
    assert deadline_problem(TODAY() - dt.timedelta(days=1)) and deadline_problem(TODAY()) is None


def test_years_ahead_of_a_29_february_lands_on_the_28th():
    assert years_ahead(1, today=dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_an_upper_end_below_the_lower_is_out_of_order_and_an_open_end_is_not():
    assert range_problem(10, 5) and range_problem(5, 5) is None and range_problem(None, 5) is None


def test_the_service_check_names_the_field():
    with pytest.raises(ValidationFailed) as error:
        check_past_event(dt.date(1970, 1, 1), "paid_on")
    assert list(error.value.details) == ["paid_on"]


class _Form(forms.Form):
    low = forms.IntegerField(required=False)
    high = forms.IntegerField(required=False)
    on = PastDateField(required=False)
    until = DeadlineField(required=False)
    kind = forms.ChoiceField(choices=with_prompt([("a", "A")]))

    def clean(self):
        data = super().clean()
        check_ordered(self, "low", "high")
        return data


def test_the_range_error_sits_on_the_upper_field():
    form = _Form({"low": "9", "high": "3", "kind": "a"})
    assert not form.is_valid() and list(form.errors) == ["high"]


def test_date_pickers_show_their_limits_before_typing(settings):
    settings.DEMAND_DEADLINE_MAX_YEARS = 3
    html = str(_Form())
    assert f'min="1985-04-01" max="{TODAY().isoformat()}"' in html
    assert f'max="{years_ahead(3).isoformat()}"' in html


def test_a_required_choice_starts_empty_and_must_be_made():
    form = _Form({})
    assert '<option value="" selected>' in str(form["kind"]) and "kind" in form.errors
