"""Panels: the sections higher apps add to a lower app's page."""

import pytest
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from patentbridge.core import panels


@pytest.fixture
def slots(monkeypatch):
    monkeypatch.setattr(panels, "_slots", {})


def test_panels_render_in_registration_order_and_once(slots):
    first, second = (lambda request, obj: mark_safe(f"<p>{obj}-1</p>")), (lambda request, obj: mark_safe("<p>2</p>"))
    for panel in (first, second, first):
        panels.panel_register("page", panel)
    assert panels.panels_render("page", RequestFactory().get("/"), "x") == "<p>x-1</p><p>2</p>"


def test_plain_text_from_a_panel_is_escaped(slots):
    panels.panel_register("page", lambda request, obj: "<script>")
    assert panels.panels_render("page", RequestFactory().get("/"), None) == "&lt;script&gt;"


def test_a_slot_nobody_fills_renders_nothing(slots):
    assert panels.panels_render("empty", RequestFactory().get("/"), None) == ""
