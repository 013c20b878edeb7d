"""Finding the header of an export by its content: exports carry title and export-date rows above the header, a
cover sheet before the table, or a header split over two rows with merged group cells."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Exports put at most a title, a query and an export date above the header; twenty rows leave room for a long query.
SCAN_ROWS = 20
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–—:~至]\s*(\d+))?\s*$")

Scorer = Callable[[list[str]], int]


class HeaderRowError(ValueError):
    """The header row asked for cannot be used."""


@dataclass(frozen=True)
class HeaderChoice:
    index: int  # 0-based position of the first header row among the scanned rows
    depth: int  # 1, or 2 for a header split over two rows
    names: list[str]
    score: int

    @property
    def data_start(self) -> int:
        return self.index + self.depth


def cell_text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _join(top: str, bottom: str) -> str:
    separator = "" if _CJK.search(top[-1:]) or _CJK.search(bottom[:1]) else " "
    return f"{top}{separator}{bottom}"


def merge_two_rows(top: Sequence[str], bottom: Sequence[str], score: Scorer) -> list[str]:
    """One name per column from a two-row header: a group label (a merged cell: only its first column holds the
    text) spans the columns to its right that have a sub-label; the combined text wins when it is a known column,
    else the sub-label; a cell merged downwards keeps its own text."""
    width = max(len(top), len(bottom))
    top = [*top, *[""] * (width - len(top))]
    bottom = [*bottom, *[""] * (width - len(bottom))]
    names: list[str] = []
    group = ""
    for upper, lower in zip(top, bottom):
        if not lower:  # a cell merged downwards (or an empty column) ends any group
            names.append(upper)
            group = ""
            continue
        group = upper or group
        combined = _join(group, lower) if group else lower
        # Under a known column (申请人 over 名称, 地址) the sub-label qualifies it and never stands alone; under a
        # mere group label (日期 over 申请日, 公开日) it is the column's own name.
        fallback = (combined,) if score([group]) else (combined, lower)
        names.append(next((n for n in fallback if score([n])), combined))
    return names


def unique(names: list[str]) -> list[str]:
    """Repeated column names get a number, so that each column keeps its own value."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(f"{name} ({seen[name]})" if seen[name] > 1 and name else name)
    return out


def _candidates(rows: list[list[str]], index: int, depth: int | None, score: Scorer) -> list[HeaderChoice]:
    out = []
    if depth in (None, 1):
        out.append(HeaderChoice(index, 1, rows[index], score(rows[index])))
    if depth in (None, 2) and index + 1 < len(rows):
        names = merge_two_rows(rows[index], rows[index + 1], score)
        out.append(HeaderChoice(index, 2, names, score(names)))
    return out


def _best(candidates: list[HeaderChoice]) -> HeaderChoice:
    single = {c.index: c.score for c in candidates if c.depth == 1}

    def rank(c: HeaderChoice) -> tuple[int, int, int]:
        # Two rows count only when together they say more than either row alone.
        alone = max(single.get(c.index, 0), single.get(c.index + 1, 0))
        useful = c.depth == 1 or c.score > alone
        return (c.score if useful else -1, -c.depth, -c.index)

    return max(candidates, key=rank)


def parse_header_row(text: str | int | None) -> tuple[int, int | None] | None:
    """`3` (row 3, one or two rows as the content says) or `3-4` (rows 3 and 4) as (row, depth)."""
    if text in (None, ""):
        return None
    match = _RANGE.match(str(text))
    if not match or int(match.group(1)) < 1:
        raise HeaderRowError(str(text))
    first, last = int(match.group(1)), match.group(2)
    if last is None:
        return first, None
    if int(last) - first not in (0, 1):
        raise HeaderRowError(str(text))
    return first, int(last) - first + 1


def locate(rows: list[list[str]], score: Scorer, wanted: tuple[int, int | None] | None = None) -> HeaderChoice:
    """The header among the first rows: the row (or two rows) naming the most known columns; `wanted` is a
    1-based row chosen by the user, with its depth when they said it."""
    if wanted is not None:
        row, depth = wanted
        if row > len(rows):
            raise HeaderRowError(str(row))
        return _best(_candidates(rows, row - 1, depth, score))
    filled = [i for i, r in enumerate(rows) if any(r)]
    if not filled:
        raise HeaderRowError("")
    candidates = [c for i in filled for c in _candidates(rows, i, None, score)]
    best = _best(candidates)
    if best.score <= 0:  # nothing known: the first non-empty row, so that a mapping can name its columns
        return HeaderChoice(filled[0], 1, rows[filled[0]], 0)
    return best
