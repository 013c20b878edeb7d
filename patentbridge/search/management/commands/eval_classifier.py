import json
from pathlib import Path

from django.core.management.base import BaseCommand

from patentbridge.search import classify_eval


class Command(BaseCommand):
    help = ("Accuracy of the IPC suggestion (nearest patents by BM25, votes 1/rank) on a titles+IPC file laid out "
            "like shared/data/cn_patent_titles_ipc and on the BDCI 2022 few-shot labelled file.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--titles", type=Path, help="cn_patent_titles_ipc.csv")
        parser.add_argument("--fewshot", type=Path, help="cn_patent_bdci2022_fewshot/labelled.csv")
        parser.add_argument("--json", action="store_true", help="end with one JSON line of all figures")

    def handle(self, *args, **options) -> None:
        figures = {}
        if options["titles"]:
            figures["titles_ipc"] = classify_eval.titles_ipc(options["titles"])
        if options["fewshot"]:
            figures["bdci_fewshot"] = classify_eval.fewshot(options["fewshot"])
        for name, values in figures.items():
            self.stdout.write(f"{name}: " + "  ".join(f"{k}={v}" for k, v in values.items()))
        if options["json"]:
            self.stdout.write(json.dumps(figures))
