"""Reads marked as allowed to lag go to the read replica; writes and every other read go to the primary.

The replica here is a second alias on the test database (as `TEST: {"MIRROR": "default"}` makes it): what tells the
two apart is which connection ran the query. The router never picks the replica inside a transaction, so the tests
that expect it are transactional (no test-wide transaction is open).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from patentbridge.core.db_router import PIN_COOKIE, REPLICA, pin_after_writes, read_alias, replica_reads


@pytest.fixture(scope="module")
def replica_alias(django_db_setup: None) -> Iterator[None]:
    """A `replica` alias on the test database for this module's tests (set up before their database access)."""
    connections.settings[REPLICA] = {**connections[DEFAULT_DB_ALIAS].settings_dict}
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


# Transactional: the router never picks the replica inside a transaction, and TestCase wraps each test in one.
with_replica = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
pytestmark = pytest.mark.usefixtures("replica_alias")


def _queries(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


@with_replica
def test_marked_reads_go_to_the_replica():
    Group.objects.create(name="readers")
    with replica_reads(), _queries(REPLICA) as on_replica, _queries(DEFAULT_DB_ALIAS) as on_primary:
        assert list(Group.objects.values_list("name", flat=True)) == ["readers"]
    assert len(on_replica) == 1 and len(on_primary) == 0


@with_replica
def test_unmarked_reads_stay_on_the_primary():
    with _queries(REPLICA) as on_replica:
        list(Group.objects.all())
    assert len(on_replica) == 0


@with_replica
def test_writes_inside_marked_code_go_to_the_primary():
    with replica_reads(), _queries(REPLICA) as on_replica, _queries(DEFAULT_DB_ALIAS) as on_primary:
        Group.objects.create(name="writers")
    assert len(on_replica) == 0 and len(on_primary) == 1


@with_replica
def test_an_object_read_from_the_replica_is_saved_to_the_primary():
    Group.objects.create(name="before")
    with replica_reads():
        group = Group.objects.get(name="before")
    group.name = "after"
    with _queries(REPLICA) as on_replica:
        group.save()
    assert len(on_replica) == 0 and Group.objects.get().name == "after"


@with_replica
def test_reads_inside_a_transaction_stay_on_the_primary():
    with replica_reads(), transaction.atomic(), _queries(REPLICA) as on_replica:
        list(Group.objects.all())
    assert len(on_replica) == 0


@pytest.mark.django_db
def test_without_a_replica_marked_reads_go_to_the_primary(monkeypatch):
    monkeypatch.delitem(connections.settings, REPLICA)
    with replica_reads():
        assert router.db_for_read(Group) == DEFAULT_DB_ALIAS


def test_the_mark_ends_with_its_block():
    with replica_reads():
        pass
    assert read_alias() == DEFAULT_DB_ALIAS


def _alias_seen(request: HttpRequest) -> HttpResponse:
    with replica_reads():
        return HttpResponse(read_alias())


def test_a_browser_that_wrote_is_pinned_to_the_primary(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 15
    response = pin_after_writes(_alias_seen)(RequestFactory().post("/kpi/baselines/"))
    assert response.cookies[PIN_COOKIE]["max-age"] == 15
    request = RequestFactory().get("/kpi/")
    request.COOKIES[PIN_COOKIE] = "1"
    assert pin_after_writes(_alias_seen)(request).content.decode() == DEFAULT_DB_ALIAS


def test_a_browser_that_only_read_may_read_the_replica():
    response = pin_after_writes(_alias_seen)(RequestFactory().get("/kpi/"))
    assert response.content.decode() == REPLICA and PIN_COOKIE not in response.cookies


def _lazy(value: Any) -> bool:
    if isinstance(value, QuerySet):
        return True
    if isinstance(value, dict):
        return any(_lazy(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_lazy(v) for v in value)
    return False


@with_replica
def test_the_kpi_dashboard_reads_from_the_replica():
    from patentbridge.kpi.selectors import summary

    with _queries(REPLICA) as on_replica, _queries(DEFAULT_DB_ALIAS) as on_primary:
        figures = summary(today=timezone.localdate())
    assert len(on_replica) > 0 and len(on_primary) == 0 and not _lazy(figures)


@with_replica
def test_the_industry_statistics_read_from_the_replica():
    from patentbridge.monitoring.selectors import statistics

    with _queries(REPLICA) as on_replica, _queries(DEFAULT_DB_ALIAS) as on_primary:
        figures = statistics(None, timezone.localdate().year - 1)
    assert len(on_replica) > 0 and len(on_primary) == 0 and not _lazy(figures)


def _settings_with(var_dir: Any, **env: str) -> dict[str, Any]:
    script = ("import json; from django.conf import settings as s; "
              "print(json.dumps({'databases': s.DATABASES, 'middleware': s.MIDDLEWARE}, default=str))")
    base = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"], check=True,
                            capture_output=True, text=True,
                            env={**base, "DJANGO_SETTINGS_MODULE": "patentbridge.settings",
                                 "PATENTBRIDGE_VAR_DIR": str(var_dir), **env})
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_replica_url_adds_a_mirrored_replica_alias_and_the_pinning(tmp_path):
    found = _settings_with(tmp_path, DATABASE_URL="postgres://pb@primary.internal/pb",
                           DATABASE_REPLICA_URL="postgres://pb_read@replica.internal/pb")
    assert found["databases"][REPLICA]["HOST"] == "replica.internal"
    assert found["databases"][REPLICA]["TEST"]["MIRROR"] == "default"
    assert found["middleware"][0] == "patentbridge.core.db_router.pin_after_writes"


def test_pgbouncer_mode_turns_off_server_side_cursors_and_prepared_statements(tmp_path):
    found = _settings_with(tmp_path, DATABASE_URL="postgres://pb@pgbouncer.internal:6432/pb", DATABASE_PGBOUNCER="1")
    default = found["databases"]["default"]
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is True and default["OPTIONS"]["prepare_threshold"] is None
