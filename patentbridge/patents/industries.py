"""GB/T 4754 industry codes as the patent records carry them (incoPat: section letter, then the 4-digit class)."""

from __future__ import annotations

from patentbridge.patents.models import Industry


def industry_classes(codes: list[str]) -> list[str]:
    """incoPat's codes carry the section letter (C3670); the GB/T 4754 class is the 4 digits."""
    digits = (code.lstrip("ABCDEFGHIJKLMNOPQRST") for code in codes)
    return [d for d in digits if len(d) == 4 and d.isdigit()]


def in_industry(codes: list[str], industry: Industry) -> bool:
    """Whether any of the codes lies within the industry, which may be a section (C), a division (36), a group
    (367) or a class (3670); a code without a class (incoPat's OTH) lies in none."""
    wanted = industry.code
    return any(cls.startswith(wanted) if wanted.isdigit() else code[:1] == wanted
               for code in codes or [] for cls in industry_classes([code]))
