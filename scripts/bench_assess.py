#!/usr/bin/env python
"""Benchmark: score a register of 1M patents (`patentbridge assess --all`'s work) in a fresh database.

The register is SYNTHETIC, for timing only: each row recombines the type, dates, status, IPC codes, CPC codes,
claim text length and industry marks of randomly drawn real bundled records, under a made-up number. Never use
it for quality (eval-assessment measures that on real records). Three runs are timed: the first, the next day's
(every row moves) and, the same day, one after an import of 5 patents (only the moved rows are rewritten). Usage:
`make bench-assess` or `python scripts/bench_assess.py [--size 1000000] [--postgres]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_register(size: int, first: int = 0) -> float:
    """Insert `size` synthetic patents numbered from `first`; returns seconds."""
    from django.utils import timezone

    from patentbridge.core.db import insert_rows
    from patentbridge.patents.models import Patent
    from patentbridge.pool.evaluation import read_records

    today = timezone.localdate()
    records = read_records(sorted((ROOT / "data/patents/cn_patent_db_exports").glob("*.csv.gz")), today)
    rng = random.Random(42 + first)
    start = time.perf_counter()
    now = timezone.now()
    fields = ["patent_type", "title", "abstract", "first_claim", "ipc_main", "ipc_codes", "cpc_codes", "inventors",
              "applicant_names", "address", "province", "application_date", "grant_date", "expiry_date",
              "legal_status", "legal_status_raw", "industry_codes", "emerging_industry", "family_size",
              "forward_citations", "backward_citations", "publication_kind", "grant_kind", "source", "source_rank",
              "created_at", "updated_at", "publication_number", "agency", "inventors_withheld"]
    from patentbridge.patents.terms import expiry_date

    batch = []
    for i in range(first, first + size):
        r = rng.choice(records)
        batch.append((r.patent_type or "invention", f"合成专利 {i}（仅用于计时）", "", "x" * min(len(r.first_claim), 400),
                      r.ipc_main, r.ipc_codes, r.cpc_codes, [], [], "", "", r.application_date, r.grant_date,
                      expiry_date(r.patent_type or "invention", r.application_date), r.legal_status, "",
                      r.industry_codes, r.emerging_industry, r.family_size, r.forward_citations,
                      r.backward_citations, "", "", "synthetic", "", now, now, f"SYN{i:09d}", "", []))
        if len(batch) == 20_000:
            insert_rows(Patent, fields, batch)
            batch = []
    insert_rows(Patent, fields, batch)
    return time.perf_counter() - start


def phase(size: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")
    import django

    django.setup()
    import resource

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from patentbridge.patents.reference import load_all
    from patentbridge.pool import services

    call_command("migrate", verbosity=0)
    load_all()
    with transaction.atomic():
        build = build_register(size)
    today = timezone.localdate()
    runs = []
    # 1: the first scoring writes every row; 2: the next day's re-run (every patent a day older: most rows move);
    # 3: the same day, after an import of 5 patents (only their cohorts' rows move).
    for name, day, added in (("first", today, 0), ("next day", today + timedelta(days=1), 0),
                             ("after an import of 5", today + timedelta(days=1), 5)):
        if added:
            with transaction.atomic():
                build_register(added, first=size)
        start = time.perf_counter()
        summary = services.assess_register(today=day)
        runs.append({"name": name, "total": time.perf_counter() - start, "rewritten": summary.rewritten,
                     **summary.seconds})
    print(json.dumps({"engine": connection.vendor, "size": size, "build_seconds": build, "runs": runs,
                      "tiers": summary.tier_counts,
                      "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase(args.size)
        return
    print(f"machine: {platform.platform()} · {os.cpu_count()} CPUs · Python {platform.python_version()}")
    print(f"register: {args.size:,} SYNTHETIC patents recombined from real bundled records (timing only)")
    engines = [False, True] if args.postgres else [False]
    for postgres in engines:
        with tempfile.TemporaryDirectory(prefix="pb-bench-assess-") as var_dir:
            env = {**os.environ, "PATENTBRIDGE_VAR_DIR": var_dir}
            if not postgres:
                env.pop("DATABASE_URL", None)
            command = [sys.executable, __file__, "--phase", "--size", str(args.size)]
            if postgres:
                command = [str(ROOT / "scripts/with-postgres.sh"), *command]
            output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        print(f"{figures['engine']}: built in {figures['build_seconds']:.0f} s; peak memory "
              f"{figures['max_rss_mb']:.0f} MB; tiers {figures['tiers']}")
        for n, run in enumerate(figures["runs"], start=1):
            print(f"  assess run {n}, {run['name']}: {run['total']:.1f} s (load {run['load']:.1f} s, "
                  f"score {run['score']:.1f} s, store {run['store']:.1f} s; {run['rewritten']:,} rows rewritten)")


if __name__ == "__main__":
    main()
