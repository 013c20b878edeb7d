"""Backups: one .tar archive holding the database, the platform's file trees and a manifest (docs/backup.md).

A single uncompressed tar rather than a folder: one file to copy off-site, encrypt (gpg, a KMS) and rename into place
atomically, readable by any `tar`; the members are already compressed where it pays (pg_dump's custom format) or do
not compress (uploaded PDFs and images). The manifest, written last, holds the SHA-256 of every other member; a
restore checks them all before it changes anything.

The database is taken first, the files after it: a file uploaded in between is then an unreferenced extra, never a
row whose file is missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.loader import MigrationLoader

FORMAT = "patentbridge-backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database/patentbridge.sqlite3", "postgresql": "database/patentbridge.pgdump"}
CHUNK = 1024 * 1024

TreeLocator = Callable[[], Path | None]
_trees: dict[str, TreeLocator] = {}


class BackupError(Exception):
    """An archive cannot be written or restored; the message says why and names the file."""


@dataclass
class Written:
    path: Path
    size: int
    database_size: int
    trees: dict[str, tuple[int, int]]  # name → (files, bytes)
    tables: int
    rows: int


@dataclass
class Restored:
    counts: list[tuple[str, int | None, int | None]]  # table, in the manifest, in the database now
    trees: dict[str, int] = field(default_factory=dict)
    older_migrations: bool = False

    @property
    def mismatches(self) -> list[tuple[str, int | None, int | None]]:
        return [row for row in self.counts if row[1] != row[2]]


def backup_tree_register(name: str, locate: TreeLocator) -> None:
    """Put a folder the platform writes into every archive (an app's AppConfig.ready); `locate` may return None."""
    _trees[name] = locate


def _media_root() -> Path | None:
    storage = storages["default"]
    # An object store (django-storages) keeps its own copies and versions: it is not in the archive.
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


backup_tree_register("media", _media_root)
backup_tree_register("import-reports", lambda: Path(settings.IMPORT_REPORT_DIR))


def file_trees() -> dict[str, Path | None]:
    """Each registered tree's folder as the settings give it now (None: nothing local to back up)."""
    return {name: locate() for name, locate in sorted(_trees.items())}


# --- hashing and archive members -----------------------------------------------------------------------------

class _HashingReader:
    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.sha, self.size = stream, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def _add_file(tar: tarfile.TarFile, source: Path, name: str, files: dict[str, dict[str, Any]]) -> int:
    info = tar.gettarinfo(str(source), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with source.open("rb") as stream:
        reader = _HashingReader(stream)
        tar.addfile(info, reader)
    files[name] = {"sha256": reader.sha.hexdigest(), "size": info.size}
    return info.size


def _walk(root: Path) -> Iterator[Path]:
    """Regular files under root, in a stable order; links are left out (they point outside what is backed up)."""
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


# --- the database --------------------------------------------------------------------------------------------

def _vendor() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]
    return {name: db.execute(f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"').fetchone()[0]
            for name in names}


PG_TABLES = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid)
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY c.relname
"""


def _pg_counts(cursor: Any) -> dict[str, int]:
    from psycopg import sql

    cursor.execute(PG_TABLES)
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
        counts[name] = cursor.fetchone()[0]
    return counts


def _last_migrations(rows: list[tuple[str, str]]) -> dict[str, str]:
    """The last applied migration of each app, from django_migrations rows in the order they were applied."""
    last: dict[str, str] = {}
    for app, name in rows:
        last[app] = name
    return dict(sorted(last.items()))


def _sqlite_snapshot(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Copy the live database with SQLite's online backup API (writers go on meanwhile); counts come from the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        migrations = copy.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
        return _sqlite_counts(copy), _last_migrations(migrations)
    finally:
        copy.close()


def _pg_bindir() -> Path:
    if settings.BACKUP_PG_BINDIR:
        return Path(settings.BACKUP_PG_BINDIR)
    connection.ensure_connection()
    # pg_dump must be at least the server's version; Debian keeps each major version's clients apart.
    versioned = Path(f"/usr/lib/postgresql/{connection.pg_version // 10000}/bin")
    if (versioned / "pg_dump").exists():
        return versioned
    found = shutil.which("pg_dump")
    if not found:
        raise BackupError("pg_dump not found: install the PostgreSQL client programs or set BACKUP_PG_BINDIR")
    return Path(found).parent


def _pg_env() -> dict[str, str]:
    """libpq's variables for the configured database: the password never appears on a command line."""
    params = connection.settings_dict
    env = {**os.environ, "PGDATABASE": params["NAME"], "PGUSER": params.get("USER") or "",
           "PGHOST": params.get("HOST") or "", "PGPORT": str(params.get("PORT") or ""),
           "PGPASSWORD": params.get("PASSWORD") or ""}
    if sslmode := params.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return {key: value for key, value in env.items() if value != ""}


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _pg_snapshot(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """pg_dump and the row counts read one exported snapshot, so the counts describe exactly what was dumped."""
    import psycopg

    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
            migrations = cursor.fetchall()
            _run([str(_pg_bindir() / "pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
        raw.rollback()
        return counts, _last_migrations(migrations)
    finally:
        raw.close()


def _live_counts() -> dict[str, int]:
    if _vendor() == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with connection.cursor() as cursor:
        return _pg_counts(cursor.cursor)


def _in_use() -> bool:
    """The target holds accounts: a database only created or migrated has none and may be restored over."""
    from django.contrib.auth import get_user_model

    table = get_user_model()._meta.db_table
    if table not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
        return cursor.fetchone() is not None


def _restore_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_pg(dump: Path) -> None:
    connection.close()  # nothing of ours holds a lock on a table pg_restore drops
    _run([str(_pg_bindir() / "pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
          f"--dbname={connection.settings_dict['NAME']}", str(dump)])


# --- writing an archive --------------------------------------------------------------------------------------

def _default_name() -> str:
    return f"patentbridge-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.tar"


def _final_path(output: Path | str | None) -> Path:
    path = Path(output) if output else Path(settings.BACKUP_DIR)
    if not output or str(output).endswith("/") or path.is_dir():
        path = path / _default_name()
    if path.exists():
        raise BackupError(f"{path} exists: a backup never overwrites one; choose another --output")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _platform_version() -> str:
    try:
        return metadata.version("patentbridge")
    except metadata.PackageNotFoundError:
        return "unknown"


def _publish(partial: Path, final: Path) -> None:
    with partial.open("rb") as stream:
        os.fsync(stream.fileno())
    try:
        os.link(partial, final)  # fails, rather than replaces, when the name was taken meanwhile
    except FileExistsError as exc:
        raise BackupError(f"{final} appeared while the backup ran; the archive was not written") from exc
    partial.unlink()


def backup_create(*, output: Path | str | None = None) -> Written:
    """Write the database, the file trees and the manifest to one new .tar archive; return what it holds."""
    final = _final_path(output)
    vendor = _vendor()
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"database engine {connection.vendor} is not supported by backup")
    partial = final.with_name(f".{final.name}.partial-{os.getpid()}")
    files: dict[str, dict[str, Any]] = {}
    trees: dict[str, tuple[int, int]] = {}
    try:
        with tempfile.TemporaryDirectory(dir=final.parent, prefix=".patentbridge-backup-") as staging, \
                tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            dump = Path(staging) / "database"
            taken = _sqlite_snapshot(dump) if vendor == "sqlite" else _pg_snapshot(dump)
            counts, migrations = taken
            database_size = _add_file(tar, dump, DATABASE_MEMBER[vendor], files)
            dump.unlink()
            sources = file_trees()
            for name, root in sources.items():
                paths = list(_walk(root)) if root and root.is_dir() else []
                sizes = [_add_file(tar, p, f"files/{name}/{p.relative_to(root).as_posix()}", files) for p in paths]
                trees[name] = (len(sizes), sum(sizes))
            manifest = {
                "format": FORMAT, "platform_version": _platform_version(),
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {"engine": vendor, "member": DATABASE_MEMBER[vendor]},
                "migrations": migrations, "tables": counts,
                "trees": {name: {"source": str(root) if root else None, "files": trees[name][0]}
                          for name, root in sources.items()},
                "files": files,
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(dt.datetime.now().timestamp()), 0o644
            tar.addfile(info, io.BytesIO(body))
        _publish(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return Written(path=final, size=final.stat().st_size, database_size=database_size, trees=trees,
                   tables=len(counts), rows=sum(counts.values()))


# --- reading and restoring an archive ------------------------------------------------------------------------

def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"archive member {name!r} has an unsafe path")
    return path


def _open(archive: Path) -> tarfile.TarFile:
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file")
    try:
        return tarfile.open(archive, "r:")
    except tarfile.TarError as exc:
        raise BackupError(f"{archive} is not a readable backup archive: {exc}") from exc


def _manifest(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    try:
        stream = tar.extractfile(MANIFEST)
        manifest = json.loads(stream.read()) if stream else None
    except (KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{archive}: {MANIFEST} is missing or unreadable ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: not a {FORMAT} archive")
    return manifest


def _copy_member(tar: tarfile.TarFile, member: tarfile.TarInfo, sink: IO[bytes] | None) -> str:
    stream = tar.extractfile(member)
    if stream is None:
        raise BackupError(f"archive member {member.name} is not a regular file")
    sha = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        sha.update(chunk)
        if sink is not None:
            sink.write(chunk)
    return sha.hexdigest()


def archive_verify(archive: Path) -> dict[str, Any]:
    """Check every member against the manifest (present, regular, SHA-256, nothing extra); return the manifest."""
    with _open(archive) as tar:
        manifest = _manifest(tar, archive)
        expected: dict[str, dict[str, Any]] = manifest["files"]
        try:
            members = {m.name: m for m in tar.getmembers() if m.name != MANIFEST}
            if extra := sorted(set(members) - set(expected)):
                raise BackupError(f"{archive}: member {extra[0]} is not in the manifest")
            for name, facts in expected.items():
                _safe_member(name)
                if name not in members or not members[name].isreg():
                    raise BackupError(f"{archive}: {name} is missing")
                if _copy_member(tar, members[name], None) != facts["sha256"]:
                    raise BackupError(f"{archive}: {name} is corrupt (its SHA-256 differs from the manifest)")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"{archive} is damaged: {exc}") from exc
    return manifest


def _check_target(manifest: dict[str, Any], force: bool) -> bool:
    """Refuse what cannot be restored here; True when the archive's migrations are older than the code's."""
    engine = manifest["database"]["engine"]
    if engine != _vendor():
        raise BackupError(f"the archive holds a {engine} database and this platform runs on {_vendor()}: "
                          "restoring across engines is not supported")
    known = MigrationLoader(None, ignore_no_migrations=True).graph
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known.nodes]
    if unknown:
        raise BackupError("the archive comes from a newer version of the platform (migrations this code does not "
                          f"have: {', '.join(unknown)}); upgrade the code first")
    if not force and _in_use():
        raise BackupError("the database holds accounts already; restore over it only with --force")
    leaves = dict(known.leaf_nodes())
    return any(manifest["migrations"].get(app) != name for app, name in leaves.items())


@contextmanager
def _unpacked(archive: Path, manifest: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Path]]]:
    """Extract the database to a temp folder and each tree beside its live folder (same disk, for the swap)."""
    staged: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix=".patentbridge-restore-") as temp, _open(archive) as tar:
        try:
            for tree in manifest["trees"]:
                if root := file_trees().get(tree):
                    staged[tree] = _staging_beside(root.resolve())  # beside a link's target, on its disk
            for name, facts in manifest["files"].items():
                parts = _safe_member(name).parts
                if name == manifest["database"]["member"]:
                    target = Path(temp) / "database"
                elif parts[0] == "files" and len(parts) > 2 and parts[1] in staged:
                    target = staged[parts[1]].joinpath(*parts[2:])
                else:
                    continue  # a tree this installation does not keep locally (e.g. media in an object store)
                target.parent.mkdir(parents=True, exist_ok=True)
                member = tar.getmember(name)
                with target.open("wb") as sink:
                    if _copy_member(tar, member, sink) != facts["sha256"]:
                        raise BackupError(f"{archive}: {name} changed while it was being restored")
                target.chmod(member.mode & 0o755)
                os.utime(target, (member.mtime, member.mtime))
            yield Path(temp) / "database", staged
        finally:
            for folder in staged.values():
                shutil.rmtree(folder, ignore_errors=True)


def _staging_beside(root: Path) -> Path:
    root.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root.parent, prefix=f".{root.name}.restore-"))
    folder.chmod(root.stat().st_mode & 0o7777 if root.exists() else 0o755)
    return folder


def _swap(staged: Path, live: Path) -> None:
    old = live.with_name(f".{live.name}.replaced-{os.getpid()}")
    if live.exists():
        live.rename(old)
    staged.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def backup_restore(*, archive: Path, force: bool = False) -> Restored:
    """Verify an archive, restore its database and file trees, and compare the tables' row counts."""
    if connection.in_atomic_block:
        raise BackupError("restore must run outside a transaction")
    manifest = archive_verify(archive)
    older = _check_target(manifest, force)
    trees = {name: 0 for name in manifest["trees"]}
    with _unpacked(archive, manifest) as (dump, staged):
        _restore_sqlite(dump) if _vendor() == "sqlite" else _restore_pg(dump)
        for name, folder in staged.items():
            trees[name] = sum(1 for _ in _walk(folder))
            _swap(folder, file_trees()[name].resolve())
    ContentType.objects.clear_cache()  # content-type ids are the archive's now
    now = _live_counts()
    expected: dict[str, int] = manifest["tables"]
    counts = [(table, expected.get(table), now.get(table)) for table in sorted(set(expected) | set(now))]
    return Restored(counts=counts, trees=trees, older_migrations=older)
