"""The health page and `patentbridge status`: the queue and the search indexes' freshness, for those who oversee."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.search.tasks import embed_missing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_regulator_sees_the_queue_and_the_indexes(logged_in_client):
    client, _user, _org = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    embed_missing.enqueue()
    html = client.get("/health/").content.decode()
    assert 'data-testid="queue-figures"' in html and 'data-testid="index-figures"' in html
    assert 'data-state="no_worker"' in html


def test_an_enterprise_user_may_not_open_the_health_page(logged_in_client):
    client, _user, _org = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    assert client.get("/health/").status_code == 403


def test_the_health_link_is_in_the_navigation_of_a_regulator_only(logged_in_client):
    regulator, _u, _o = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    enterprise, _u, _o = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    assert 'data-nav="health"' in regulator.get("/search/").content.decode()
    assert 'data-nav="health"' not in enterprise.get("/search/").content.decode()
    assert 'data-nav="health"' not in Client().get("/search/").content.decode()


def test_the_health_page_names_tasks_in_words(logged_in_client):
    client, _user, _org = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    embed_missing.enqueue()
    assert "embed_missing" not in client.get("/health/").content.decode()


def test_status_exits_with_1_when_work_is_stalled(settings, capsys):
    embed_missing.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=settings.TASK_STALL_MINUTES + 1))
    with pytest.raises(SystemExit) as exit_:
        call_command("status")
    assert exit_.value.code == 1
    assert "queue: stalled" in capsys.readouterr().out


def test_status_prints_the_figures_as_json(capsys):
    call_command("status", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert figures["queue"]["state"] == "idle" and figures["search"]["patents"] == 0
