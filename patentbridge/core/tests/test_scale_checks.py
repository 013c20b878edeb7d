"""Several hosts on one PostgreSQL: the settings check for a shared SECRET_KEY, and how soon a gone worker's task
is looked for."""

from __future__ import annotations

from django.db import connections

from patentbridge.core.checks import shared_secret_key
from patentbridge.core.worker import orphan_check_seconds


def test_a_local_secret_key_on_postgresql_is_warned_about(settings, monkeypatch):
    monkeypatch.setattr(connections["default"], "vendor", "postgresql")
    settings.SECRET_KEY_FROM_ENVIRONMENT = False

    assert [warning.id for warning in shared_secret_key()] == ["core.W017"]


def test_a_secret_key_from_the_environment_is_not_warned_about(settings, monkeypatch):
    monkeypatch.setattr(connections["default"], "vendor", "postgresql")
    settings.SECRET_KEY_FROM_ENVIRONMENT = True

    assert shared_secret_key() == []


def test_a_local_secret_key_on_sqlite_is_fine(settings, monkeypatch):
    monkeypatch.setattr(connections["default"], "vendor", "sqlite")
    settings.SECRET_KEY_FROM_ENVIRONMENT = False

    assert shared_secret_key() == []


def test_workers_look_for_orphans_within_half_the_stale_time(settings):
    settings.WORKER_STALE_SECONDS = 12
    assert orphan_check_seconds() == 6


def test_workers_look_for_orphans_at_least_every_thirty_seconds(settings):
    settings.WORKER_STALE_SECONDS = 120
    assert orphan_check_seconds() == 30
