"""A web process warms search up in the background when it starts, unless told not to."""

from __future__ import annotations

from patentbridge.search import warm


def test_warm_up_runs_in_a_background_thread(settings, monkeypatch):
    settings.SEARCH_WARM_ON_START = True
    calls = []
    monkeypatch.setattr(warm, "warm_search", lambda: calls.append("warmed"))
    thread = warm.warm_in_background()
    thread.join(timeout=10)
    assert calls == ["warmed"] and thread.daemon


def test_no_warm_up_when_switched_off(settings):
    settings.SEARCH_WARM_ON_START = False
    assert warm.warm_in_background() is None


def test_a_failed_warm_up_is_logged_not_raised(settings, monkeypatch, caplog):
    settings.SEARCH_WARM_ON_START = True

    def broken():
        raise RuntimeError("no index")

    monkeypatch.setattr(warm, "warm_search", broken)
    warm.warm_in_background().join(timeout=10)
    assert "search warm-up failed" in caplog.text
