"""The demo's industries: the classifications, the learned table, and every bundled patent classified (for
home/demo.py's prepare_demo to call after the patents are imported). No organisation's industry is declared: that
is each organisation's own statement, so the demo leaves it to the walk (demo-ttm for 华南理工大学)."""

from __future__ import annotations

from collections.abc import Callable

from patentbridge.industries.reference import load_intensive, load_learned, load_sei
from patentbridge.industries.services import register_classify


def prepare_industries(say: Callable[[str], None]) -> None:
    intensive, rules, learned = load_intensive(), load_sei(), load_learned()
    say(f"Industries: {intensive} patent-intensive small classes, {rules} SEI rules, {learned} learned weights")
    patents, rows = register_classify()
    say(f"Industries: {patents} patents classified ({rows} industry links)")
