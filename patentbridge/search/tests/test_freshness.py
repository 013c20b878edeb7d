"""The search page says how fresh its indexes truly are, and that indexing stalled or failed when it did."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from patentbridge.core.worker import heartbeat_beat
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes, services
from patentbridge.search.selectors import index_freshness
from patentbridge.search.tasks import embed_missing, index_patents, queue_embedding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_indexes(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    indexes.forget()
    yield
    indexes.forget()


def build_words_only() -> None:
    services.documents_refresh()
    services.indexes_rebuild()


def english_page() -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get("/search/").content.decode()


def state_shown(html: str) -> str:
    return re.search(r'data-testid="index-status" data-state="(\w+)"', html).group(1)


def test_freshness_counts_what_the_published_indexes_hold():
    PatentFactory.create_batch(3)
    build_words_only()
    PatentFactory()
    freshness = index_freshness()
    assert (freshness.patents, freshness.words.size, freshness.meaning.size) == (4, 3, 0)
    assert freshness.words.built_at is not None and freshness.words_missing == 1


def test_no_index_at_all_is_not_complete():
    PatentFactory()
    assert index_freshness().state == "waiting"


def test_the_search_page_says_indexing_stopped_when_work_waits_with_no_worker():
    PatentFactory.create_batch(2)
    build_words_only()
    index_patents.enqueue([PatentFactory().pk])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=settings.TASK_STALL_MINUTES + 1))
    html = english_page()
    assert state_shown(html) == "stalled"
    assert "Indexing has stopped: 2 of 3 patents are searchable by words and 0 by meaning" in html


def test_the_search_page_says_indexing_is_catching_up_while_a_worker_runs():
    PatentFactory.create_batch(2)
    build_words_only()
    index_patents.enqueue([PatentFactory().pk])
    heartbeat_beat("w1", timezone.now(), tasks_run=0, tasks_failed=0)
    assert state_shown(english_page()) == "updating"


def test_the_search_page_says_indexing_failed_when_a_search_task_failed_for_good():
    PatentFactory()
    build_words_only()
    index_patents.enqueue([1])
    DBTaskResult.objects.update(status="FAILED", finished_at=timezone.now(), exception_class_path="x.Boom")
    html = english_page()
    assert state_shown(html) == "failed"
    assert "Indexing failed: 1 of 1 patents are searchable by words and 0 by meaning" in html


def test_the_search_page_in_chinese_does_not_claim_a_complete_index_when_one_is_missing():
    PatentFactory.create_batch(2)
    build_words_only()
    html = Client().get("/search/").content.decode()
    assert state_shown(html) == "waiting"


def test_a_large_import_queues_one_embedding_run_not_one_per_batch():
    queue_embedding()
    queue_embedding()
    assert DBTaskResult.objects.filter(task_path=embed_missing.module_path, status="READY").count() == 1
