"""The embedded SQLite default under three writers at once: the web server (sign-in attempts write), the worker and a
large import, on one database file. Every task must finish and every imported patent must become searchable."""

from __future__ import annotations

import csv
import gzip
import http.cookiejar
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROWS = 3000
SOURCE = "patents/cn_patent_db_exports/cn_patents_with_abstracts.csv.gz"
DEADLINE_SECONDS = 240  # a bound for a loaded machine; the run takes well under a minute on an idle one

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the concurrency of SQLite's writers is what is tested"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def database_copy(tmp_path_factory, django_db_setup, django_db_blocker) -> Path:
    """The session's test database (migrated, reference tables loaded) copied to a file in seconds, before the
    test's transaction opens: SQLite's backup cannot read a database that a connection of its cache is writing."""
    path = tmp_path_factory.mktemp("var") / "patentbridge.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
    return path


def write_import_file(path: Path) -> None:
    with gzip.open(Path(settings.DATA_DIR) / SOURCE, "rt", encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        rows = [next(reader) for _ in range(ROWS + 1)]
    with path.open("w", encoding="utf-8", newline="") as target:
        csv.writer(target).writerows(rows)


def environment(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    root = str(Path(settings.BASE_DIR))
    return {**env, "PATENTBRIDGE_VAR_DIR": str(var_dir), "PYTHONPATH": root, "DEBUG": "0",
            "SEARCH_WARM_ON_START": "0", "DJANGO_SETTINGS_MODULE": "patentbridge.settings",
            "TASK_RETRY_DELAY_SECONDS": "1", "LOG_LEVEL": "WARNING"}


def command(*args: str) -> list[str]:
    """A management command in its own process (the system checks are the suite's business, not this test's)."""
    return [sys.executable, "-m", "patentbridge.cli", *args, "--skip-checks"]


class SignInTraffic(threading.Thread):
    """Failed sign-ins (each writes an attempt and a security event) and searches, until stopped."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stop, self.statuses, self.errors = base, threading.Event(), [], []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.statuses.append(self._sign_in(f"nobody-{len(self.statuses)}"))
                self.statuses.append(self._open("/search/?q=" + urllib.parse.quote("音箱 麦克风")).status)
            except urllib.error.HTTPError as exc:
                self.statuses.append(exc.code)
            except OSError as exc:  # the server is not up yet
                self.errors.append(repr(exc))
                time.sleep(0.5)

    def _open(self, path: str, data: bytes | None = None, opener=None):
        return (opener or urllib.request.build_opener()).open(self.base + path, data=data, timeout=60)

    def _sign_in(self, username: str) -> int:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self._open("/accounts/login/", opener=opener).read()
        token = next(c.value for c in jar if c.name == "csrftoken")
        form = urllib.parse.urlencode({"username": username, "password": "wrong-Password-1!",
                                       "csrfmiddlewaretoken": token}).encode()
        return self._open("/accounts/login/", data=form, opener=opener).status


def wait_for(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def query(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
        return db.execute(sql).fetchall()


def published(database: Path, kind: str) -> int:
    """Documents in the newest published index generation of a kind (-1 when none)."""
    rows = query(database, "SELECT documents FROM search_indexgeneration WHERE state = 'published' "
                           f"AND kind = '{kind}' ORDER BY number DESC LIMIT 1")
    return rows[0][0] if rows else -1


def test_server_worker_and_import_at_once_lose_nothing(tmp_path, database_copy):
    database = database_copy
    var_dir = database.parent
    export = tmp_path / "export.csv"
    write_import_file(export)
    env, port = environment(var_dir), free_port()
    logs = {name: (tmp_path / f"{name}.log").open("w") for name in ("server", "worker")}
    server = subprocess.Popen(command("runserver", f"127.0.0.1:{port}", "--noreload"), env=env,
                              stdout=logs["server"], stderr=subprocess.STDOUT)
    worker = subprocess.Popen(command("db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"),
                              env=env, stdout=logs["worker"], stderr=subprocess.STDOUT)
    traffic = SignInTraffic(f"http://127.0.0.1:{port}")
    traffic.start()
    try:
        imported = subprocess.run(command("import-patents", str(export), "--no-progress"), env=env,
                                  capture_output=True, text=True, timeout=DEADLINE_SECONDS)
        assert imported.returncode == 0, imported.stdout + imported.stderr
        patents = query(database, "SELECT count(*) FROM patents_patent")[0][0]
        assert patents >= ROWS * 0.9, imported.stdout

        def all_done() -> bool:
            open_tasks = query(database, "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                                         "WHERE status IN ('READY', 'RUNNING')")[0][0]
            return (not open_tasks and published(database, "lexical") == patents
                    and published(database, "vectors") == patents)

        wait_for(all_done, seconds=DEADLINE_SECONDS, what="the worker to index every imported patent")
        wait_for(lambda: len(traffic.statuses) >= 4, seconds=60, what="the server to answer")
    finally:
        traffic.stop.set()
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)
        for log in logs.values():
            log.close()
    worker_log = (tmp_path / "worker.log").read_text()
    statuses = query(database, "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status")
    assert dict(statuses).keys() == {"SUCCESSFUL"}, worker_log[-3000:]
    assert query(database, "SELECT count(*) FROM search_searchdocument")[0][0] == patents
    assert {row[0] for row in query(database, "SELECT status FROM patents_importbatch")} == {"finished"}
    assert not [s for s in traffic.statuses if s >= 500], (tmp_path / "server.log").read_text()[-3000:]
    assert query(database, "SELECT count(*) FROM core_securityevent")[0][0] > 0
