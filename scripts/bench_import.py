#!/usr/bin/env python
"""Benchmark: import the largest bundled file into a fresh SQLite and a fresh PostgreSQL database.

Prints records/second for each beside the time Python's own csv module needs just to read the same
file (decompression included). Usage: `make bench-import` or
`python scripts/bench_import.py [--file PATH] [--skip-postgres]`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "data/patents/cn_patent_db_exports/cn_patents_with_abstracts.csv.gz"


def bare_read_seconds(path: Path, repeat: int = 3) -> tuple[float, int]:
    """Best-of-N time for csv.reader to read every row (what any importer must at least do)."""
    best, rows = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:  # type: ignore[operator]
            rows = sum(1 for _ in csv.reader(handle)) - 1
        best = min(best, time.perf_counter() - start)
    return best, rows


def phase_import(path: Path) -> None:
    """Runs inside a subprocess whose environment selects the database: migrate, load, time the import."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from patentbridge.patents.importing.runner import import_file
    from patentbridge.patents.reference import load_all

    call_command("migrate", verbosity=0)
    load_all()
    start = time.perf_counter()
    batch = import_file(path).batch
    seconds = time.perf_counter() - start
    print(json.dumps({"engine": connection.vendor, "seconds": seconds, "read": batch.rows_read,
                      "created": batch.rows_created, "updated": batch.rows_updated,
                      "rejected": batch.rows_rejected}))


def run_phase(path: Path, *, postgres: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="pb-bench-") as var_dir:
        env = {**os.environ, "PATENTBRIDGE_VAR_DIR": var_dir}
        env.pop("DATABASE_URL", None) if not postgres else None
        command = [sys.executable, __file__, "--phase", "import", "--file", str(path)]
        if postgres:
            command = [str(ROOT / "scripts/with-postgres.sh"), *command]
        output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--phase", choices=["import"])
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if args.phase == "import":
        phase_import(args.file)
        return
    bare, rows = bare_read_seconds(args.file)
    print(f"file: {args.file.name} ({args.file.stat().st_size / 1e6:.1f} MB, {rows} rows)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"csv module bare read: {bare:.3f} s ({rows / bare:,.0f} rows/s)")
    for postgres in ([False] if args.skip_postgres else [False, True]):
        result = run_phase(args.file, postgres=postgres)
        seconds = result["seconds"]
        print(f"{result['engine']:<11} import: {seconds:.2f} s, {result['read'] / seconds:,.0f} records/s, "
              f"{seconds / bare:.1f}x bare read (created={result['created']} updated={result['updated']} "
              f"rejected={result['rejected']})")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
