import json

from django.core.management.base import BaseCommand

from patentbridge.demands.feedback import feedback_figures


class Command(BaseCommand):
    help = ("How the search engine ranks the patents enterprises answered about: each answered demand is searched "
            "again and its interesting patents should come before its not-relevant ones.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--depth", type=int, default=100, help="ranks searched per demand (beyond: last)")
        parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")

    def handle(self, *args, **options) -> None:
        figures = feedback_figures(depth=options["depth"])
        if not figures.demands:
            self.stdout.write("No answered matches yet: nothing to evaluate.")
        else:
            self.stdout.write(
                f"{figures.demands} demands answered: {figures.interested} interesting, {figures.not_relevant} not "
                f"relevant\npairwise order (interesting ranked above not relevant): {figures.pairwise_order}\n"
                f"MRR interesting {figures.interested_mrr} · not relevant {figures.not_relevant_mrr}\n"
                f"interesting in the top 10: {figures.interested_in_top10}")
        if options["json"]:
            self.stdout.write(json.dumps(figures.as_dict()))
