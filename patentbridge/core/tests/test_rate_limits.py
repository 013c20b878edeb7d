"""Rate limits: sign-in (per address and per user name), search (per user, else per address) and the API (per
caller and per address; writes stricter than reads). A refusal is a 429 with Retry-After — the error envelope for
the API, a page in the site's layout otherwise — and one security event per rule, key and window."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from patentbridge.core.models import SecurityEvent
from patentbridge.core.network import client_address
from patentbridge.core.services import api_token_create
from patentbridge.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
# Hourly windows: a test never straddles the end of one (django-ratelimit's windows are fixed, not sliding).
LOW = "2/h"


@pytest.fixture(autouse=True)
def _limits(settings):
    cache.clear()
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {name: "1000/h" for name in settings.RATELIMITS}
    settings.TRUSTED_PROXIES = []
    yield
    cache.clear()


def limit(settings, **rates: str) -> None:
    settings.RATELIMITS = {**settings.RATELIMITS, **rates}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get_many(client: Client, path: str, times: int, **extra) -> list:
    return [client.get(path, **extra) for _ in range(times)]


def test_the_api_refuses_a_caller_over_its_limit_with_the_envelope_and_retry_after(settings):
    limit(settings, api_read_per_caller=LOW)
    token = api_token_create(user=UserFactory(), name="t")
    responses = get_many(Client(), "/api/v1/patents", 3, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert [r.status_code for r in responses[:2]] == [200, 200]
    refused = responses[2]
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    error = refused.json()["error"]
    assert error["code"] == "rate_limited" and error["details"]["rule"] == "api_read_per_caller"
    assert error["details"]["retry_after"] == int(refused["Retry-After"]) and error["message"]


def test_each_signed_in_user_has_an_allowance_of_their_own(settings, make_member):
    limit(settings, api_read_per_caller=LOW)
    first, second = signed_in(make_member()[0]), signed_in(make_member()[0])
    assert [r.status_code for r in get_many(first, "/api/v1/patents", 3)] == [200, 200, 429]
    assert second.get("/api/v1/patents").status_code == 200


def test_callers_from_one_address_share_its_allowance(settings, make_member):
    limit(settings, api_read_per_address=LOW)
    first, second = signed_in(make_member()[0]), signed_in(make_member()[0])
    get_many(first, "/api/v1/patents", 2)
    assert second.get("/api/v1/patents").status_code == 429
    assert second.get("/api/v1/patents", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_anonymous_callers_are_counted_by_address(settings):
    limit(settings, api_read_per_address=LOW)
    assert [r.status_code for r in get_many(Client(), "/api/v1/patents", 3)] == [200, 200, 429]


def test_writes_are_limited_apart_from_and_stricter_than_reads(settings, make_member):
    limit(settings, api_write_per_caller="1/h")
    client = signed_in(make_member()[0])
    statuses = [client.post("/api/v1/demands", {}, content_type="application/json").status_code for _ in range(2)]
    assert statuses[0] != 429 and statuses[1] == 429
    assert client.get("/api/v1/patents").status_code == 200


def test_sign_in_attempts_are_limited_per_user_name_whatever_the_address(settings):
    limit(settings, sign_in_per_username=LOW)
    login = reverse("login")
    for address in ("192.0.2.1", "192.0.2.2"):
        Client().post(login, {"username": "Target", "password": "wrong"}, REMOTE_ADDR=address)
    refused = Client().post(login, {"username": "target", "password": "wrong"}, REMOTE_ADDR="192.0.2.3")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert Client().post(login, {"username": "someone-else", "password": "x"}).status_code == 200


def test_sign_in_attempts_are_limited_per_address(settings):
    limit(settings, sign_in_per_address=LOW)
    login = reverse("login")
    statuses = [Client().post(login, {"username": f"name{n}", "password": "wrong"}).status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def test_a_refused_page_is_shown_in_the_sites_layout(settings):
    limit(settings, search=LOW)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = get_many(client, "/search/", 3)[2]
    page = refused.content.decode()
    assert refused.status_code == 429 and refused["Content-Type"].startswith("text/html")
    assert "Too many requests" in page and "<nav" in page


def test_search_counts_a_signed_in_user_not_the_address(settings, make_member):
    limit(settings, search=LOW)
    get_many(Client(), "/search/", 2)
    assert signed_in(make_member()[0]).get("/search/").status_code == 200
    assert Client().get("/search/").status_code == 429


def test_the_search_api_counts_with_the_search_page(settings):
    limit(settings, search=LOW)
    client = Client()
    client.get("/search/")
    client.get("/api/v1/search", {"q": "电池"})
    assert client.get("/api/v1/search", {"q": "电池"}).status_code == 429


def test_refusals_are_recorded_once_per_key_and_window(settings, make_member):
    limit(settings, api_read_per_caller="1/h")
    user = make_member()[0]
    get_many(signed_in(user), "/api/v1/patents", 5)
    events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RATE_LIMITED)
    assert events.count() == 1
    event = events.get()
    assert event.user == user and event.ip_address == "127.0.0.1" and "api_read_per_caller" in event.detail


def test_the_limits_can_be_turned_off(settings):
    limit(settings, api_read_per_address="1/h")
    settings.RATELIMIT_ENABLE = False
    assert {r.status_code for r in get_many(Client(), "/api/v1/patents", 3)} == {200}


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(settings, rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.9", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request) == "198.51.100.9"


def test_a_client_cannot_hide_behind_an_address_it_puts_in_front_of_the_header(settings, rf):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.9", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "198.51.100.9"


def test_behind_a_trusted_proxy_each_client_address_has_its_own_allowance(settings):
    limit(settings, api_read_per_address="1/h")
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    Client().get("/api/v1/patents", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert Client().get("/api/v1/patents", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    assert Client().get("/api/v1/patents", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_with_the_database_cache_the_counts_live_in_the_table_every_host_reads(settings):
    from django.core.management import call_command
    from django.db import connection

    from patentbridge.settings import cache_from_url

    settings.CACHES = {"default": cache_from_url("db://")}
    call_command("createcachetable", verbosity=0)
    limit(settings, api_read_per_caller=LOW)
    token = api_token_create(user=UserFactory(), name="t")
    responses = get_many(Client(), "/api/v1/patents", 3, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert [r.status_code for r in responses] == [200, 200, 429]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM patentbridge_cache")
        assert cursor.fetchone()[0] >= 1
