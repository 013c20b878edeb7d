from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from patentbridge.industries.evaluation import LEVELS, evaluate, read
from patentbridge.industries.models import Route
from patentbridge.industries.reference import EXPORTS_DIR


class Command(BaseCommand):
    help = ("Score each classification route against incoPat's industry codes on the records held back from "
            "learning (one in five, by a hash of the publication number): coverage, top-1 accuracy and any-overlap "
            "at small-class, division (2-digit) and patent-intensive-class level.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data", type=Path, default=EXPORTS_DIR, metavar="DIR",
                            help="folder of export CSVs with ipc and nic_codes_incopat columns")

    def handle(self, *args, **options) -> None:
        training, held = read(options["data"])
        if not held:
            raise CommandError(f"no held-back records with IPC and incoPat industry codes in {options['data']}")
        report = evaluate(training, held)
        self.stdout.write(f"training records={report.training} held-back records={report.held_back}")
        for route in Route:
            for level in LEVELS:
                self.stdout.write(f"{route.value:<12} {level:<16} {report.scores[route.value, level].line()}")
