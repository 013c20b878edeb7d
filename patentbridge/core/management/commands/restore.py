from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from patentbridge.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a `patentbridge backup` archive: verify its checksums, restore the database and files, and "
            "compare every table's row count with the archive's (docs/backup.md). Stop web and worker first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a database that holds accounts")

    def handle(self, *args, **options) -> None:
        try:
            restored = backup_restore(archive=options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        width = max((len(table) for table, _, _ in restored.counts), default=5)
        self.stdout.write(f"{'table':<{width}}  {'archive':>10}  {'restored':>10}")
        for table, expected, now in restored.counts:
            mark = "" if expected == now else "  MISMATCH"
            self.stdout.write(f"{table:<{width}}  {_shown(expected):>10}  {_shown(now):>10}{mark}")
        for name, files in restored.trees.items():
            self.stdout.write(f"{name}: {files} files restored")
        if restored.older_migrations:
            self.stdout.write("the archive predates this code's migrations: run `patentbridge migrate` next")
        if restored.mismatches:
            raise CommandError(f"{len(restored.mismatches)} tables differ from the archive's row counts")
        self.stdout.write(f"restored {options['archive']}: all {len(restored.counts)} tables match the archive")


def _shown(count: int | None) -> str:
    return "-" if count is None else str(count)
