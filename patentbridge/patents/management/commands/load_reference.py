from django.core.management.base import BaseCommand

from patentbridge.patents.reference import load_all


class Command(BaseCommand):
    help = "Load the bundled reference tables (IPC, GB/T 4754-2017, Guangdong cities); safe to re-run."

    def handle(self, *args, **options) -> None:
        counts = load_all()
        self.stdout.write(" ".join(f"{name}={count}" for name, count in counts.items()))
