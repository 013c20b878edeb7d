"""Every response carries the security headers; pages work under the Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

TEMPLATE_ROOT = Path(settings.PACKAGE_DIR)
# Pages whose inline script still has its own policy entry (settings.CSP_PAGE_UPDATES), until the script moves
# into a static file.
INLINE_SCRIPT_ALLOWED: set[str] = set()


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def assert_security_headers(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_html_page_has_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_api_response_has_the_security_headers(client):
    response = client.get("/api/v1/patents")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_api_error_envelope_has_the_security_headers(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert_security_headers(response)


def _regulator():
    from patentbridge.orgs.models import OrgKind, Role
    from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    user = UserFactory()
    MembershipFactory(user=user, organisation=OrganisationFactory(kind=OrgKind.REGULATOR), role=Role.REGULATOR)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/kpi/", "/patents/"])
def test_inline_script_is_blocked_on_every_page(path):
    client = Client()
    client.force_login(_regulator())
    assert directives(client.get(path))["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_api_docs_load_swagger_from_this_site_not_a_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_templates_have_no_inline_script_code():
    """Inline code and eval would be blocked by script-src 'self': scripts live in static files, data in
    json_script, and htmx attributes hold no `js:` expressions."""
    offenders = []
    for template in TEMPLATE_ROOT.glob("**/templates/**/*.html"):
        relative = str(template.relative_to(TEMPLATE_ROOT))
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag and relative not in INLINE_SCRIPT_ALLOWED:
                offenders.append(f"{relative}: {tag}")
        offenders += [f"{relative}: {m}" for m in re.findall(r"\son[a-z]+=\"|hx-on|=['\"](?:js|javascript):", text)]
    assert offenders == []


@pytest.mark.django_db
def test_pages_link_the_sites_own_favicon(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg"' in html
    assert (TEMPLATE_ROOT / "static/img/favicon.svg").exists()
