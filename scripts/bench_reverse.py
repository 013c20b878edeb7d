#!/usr/bin/env python
"""Benchmark: patent → matching demands (the office's side of matching) with 5,000 live demands.

The demands are SYNTHETIC for timing: titles and abstracts of real bundled patents posted as demands of one
made-up enterprise. Prints the time of the first ranking after the demands changed (the live-demand index is
built from the stored tokens) and of later rankings (the index is reused). Usage: `PATENTBRIDGE_VAR_DIR=$(mktemp -d) python
scripts/bench_reverse.py [--demands 5000]` (a fresh SQLite database under that folder).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demands", type=int, default=5000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command

    from patentbridge.demands.models import Demand
    from patentbridge.demands.reverse import demands_for_patent
    from patentbridge.orgs.models import Organisation
    from patentbridge.patents.models import Patent

    call_command("migrate", verbosity=0)
    path = ROOT / "data/patents/cn_patent_db_exports/cn_patents_with_abstracts.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [(r["title_zh"], r["abstract_zh"]) for r in csv.DictReader(handle)]
    org = Organisation.objects.create(name="计时用企业（合成）", name_normalized="计时用企业合成", kind="enterprise")
    rng = random.Random(1)
    Demand.objects.bulk_create([Demand(organisation=org, title=f"需求：{t}"[:200], problem=a[:400], status="published",
                                       visibility="public") for t, a in (rng.choice(rows) for _ in range(args.demands))])
    patent = Patent.objects.create(title=rows[0][0], abstract=rows[0][1], patent_type="invention",
                                   publication_number="SYN000000001", ipc_codes=["G10L15/00"])

    from patentbridge.demands import reverse

    demands = list(Demand.objects.all())
    for demand in demands:
        demand.refresh_tokens()
    Demand.objects.bulk_update(demands, ["search_tokens", "search_tokens_version"], batch_size=500)
    reverse._live.clear()
    start = time.perf_counter()
    demands_for_patent(patent, AnonymousUser())
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(5):
        start = time.perf_counter()
        demands_for_patent(patent, AnonymousUser())
        times.append((time.perf_counter() - start) * 1000)
    print(f"{args.demands} live demands (synthetic): first view after a change of the demands (index built) "
          f"{first:.0f} ms; later views median {statistics.median(times):.0f} ms")


if __name__ == "__main__":
    main()
