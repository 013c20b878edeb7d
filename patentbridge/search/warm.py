"""Warm-up of a web process: what the first search needs, loaded in the background when the process starts.

A cold first search loads the jieba dictionary, both published indexes and the embedding model (seconds); a web
process starts this in a side thread (see patentbridge/wsgi.py), so the first person to search does not wait for it.
Only a web process does: migrate, tests and the other commands never import the WSGI module.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connections

from patentbridge.search import semantic
from patentbridge.search.indexes import current_lexical, current_vectors
from patentbridge.search.text import tokens

logger = logging.getLogger(__name__)


def warm_search() -> None:
    """Load the tokenizer, the published indexes and the embedding model, and embed one query."""
    tokens("预热 warm up")
    current_lexical()
    current_vectors()
    semantic.embed_query("预热")


def _warm() -> None:
    try:
        warm_search()
    except Exception:  # noqa: BLE001 - a failed warm-up only means the first search loads what it needs itself
        logger.exception("search warm-up failed; the first search will load the indexes itself")
    finally:
        connections.close_all()


def warm_in_background() -> threading.Thread | None:
    """Start the warm-up in a daemon thread, unless SEARCH_WARM_ON_START is off."""
    if not settings.SEARCH_WARM_ON_START:
        return None
    thread = threading.Thread(target=_warm, name="search-warm-up", daemon=True)
    thread.start()
    return thread
