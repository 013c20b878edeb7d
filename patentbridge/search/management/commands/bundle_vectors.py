from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from patentbridge.search import services
from patentbridge.search.bundle import bundle_path
from patentbridge.search.semantic import model_version


class Command(BaseCommand):
    help = ("Embed every patent without a current vector, then write all current vectors to the bundle that "
            "`make demo` loads (default: data/search/bundled-vectors.npz). Run after `demo-setup` when the "
            "bundled data, SEARCH_PASSAGE_CHARS or the model change.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", type=Path, default=None, help="where to write the bundle")

    def handle(self, *args, **options) -> None:
        path = options["out"] or bundle_path()

        def progress(items, total):
            return tqdm(items, total=total, desc="vectors", unit="batch", leave=False)

        written = services.vectors_bundle_write(path, progress=progress)
        self.stdout.write(f"{written} vectors ({model_version()}) written to {path}")
