"""Django's SQLite backend, made safe for the embedded default's several writers (web server, worker, import).

SQLite lets one writer in at a time. The settings open every connection in WAL mode (readers never wait for the
writer), with a busy timeout (a writer waits for the lock instead of failing at once) and `BEGIN IMMEDIATE`
transactions (the write lock is taken at the start, so a transaction that read first can never fail to upgrade).
SQLite can still answer "database is locked" without waiting — a snapshot that went stale, a checkpoint, a lock
held past the timeout — so a statement that starts a transaction or runs on its own (autocommit) is retried here
with back-off; nothing has been written yet when either fails, so running it again is safe. A statement inside a
transaction is never retried: the caller's transaction is what must be run again.

The class also tells Django the real bound-parameter limit of the linked SQLite library. Django assumes 999
parameters per statement (the limit of SQLite before 3.32), which cuts bulk inserts of wide rows into batches of
~24; modern SQLite allows 32,766 or more, so an import writes 2,000 patents in one statement.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property

logger = logging.getLogger("patentbridge.db")
T = TypeVar("T")

# Attempts after the first, and the first pause in seconds (doubled each time, with jitter, capped).
LOCKED_RETRIES = 6
LOCKED_FIRST_PAUSE = 0.05
LOCKED_MAX_PAUSE = 2.0


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" / SQLITE_BUSY."""
    message = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in message or "busy" in message)


def retry_locked(run: Callable[[], T], *, what: str, sleep: Callable[[float], None] = time.sleep) -> T:
    """Run `run`; while SQLite says the database is locked, wait a growing, jittered pause and run it again."""
    pause = LOCKED_FIRST_PAUSE
    for attempt in range(LOCKED_RETRIES + 1):
        try:
            return run()
        except sqlite3.OperationalError as exc:
            if not is_locked(exc) or attempt == LOCKED_RETRIES:
                raise
            logger.warning("database is locked (%s); retry %d of %d in %.2f s", what, attempt + 1,
                           LOCKED_RETRIES, pause)
            sleep(pause * (0.5 + random.random()))  # noqa: S311 - jitter, not security
            pause = min(pause * 2, LOCKED_MAX_PAUSE)
    raise AssertionError("unreachable")


class RetryingCursor(base.SQLiteCursorWrapper):
    """Retries a statement refused with "database is locked" when it runs outside a transaction."""

    def execute(self, query: str, params: Any = None) -> Any:
        if self.connection.in_transaction:
            return super().execute(query, params)
        return retry_locked(lambda: super(RetryingCursor, self).execute(query, params), what=query[:40])

    def executemany(self, query: str, param_list: Any) -> Any:
        if self.connection.in_transaction:
            return super().executemany(query, param_list)
        rows = list(param_list)  # a generator could not be read twice
        return retry_locked(lambda: super(RetryingCursor, self).executemany(query, rows), what=query[:40])


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        limit = self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return min(limit, 100_000)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures

    def create_cursor(self, name: str | None = None) -> RetryingCursor:
        return self.connection.cursor(factory=RetryingCursor)

    def get_new_connection(self, conn_params: dict) -> sqlite3.Connection:
        # The first connection switches the file to WAL, which needs a moment's exclusive lock.
        return retry_locked(lambda: super(DatabaseWrapper, self).get_new_connection(conn_params), what="connect")
