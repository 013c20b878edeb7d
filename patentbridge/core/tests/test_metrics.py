"""/metrics answers Prometheus (bearer token or an allowed address) and nobody else; it counts requests and shows
the background queue, the workers and the search indexes as they are at the scrape."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from patentbridge.core.models import WorkerHeartbeat
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes, services
from patentbridge.search.models import IndexGeneration

pytestmark = pytest.mark.django_db
TOKEN = "scrape-token-0123456789abcdef"


@task()
def index_something() -> None:
    """A task to queue (never run here)."""


@pytest.fixture(autouse=True)
def _metrics_settings(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def scrape(**headers) -> str:
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **headers)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def value(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    raise AssertionError(f"{name} {labels} not in the scrape")


def test_a_scrape_without_the_token_finds_nothing():
    assert Client().get("/metrics").status_code == 404


def test_a_scrape_with_a_wrong_token_finds_nothing():
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-0123456789abcdeX").status_code == 404


def test_no_token_configured_refuses_an_empty_bearer(settings):
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_an_allowed_address_may_scrape_without_a_token(settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.0/8"]
    assert Client().get("/metrics").status_code == 200


def test_a_forwarded_for_header_from_an_untrusted_peer_does_not_make_an_allowed_address(settings):
    settings.METRICS_ALLOWED_IPS = ["10.1.2.3"]
    assert Client().get("/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3").status_code == 404


def test_requests_are_counted_by_view_method_and_status():
    before = scrape()
    Client().get("/")
    after = scrape()
    labels = {"view": "home", "method": "GET", "status": "200"}
    try:
        earlier = value(before, "patentbridge_http_requests_total", **labels)
    except AssertionError:
        earlier = 0
    assert value(after, "patentbridge_http_requests_total", **labels) == earlier + 1
    assert value(after, "patentbridge_http_request_duration_seconds_count", view="home") >= 1


def test_a_queued_task_shows_in_the_queue_depth():
    index_something.enqueue()
    index_something.enqueue()
    text = scrape()
    assert value(text, "patentbridge_task_queue_depth", task=f"{__name__}.index_something", state="ready") == 2
    assert value(text, "patentbridge_task_oldest_due_age_seconds") >= 0


def test_a_failed_task_shows_in_the_failures_and_a_retried_one_in_the_retries():
    failed, retried = index_something.enqueue(), index_something.enqueue()
    DBTaskResult.objects.filter(pk=failed.id).update(status="FAILED", worker_ids=["w1", "w2", "w3"])
    DBTaskResult.objects.filter(pk=retried.id).update(worker_ids=["w1"])
    text = scrape()
    assert value(text, "patentbridge_tasks_failed", task=f"{__name__}.index_something") == 1
    assert value(text, "patentbridge_tasks_retrying", task=f"{__name__}.index_something") == 1


def test_live_workers_are_counted_from_their_heartbeats():
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="alive", started_at=now, seen_at=now)
    WorkerHeartbeat.objects.create(worker_id="gone", started_at=now, seen_at=now - dt.timedelta(hours=1))
    text = scrape()
    assert value(text, "patentbridge_workers_alive") == 1 and value(text, "patentbridge_database_up") == 1


def test_the_search_index_generation_and_age_show():
    indexes.forget()
    PatentFactory.create_batch(3)
    services.documents_refresh()
    services.indexes_rebuild()
    indexes.current_lexical()  # this process now serves the published generation
    published = IndexGeneration.objects.get(kind="lexical", state="published")
    text = scrape()
    assert value(text, "patentbridge_search_index_generation", kind="lexical") == published.number
    assert value(text, "patentbridge_search_index_documents", kind="lexical") == 3
    assert 0 <= value(text, "patentbridge_search_index_age_seconds", kind="lexical") < 60
