import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from patentbridge.industries.reference import EXPORTS_DIR, ReferenceMissing, load_intensive, load_learned, load_sei


class Command(BaseCommand):
    help = ("Load the 2019 patent-intensive industry classification and the 2021 SEI ↔ IPC concordance from the "
            "bundled data (after load-reference, whose GB/T 4754-2017 table they point into), and learn the "
            "empirical IPC → industry table from the training part of the incoPat exports (--data DIR).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data", type=Path, default=EXPORTS_DIR, metavar="DIR",
                            help="folder of export CSVs with ipc and nic_codes_incopat columns")

    def handle(self, *args, **options) -> None:
        try:
            intensive, rules = load_intensive(), load_sei()
        except ReferenceMissing as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        learned = load_learned(options["data"])
        self.stdout.write(f"patent-intensive small classes={intensive} SEI rules={rules} learned IPC → industry "
                          f"weights={learned} ({time.perf_counter() - started:.1f} s)")
