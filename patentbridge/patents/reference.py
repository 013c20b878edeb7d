"""Loading the bundled reference tables (IPC, GB/T 4754-2017, Guangdong cities), idempotently."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction

from patentbridge.orgs.models import City, Region
from patentbridge.orgs.regions import load_regions
from patentbridge.patents.models import Industry, IpcEntry

REFERENCE_DIR = Path(settings.DATA_DIR) / "reference"


def csv_rows(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        yield from csv.DictReader(handle)


def _upsert(model: type, objects: list, fields: list[str], key: str) -> int:
    model.objects.bulk_create(objects, batch_size=2000, update_conflicts=True, unique_fields=[key], update_fields=fields)
    return len(objects)


@transaction.atomic
def load_ipc(directory: Path | None = None) -> int:
    """The CNIPA 2026.01 scheme, plus codes found only in the older WIPO edition (e.g. H01L)."""
    directory = directory or REFERENCE_DIR / "ipc_scheme"
    entries: dict[str, IpcEntry] = {}
    for row in csv_rows(directory / "ipc_zh_cnipa.csv.gz"):
        entries[row["code"]] = IpcEntry(
            code=row["code"], level=row["level"], parent=row["parent"], title_zh=row["title_zh"],
            title_en=row["title_en_wipo"], in_current_edition=True,
        )
    for row in csv_rows(directory / "ipc_en_wipo.csv.gz"):
        if row["code"] not in entries:
            entries[row["code"]] = IpcEntry(
                code=row["code"], level=row["level"], parent=_wipo_parent(row["code"], row["level"]), title_zh="",
                title_en=row["title_en"], in_current_edition=False,
            )
    return _upsert(IpcEntry, list(entries.values()), ["level", "parent", "title_zh", "title_en", "in_current_edition"], "code")


def _wipo_parent(code: str, level: str) -> str:
    if level == "section":
        return ""
    if level == "class":
        return code[:1]
    if level == "subclass":
        return code[:3]
    if level == "main_group":
        return code[:4]
    return code.split("/")[0] + "/00"


@transaction.atomic
def load_industries(path: Path | None = None) -> int:
    path = path or REFERENCE_DIR / "gbt4754_2017" / "gbt4754_2017.csv"
    objects = [
        Industry(code=r["code"], level=r["level"], name=r["name"], parent=r["parent"], section=r["section"],
                 description=r["description"])
        for r in csv_rows(path)
    ]
    return _upsert(Industry, objects, ["level", "name", "parent", "section", "description"], "code")


@transaction.atomic
def load_cities(path: Path | None = None) -> int:
    path = path or REFERENCE_DIR / "guangdong_cities" / "guangdong_cities.csv"
    objects = [City(code=r["code"], name_zh=r["name_zh"], name_en=r["name_en"], region=r["region"]) for r in csv_rows(path)]
    return _upsert(City, objects, ["name_zh", "name_en", "region"], "code")


def load_all() -> dict[str, int]:
    return {"ipc": load_ipc(), "industries": load_industries(), "cities": load_cities(), "regions": load_regions()}


def reference_loaded() -> bool:
    return IpcEntry.objects.exists() and Industry.objects.exists() and City.objects.count() == 21 and Region.objects.exists()


