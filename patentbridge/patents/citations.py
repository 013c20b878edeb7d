"""Citations between patents: kept by publication number, linked to the register's patents when they are in it.

A citation names a publication (CN105822427B, US8812197B2). One CN application is published under one serial
with different kind codes (A on publication, B or C on grant, U for a utility model), so a citation is linked by
country and serial, whatever the kind; an application number (CN201710667329.7) links by application number.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from patentbridge.patents.models import Patent, PatentCitation
from patentbridge.patents.numbers import InvalidNumber, parse_application_number

_PUBLICATION = re.compile(r"^([A-Z]{2})(\d{4,13})([A-Z]\d?)?$")
REQUIRED_COLUMNS = ("citing", "cited")
TRUE = {"true", "1", "yes", "y", "t"}
BATCH = 2000


def citation_key(number: str) -> str:
    """'CN105822427B' → 'CN105822427'; 'CN201710667329.7' → 'APP:201710667329.7'; '' when it is no number."""
    text = re.sub(r"[\s　-]", "", number or "").upper()
    try:
        return f"APP:{parse_application_number(text)}"
    except InvalidNumber:
        pass
    match = _PUBLICATION.match(text)
    return f"{match.group(1)}{match.group(2)}" if match else ""


def _patent_keys(rows: Iterable[tuple[int, str | None, str | None, str | None]]) -> dict[str, int]:
    keys: dict[str, int] = {}
    for pk, application, publication, grant in rows:
        for number in (publication, grant):
            if number:
                keys.setdefault(citation_key(number), pk)
        if application:
            keys.setdefault(f"APP:{application}", pk)
    keys.pop("", None)
    return keys


def _link_side(keys: dict[str, int], key_field: str, fk_field: str) -> int:
    wanted = list(keys)
    linked = 0
    for start in range(0, len(wanted), BATCH):
        pending = PatentCitation.objects.filter(**{f"{fk_field}__isnull": True, f"{key_field}__in": wanted[start:start + BATCH]})
        rows = [PatentCitation(pk=pk, **{f"{fk_field}_id": keys[key]}) for pk, key in pending.values_list("pk", key_field)]
        PatentCitation.objects.bulk_update(rows, [fk_field], batch_size=BATCH)
        linked += len(rows)
    return linked


@transaction.atomic
def citations_link(patent_ids: list[int] | None = None) -> int:
    """Link unlinked citations to register patents (the given ones, or all); returns how many sides were linked."""
    patents = Patent.objects.all() if patent_ids is None else Patent.objects.filter(pk__in=patent_ids)
    keys = _patent_keys(patents.values_list("pk", "application_number", "publication_number", "grant_number"))
    return _link_side(keys, "citing_key", "citing") + _link_side(keys, "cited_key", "cited")


@dataclass
class CitationImport:
    created: int = 0
    already_known: int = 0
    linked: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"missing column(s): {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, row


def _parse(row: dict[str, str]) -> tuple[str, str, bool] | str:
    """(citing, cited, examiner) or the reason the row is refused."""
    citing, cited = (re.sub(r"\s", "", row.get(c) or "").upper() for c in REQUIRED_COLUMNS)
    for column, number in (("citing", citing), ("cited", cited)):
        if not number:
            return f"{column}: empty"
        if not citation_key(number):
            return f"{column}: not a publication or application number: {number[:40]}"
        if len(number) > 24:
            return f"{column}: longer than 24 characters"
    if citation_key(citing) == citation_key(cited):
        return "a publication cannot cite itself"
    return citing, cited, (row.get("examiner_cited") or "").strip().lower() in TRUE


def citations_import(path: Path, *, source: str = "") -> CitationImport:
    """Read a citations CSV (columns citing, cited, optional examiner_cited): keep the good rows, report the bad."""
    report = CitationImport()
    good: dict[tuple[str, str], bool] = {}
    for line, row in _rows(path):
        parsed = _parse(row)
        if isinstance(parsed, str):
            report.rejected.append((line, parsed))
        else:
            good[parsed[:2]] = good.get(parsed[:2], False) or parsed[2]
    pairs = list(good)
    with transaction.atomic():
        for start in range(0, len(pairs), BATCH):
            part = pairs[start:start + BATCH]
            known = set(PatentCitation.objects.filter(
                citing_number__in={c for c, _ in part}, cited_number__in={d for _, d in part})
                .values_list("citing_number", "cited_number"))
            new = [PatentCitation(citing_number=c, cited_number=d, citing_key=citation_key(c), cited_key=citation_key(d),
                                  examiner_cited=good[(c, d)], source=source[:200])
                   for c, d in part if (c, d) not in known]
            PatentCitation.objects.bulk_create(new, batch_size=BATCH)
            report.created += len(new)
            report.already_known += len(part) - len(new)
        report.linked = citations_link()
    return report
