"""A task that only the multi-process test queues: long enough to kill its worker in the middle of it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def slow_marker(path: str, seconds: float) -> int:
    """Note the start (with this worker's pid), sleep, note the end."""
    journal = Path(path)
    with journal.open("a") as handle:
        handle.write(f"start {os.getpid()}\n")
    time.sleep(seconds)
    with journal.open("a") as handle:
        handle.write(f"done {os.getpid()}\n")
    return os.getpid()
