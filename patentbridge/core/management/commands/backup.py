from django.core.management.base import BaseCommand, CommandError, CommandParser

from patentbridge.core.backup import BackupError, backup_create


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count / 1024:.1f} kB"


class Command(BaseCommand):
    help = ("Write the database, uploaded files, import reports and search indexes to one new .tar archive "
            "(docs/backup.md); safe while the platform runs.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="the archive's path, or a folder (an existing one, or a path ending in /) "
                                             "for a dated name there; default BACKUP_DIR")

    def handle(self, *args, **options) -> None:
        try:
            written = backup_create(output=options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"wrote {written.path} ({_size(written.size)})")
        self.stdout.write(f"  database: {_size(written.database_size)}, {written.tables} tables, {written.rows} rows")
        for name, (files, size) in written.trees.items():
            self.stdout.write(f"  {name}: {files} files, {_size(size)}")
