"""Form pieces every app's forms share: believable date fields (with the limits shown on the date picker), an
ordered range check, a required choice that starts empty, and a domain error placed next to its field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patentbridge.core.errors import DomainError, readable
from patentbridge.core.validators import (
    PATENT_LAW_IN_FORCE,
    range_problem,
    validate_deadline,
    validate_forward_date,
    validate_past_event,
    years_ahead,
)

PROMPT = ("", _("— Choose —"))


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, limits: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
        self.limits = limits

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # The limits are today's, worked out at each rendering, so the picker offers only believable days.
        low, high = self.limits()
        attrs = {**(attrs or {}), **({"min": low.isoformat()} if low else {}), **({"max": high.isoformat()} if high else {})}
        return super().get_context(name, value, attrs)


class PastDateField(forms.DateField):
    """A day on which something already happened: not in the future, not before the Patent Law (1985-04-01)."""

    default_validators = [validate_past_event]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _DateInput(lambda: (PATENT_LAW_IN_FORCE, timezone.localdate())))
        super().__init__(**kwargs)


class ForwardDateField(forms.DateField):
    """A day that may lie ahead (an end of term): at most FORWARD_DATE_MAX_YEARS from today."""

    default_validators = [validate_forward_date]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _DateInput(
            lambda: (PATENT_LAW_IN_FORCE, years_ahead(settings.FORWARD_DATE_MAX_YEARS))))
        super().__init__(**kwargs)


class DeadlineField(forms.DateField):
    """A deadline: from today to DEMAND_DEADLINE_MAX_YEARS ahead (never 9999-12-31)."""

    default_validators = [validate_deadline]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _DateInput(
            lambda: (timezone.localdate(), years_ahead(settings.DEMAND_DEADLINE_MAX_YEARS))))
        super().__init__(**kwargs)


def with_prompt(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Choices led by an empty "— Choose —", so a required select has no misleading default."""
    return [PROMPT, *choices]


def check_ordered(form: forms.Form, low: str, high: str) -> None:
    """In a form's clean(): the upper end of a range not below the lower, the error on the upper field."""
    message = range_problem(form.cleaned_data.get(low), form.cleaned_data.get(high))
    if message:
        form.add_error(high, message)


def add_domain_error(form: forms.BaseForm, exc: DomainError, *, fields: dict[str, str] | None = None) -> None:
    """A service's refusal shown on the form: each detail next to its field (renamed by `fields` where the service
    and the form name it differently); the message, and any detail no field shows, above the form."""
    details = exc.details if isinstance(exc.details, dict) else {}
    if not details:
        form.add_error(None, readable(exc))
        return
    if exc.message != exc.default_message:
        form.add_error(None, str(exc.message))
    for key, message in details.items():
        name = (fields or {}).get(key, key)
        text = [str(m) for m in message] if isinstance(message, list | tuple) else str(message)
        form.add_error(name if name in form.fields else None, text)
