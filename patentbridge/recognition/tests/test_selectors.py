"""The selectors the KPI dashboard relies on, and who sees which recognition."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from patentbridge.orgs.models import City
from patentbridge.recognition import selectors
from patentbridge.recognition.models import RecognitionStatus
from patentbridge.recognition.tests.factories import (
    YEAR,
    ProductFactory,
    applied,
    eligible_product,
    filer_user,
    recognised,
    regulator,
)

pytestmark = pytest.mark.django_db


def _in_city(code: str):
    product = eligible_product(YEAR)
    product.filer.city = City.objects.get(code=code)
    product.filer.save()
    return product


def test_recognised_counts_only_recognised_ones_of_the_year():
    kept = recognised(YEAR)
    recognised(YEAR - 1)
    applied()
    assert list(selectors.recognised(YEAR)) == [kept]


def test_recognised_filters_by_the_filers_city():
    guangzhou = recognised(YEAR, product=_in_city("440100"))
    recognised(YEAR, product=_in_city("440300"))
    assert list(selectors.recognised(YEAR, city="440100")) == [guangzhou]


def test_recognised_output_sums_the_data_years_output():
    recognised(YEAR)
    recognised(YEAR)
    applied()
    assert selectors.recognised_output(YEAR) == Decimal("2400000.00")


def test_recognised_output_is_zero_without_recognitions():
    assert selectors.recognised_output(YEAR) == Decimal("0")


def test_a_lapsed_recognition_no_longer_counts():
    recognition = recognised(YEAR)
    recognition.status, recognition.lapsed_on = RecognitionStatus.LAPSED, recognition.recognised_on
    recognition.save()
    assert selectors.recognised_output(YEAR) == Decimal("0")


def test_an_application_is_hidden_from_anonymous_visitors():
    recognition = applied()
    assert not selectors.visible_to(AnonymousUser()).filter(pk=recognition.pk).exists()


def test_an_application_is_hidden_from_another_enterprise():
    recognition = applied()
    assert not selectors.visible_to(filer_user(ProductFactory())).filter(pk=recognition.pk).exists()


def test_the_filer_and_regulators_see_an_application():
    recognition = applied()
    seen = [selectors.visible_to(u).filter(pk=recognition.pk).exists()
            for u in (filer_user(recognition.product), regulator())]
    assert seen == [True, True]


def test_a_recognised_product_is_public():
    recognition = recognised(YEAR)
    assert selectors.visible_to(AnonymousUser()).filter(pk=recognition.pk).exists()


def test_figures_are_not_shown_to_the_public():
    assert not selectors.sees_filing(AnonymousUser(), recognised(YEAR))
