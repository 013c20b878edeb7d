"""Reads of the search app: how fresh the published indexes truly are, and whether the work that feeds them runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from patentbridge.core.selectors import QueueStatus, queue_status
from patentbridge.patents.models import Patent
from patentbridge.search.generations import newest

SEARCH_TASKS = "patentbridge.search.tasks."


@dataclass(frozen=True)
class PublishedIndex:
    size: int
    built_at: dt.datetime | None


@dataclass(frozen=True)
class IndexFreshness:
    """What a search is answered from now (the published indexes), against the register and the queue."""

    patents: int
    words: PublishedIndex
    meaning: PublishedIndex
    queue: QueueStatus

    @property
    def words_missing(self) -> int:
        return max(0, self.patents - self.words.size)

    @property
    def meaning_missing(self) -> int:
        return max(0, self.patents - self.meaning.size)

    @property
    def behind(self) -> bool:
        """Some patents of the register are not searchable yet (by words or by meaning)."""
        return bool(self.words_missing or self.meaning_missing)

    @property
    def complete(self) -> bool:
        return not self.words_missing and not self.meaning_missing and self.queue.state == "idle"

    @property
    def state(self) -> str:
        """complete; updating (behind, the worker on it); waiting (behind, no worker yet); stalled; failed."""
        if self.complete:
            return "complete"
        if self.queue.state in ("stalled", "failed"):
            return self.queue.state
        if self.behind and self.queue.state in ("no_worker", "idle"):
            return "waiting"
        return "updating"


def _published(kind: str) -> PublishedIndex:
    generation = newest(kind)
    if generation is None:
        return PublishedIndex(0, None)
    return PublishedIndex(generation.documents, timezone.localtime(generation.built_at))


def index_freshness() -> IndexFreshness:
    """Patents searchable by words and by meaning now, of those in the register; the search tasks' queue."""
    return IndexFreshness(patents=Patent.objects.count(), words=_published("lexical"),
                          meaning=_published("vectors"), queue=queue_status(task_prefix=SEARCH_TASKS))
