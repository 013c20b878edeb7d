"""Yearly record numbers (GP-2026-0001, PM-2026-0001, PD-2026-0001): the next one after the highest of the prefix."""

from __future__ import annotations

from django.db.models import Model


def next_number(model: type[Model], prefix: str, *, field: str = "number") -> str:
    """The prefix and the next four-digit sequence after the highest stored number that starts with it. Two writers
    may read the same one: the field is unique, and callers retry on the conflict."""
    last = (model.objects.filter(**{f"{field}__startswith": prefix}).order_by(f"-{field}")
            .values_list(field, flat=True).first())
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:04d}"
