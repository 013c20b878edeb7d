"""`patentbridge backup` / `restore`: a round trip brings back rows and files exactly; a damaged, foreign or newer
archive, or a database in use without --force, is refused before anything changes.

The dump must see committed rows, so these tests run with `transaction=True`. The round trip runs on SQLite
(online backup API) under `make test-sqlite` and on PostgreSQL (pg_dump / pg_restore) under
`scripts/with-postgres.sh`; the audit-trigger test is PostgreSQL's alone.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from patentbridge.core import backup
from patentbridge.core.backup import BackupError, backup_create, backup_restore
from patentbridge.core.models import SecurityEvent
from patentbridge.core.tests.factories import SecurityEventFactory
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.models import Patent
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db(transaction=True)
User = get_user_model()
UPLOAD = "casework/7/技术交底书.pdf"
PDF = b"%PDF-1.7 disclosure " * 200


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def platform(settings, tmp_path):
    """A few rows of several apps, an uploaded file, an import report and a fetched search index file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    organisation = OrganisationFactory(name="华南理工大学")
    for _ in range(3):
        MembershipFactory(user=UserFactory(), organisation=organisation)
    PatentFactory.create_batch(4)
    SecurityEventFactory()
    default_storage.save(UPLOAD, ContentFile(PDF))
    for folder, name, text in ((settings.IMPORT_REPORT_DIR, "import-1-rejected.csv", "line,field\n"),
                               (Path(settings.VAR_DIR) / "search", "current-lexical.json", '{"generation": 1}')):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_text(text, encoding="utf-8")
    return organisation


@pytest.fixture
def archive(platform, tmp_path) -> Path:
    return backup_create(output=tmp_path / "out" / "archive.tar").path


def _counts() -> dict[str, int]:
    return backup._live_counts()


def _rewrite(archive: Path, change) -> Path:
    """A copy of the archive whose manifest `change(manifest)` altered (the members' checksums still hold)."""
    copy = archive.with_name("altered.tar")
    with tarfile.open(archive) as source, tarfile.open(copy, "w", format=tarfile.PAX_FORMAT) as target:
        for member in source.getmembers():
            body = source.extractfile(member).read()
            if member.name == backup.MANIFEST:
                manifest = json.loads(body)
                change(manifest)
                body = json.dumps(manifest).encode()
                member.size = len(body)
            target.addfile(member, io.BytesIO(body))
    return copy


# --- the round trip ------------------------------------------------------------------------------------------

def test_round_trip_brings_back_deleted_and_changed_rows_and_files(platform, archive, settings):
    before = _counts()
    media = Path(settings.MEDIA_ROOT)
    uploaded = _sha(media / UPLOAD)
    User.objects.filter(pk=User.objects.order_by("pk").first().pk).delete()
    Organisation.objects.filter(pk=platform.pk).update(name="改过的名字")
    Patent.objects.all().first().delete()
    PatentFactory()
    (media / UPLOAD).unlink()
    default_storage.save("casework/8/later.pdf", ContentFile(b"after the backup"))

    restored = backup_restore(archive=archive, force=True)

    assert not restored.mismatches and _counts() == before
    assert Organisation.objects.get(pk=platform.pk).name == "华南理工大学"
    assert _sha(media / UPLOAD) == uploaded and not (media / "casework/8/later.pdf").exists()


def test_round_trip_restores_the_import_reports(archive, settings):
    report = Path(settings.IMPORT_REPORT_DIR) / "import-1-rejected.csv"
    report.unlink()

    restored = backup_restore(archive=archive, force=True)

    assert report.read_text() == "line,field\n"
    assert restored.trees == {"import-reports": 1, "media": 1}


def test_the_hosts_search_cache_stays_out_of_the_archive(archive):
    """Each host's search folder only caches the index generations that the database (and so the dump) holds."""
    with tarfile.open(archive) as tar:
        assert not [name for name in tar.getnames() if name.startswith("files/search")]


def test_restore_into_a_database_without_accounts_needs_no_force(archive):
    User.objects.all().delete()

    restored = backup_restore(archive=archive)

    assert not restored.mismatches and User.objects.count() == 3


def test_manifest_holds_engine_migrations_row_counts_and_every_members_checksum(archive, settings):
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(backup.MANIFEST).read())
        names = {m.name for m in tar.getmembers()} - {backup.MANIFEST}
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["migrations"]["core"].startswith("00") and manifest["platform_version"]
    assert manifest["tables"] == _counts() and manifest["tables"][User._meta.db_table] == 3
    assert set(manifest["files"]) == names
    assert manifest["files"][f"files/media/{UPLOAD}"]["sha256"] == _sha(Path(settings.MEDIA_ROOT) / UPLOAD)


