"""The three product targets: distinct Guangdong filers and distinct patents of products filed on the period end,
and the output of the products recognised as patent-intensive for a year."""

import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.kpi.selectors import product_figures
from patentbridge.kpi.tests.factories import enterprise, invention, outside, product, recognised
from patentbridge.products.models import ProductStatus
from patentbridge.recognition.models import RecognitionStatus

END = dt.date(2025, 12, 31)
pytestmark = pytest.mark.django_db


def figures(end=END, year=None, city=None):
    return product_figures(end, year, city)


def test_a_firm_with_two_filed_products_counts_once_and_a_shared_patent_once():
    firm = enterprise()
    shared = invention(firm)
    product(firm, [shared, invention(firm)])
    product(firm, [shared])
    assert (figures()["firms"], figures()["patents"], figures()["products"]) == (1, 2, 2)


@pytest.mark.parametrize("status", [ProductStatus.SUBMITTED, ProductStatus.RETURNED, ProductStatus.REFUSED])
def test_a_product_not_filed_does_not_count(status):
    firm = enterprise()
    product(firm, [invention(firm)], status=status)
    assert (figures()["firms"], figures()["patents"]) == (0, 0)


def test_a_product_revoked_by_the_period_end_does_not_count():
    firm = enterprise()
    product(firm, [invention(firm)], status=ProductStatus.REVOKED, revoked_on=dt.date(2025, 6, 1))
    assert (figures()["firms"], figures()["patents"]) == (0, 0)


def test_a_product_revoked_after_the_period_end_still_counts_in_it():
    firm = enterprise()
    product(firm, [invention(firm)], status=ProductStatus.REVOKED, revoked_on=dt.date(2026, 2, 1))
    assert (figures()["firms"], figures(dt.date(2026, 3, 1))["firms"]) == (1, 0)


def test_a_product_filed_after_the_period_end_does_not_count_in_it():
    firm = enterprise()
    product(firm, [invention(firm)], filed_on=dt.date(2026, 1, 5))
    assert figures()["firms"] == 0


def test_a_filer_outside_guangdong_does_not_count():
    firm = outside()
    product(firm, [invention(firm)])
    assert (figures()["firms"], figures()["patents"]) == (0, 0)


def test_the_city_filter_reads_the_filers_city():
    firm = enterprise("440300")
    product(firm, [invention(firm)])
    assert (figures(city="440300")["firms"], figures(city="440100")["firms"]) == (1, 0)


def test_output_sums_the_recognised_products_of_the_latest_year_with_recognitions():
    firm = enterprise()
    recognised(product(firm), 2024, "100")
    recognised(product(firm), 2025, "700")
    recognised(product(firm), 2025, "50")
    assert (figures()["output"], figures()["output_year"]) == (Decimal("750"), 2025)


def test_output_of_a_chosen_year():
    firm = enterprise()
    recognised(product(firm), 2024, "100")
    recognised(product(firm), 2025, "700")
    assert figures(year=2024)["output"] == Decimal("100")


@pytest.mark.parametrize("status", [RecognitionStatus.APPLIED, RecognitionStatus.IN_NOTICE,
                                    RecognitionStatus.REFUSED, RecognitionStatus.LAPSED])
def test_output_of_a_product_not_recognised_does_not_count(status):
    recognised(product(enterprise()), 2025, "700", status=status)
    assert figures(year=2025)["output"] == 0


def test_each_product_figure_is_set_against_its_target():
    from patentbridge.kpi.selectors import summary

    targets = {t["key"]: t for t in summary(today=dt.date(2026, 11, 30))["targets"]}
    assert [(targets[k]["goal"], targets[k]["met"]) for k in ("product_firms", "product_patents", "product_output")
            ] == [(3000, False), (45000, False), (Decimal("100000000000"), False)]
