"""Loading the bundled industry classifications (data/reference/patent_intensive_industries_2019 and
sei_ipc_concordance_2021, each with its SOURCE.md), idempotently."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import transaction

from patentbridge.industries import learning
from patentbridge.industries.models import IntensiveCategory, IntensiveIndustry, LearnedWeight, SeiIndustry, SeiRule
from patentbridge.industries.rules import Pattern, RuleRef, pattern_of
from patentbridge.patents.models import Industry
from patentbridge.patents.reference import REFERENCE_DIR, csv_rows

INTENSIVE_DIR = REFERENCE_DIR / "patent_intensive_industries_2019"
SEI_DIR = REFERENCE_DIR / "sei_ipc_concordance_2021"
EXPORTS_DIR = Path(settings.DATA_DIR) / "patents" / "cn_patent_db_exports"
SMALL_CLASS = "小类"


class ReferenceMissing(RuntimeError):
    """A table this one points into is not loaded (GB/T 4754-2017: `patentbridge load-reference` first)."""


@transaction.atomic
def load_intensive(directory: Path = INTENSIVE_DIR) -> int:
    """The 7 classes and 31 middle classes, then the 188 small classes under them; returns the small classes."""
    rows = list(csv_rows(directory / "patent_intensive_industries_2019.csv"))
    codes = {row["gbt4754_code"] for row in rows}
    known = set(Industry.objects.filter(code__in=codes).values_list("code", flat=True))
    if known != codes:
        raise ReferenceMissing(f"GB/T 4754-2017 small classes not loaded: {', '.join(sorted(codes - known)[:10])}")
    for row in rows:
        top, _ = IntensiveCategory.objects.update_or_create(
            code=row["pa_class_code"], defaults={"level": IntensiveCategory.Level.CLASS, "name": row["pa_class_name"]})
        IntensiveCategory.objects.update_or_create(
            code=row["pa_subclass_code"],
            defaults={"level": IntensiveCategory.Level.MIDDLE, "name": row["pa_subclass_name"], "parent": top})
    IntensiveIndustry.objects.bulk_create(
        [IntensiveIndustry(industry_id=row["gbt4754_code"], category_id=row["pa_subclass_code"]) for row in rows],
        update_conflicts=True, unique_fields=["industry"], update_fields=["category"])
    return len(rows)


@transaction.atomic
def load_sei(directory: Path = SEI_DIR) -> int:
    """The 40 second-level SEI codes and their rules with parsed patterns; returns the rules."""
    for row in csv_rows(directory / "sei_codes_2021.csv"):
        SeiIndustry.objects.update_or_create(code=row["sei_code"], defaults={
            "name": row["sei_name"], "top_code": row["sei_top_code"], "top_name": row["sei_top_name"]})
    patterns: dict[tuple[str, int, str], list[Pattern]] = defaultdict(list)
    for row in csv_rows(directory / "sei_ipc_patterns_2021.csv"):
        patterns[row["sei_code"], int(row["rule_no"]), row["kind"]].append(pattern_of(
            row["ipc_pattern"], wildcard=row["wildcard"] == "yes", level=row["scope_level"],
            match_prefix=row["match_prefix"]))
    rules = [SeiRule(sei_id=row["sei_code"], rule_no=int(row["rule_no"]), keywords=row["keywords"],
                     include=patterns[row["sei_code"], int(row["rule_no"]), "include"],
                     exclude=patterns[row["sei_code"], int(row["rule_no"]), "exclude"])
             for row in csv_rows(directory / "sei_ipc_rules_2021.csv")]
    SeiRule.objects.bulk_create(rules, update_conflicts=True, unique_fields=["sei", "rule_no"],
                                update_fields=["include", "exclude", "keywords"])
    return len(rules)


@transaction.atomic
def load_learned(directory: Path = EXPORTS_DIR) -> int:
    """Learn the empirical IPC → industry table from the training part of the exports and store it in place of the
    last one; returns the rows stored. Vendor codes that are not GB/T 4754-2017 small classes are left out."""
    small = set(Industry.objects.filter(level=SMALL_CLASS).values_list("code", flat=True))
    table = learning.learn(e for e in learning.examples(directory) if not learning.held_back(e.split_key))
    rows = [LearnedWeight(level=level, ipc_key=key, industry_id=industry, share=round(share, 4), support=shares.support)
            for (level, key), shares in table.items() for industry, share in shares.shares.items() if industry in small]
    LearnedWeight.objects.all().delete()
    LearnedWeight.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def learned_table() -> learning.Table:
    """The stored empirical table, as the learner gave it (read once per classification run)."""
    table: dict[tuple[str, str], learning.KeyShares] = {}
    for level, key, industry, share, support in LearnedWeight.objects.values_list(
            "level", "ipc_key", "industry_id", "share", "support").order_by():
        table.setdefault((level, key), learning.KeyShares(support, {})).shares[industry] = float(share)
    return table


def small_class_names() -> dict[str, str]:
    """GB/T 4754-2017 small-class name → code, to read the concordance's activity texts."""
    return dict(Industry.objects.filter(level=SMALL_CLASS).values_list("name", "code"))


def rule_refs() -> list[RuleRef]:
    """Every SEI rule as plain data for matching (read once; the table is small)."""
    return [RuleRef(rule.sei_id, rule.rule_no, tuple(map(tuple, rule.include)), tuple(map(tuple, rule.exclude)),
                    rule.keywords) for rule in SeiRule.objects.order_by("sei", "rule_no")]
