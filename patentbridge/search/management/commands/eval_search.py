import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from patentbridge.search import evaluation


class Command(BaseCommand):
    help = ("Citation benchmark (R@10, R@100, nDCG@10, MRR) for lexical, semantic and hybrid retrieval over a "
            "folder laid out like shared/data/energy_recovery_patents_gp.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--citations", type=Path, required=True, metavar="DIR")
        parser.add_argument("--json", action="store_true", help="end with one JSON line of all figures")
        parser.add_argument("--no-semantic", action="store_true", help="lexical only (embedding the corpus is slow)")
        parser.add_argument("--vector-cache", type=Path, default=None,
                            help="where corpus embeddings are cached (default var/search/bench)")

    def handle(self, *args, **options) -> None:
        bench = evaluation.load_benchmark(options["citations"])
        self.stdout.write(f"corpus={len(bench.numbers)} queries={len(bench.queries)} "
                          f"pairs={sum(len(r) for r in bench.queries.values())}")
        rankings = {"lexical": evaluation.lexical_rankings(bench)}
        if not options["no_semantic"]:
            cache = options["vector_cache"] or Path(settings.VAR_DIR) / "search" / "bench"
            vectors = evaluation.corpus_vectors(
                bench, cache, lambda items, total: tqdm(items, total=total, desc="embedding", leave=False))
            rankings["semantic"] = evaluation.semantic_rankings(bench, vectors)
            rankings["hybrid"] = evaluation.fuse(rankings["lexical"], rankings["semantic"])
        figures = {name: evaluation.metrics(ranking, bench.queries) for name, ranking in rankings.items()}
        for name, values in figures.items():
            self.stdout.write(f"{name:<9} " + "  ".join(f"{k}={v:.3f}" for k, v in values.items()))
        if options["json"]:
            self.stdout.write(json.dumps(figures))
