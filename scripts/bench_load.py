#!/usr/bin/env python
"""Benchmark: 200 people at once against the platform as deployed, on PostgreSQL (`make bench-load`).

Steps: a throwaway PostgreSQL (`scripts/with-postgres.sh`, with room for the connections) unless DATABASE_URL points
at one; migrate; `demo-setup` (the bundled real data); with `--patents N`, SYNTHETIC patents up to N in all (real
titles and abstracts recombined, `source` "SYNTHETIC (bench_load)", random unit vectors — say so wherever a figure
comes from them); the load-test accounts (`scripts/load/seed.py`); gunicorn with W workers × T threads and two
`patentbridge db_worker` processes; locust headless (`scripts/load/locustfile.py`) for the given time; then a table
per page: requests, req/s, p50/p95/p99, errors, and the total. The rate limits are turned off (RATELIMIT_ENABLE=0):
every virtual user comes from one address and would trip the per-address limits.

Usage: `python scripts/bench_load.py [--users 200 | --users 20,200] [--spawn-rate 10] [--run-time 2m] [--workers 2] [--threads 4]
[--patents 100000] [--var DIR] [--keep]`
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SYNTHETIC = "SYNTHETIC (bench_load)"
PAGE_AIM_MS, SEARCH_AIM_MS = 300, 100


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def _manage(*args: str, env: dict) -> None:
    """A management command, its output (progress bars included) to its log under var/logs/."""
    started = time.perf_counter()
    with open(Path(env["PATENTBRIDGE_VAR_DIR"]) / "logs" / f"{args[0]}.log", "w") as log:
        subprocess.run([str(BIN / "patentbridge"), *args], env=env, cwd=ROOT, check=True, stdout=log,
                       stderr=subprocess.STDOUT)
    _say(f"patentbridge {' '.join(args)}: {time.perf_counter() - started:.0f} s")


def add_synthetic(total: int, *, chunk: int = 5000) -> int:
    """SYNTHETIC patents until the register holds `total`: each the title of one real patent and the abstract of
    another, with its search document (tokens recombined from the real texts' tokens) and a random unit vector."""
    import numpy as np
    from django.db import transaction

    from patentbridge.patents.models import Patent, PatentClassification
    from patentbridge.search import semantic
    from patentbridge.search.models import SearchDocument
    from patentbridge.search.services import _hash, lexical_text
    from patentbridge.search.text import TOKENS_VERSION, tokens

    missing = total - Patent.objects.count()
    if missing <= 0:
        return 0
    real = list(Patent.objects.exclude(source=SYNTHETIC).exclude(title="")
                .values("title", "abstract", "ipc_main", "patent_type", "city_id", "application_date", "legal_status",
                        "expiry_date", "applicant_names"))
    title_tokens = [tokens(r["title"]) for r in real]
    abstract_tokens = [tokens(r["abstract"] or "") for r in real]
    serial = Patent.objects.filter(source=SYNTHETIC).count()
    rng, vectors, model = random.Random(total), np.random.default_rng(total), semantic.model_version()
    started, made = time.perf_counter(), 0
    while made < missing:
        size = min(chunk, missing - made)
        pairs = [(rng.randrange(len(real)), rng.randrange(len(real))) for _ in range(size)]
        patents = [_synthetic_patent(real[a], real[b], serial + made + i) for i, (a, b) in enumerate(pairs)]
        matrix = vectors.normal(size=(size, semantic.DIM)).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        with transaction.atomic():
            Patent.objects.bulk_create(patents, batch_size=chunk)
            PatentClassification.objects.bulk_create([
                PatentClassification(patent_id=p.pk, code=p.ipc_main, subclass=p.ipc_main[:4], is_main=True)
                for p in patents if p.ipc_main], batch_size=chunk)
            SearchDocument.objects.bulk_create([SearchDocument(
                patent_id=p.pk, tokens=" ".join(title_tokens[a] * 2 + abstract_tokens[b]),
                text_hash=_hash(f"{TOKENS_VERSION}\n{lexical_text({'title': p.title, 'abstract': p.abstract, 'first_claim': ''})}"),
                vector=semantic.to_bytes(vector), vector_model=model,
                vector_text_hash=_hash(semantic.passage_text(p.title, p.abstract)))
                for p, (a, b), vector in zip(patents, pairs, matrix, strict=True)], batch_size=chunk)
        made += size
        if made % 50000 < chunk:
            _say(f"synthetic patents: {made:,}/{missing:,} ({made / (time.perf_counter() - started):.0f}/s)")
    return made


def _synthetic_patent(title_row: dict, abstract_row: dict, serial: int):
    from patentbridge.patents.models import Patent
    from patentbridge.patents.numbers import check_character

    # Year 2099 (no real filing has it), the type's digit, the serial: a valid check digit, never a real number.
    type_digit = {"invention": "1", "utility_model": "2", "design": "3"}.get(title_row["patent_type"], "1")
    digits = f"2099{type_digit}{serial:07d}"
    return Patent(application_number=f"{digits}.{check_character(digits)}", patent_type=title_row["patent_type"],
                  title=title_row["title"], abstract=abstract_row["abstract"], ipc_main=title_row["ipc_main"],
                  ipc_codes=[title_row["ipc_main"]] if title_row["ipc_main"] else [],
                  applicant_names=title_row["applicant_names"], city_id=title_row["city_id"],
                  application_date=title_row["application_date"], expiry_date=title_row["expiry_date"],
                  legal_status=title_row["legal_status"], source=SYNTHETIC)


def _synthesise(total: int, env: dict) -> None:
    """In this process (Django set up against the benchmark's database), then the indexes rebuilt and published."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from patentbridge.search import services

    started = time.perf_counter()
    made = add_synthetic(total)
    _say(f"synthetic patents: {made:,} added in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    counts = services.indexes_rebuild()
    _say(f"indexes rebuilt ({counts}) in {time.perf_counter() - started:.0f} s")


def _warm_up(base: str, data: Path, rounds: int) -> None:
    """Each page kind a few times before the clock starts: every web process loads its search indexes and the
    embedding model on its first searches (seconds), which is start-up, not load."""
    sys.path.insert(0, str(ROOT / "scripts/load"))
    from load_pages import PAGES

    sample = json.loads(data.read_text())
    values = {"ipc": sample["ipc"][0], "city": sample["cities"][0], "year": sample["years"][0],
              "number": sample["patents"][0]}
    started = time.perf_counter()
    for name in ("home", "patent list", "patent list (filtered)", "patent list (city, year)", "patent page", "pool",
                 "open licences", "listings (market)", "auctions (market)", "events (market)", "search page",
                 "search API", "patent API"):
        for i in range(rounds):
            query = {"query": quote(sample["queries"][i % len(sample["queries"])])}
            try:
                urllib.request.urlopen(base + PAGES[name].format(**values, **query), timeout=120).read()
            except OSError as exc:
                _say(f"warm-up: {name}: {exc}")
    _say(f"warmed up in {time.perf_counter() - started:.0f} s")


def _wait_up(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"bench-load: {url} did not answer within {seconds:.0f} s")


def _start(args: argparse.Namespace, env: dict, var: Path) -> list[subprocess.Popen]:
    logs = var / "logs"
    processes = [subprocess.Popen([str(BIN / "patentbridge"), "db_worker"], env=env, cwd=ROOT,
                                  stdout=open(logs / f"worker-{i}.log", "w"), stderr=subprocess.STDOUT,
                                  start_new_session=True) for i in range(args.db_workers)]
    processes.append(subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "patentbridge.wsgi"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{args.port}", "GUNICORN_WORKERS": str(args.workers),
             "GUNICORN_THREADS": str(args.threads), "GUNICORN_TIMEOUT": "120"},
        cwd=ROOT, stdout=open(logs / "gunicorn-access.log", "w"),
        stderr=open(logs / "gunicorn.log", "w"), start_new_session=True))
    return processes


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _locust(args: argparse.Namespace, env: dict, var: Path, users: int) -> Path:
    prefix = var / f"locust-{users}"
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "scripts/load/locustfile.py"), "--headless",
                    "--users", str(users), "--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time,
                    "--host", f"http://127.0.0.1:{args.port}", "--csv", str(prefix), "--only-summary",
                    "--stop-timeout", "10", "--loglevel", "WARNING", "--reset-stats"],
                   env={**env, "LOAD_DATA": str(var / "load-accounts.json")}, cwd=ROOT, check=False)
    return Path(f"{prefix}_stats.csv")


def _deaths(log: Path) -> int:
    text = log.read_text(errors="replace") if log.exists() else ""
    return text.count("was sent SIG") + text.count("WORKER TIMEOUT")


def _counts(value: str) -> list[int]:
    return [int(part) for part in value.split(",") if part.strip()]


def _ms(value: str) -> float:
    """A percentile from locust's CSV ("N/A" where a page had no successful response: it counts as worst)."""
    try:
        return float(value)
    except ValueError:
        return float("inf")


def _aim(name: str) -> int:
    return SEARCH_AIM_MS if name.startswith("search") else PAGE_AIM_MS


def report(stats: Path) -> list[dict]:
    """The table: page, requests, req/s, p50, p95, p99, errors; the total last. Marks rows over their aim."""
    with stats.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    body = sorted((r for r in rows if r["Name"] != "Aggregated" and r["Request Count"] != "0"), key=lambda r: -_ms(r["95%"]))
    total = [r for r in rows if r["Name"] == "Aggregated"]
    print("\n| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | aim p95 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in body + total:
        name = r["Name"] if r["Name"] != "Aggregated" else "**total**"
        aim = "" if r["Name"] == "Aggregated" else f"{_aim(name)} ms{' MISSED' if _ms(r['95%']) > _aim(name) else ''}"
        print(f"| {r['Type']} {name} | {r['Request Count']} | {float(r['Requests/s']):.2f} | {r['50%']} | {r['95%']} | "
              f"{r['99%']} | {r['Failure Count']} | {aim} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=_counts, default=[200],
                        help="virtual users; several, comma-separated (20,200), run one after another on one set-up")
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default="2m")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--db-workers", type=int, default=2)
    parser.add_argument("--patents", type=int, default=0, help="add SYNTHETIC patents until the register has this many")
    parser.add_argument("--enterprises", type=int, default=40)
    parser.add_argument("--offices", type=int, default=10)
    parser.add_argument("--port", type=int, default=8121)
    parser.add_argument("--var", type=Path, help="PATENTBRIDGE_VAR_DIR (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the var folder (logs, locust CSV) afterwards")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # A throwaway cluster with a connection for every web thread and worker, and the script again inside it.
        connections = args.workers * args.threads + args.db_workers + 40
        env = {**os.environ, "PB_PG_OPTIONS": f"{os.environ.get('PB_PG_OPTIONS', '')} -c max_connections={connections}"}
        os.execvpe(str(ROOT / "scripts/with-postgres.sh"), [str(ROOT / "scripts/with-postgres.sh"), sys.executable,
                                                          *sys.argv], env)

    var = args.var or Path(tempfile.mkdtemp(prefix="pb-load-"))
    (var / "logs").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PATENTBRIDGE_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "patentbridge.settings",
           "PYTHONPATH": str(ROOT), "RATELIMIT_ENABLE": "0", "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
           # One OpenMP thread per process: the query embedder's default (a thread per core in every web thread and
           # worker) oversubscribed 2 cores and made searches 20-50x slower under load (docs/benchmarks.md).
           "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
           # A web process that dies prints where (gunicorn.log); the report counts the deaths.
           "PYTHONFAULTHANDLER": "1"}
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"gunicorn {args.workers} workers × {args.threads} threads, {args.db_workers} db_worker; rate limits OFF "
          f"(RATELIMIT_ENABLE=0); OMP_NUM_THREADS={env['OMP_NUM_THREADS']}")
    processes: list[subprocess.Popen] = []
    try:
        _manage("migrate", "--verbosity", "0", env=env)
        _manage("demo-setup", env=env)
        if args.patents:
            _synthesise(args.patents, env)
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "scripts/load/seed.py"), "--enterprises", str(args.enterprises),
                        "--offices", str(args.offices), "--out", str(var / "load-accounts.json")],
                       env=env, cwd=ROOT, check=True)
        _say(f"accounts seeded in {time.perf_counter() - started:.0f} s")
        processes = _start(args, env, var)
        _wait_up(f"http://127.0.0.1:{args.port}/")
        _warm_up(f"http://127.0.0.1:{args.port}", var / "load-accounts.json", rounds=2 * args.workers)
        runs = []
        for users in args.users:
            _say(f"serving; locust: {users} users, spawn {args.spawn_rate}/s, {args.run_time}")
            load_before = os.getloadavg()[0]
            runs.append((users, _locust(args, env, var, users)))
            print(f"\nload average (1 min) at the start {load_before:.1f}, at the end {os.getloadavg()[0]:.1f} "
                  f"on {os.cpu_count()} cores (other work included)")
        counts = subprocess.run([str(BIN / "patentbridge"), "shell", "-c",
                                 "from patentbridge.patents.models import Patent as P; "
                                 f"print(P.objects.count(), P.objects.filter(source={SYNTHETIC!r}).count())"],
                                env=env, cwd=ROOT, capture_output=True, text=True).stdout.strip().splitlines()[-1:]
        counts = counts[0].split() if counts else []
        if len(counts) == 2:
            print(f"\nregister: {int(counts[0]):,} patents, of them {int(counts[1]):,} SYNTHETIC"
                  + (" (random vectors)" if int(counts[1]) else ""))
        for users, stats in runs:
            print(f"\n### {users} users")
            report(stats)
        print(f"\nweb processes lost (killed by a signal or timed out): {_deaths(var / 'logs' / 'gunicorn.log')}")
    finally:
        _stop(processes)
        if args.var is None and not args.keep:
            shutil.rmtree(var, ignore_errors=True)
        elif args.keep or args.var:
            print(f"\nlogs and locust CSV kept in {var}")


if __name__ == "__main__":
    main()
