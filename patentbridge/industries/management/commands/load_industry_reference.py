from django.core.management.base import BaseCommand, CommandError

from patentbridge.industries.reference import ReferenceMissing, load_intensive, load_sei


class Command(BaseCommand):
    help = ("Load the 2019 patent-intensive industry classification and the 2021 SEI ↔ IPC concordance from the "
            "bundled data (after load-reference, whose GB/T 4754-2017 table they point into).")

    def handle(self, *args, **options) -> None:
        try:
            intensive, rules = load_intensive(), load_sei()
        except ReferenceMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"patent-intensive small classes={intensive} SEI rules={rules}")
