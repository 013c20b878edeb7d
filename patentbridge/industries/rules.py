"""Which strategic emerging industries an IPC code falls under, by the concordance's include/exclude patterns.

A pattern ending in `*` takes everything below it (a main group's patterns end in `/`, so G06F1* does not take
G06F12/…). A pattern written without `*` above group level (the source has `G16H`, `H03M13`) can only be meant as
the whole class: a patent's codes are always at group level. A group-level pattern without `*` is that group only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Pattern = tuple[str, bool]  # (text, is_prefix)


def compact(code: str) -> str:
    """An IPC code as the register and the concordance write it: no spaces (`G06F 11/14` → `G06F11/14`)."""
    return "".join(code.split()).upper()


def pattern_of(raw: str, *, wildcard: bool, level: str, match_prefix: str) -> Pattern:
    if wildcard:
        return match_prefix, True
    if level == "group":
        return compact(raw), False
    return compact(raw) + ("/" if level == "main_group" else ""), True


def _hits(code: str, patterns: Iterable[Pattern]) -> bool:
    return any(code.startswith(text) if is_prefix else code == text for text, is_prefix in patterns)


@dataclass(frozen=True)
class RuleRef:
    sei_code: str
    rule_no: int
    include: tuple[Pattern, ...]
    exclude: tuple[Pattern, ...]
    keywords: str


def rule_takes(rule: RuleRef, ipc_code: str) -> bool:
    code = compact(ipc_code)
    return _hits(code, rule.include) and not _hits(code, rule.exclude)


def rules_for(ipc_codes: Iterable[str], rules: Iterable[RuleRef]) -> list[RuleRef]:
    """The rules any of the codes falls under, in concordance order (a code may fall under several)."""
    codes = [compact(c) for c in ipc_codes if c]
    return [rule for rule in rules if any(rule_takes(rule, code) for code in codes)]
