"""docs/privacy.md lists every source of personal data and every retention ground the code knows."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from patentbridge.privacy.registry import GROUNDS, SOURCES

DOC = (Path(settings.BASE_DIR) / "docs/privacy.md").read_text()


def test_every_source_is_in_the_inventory_table():
    assert not [s.key for s in SOURCES if f"| `{s.key}` |" not in DOC]


def test_the_inventory_table_lists_no_source_the_code_lacks():
    table = DOC.split("## Inventory", 1)[1].split("\n## ", 1)[0]
    listed = {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}
    assert listed == {s.key for s in SOURCES}


def test_every_ground_is_in_the_grounds_table():
    assert not [key for key in GROUNDS if f"| `{key}` |" not in DOC]
