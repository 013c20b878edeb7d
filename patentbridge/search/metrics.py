"""The search indexes' generation and age, for Prometheus (registered with core.metrics at start-up)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric

from patentbridge.search.indexes import generation_info


class IndexCollector:
    """Read at each scrape: which generation of each index this process serves, how old and how big it is."""

    def collect(self) -> Iterator[Metric]:
        number = GaugeMetricFamily("patentbridge_search_index_generation",
                                   "Generation number of the index served (0: none published)", labels=["kind"])
        age = GaugeMetricFamily("patentbridge_search_index_age_seconds",
                                "Seconds since the served index was built (NaN: none published)", labels=["kind"])
        documents = GaugeMetricFamily("patentbridge_search_index_documents", "Documents in the served index",
                                      labels=["kind"])
        now = timezone.now()
        for kind, info in generation_info().items():
            number.add_metric([kind], info["number"])
            built_at = info["built_at"]
            age.add_metric([kind], (now - built_at).total_seconds() if built_at else float("nan"))
            documents.add_metric([kind], info["documents"])
        yield from (number, age, documents)
