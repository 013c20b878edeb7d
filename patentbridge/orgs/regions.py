"""Territories as codes: China, its provincial-level divisions and Guangdong's cities (GB/T 2260), their hierarchy,
and the many ways a contract writes them (中国 / 中华人民共和国 / "中国 " are one territory)."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from patentbridge.core.errors import ValidationFailed
from patentbridge.orgs.models import City, Region

CHINA = "CN"
REGIONS_CSV = Path(settings.DATA_DIR) / "reference" / "regions" / "regions.csv"
_SPACES = re.compile(r"\s+")


def span(code: str) -> tuple[int, int]:
    """The interval of six-digit codes a region covers: China all of them, a province PPxxxx, a city PPCCxx."""
    if code == CHINA:
        return 0, 999_999
    number = int(code)
    if number % 10_000 == 0:
        return number, number + 9_999
    if number % 100 == 0:
        return number, number + 99
    return number, number


def parent_code(code: str) -> str | None:
    if code == CHINA:
        return None
    number = int(code)
    if number % 10_000 == 0:
        return CHINA
    if number % 100 == 0:
        return f"{number // 10_000 * 10_000:06d}"
    return f"{number // 100 * 100:06d}"


def _key(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()


@transaction.atomic
def load_regions(path: Path | None = None) -> int:
    """China, the provinces (with their aliases) and Guangdong's cities; idempotent. Cities must be loaded first."""
    rows = [(r["code"], r["name_zh"], r["name_en"], [a for a in r["aliases"].split("|") if a])
            for r in csv.DictReader((path or REGIONS_CSV).open(encoding="utf-8"))]
    rows += [(c.code, c.name_zh, c.name_en, [c.name_zh.removesuffix("市")]) for c in City.objects.all()]
    for code, name_zh, name_en, aliases in sorted(rows, key=lambda row: span(row[0])[1] - span(row[0])[0],
                                                  reverse=True):
        lo, hi = span(code)
        Region.objects.update_or_create(code=code, defaults={
            "name_zh": name_zh, "name_en": name_en, "aliases": aliases, "lo": lo, "hi": hi,
            "parent_id": parent_code(code)})
    return len(rows)


def region_resolve(text: str) -> Region:
    """The region a code, a name or an alias names (whitespace, width and case do not matter)."""
    wanted = _key(text or "")
    if not wanted:
        raise ValidationFailed(details={"territory": _("Name the territory.")})
    for region in Region.objects.all():
        names = [region.code, region.name_zh, region.name_en, *region.aliases]
        if wanted in {_key(name) for name in names}:
            return region
    raise ValidationFailed(details={"territory": _("Unknown territory “%(text)s”: name China, a province or a "
                                                   "Guangdong city.") % {"text": text.strip()[:40]}})


def china() -> Region:
    """All of China: the territory of every open licence (Patent Law Art 50)."""
    region = Region.objects.filter(code=CHINA).first()
    if region is None:
        raise ValidationFailed(details={"territory": _("The territories are not loaded: run load-reference.")})
    return region


def regions_overlap(a: Region, b: Region) -> bool:
    """One territory contains the other (a city is inside its province, inside China), or they are the same."""
    return a.lo <= b.hi and b.lo <= a.hi
