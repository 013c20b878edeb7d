"""Prometheus metrics: request counts and latency recorded by the request middleware, and the state of the background
queue and its workers (and whatever higher apps register, e.g. the search indexes' age) computed at each scrape.

Several processes per host (gunicorn workers): set PROMETHEUS_MULTIPROC_DIR before they start and the scrape adds up
every process's request metrics (docs/observability.md).
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
from collections.abc import Iterable, Iterator
from typing import Protocol

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

from patentbridge.core.models import WorkerHeartbeat
from patentbridge.core.network import address_in, client_address

disable_created_metrics()  # the `_created` series only double the scrape's size
METRICS_VIEW_NAME = "metrics"
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUESTS = Counter("patentbridge_http_requests", "HTTP requests answered, by view, method and status",
                   ["view", "method", "status"])
LATENCY = Histogram("patentbridge_http_request_duration_seconds", "Time to answer a request, by view", ["view"],
                    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
QUERIES = Histogram("patentbridge_http_request_db_queries", "Database statements run to answer a request, by view",
                    ["view"], buckets=(1, 5, 10, 25, 50, 100, 250, 1000))
RATE_LIMITED = Counter("patentbridge_rate_limited_requests", "Requests refused with 429, by rate-limit rule", ["rule"])


class ScrapeCollector(Protocol):
    def collect(self) -> Iterable[Metric]: ...


_scrape_collectors: list[ScrapeCollector] = []


def register_scrape_collector(collector: ScrapeCollector) -> None:
    """Add metrics computed at each scrape (higher apps call this from their AppConfig.ready)."""
    if all(type(known) is not type(collector) for known in _scrape_collectors):
        _scrape_collectors.append(collector)


def observe_request(*, view: str, method: str, status: int, seconds: float, queries: int) -> None:
    method = method if method in METHODS else "other"
    REQUESTS.labels(view, method, str(status)).inc()
    LATENCY.labels(view).observe(seconds)
    QUERIES.labels(view).observe(queries)


def _seconds_since(moment: dt.datetime | None, now: dt.datetime) -> float:
    return max(0.0, (now - moment).total_seconds()) if moment else float("nan")


class QueueCollector:
    """The background queue (django-tasks-db's table) and the workers' heartbeats, read at scrape time."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("patentbridge_database_up", "1 when the scrape could read the database")
        try:
            families = list(self._families(timezone.now()))
        except DatabaseError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self, now: dt.datetime) -> Iterator[Metric]:
        depth = GaugeMetricFamily("patentbridge_task_queue_depth", "Tasks waiting (ready) or running, by task",
                                  labels=["task", "state"])
        failed = GaugeMetricFamily("patentbridge_tasks_failed", "Tasks failed for good (after all their attempts)",
                                   labels=["task"])
        retrying = GaugeMetricFamily("patentbridge_tasks_retrying", "Tasks waiting for another attempt after failing",
                                     labels=["task"])
        for row in DBTaskResult.objects.values("task_path", "status").annotate(n=Count("pk")).order_by():
            if row["status"] in ("READY", "RUNNING"):
                depth.add_metric([row["task_path"], row["status"].lower()], row["n"])
            elif row["status"] == "FAILED":
                failed.add_metric([row["task_path"]], row["n"])
        waiting_again = (DBTaskResult.objects.filter(status="READY").exclude(worker_ids=[])
                         .values("task_path").annotate(n=Count("pk")).order_by())
        for row in waiting_again:
            retrying.add_metric([row["task_path"]], row["n"])
        yield from (depth, failed, retrying)
        yield from self._worker_families(now)

    def _worker_families(self, now: dt.datetime) -> Iterator[Metric]:
        since = now - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS)
        alive = GaugeMetricFamily("patentbridge_workers_alive", "Background workers with a recent heartbeat")
        alive.add_metric([], WorkerHeartbeat.objects.filter(seen_at__gte=since).count())
        seen = GaugeMetricFamily("patentbridge_worker_last_seen_age_seconds",
                                 "Seconds since any worker's last heartbeat (NaN: never)")
        seen.add_metric([], _seconds_since(WorkerHeartbeat.objects.aggregate(at=Max("seen_at"))["at"], now))
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        due = GaugeMetricFamily("patentbridge_task_oldest_due_age_seconds",
                                "Seconds the oldest task due to run has waited (0: none waits)")
        due.add_metric([], _seconds_since(oldest, now) if oldest else 0.0)
        yield from (alive, seen, due)


register_scrape_collector(QueueCollector())


def scrape_allowed(request: HttpRequest) -> bool:
    """`Authorization: Bearer $METRICS_TOKEN` (compared in constant time) or a client in METRICS_ALLOWED_IPS."""
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    return bool(settings.METRICS_ALLOWED_IPS) and address_in(client_address(request), settings.METRICS_ALLOWED_IPS)


class _ScrapeTime:
    def __init__(self, collectors: list[ScrapeCollector]) -> None:
        self.collectors = collectors

    def collect(self) -> Iterator[Metric]:
        for collector in self.collectors:
            yield from collector.collect()


def exposition() -> bytes:
    """The text every scrape gets: this host's request metrics (all its processes in multiprocess mode), then the
    figures read from the database and the indexes now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    now = CollectorRegistry(auto_describe=False)
    now.register(_ScrapeTime(_scrape_collectors))
    return generate_latest(processes) + generate_latest(now)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus' scrape; anyone else is told there is nothing here."""
    if not scrape_allowed(request):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
