#!/usr/bin/env python
"""Benchmark: how a second host gets the search indexes — fetch the published generation from the database, or
rebuild it from the documents' rows — at 100k (SYNTHETIC) documents.

The corpus is SYNTHETIC, for timing only: each document joins the tokens of one real bundled title (twice) with
those of another real abstract, as scripts/bench_search.py does; vectors are random unit vectors (f16, 384
dimensions). The rebuild reads the same columns as services.indexes_rebuild (patent id, tokens, vector) from a
table of that shape, so no 100k patents need registering. Run against PostgreSQL:
`scripts/with-postgres.sh python scripts/bench_generations.py [--sizes 100000]`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")
REAL_TEXTS = 4000


def real_token_lists(tokens) -> tuple[list[list[str]], list[list[str]]]:
    with gzip.open(ROOT / "data/patents/cn_patent_db_exports/cn_patents_with_abstracts.csv.gz", "rt",
                   encoding="utf-8") as handle:
        rows = [(r["title_zh"], r["abstract_zh"]) for _, r in zip(range(REAL_TEXTS), csv.DictReader(handle))]
    return [tokens(t) for t, _ in rows], [tokens(a[:300]) for _, a in rows]


def fill_table(size: int, titles, abstracts) -> None:
    from django.db import connection

    rng = random.Random(size)
    matrix = np.random.default_rng(size).normal(size=(size, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_documents")
        cursor.execute("CREATE TABLE bench_documents (patent_id integer PRIMARY KEY, tokens text, vector bytea)")
        with cursor.cursor.copy("COPY bench_documents (patent_id, tokens, vector) FROM STDIN") as copy:
            for i in range(size):
                words = titles[rng.randrange(len(titles))] * 2 + abstracts[rng.randrange(len(abstracts))]
                copy.write_row((i + 1, " ".join(words), matrix[i].astype(np.float16).tobytes()))
        cursor.execute("ANALYZE bench_documents")


def rebuild_from_rows(folder: Path):
    """What each host would do without shared generations: read every row, build both indexes, write them."""
    from django.conf import settings
    from django.db import connection

    from patentbridge.search.lexical import LexicalIndex
    from patentbridge.search.semantic import build_ann, from_bytes

    ids, token_lists, vectors = [], [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT patent_id, tokens, vector FROM bench_documents ORDER BY patent_id")
        for pk, text, data in cursor:
            ids.append(pk)
            token_lists.append(text.split())
            vectors.append(from_bytes(data))
    read = time.perf_counter()
    lexical = LexicalIndex.build(ids, token_lists)
    matrix = np.vstack(vectors)
    lexical.write(folder)
    np.save(folder / "vectors.npy", matrix.astype(np.float16))
    if len(matrix) > settings.SEARCH_EXACT_LIMIT:
        build_ann(matrix).save(str(folder / "hnsw.usearch"))
    return lexical, matrix, read


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from patentbridge.search import indexes
    from patentbridge.search.text import tokens

    if connection.vendor != "postgresql":
        sys.exit("run it against PostgreSQL: scripts/with-postgres.sh python scripts/bench_generations.py")
    call_command("migrate", verbosity=0)
    titles, abstracts = real_token_lists(tokens)
    work = Path(tempfile.mkdtemp(prefix="bench-generations-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            fill_table(size, titles, abstracts)
            print(f"\n== {size:,} documents (SYNTHETIC recombination of {REAL_TEXTS} real texts; random vectors) ==")
            folder = work / f"rebuild-{size}"
            folder.mkdir()
            start = time.perf_counter()
            lexical, matrix, read = rebuild_from_rows(folder)
            rebuilt = time.perf_counter()
            print(f"rebuild on a host from the rows: {rebuilt - start:6.1f} s "
                  f"(read {read - start:.1f} s, build + write {rebuilt - read:.1f} s; {folder_mb(folder):.0f} MB)")

            settings.VAR_DIR = work / f"publisher-{size}"
            start = time.perf_counter()
            lexical_generation = indexes.publish_lexical(lexical)
            vectors_generation = indexes.publish_vectors(np.arange(1, size + 1, dtype=np.int64), matrix, "bench")
            published = time.perf_counter() - start
            size_mb = (lexical_generation.size + vectors_generation.size) / 1e6
            print(f"publish (write files + chunks):  {published:6.1f} s ({size_mb:.0f} MB in the database)")

            settings.VAR_DIR = work / f"other-host-{size}"
            indexes.forget()
            start = time.perf_counter()
            served = indexes.current_lexical(), indexes.current_vectors()
            fetched = time.perf_counter() - start
            assert len(served[0]) == len(served[1]) == size
            print(f"fetch on another host (download, checksum, load): {fetched:6.1f} s")
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_total_relation_size('search_indexgenerationchunk')")
                print(f"chunk table on disk: {cursor.fetchone()[0] / 1e6:.0f} MB")
            indexes.forget()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_documents")


if __name__ == "__main__":
    main()
