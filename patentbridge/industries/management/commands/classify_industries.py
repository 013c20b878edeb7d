import time

from django.core.management.base import BaseCommand

from patentbridge.industries.services import register_classify


class Command(BaseCommand):
    help = ("Classify the register's patents to GB/T 4754-2017 industries by the applicant, concordance and "
            "empirical routes: those not classified yet, or every patent with --all.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="reclassify every patent")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        patents, rows = register_classify(everything=options["all"])
        self.stdout.write(f"patents={patents} industry links={rows} ({time.perf_counter() - started:.1f} s)")
