"""Fixtures: the bundled classifications, and a tiny incoPat-like export to learn the empirical table from."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Callable
from pathlib import Path

import pytest

from patentbridge.industries.learning import held_back
from patentbridge.industries.reference import load_intensive, load_learned, load_sei

FIELDS = ["publication_number", "application_number", "applicants", "ipc_main", "ipc", "nic_codes_incopat"]


def split_keys(held: bool, n: int) -> list[str]:
    """Application numbers that the hash split puts on the asked side."""
    keys = (f"20201{i:07d}" for i in range(100000))
    return [k for k in keys if held_back(k) == held][:n]


def write_export(directory: Path, rows: list[tuple[str, str, str]], *, held: bool = False) -> Path:
    """An export of (applicants, ipc, incoPat codes) rows, each on the asked side of the split."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ("held.csv.gz" if held else "train.csv.gz")
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        for key, (applicants, ipc, nic) in zip(split_keys(held, len(rows)), rows, strict=True):
            writer.writerow({"publication_number": f"CN{key}A", "application_number": key, "applicants": applicants,
                             "ipc_main": ipc.split("|")[0], "ipc": ipc, "nic_codes_incopat": nic})
    return path


# Three training patents in main group H04R1 (音响设备制造), one in H04R5 (电视机制造).
TRAINING = [("甲公司", "H04R1/28", "C3952")] * 3 + [("乙公司", "H04R5/02", "C3951")]


@pytest.fixture
def reference(db) -> None:
    load_intensive()
    load_sei()


@pytest.fixture
def learned(reference, tmp_path) -> Callable[..., Path]:
    """Learns the empirical table from TRAINING (plus any rows given) and returns the export folder."""
    folder = tmp_path / "exports"
    write_export(folder, TRAINING)
    load_learned(folder)
    return folder
