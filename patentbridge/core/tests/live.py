"""The live server for browser tests on SQLite's in-memory test database.

That database lives in one connection, which Django hands to every request thread of `live_server`. Two requests at
once (two browsers polling an auction as it closes) then interleave their transactions on that one connection: one
thread's rollback or commit ends the other's, and a page can show a step that the database no longer holds. Serving
one request at a time keeps each request's transaction whole. PostgreSQL gives every thread its own connection and
keeps the concurrency real."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

_one_at_a_time = threading.Lock()


class SerialWSGIServer(ThreadedWSGIServer):
    """Threads per connection as before (Chromium keeps connections open), but one application call at a time."""

    def set_app(self, application: Callable[..., Iterable[bytes]]) -> None:
        def serial(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            with _one_at_a_time:
                return application(environ, start_response)

        super().set_app(serial)


def serialise_when_shared() -> None:
    """Only an in-memory SQLite database is shared between threads: the test database is one unless it is named."""
    if any(c.vendor == "sqlite" and (c.is_in_memory_db() or not c.settings_dict.get("TEST", {}).get("NAME"))
           for c in connections.all()):
        LiveServerThread.server_class = SerialWSGIServer
