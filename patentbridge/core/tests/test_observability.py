"""Each request has an id: taken from a sane X-Request-ID or made, returned in the header, carried by every log line
of the request (and shown on the 500 page); a worker's lines carry the task id; JSON log lines parse."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.test import Client

from patentbridge.core.observability import ContextFilter, JsonLineFormatter, TextFormatter, task_context

pytestmark = [pytest.mark.django_db, pytest.mark.urls("patentbridge.core.tests.observability_urls")]


@pytest.fixture(autouse=True)
def _context_on_captured_records(caplog):
    """The console handler adds the request's fields (settings.LOGGING); pytest's capture handler needs the same."""
    caplog.handler.addFilter(ContextFilter())


def test_a_response_carries_a_new_request_id():
    response = Client().get("/test-logs/")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_sane_request_id_from_the_proxy_is_kept():
    response = Client().get("/test-logs/", HTTP_X_REQUEST_ID="4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a")
    assert response["X-Request-ID"] == "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"


def test_a_garbled_request_id_is_replaced():
    response = Client().get("/test-logs/", HTTP_X_REQUEST_ID="x\"><script>alert(1)</script>")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_log_line_written_by_a_view_carries_the_request_id(caplog):
    with caplog.at_level(logging.INFO):
        response = Client().get("/test-logs/")
    record = next(r for r in caplog.records if r.getMessage() == "a line from a view")
    assert record.request_id == response["X-Request-ID"]


def test_the_access_line_names_the_request_its_status_and_duration(caplog):
    with caplog.at_level(logging.INFO, logger="patentbridge.access"):
        response = Client().get("/test-logs/", HTTP_X_REQUEST_ID="req-0000000001")
    record = next(r for r in caplog.records if r.name == "patentbridge.access")
    assert (record.request_id, record.method, record.path, record.status) == (
        "req-0000000001", "GET", "/test-logs/", 200)
    assert record.duration_ms >= 0 and response.status_code == 200


def test_the_access_line_names_the_signed_in_user(caplog, make_member):
    user, _ = make_member()
    client = Client()
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="patentbridge.access"):
        client.get("/")
    assert next(r for r in caplog.records if r.name == "patentbridge.access").user_id == user.pk


def test_a_server_error_is_logged_with_the_request_id_the_page_shows(caplog):
    with caplog.at_level(logging.ERROR):
        response = Client(raise_request_exception=False).get("/test-fails/", HTTP_X_REQUEST_ID="req-broken-0001")
    assert response.status_code == 500 and "req-broken-0001" in response.content.decode()
    logged = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert logged and logged[0].request_id == "req-broken-0001"


def json_lines(run) -> list[dict]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonLineFormatter())
    target = logging.getLogger("patentbridge")
    target.addHandler(handler)
    previous = target.level
    target.setLevel(logging.INFO)
    try:
        run()
    finally:
        target.removeHandler(handler)
        target.setLevel(previous)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_log_lines_parse_and_carry_the_request_fields():
    lines = json_lines(lambda: Client().get("/test-logs/", HTTP_X_REQUEST_ID="req-json-000001"))
    access = next(line for line in lines if line["logger"] == "patentbridge.access")
    assert access["request_id"] == "req-json-000001" and access["status"] == 200 and access["method"] == "GET"
    assert access["level"] == "INFO" and access["time"] and "duration_ms" in access


def test_json_log_lines_keep_chinese_readable():
    lines = json_lines(lambda: logging.getLogger("patentbridge.test").warning("专利 %s", "已导入"))
    assert lines == [lines[0]] and lines[0]["message"] == "专利 已导入"


def test_a_workers_line_carries_the_task_id(caplog):
    with caplog.at_level(logging.INFO), task_context(42):
        logging.getLogger("patentbridge.worker").info("running")
    assert caplog.records[-1].task_id == "42" and caplog.records[-1].request_id is None


def test_the_text_format_tags_a_line_with_its_task():
    formatter = TextFormatter("%(levelname)s %(name)s%(context_tag)s: %(message)s")
    with task_context("7"):
        record = logging.getLogger("patentbridge.worker").makeRecord(
            "patentbridge.worker", logging.INFO, __file__, 1, "done", (), None)
        ContextFilter().filter(record)
    assert formatter.format(record) == "INFO patentbridge.worker [task 7]: done"
