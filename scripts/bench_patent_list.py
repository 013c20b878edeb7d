#!/usr/bin/env python
"""Benchmark: the patent list page on a register of a million rows, one request at a time, with the SQL it runs.

The rows are SYNTHETIC, for timing only: one factory patent cloned by SQL (`generate_series`) with varied numbers,
filing dates, types, statuses and five main IPC groups, each with its classification row. Run it against a
throwaway PostgreSQL (it migrates and fills that database):

    scripts/with-postgres.sh .venv/bin/python scripts/bench_patent_list.py [--rows 1000000] [--explain]

Prints each page's time (the server's whole time through Django's test client, the page rendered; the best of three)
and every query over 5 ms, with PostgreSQL's plan when `--explain` is given.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")

PAGES = ["/patents/", "/patents/?ipc=H04R", "/patents/?year=2015", "/patents/?page=2000"]
SLOW_QUERY_S = 0.005


def build(rows: int) -> float:
    from django.core.management import call_command
    from django.db import connection

    from patentbridge.patents.tests.factories import PatentFactory

    call_command("migrate", verbosity=0)
    PatentFactory()
    varied = {
        "application_number": "lpad((2000000000000 + g)::text, 13, '0')",
        "application_date": "date '2000-01-01' + (g % 9000)",
        "expiry_date": "date '2020-01-01' + (g % 9000)",
        "grant_date": "NULL", "publication_number": "NULL", "grant_number": "NULL",
        "title": "'一种合成测试装置' || g",
        "legal_status": "(ARRAY['in_force','pending','lapsed_fees','expired'])[1 + g % 4]",
        "patent_type": "(ARRAY['invention','utility_model','design'])[1 + g % 3]",
        "ipc_main": "(ARRAY['H04R1/28','G06F3/01','A61K9/20','C08L23/06','B60L53/00'])[1 + g % 5]",
    }
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns "
                       "WHERE table_name = 'patents_patent' AND column_name <> 'id'")
        columns = [row[0] for row in cursor.fetchall()]
        values = ", ".join(varied.get(column, f"p.{column}") for column in columns)
        cursor.execute(f"INSERT INTO patents_patent ({', '.join(columns)}) SELECT {values} "
                       f"FROM patents_patent p, generate_series(1, {rows - 1}) g")
        cursor.execute("INSERT INTO patents_patentclassification (patent_id, code, subclass, is_main) "
                       "SELECT id, ipc_main, left(ipc_main, 4), true FROM patents_patent "
                       "WHERE id NOT IN (SELECT patent_id FROM patents_patentclassification)")
        cursor.execute("ANALYZE")
    return time.perf_counter() - began


def measure(explain: bool) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for url in PAGES:
        best, captured, status = float("inf"), [], 0
        for _ in range(3):
            with CaptureQueriesContext(connection) as context:
                began = time.perf_counter()
                status = client.get(url).status_code
                elapsed = (time.perf_counter() - began) * 1000
            if elapsed < best:
                best, captured = elapsed, context.captured_queries
        print(f"{url}: {status}, {best:.0f} ms, {len(captured)} queries")
        for query in captured:
            if float(query["time"]) > SLOW_QUERY_S:
                print(f"    {float(query['time']) * 1000:.0f} ms  {query['sql'][:200]}")
                if explain:
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                        print("        " + "\n        ".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--explain", action="store_true", help="print PostgreSQL's plan of every slow query")
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench_patent_list: run it under scripts/with-postgres.sh (it fills the database it is given)")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print(f"{args.rows:,} SYNTHETIC patents cloned by SQL in {build(args.rows):.0f} s "
          f"(LIST_COUNT_LIMIT {settings.LIST_COUNT_LIMIT:,})")
    measure(args.explain)


if __name__ == "__main__":
    main()
