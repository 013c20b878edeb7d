import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from patentbridge.search import evaluation
from patentbridge.search.languages import language_of
from patentbridge.search.ranker import current_model, held_out


def default_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "patentbridge"


class Command(BaseCommand):
    help = ("Citation benchmark (R@10, R@100, nDCG@10, MRR) for lexical, semantic and hybrid retrieval over a "
            "folder laid out like shared/data/energy_recovery_patents_gp. `hybrid` is the product's engine.rank "
            "(the current re-ranker run, or reciprocal-rank fusion when none is current); "
            "`hybrid-crossfit-benchmark-only` is a re-ranker fitted on the benchmark itself, with features only the "
            "benchmark has (CPC groups), cross-fitted over two halves of its queries.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--citations", type=Path, required=True, metavar="DIR")
        parser.add_argument("--json", action="store_true", help="end with one JSON line of all figures")
        parser.add_argument("--no-semantic", action="store_true", help="lexical only (embedding the corpus is slow)")
        parser.add_argument("--vector-cache", type=Path, default=default_cache(),
                            help="where corpus embeddings are cached, outside the work tree by default "
                                 "(~/.cache/patentbridge)")

    def handle(self, *args, **options) -> None:
        bench = evaluation.load_benchmark(options["citations"])
        self.stdout.write(f"corpus={len(bench.numbers)} queries={len(bench.queries)} "
                          f"pairs={sum(len(r) for r in bench.queries.values())}")
        lexical = evaluation.lexical_rankings(bench, depth=1000)
        rankings = {"lexical": lexical}
        lists = [lexical]
        vectors = None
        if not options["no_semantic"]:
            vectors = evaluation.corpus_vectors(
                bench, options["vector_cache"], lambda items, total: tqdm(items, total=total, desc="embedding", leave=False))
            rankings["semantic"] = evaluation.semantic_rankings(bench, vectors, depth=1000)
            lists.append(rankings["semantic"])
        first_pass = evaluation.fuse(*lists, depth=1000)
        graph = evaluation.graph_scores(bench, first_pass)
        features = evaluation.candidate_features(bench, lexical, rankings.get("semantic", {}), graph,
                                                 [language_of(text) for text in bench.texts])
        crossfit = "hybrid-crossfit-benchmark-only"
        rankings[crossfit], models = evaluation.learned_rankings(bench, features)
        corpus = evaluation.BenchmarkCorpus(bench, vectors if not options["no_semantic"] else None)
        rankings["hybrid"] = evaluation.engine_rankings(corpus, bench.queries)
        current = current_model()
        self.stdout.write(f"hybrid = engine.rank with {current.name if current else 'fusion (no current run)'}")
        for half, weights in enumerate(models):
            self.stdout.write(f"re-ranker fitted on half {1 - half}: " + " ".join(
                f"{name}={weight:+.2f}" for name, weight in zip((*evaluation.FEATURES, "bias"), weights, strict=True)))
        figures = {name: evaluation.metrics(ranking, bench.queries) for name, ranking in rankings.items()}
        for name, values in figures.items():
            self.stdout.write(f"{name:<9} " + "  ".join(f"{k}={v:.3f}" for k, v in values.items()))
        for name in ("hybrid", crossfit):
            for half in (0, 1):
                queries = {q: r for q, r in bench.queries.items() if evaluation.query_half(bench, q) == half}
                values = evaluation.metrics(rankings[name], queries) if queries else {}
                self.stdout.write(f"{name}, half {half} ({len(queries)} queries) "
                                  + "  ".join(f"{k}={v:.3f}" for k, v in values.items()))
        held = {q: r for q, r in bench.queries.items() if held_out(f"bench:{bench.numbers[q]}")}
        if held:
            self.stdout.write(f"hybrid, on the {len(held)} queries `train-ranker --citations` holds out "
                              "(never fitted on when the current run was fitted on this folder) "
                              + "  ".join(f"{k}={v:.3f}" for k, v in evaluation.metrics(rankings['hybrid'], held).items()))
        if options["json"]:
            self.stdout.write(json.dumps(figures))
