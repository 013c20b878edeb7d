import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from patentbridge.pool import evaluation
from patentbridge.pool.config import assessment_settings


class Command(BaseCommand):
    help = ("Validate the value model: lapsed-for-fees against in-force inventions within filing-year cohorts "
            "(--exports DIR, laid out like shared/data/cn_patent_db_exports) and forward citations "
            "(--citations DIR, laid out like shared/data/energy_recovery_patents_gp).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--exports", type=Path, metavar="DIR")
        parser.add_argument("--citations", type=Path, metavar="DIR")
        parser.add_argument("--json", action="store_true", help="end with one JSON line of all figures")

    def handle(self, *args, **options) -> None:
        if not options["exports"] and not options["citations"]:
            raise CommandError("give --exports DIR and/or --citations DIR")
        today = timezone.localdate()
        version, settings = assessment_settings()
        figures: dict[str, object] = {"config_version": version}
        if options["exports"]:
            paths = sorted(p for p in options["exports"].iterdir() if p.name.endswith((".csv", ".csv.gz")))
            if not paths:
                raise CommandError(f"no CSV files in {options['exports']}")
            lapse = evaluation.evaluate_lapse(evaluation.read_records(paths, today), settings, today)
            figures["lapse"] = asdict(lapse)
            self.stdout.write(f"lapsed={lapse.lapsed} in_force={lapse.in_force} pairs={lapse.pairs}")
            self.stdout.write(f"AUC within filing year and export = {lapse.auc_within_year:.3f}   "
                              f"within filing year only = {lapse.auc_within_year_all_exports:.3f}   "
                              f"age-only AUC (all years pooled) = {lapse.age_auc_overall:.3f}")
            self.stdout.write("dimensions: " + "  ".join(f"{k}={v:.3f}" for k, v in lapse.dimensions.items()))
            self.stdout.write("indicators: " + "  ".join(f"{k}={v:.3f}" for k, v in lapse.indicators.items()))
        if options["citations"]:
            cited = evaluation.evaluate_citations(options["citations"] / "cn_abstracts.csv", settings, today)
            figures["citations"] = asdict(cited)
            self.stdout.write(f"cited-by: patents={cited.patents} spearman within year="
                              f"{cited.spearman_within_year:.3f} top-decile AUC within year="
                              f"{cited.top_decile_auc_within_year:.3f}")
        if options["json"]:
            self.stdout.write(json.dumps(figures))
