from django.core.management import call_command
from django.core.management.base import BaseCommand
from tqdm import tqdm

from patentbridge.home.demo import prepare_demo


class Command(BaseCommand):
    help = (
        "Prepare the demo: migrate, load reference tables and the bundled real patent data, create one "
        "account per role. Re-running reuses what is there; passwords are printed only when created."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reset-passwords", action="store_true", help="give the demo accounts new passwords")

    def handle(self, *args, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)

        def progress(rows, total):
            return tqdm(rows, total=total, unit="row", leave=False)

        accounts = prepare_demo(self.stdout.write, progress, reset_passwords=options["reset_passwords"])
        new = [a for a in accounts if a[3]]
        if new:
            self.stdout.write("\nDemo accounts (shown once — write them down):")
            for username, role, organisation, password in new:
                self.stdout.write(f"  {username:<16} {password:<18} {role} @ {organisation}")
        else:
            self.stdout.write(
                "Demo accounts exist: " + ", ".join(a[0] for a in accounts)
                + " (new passwords: patentbridge demo-setup --reset-passwords)"
            )
