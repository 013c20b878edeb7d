from django.core.management.base import BaseCommand
from tqdm import tqdm

from patentbridge.search import services


class Command(BaseCommand):
    help = "Tokenise changed patents, embed those without a current vector, and publish both search indexes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-vectors", action="store_true", help="skip embeddings (lexical search only)")
        parser.add_argument("--vector-limit", type=int, default=None, help="embed at most this many patents now")

    def handle(self, *args, **options) -> None:
        def progress(label):
            return lambda items, total: tqdm(items, total=total, desc=label, unit="doc", leave=False)

        changed = services.documents_refresh(progress=progress("tokens"))
        self.stdout.write(f"tokenised: {changed} changed")
        services.indexes_rebuild()
        if not options["no_vectors"]:
            done = services.vectors_refresh(limit=options["vector_limit"], progress=progress("vectors"))
            self.stdout.write(f"embedded: {done}")
        counts = services.indexes_rebuild()
        status = services.index_status()
        self.stdout.write(f"documents={counts['documents']} vectors={counts['vectors']} of {status['patents']} "
                          f"patents ({status['model']})")
