"""`patentbridge status`: the background queue and the search indexes' freshness, as on the health page."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from patentbridge.home.selectors import Health, health_as_dict, platform_health


def _when(value: Any) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}" if value else "never"


class Command(BaseCommand):
    help = ("Show the background queue (waiting, running, failed, oldest waiting, last finished, live workers) and "
            "each search index's freshness; exit status 1 when work is stalled or failed.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, **options) -> None:
        health = platform_health()
        if options["json"]:
            self.stdout.write(json.dumps(health_as_dict(health), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(self._lines(health)))
        if not health.healthy:
            sys.exit(1)

    @staticmethod
    def _lines(health: Health) -> list[str]:
        q, s = health.queue, health.search
        lines = [
            f"queue: {q.state} — waiting {q.waiting} (due {q.due}, retries {q.retrying}), running {q.running}, "
            f"failed {q.failed}",
            f"  oldest waiting since {_when(q.oldest_due_at)}"
            + (f" ({q.waited_minutes} min)" if q.oldest_due_at else ""),
            f"  last task finished {_when(q.last_finished_at)}; worker last seen {_when(q.last_worker_seen_at)}",
        ]
        lines += [f"  worker {w.worker_id[:12]} {w.host}:{w.pid} seen {_when(w.seen_at)}, ran {w.tasks_run}, "
                  f"failed {w.tasks_failed}" for w in q.workers] or ["  no worker seen recently"]
        lines += [f"  failed: {f.name} at {_when(f.finished_at)} after {f.attempts} attempt(s): {f.error}"
                  for f in q.recent_failures]
        lines += [f"  task {t.name}: waiting {t.waiting}, running {t.running}, failed {t.failed}, done {t.succeeded}"
                  for t in health.tasks]
        lines += [
            f"search: {s.state} — {s.patents} patents in the register",
            f"  by words:   {s.words.size} indexed ({s.words_missing} missing), built {_when(s.words.built_at)}",
            f"  by meaning: {s.meaning.size} indexed ({s.meaning_missing} missing), built {_when(s.meaning.built_at)}",
        ]
        return lines
