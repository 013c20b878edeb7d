import json
from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from patentbridge.search import classify_eval, evaluation
from patentbridge.search.management.commands.eval_search import default_cache


class Command(BaseCommand):
    help = ("Accuracy of the IPC suggestion (nearest patents by BM25 and embeddings, votes 1/rank) on a titles+IPC "
            "file laid out like shared/data/cn_patent_titles_ipc and on the BDCI 2022 few-shot labelled file.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--titles", type=Path, help="cn_patent_titles_ipc.csv")
        parser.add_argument("--fewshot", type=Path, help="cn_patent_bdci2022_fewshot/labelled.csv")
        parser.add_argument("--json", action="store_true", help="end with one JSON line of all figures")
        parser.add_argument("--no-semantic", action="store_true",
                            help="BM25 neighbours only (embedding the sets takes several minutes the first time)")
        parser.add_argument("--vector-cache", type=Path, default=default_cache(),
                            help="where the sets' embeddings are cached (~/.cache/patentbridge)")

    def handle(self, *args, **options) -> None:
        embed = None
        if not options["no_semantic"]:
            def embed(texts: list[str], kind: str):
                vectors = evaluation.embed_cached(texts, kind, options["vector_cache"], lambda items, total: tqdm(
                    items, total=total, desc=f"embedding ({kind})", leave=False))
                return evaluation.centred(vectors, texts, kind)
        figures = {}
        if options["titles"]:
            figures["titles_ipc"] = classify_eval.titles_ipc(options["titles"], embed)
        if options["fewshot"]:
            figures["bdci_fewshot"] = classify_eval.fewshot(options["fewshot"], embed)
        for name, values in figures.items():
            self.stdout.write(f"{name}: " + "  ".join(f"{k}={v}" for k, v in values.items()))
        if options["json"]:
            self.stdout.write(json.dumps(figures))