def test_command_prints_where_it_wrote_and_the_sizes(platform, tmp_path):
    out = io.StringIO()
    call_command("backup", "--output", f"{tmp_path}/daily/", stdout=out)
    [written] = (tmp_path / "daily").glob("patentbridge-*.tar")
    assert f"wrote {written}" in out.getvalue() and "media: 1 files" in out.getvalue()


def test_without_output_the_archive_goes_to_backup_dir(platform, settings):
    written = backup_create()
    assert written.path.parent == Path(settings.BACKUP_DIR) and written.path.name.endswith("Z.tar")


# --- what backup refuses -------------------------------------------------------------------------------------

def test_backup_never_overwrites_an_archive(platform, tmp_path):
    existing = tmp_path / "archive.tar"
    existing.write_bytes(b"yesterday")
    with pytest.raises(BackupError, match="exists"):
        backup_create(output=existing)
    assert existing.read_bytes() == b"yesterday"


def test_a_failed_backup_leaves_no_archive_and_no_partial_file(platform, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backup, "_walk", broken)
    with pytest.raises(OSError):
        backup_create(output=tmp_path / "out" / "archive.tar")
    assert list((tmp_path / "out").iterdir()) == []


# --- what restore refuses ------------------------------------------------------------------------------------

def test_a_corrupt_archive_is_refused_with_the_file_named_and_nothing_changed(archive, settings):
    with tarfile.open(archive) as tar:
        offset = tar.getmember(f"files/media/{UPLOAD}").offset_data
    with archive.open("r+b") as stream:
        stream.seek(offset + 10)
        stream.write(b"X")
    User.objects.order_by("pk").first().delete()
    (Path(settings.MEDIA_ROOT) / UPLOAD).write_bytes(b"changed")
    before = _counts()

    with pytest.raises(BackupError, match=f"files/media/{UPLOAD} is corrupt"):
        backup_restore(archive=archive, force=True)

    assert _counts() == before and (Path(settings.MEDIA_ROOT) / UPLOAD).read_bytes() == b"changed"


def test_a_truncated_archive_is_refused(archive):
    with archive.open("r+b") as stream:
        stream.truncate(archive.stat().st_size // 2)
    with pytest.raises(BackupError):
        backup_restore(archive=archive, force=True)
    assert User.objects.count() == 3


def test_a_database_with_accounts_is_not_replaced_without_force(archive):
    UserFactory(username="added-after")
    with pytest.raises(BackupError, match="--force"):
        backup_restore(archive=archive)
    assert User.objects.filter(username="added-after").exists()


def test_an_archive_from_newer_migrations_is_refused(archive):
    newer = _rewrite(archive, lambda m: m["migrations"].update(core="9999_from_the_future"))
    UserFactory(username="added-after")
    with pytest.raises(BackupError, match="core.9999_from_the_future"):
        backup_restore(archive=newer, force=True)
    assert User.objects.filter(username="added-after").exists()


def test_an_archive_of_another_engine_is_refused(archive):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    foreign = _rewrite(archive, lambda m: m["database"].update(engine=other))
    with pytest.raises(BackupError, match="across engines"):
        backup_restore(archive=foreign, force=True)


def test_a_member_missing_from_the_manifest_is_refused(archive):
    def forget(manifest):
        del manifest["files"][f"files/media/{UPLOAD}"]

    with pytest.raises(BackupError, match="not in the manifest"):
        backup_restore(archive=_rewrite(archive, forget), force=True)


def test_a_member_path_outside_the_archive_is_refused(archive):
    def escape(manifest):
        manifest["files"]["../../etc/cron.d/x"] = {"sha256": "0" * 64, "size": 1}

    with pytest.raises(BackupError, match="unsafe path"):
        backup_restore(archive=_rewrite(archive, escape), force=True)


def test_restore_exits_non_zero_and_names_the_table_when_counts_differ(archive):
    table = User._meta.db_table
    wrong = _rewrite(archive, lambda m: m["tables"].update({table: 99}))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 tables differ"):
        call_command("restore", str(wrong), "--force", stdout=out)
    assert any(line.startswith(table) and "MISMATCH" in line for line in out.getvalue().splitlines())


def test_restore_command_prints_every_tables_counts(archive):
    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    text = out.getvalue()
    assert f"{User._meta.db_table}" in text and "tables match the archive" in text and "MISMATCH" not in text


# --- PostgreSQL ----------------------------------------------------------------------------------------------

def test_postgresql_restore_keeps_the_audit_trail_append_only(archive):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    backup_restore(archive=archive, force=True)
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.all()._raw_delete(connection.alias)
    assert SecurityEvent.objects.count() == 1
