import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from patentbridge.patents.models import Patent
from patentbridge.pool import services


class Command(BaseCommand):
    help = "Score the register's patents (legal, technical, economic value; tiers A–D) with the active configuration."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true",
                            help="score every patent of the register (the model normalises within cohorts, so "
                                 "it always scores the whole register)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options) -> None:
        if not options["all"]:
            raise CommandError("use --all")
        started = time.perf_counter()
        total = Patent.objects.count()
        bar = tqdm(total=total, desc="storing", unit="patent", disable=options["no_progress"])
        summary = services.assess_register(progress=bar.update)
        bar.close()
        tiers = " ".join(f"{t}={n}" for t, n in summary.tier_counts.items())
        self.stdout.write(f"assessed={summary.assessed} {tiers} tier_changes={summary.tier_changes} "
                          f"rewritten={summary.rewritten} "
                          f"config=v{summary.config_version} seconds={time.perf_counter() - started:.1f}")
