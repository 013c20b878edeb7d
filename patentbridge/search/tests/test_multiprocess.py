"""Two hosts on one PostgreSQL: two web processes (each with its own var/ folder, one SECRET_KEY) and two workers.

A patent registered through web 1's API becomes searchable through web 2's API (the index generation travels
through the database, not a shared disk); a worker killed in the middle of a task loses nothing: the other worker
runs the task to its end, once."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from patentbridge.core.services import api_token_create
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

SEARCHABLE_WITHIN_SECONDS = 30
REQUEUED_WITHIN_SECONDS = 45
SLOW_TASK_SECONDS = 6
UNIQUE_WORD = "氢燃料电池双极板流道"

pytestmark = [
    pytest.mark.multiprocess,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="several hosts share one PostgreSQL; SQLite is the one-host embedded default"),
]


@pytest.fixture
def reference_tables(django_db_setup, django_db_blocker):
    """A transactional test flushes every table when it ends: put the reference tables back for later tests."""
    from patentbridge.patents.reference import load_all

    yield
    with django_db_blocker.unblock():
        load_all()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def environment(var_dir: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url(), "PATENTBRIDGE_VAR_DIR": str(var_dir),
            "SECRET_KEY": "one-key-for-every-host-of-this-test", "PYTHONPATH": str(settings.BASE_DIR),
            "DJANGO_SETTINGS_MODULE": "patentbridge.settings", "DEBUG": "0", "SEARCH_WARM_ON_START": "0",
            "SEARCH_GENERATION_CHECK_SECONDS": "1", "WORKER_STALE_SECONDS": "12", "TASK_RETRY_DELAY_SECONDS": "0.5",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "LOG_LEVEL": "WARNING"}


def start(name: str, args: list[str], var_dir: Path, logs: Path) -> subprocess.Popen:
    var_dir.mkdir(parents=True, exist_ok=True)
    log = (logs / f"{name}.log").open("w")
    return subprocess.Popen([sys.executable, "-m", "patentbridge.cli", *args, "--skip-checks"],
                            env=environment(var_dir), stdout=log, stderr=subprocess.STDOUT)


def request(base: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    call = urllib.request.Request(base + path, data=data, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(call, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def wait_for(condition, *, seconds: float, what: str, every: float = 0.25):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out after {seconds} s waiting for {what}"
        time.sleep(every)


def answers(base: str, token: str) -> bool:
    """Whether the process answers a search (the first one also loads its tokenizer)."""
    try:
        return request(base, "/api/v1/search?q=" + urllib.parse.quote("预热"), token)[0] == 200
    except OSError:
        return False


def stop(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    for process in processes.values():
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_two_hosts_share_the_index_and_a_killed_workers_task_is_finished_by_the_other(
        tmp_path, reference_tables, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = UserFactory()
    MembershipFactory(user=user, organisation=OrganisationFactory(kind=OrgKind.UNIVERSITY),
                      role=Role.TECH_TRANSFER_MANAGER)
    token = api_token_create(user=user, name="two hosts")
    ports = {"web1": free_port(), "web2": free_port()}
    processes: dict[str, subprocess.Popen] = {}
    try:
        for name, port in ports.items():
            processes[name] = start(name, ["runserver", f"127.0.0.1:{port}", "--noreload"], tmp_path / name, tmp_path)
        for name in ("worker1", "worker2"):
            processes[name] = start(name, ["db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
                                    tmp_path / name, tmp_path)
        web1, web2 = (f"http://127.0.0.1:{port}" for port in ports.values())
        for base in (web1, web2):
            wait_for(lambda base=base: answers(base, token), seconds=90, what=f"{base} to answer")

        created_at = time.monotonic()
        status, body = request(web1, "/api/v1/patents", token, {
            "application_number": "CN201410264351.3", "title": f"一种{UNIQUE_WORD}及其制备方法",
            "application_date": "2014-05-14", "legal_status": "pending"})
        assert status == 201, body

        def found_on_web2() -> bool:
            _, result = request(web2, "/api/v1/search?" + urllib.parse.urlencode({"q": UNIQUE_WORD}), token)
            return any(UNIQUE_WORD in item["patent"]["title"] for item in result.get("items", []))

        wait_for(found_on_web2, seconds=SEARCHABLE_WITHIN_SECONDS, what="web 2 to find the patent", every=0.5)
        print(f"\nregistered on web 1, searchable on web 2 after {time.monotonic() - created_at:.1f} s")

        from patentbridge.search.tests.slow_task import slow_marker

        journal = tmp_path / "journal.txt"
        result = slow_marker.enqueue(str(journal), SLOW_TASK_SECONDS)
        workers = {processes[name].pid: name for name in ("worker1", "worker2")}
        first_pid = int(wait_for(lambda: journal.exists() and journal.read_text().split()[1:2],
                                 seconds=60, what="a worker to start the slow task")[0])
        processes[workers[first_pid]].send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        survivor = next(pid for pid in workers if pid != first_pid)

        wait_for(lambda: f"done {survivor}" in journal.read_text(), seconds=REQUEUED_WITHIN_SECONDS + SLOW_TASK_SECONDS,
                 what="the other worker to finish the killed worker's task", every=0.5)
        print(f"worker killed mid-task; the other finished it {time.monotonic() - killed_at:.1f} s later")
    finally:
        stop(processes)
    lines = journal.read_text().split("\n")
    assert [line for line in lines if line.startswith("done")] == [f"done {survivor}"]
    assert lines[:1] == [f"start {first_pid}"] and f"start {survivor}" in lines
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL" and len(row.worker_ids) == 2
