import csv
import json
import random
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from patentbridge.search import semantic
from patentbridge.search.languages import CENTROIDS, LANGUAGES, language_of


class Command(BaseCommand):
    help = ("Compute the per-language mean embeddings used for cross-lingual search from real abstracts "
            "(a folder laid out like shared/data/energy_recovery_patents_gp) and write search/data/centroids.npz.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--passages", type=int, default=64, help="abstracts per language")
        parser.add_argument("--queries", type=int, default=24, help="short query-like texts per language")
        parser.add_argument("--seed", type=int, default=20261126)

    def handle(self, *args, **options) -> None:
        texts = self._texts(options["directory"])
        rng = random.Random(options["seed"])
        arrays = {"model": np.frombuffer(semantic.model_version().encode(), dtype=np.uint8)}
        for language in LANGUAGES:
            pool = texts.get(language, [])
            if len(pool) < options["passages"]:
                raise CommandError(f"only {len(pool)} {language} abstracts found")
            sample = rng.sample(pool, options["passages"])
            arrays[f"passage_{language}"] = semantic.embed_passages([t[:200] for t in sample]).mean(axis=0)
            queries = [t[:40 if language in ("zh", "ja") else 80] for t in sample[: options["queries"]]]
            arrays[f"query_{language}"] = np.vstack([semantic.embed_query(q) for q in queries]).mean(axis=0)
            self.stdout.write(f"{language}: {len(sample)} passages, {len(queries)} queries")
        CENTROIDS.parent.mkdir(parents=True, exist_ok=True)
        np.savez(CENTROIDS, **arrays)
        self.stdout.write(f"wrote {CENTROIDS}")

    @staticmethod
    def _texts(directory: Path) -> dict[str, list[str]]:
        texts: dict[str, list[str]] = {}
        with (directory / "cn_abstracts.csv").open(encoding="utf-8") as handle:
            texts["zh"] = [r["abstract_zh"] for r in csv.DictReader(handle) if r["abstract_zh"]]
        with (directory / "other_abstracts.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                text = row["abstract_original_language"]
                if text:
                    texts.setdefault(language_of(text), []).append(text)
        with (directory / "patents_full.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line).get("abstract") or ""
                if text:
                    texts.setdefault(language_of(text), []).append(text)
        return texts
