"""Text kept in both languages (reference titles, place names, fixed labels) shown in the reader's one language."""

from __future__ import annotations

from django.utils.translation import get_language


def in_reader_language(chinese: object, english: object) -> str:
    """The Chinese under a Chinese interface, the English otherwise; the other one where the chosen one is empty."""
    first, second = (chinese, english) if (get_language() or "").startswith("zh") else (english, chinese)
    return str(first or second)
