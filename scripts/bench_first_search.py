#!/usr/bin/env python
"""Benchmark: the first search a web process answers after it starts, with and without the warm-up.

Starts `patentbridge runserver --noreload` on the installation in PATENTBRIDGE_VAR_DIR (the demo's by default),
waits until it answers, gives it `--settle` seconds (a person arrives some time after the start), then times the
first and the second search (a GET of the search page with a query, as a browser does). Run once with
SEARCH_WARM_ON_START=0 and once with 1 (both by default). Usage:
`PATENTBRIDGE_VAR_DIR=var python scripts/bench_first_search.py [--settle 20] [--query 降低空调压缩机噪音]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed_get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return time.perf_counter() - start


def wait_until_up(base: str, seconds: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=5).read()
            return time.perf_counter() - start
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def measure(warm: bool, settle: float, query: str) -> dict:
    port = free_port()
    env = {**os.environ, "SEARCH_WARM_ON_START": "1" if warm else "0", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "patentbridge.cli", "runserver", f"127.0.0.1:{port}",
                               "--noreload"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        up = wait_until_up(base)
        time.sleep(settle)
        url = f"{base}/search/?q={urllib.parse.quote(query)}"
        first = timed_get(url)
        second = timed_get(url + "&page=1")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"warm_on_start": warm, "server_up_s": round(up, 2), "first_search_s": round(first, 3),
            "second_search_s": round(second, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle", type=float, default=20.0, help="seconds between start-up and the first search")
    parser.add_argument("--query", default="降低空调压缩机噪音")
    parser.add_argument("--only", choices=("cold", "warm"), help="measure one case only")
    args = parser.parse_args()
    cases = [args.only == "warm"] if args.only else [False, True]
    results = [measure(warm, args.settle, args.query) for warm in cases]
    print(json.dumps({"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
                                 f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
                      "results": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
