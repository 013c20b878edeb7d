"""The concordance route: SEI rules → GB/T 4754-2017 small classes through the activities their keywords name.

The concordance's keyword texts are the 2018 SEI classification's activity lines, written as GB/T 4754 small class
names ("生物药品制造"), as examples ending in one ("…智能感知与控制设备等其他智能消费设备制造") or as lists
("A、B"). A rule maps to the small classes whose name one of those pieces equals exactly; nothing fuzzier, so a rule
naming only products ("节能空调") maps to none and its patents get no industry by this route.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from patentbridge.industries.rules import RuleRef

_SEGMENTS = re.compile(r"[；;。\n]")


def pieces(keywords: str) -> Iterator[str]:
    """Each activity line, what follows its last 等, and each item of its 、-list."""
    for segment in (s.strip() for s in _SEGMENTS.split(keywords)):
        if not segment:
            continue
        yield segment
        if "等" in segment:
            yield segment.rsplit("等", 1)[1].strip()
        yield from (item.strip() for item in segment.split("、"))


def rule_industries(keywords: str, small_classes: dict[str, str]) -> list[str]:
    """The small-class codes (from name → code) a rule's keywords name, in first-named order."""
    return list(dict.fromkeys(small_classes[p] for p in pieces(keywords) if p in small_classes))


def concordance_weights(matched: Iterable[RuleRef], industries_of: dict[tuple[str, int], list[str]]) -> dict[str, float]:
    """Each matched rule that names industries counts once, shared equally among them; normalised to 1."""
    score: Counter[str] = Counter()
    mapped = [industries_of[r.sei_code, r.rule_no] for r in matched if industries_of.get((r.sei_code, r.rule_no))]
    for codes in mapped:
        for code in codes:
            score[code] += 1 / (len(codes) * len(mapped))
    return dict(score)

