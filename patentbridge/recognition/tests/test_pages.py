"""The recognition pages and API: who opens what, and what each shows."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from patentbridge.recognition.models import Criterion, Recognition, RecognitionStatus
from patentbridge.recognition.tests.factories import (
    YEAR,
    ProductFactory,
    applied,
    eligible_product,
    filer_user,
    in_notice,
    platform_admin,
    recognised,
    regulator,
)

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_list_shows_recognised_products_and_notices_to_anyone():
    shown, noticed = recognised(YEAR), in_notice(dt.date(YEAR, 6, 1), dt.date(YEAR, 6, 7))
    body = _client().get(reverse("recognition:list")).content.decode()
    assert shown.product.name in body and noticed.product.name in body


def test_the_public_list_says_the_thresholds_are_unverified():
    assert b'data-testid="thresholds-unverified"' in _client().get(reverse("recognition:list")).content


def test_the_public_list_filters_by_year():
    recognised(YEAR - 1)
    kept = recognised(YEAR)
    page = _client().get(reverse("recognition:list"), {"year": YEAR})
    assert list(page.context["page"]) == [kept]


def test_an_application_is_not_found_for_anonymous_visitors():
    assert _client().get(reverse("recognition:detail", args=[applied().pk])).status_code == 404


def test_the_public_page_of_a_recognised_product_hides_its_figures():
    page = _client().get(reverse("recognition:detail", args=[recognised(YEAR).pk]))
    assert page.status_code == 200 and b'data-testid="assessment"' not in page.content


def test_the_regulator_sees_each_criterion_without_a_verdict():
    page = _client(regulator()).get(reverse("recognition:detail", args=[applied().pk]))
    assert page.context["rows"] and b'data-testid="decision-form"' in page.content
    assert "likely" not in page.content.decode().lower()


def test_the_filer_applies_on_its_page():
    product = eligible_product()
    response = _client(filer_user(product)).post(reverse("recognition:mine"), {"product": product.pk, "year": YEAR})
    assert response.status_code == 302 and Recognition.objects.filter(product=product, year=YEAR).exists()


def test_an_ineligible_application_shows_the_reasons():
    product = ProductFactory()  # no data, no patent
    response = _client(filer_user(product)).post(reverse("recognition:mine"), {"product": product.pk, "year": YEAR})
    assert response.status_code == 400 and response.context["form"].non_field_errors()


def test_the_review_queue_is_refused_to_an_enterprise():
    assert _client(filer_user(ProductFactory())).get(reverse("recognition:queue")).status_code == 403


def test_the_regulator_recognises_from_the_page():
    recognition = applied()
    _client(regulator()).post(reverse("recognition:decide", args=[recognition.pk]), {"decision": "recognise"})
    assert Recognition.objects.get(pk=recognition.pk).status == RecognitionStatus.IN_NOTICE


def test_a_refusal_without_reasons_is_sent_back():
    recognition = applied()
    response = _client(regulator()).post(reverse("recognition:decide", args=[recognition.pk]),
                                         {"decision": "refuse", "note": ""})
    assert response.status_code == 400


def test_the_admin_edits_a_criterion_on_its_page():
    criterion = Criterion.objects.filter(active=True).first()
    data = {"standard": criterion.standard, "indicator": criterion.indicator, "category": "", "comparator": "gte",
            "threshold": "40", "unit": "%", "active": "on", "note": ""}
    _client(platform_admin()).post(reverse("recognition:criterion_edit", args=[criterion.pk]), data)
    assert Criterion.objects.get(pk=criterion.pk).threshold == 40


def test_the_criteria_page_is_refused_for_editing_to_a_regulator():
    url = reverse("recognition:criterion_edit", args=[Criterion.objects.first().pk])
    assert _client(regulator()).get(url).status_code == 403


def test_the_api_lists_recognised_products_anonymously():
    recognised(YEAR)
    response = _client().get("/api/v1/recognitions", {"year": YEAR})
    assert response.status_code == 200 and response.json()["count"] == 1


def test_the_api_refuses_an_ineligible_application_with_reasons():
    product = ProductFactory()
    response = _client(filer_user(product)).post("/api/v1/recognitions", {"product_id": product.pk, "year": YEAR},
                                                 content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "not_eligible"


def test_the_api_hides_the_assessment_from_the_public():
    body = _client().get(f"/api/v1/recognitions/{recognised(YEAR).pk}").json()
    assert body["assessment"] is None and body["status"] == "recognised"


def test_the_api_criteria_have_null_thresholds():
    body = _client().get("/api/v1/recognitions/criteria").json()
    assert body and all(c["threshold"] is None for c in body)
