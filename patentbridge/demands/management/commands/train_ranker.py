import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from patentbridge.core.errors import DomainError
from patentbridge.demands.feedback import answer_examples
from patentbridge.search import evaluation, training
from patentbridge.search.corpus import RegisterCorpus
from patentbridge.search.management.commands.eval_search import default_cache
from patentbridge.search.ranker import current_model, forget


class Command(BaseCommand):
    help = ("Fit the search engine's re-ranker on the register's citations (a citing patent's text as the query, "
            "what it cites as the answers) and on enterprises' answers to matches; half of the queries (by a hash) "
            "are held out and measured. The run is recorded and becomes the engine's ranker when it is no worse "
            "on the held-out half than the current ranking (nDCG@10 and R@100), or with --force. With --citations "
            "DIR it learns from a citation benchmark folder instead (for measuring; see docs/search.md).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="make the run current even if it is worse")
        parser.add_argument("--dry-run", action="store_true", help="fit and report, record nothing")
        parser.add_argument("--citations", type=Path, metavar="DIR",
                            help="learn from a benchmark folder laid out like shared/data/energy_recovery_patents_gp")
        parser.add_argument("--no-semantic", action="store_true", help="with --citations: lexical list only")
        parser.add_argument("--vector-cache", type=Path, default=default_cache())
        parser.add_argument("--json", action="store_true", help="end with one JSON line of the run")

    def handle(self, *args, **options) -> None:
        forget()
        corpus, examples, source = self._data(options)
        bar = (lambda items: tqdm(items, desc="queries", leave=False)) if options["verbosity"] > 1 else (lambda i: i)
        try:
            fitted = training.fit(corpus, examples, version=training.next_version(), current=current_model(),
                                  progress=bar)
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.details}") from exc
        self.stdout.write(f"queries fitted {fitted.training['fitted_queries']} "
                          f"(pairs {fitted.training['fitted_pairs']}, positives {fitted.training['fitted_positives']})"
                          f", held out {fitted.training['held_out_queries']}")
        self.stdout.write("weights: " + " ".join(f"{n}={w:+.3f}" for n, w in zip(
            (*training.FEATURES, "bias"), (*fitted.model.weights, fitted.model.bias), strict=True)))
        self.stdout.write("held out, new run:  " + _figures(fitted.held_out))
        self.stdout.write(f"held out, current ({fitted.compared_with['ranker']}): " + _figures(fitted.compared_with))
        if options["dry_run"]:
            return
        run = training.ranker_run_record(fitted=fitted, source=source, created_by="train-ranker",
                                         force=options["force"])
        self.stdout.write(f"recorded ranker v{run.version}; " + (
            "it is now the engine's ranker" if run.is_current else "not made current: worse on the held-out half"))
        if options["json"]:
            self.stdout.write(json.dumps({"version": run.version, "current": run.is_current, "training": run.training,
                                          "held_out": run.held_out, "compared_with": run.compared_with}))

    def _data(self, options):
        if options["citations"]:
            bench = evaluation.load_benchmark(options["citations"])
            vectors = None if options["no_semantic"] else evaluation.corpus_vectors(bench, options["vector_cache"])
            corpus = evaluation.BenchmarkCorpus(bench, vectors)
            return corpus, training.benchmark_examples(bench), f"benchmark:{options['citations'].name}"[:40]
        examples = training.register_citation_examples() + answer_examples()
        return RegisterCorpus(), examples, "register"


def _figures(values: dict) -> str:
    return "  ".join(f"{k}={v:.3f}" for k, v in values.items() if isinstance(v, float)) or "—"
