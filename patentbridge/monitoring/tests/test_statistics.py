"""Patents, invention patents per 10,000 employees, conversions and filed products per industry × city × year."""

import datetime as dt
from decimal import Decimal

from patentbridge.industries.models import PatentIndustry, Route
from patentbridge.monitoring import selectors
from patentbridge.monitoring.tests.factories import (
    GUANGZHOU,
    SHENZHEN,
    account,
    converted,
    filed_product,
    held_invention,
    patent_in,
)
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products.models import ProductStatus


def _row(code, city=GUANGZHOU, year=2024):
    return next(r for r in selectors.statistics(city, year)["rows"] if r["code"] == code)


def test_a_patent_counts_fractionally_by_its_industry_weights():
    patent_in(links={"3921": "0.75", "3913": "0.25"}, application_date=dt.date(2024, 2, 1))
    assert (_row("PA101")["patents_filed"], _row("PA102")["patents_filed"]) == (Decimal("0.75"), Decimal("0.25"))


def test_a_class_adds_its_middle_classes():
    patent_in(links={"3921": "0.75", "3913": "0.25"}, application_date=dt.date(2024, 2, 1))
    assert _row("PA01")["patents_filed"] == Decimal("1")


def test_only_the_most_trusted_route_of_a_patent_counts():
    patent = patent_in(links={"3921": "1"}, route=Route.APPLICANT, application_date=dt.date(2024, 2, 1))
    PatentIndustry.objects.create(patent=patent, industry_id="3913", route=Route.EMPIRICAL, weight=Decimal("1"))
    assert (_row("PA101")["patents_filed"], _row("PA102")["patents_filed"]) == (Decimal("1"), Decimal("0"))


def test_patents_outside_the_classification_have_their_own_row():
    patent_in(links={"0111": "1"}, application_date=dt.date(2024, 2, 1))
    assert _row(selectors.NOT_INTENSIVE)["patents_filed"] == Decimal("1")


def test_unclassified_patents_are_counted_apart():
    patent_in(application_date=dt.date(2024, 2, 1))
    assert _row(selectors.UNCLASSIFIED)["patents_filed"] == Decimal("1")


def test_per_10k_employees_where_employees_are_entered():
    held_invention(links={"3921": "1"})
    held_invention(links={"3922": "1"})
    account("PA101", employees=4000)
    assert _row("PA101")["per_10k_employees"] == Decimal("5.00")


def test_no_per_10k_figure_where_employees_are_not_entered():
    held_invention(links={"3921": "1"})
    row = _row("PA101")
    assert (row["employees"], row["per_10k_employees"]) == (None, None)


def test_no_per_10k_figure_for_a_class_whose_employees_are_entered_for_only_some_middle_classes():
    held_invention(links={"3921": "1"})
    account("PA101", employees=4000)
    row = _row("PA01")
    assert (row["employees"], row["employees_complete"], row["per_10k_employees"]) == (Decimal(4000), False, None)


def test_invention_patents_lapsed_before_year_end_are_not_held():
    held_invention(links={"3921": "1"}, legal_status=LegalStatus.LAPSED_FEES)
    assert _row("PA101")["inventions_held"] == Decimal("0")


def test_a_patents_city_falls_back_to_its_applicants():
    owner = OrganisationFactory(kind=OrgKind.ENTERPRISE, city_id=SHENZHEN)
    patent = PatentFactory(city=None, owner=owner, application_date=dt.date(2024, 2, 1))
    PatentIndustry.objects.create(patent=patent, industry_id="3921", route=Route.EMPIRICAL, weight=Decimal("1"))
    assert _row("PA101", SHENZHEN)["patents_filed"] == Decimal("1")


def test_conversions_in_the_year_count_by_industry():
    converted(patent_in(links={"3921": "0.5", "3913": "0.5"}), on=dt.date(2024, 6, 1))
    assert _row("PA101")["conversions"] == Decimal("0.5")


def test_conversions_of_another_year_do_not_count():
    converted(patent_in(links={"3921": "1"}), on=dt.date(2023, 6, 1))
    assert _row("PA101")["conversions"] == Decimal("0")


def test_filed_products_and_their_output_count_in_their_industry():
    filed_product("3921", output="1000000", number="1")
    filed_product("3922", output="500000", number="2")
    row = _row("PA101")
    assert (row["products"], row["output"]) == (2, Decimal("1500000"))


def test_a_product_revoked_before_year_end_does_not_count():
    filed_product("3921", output="1000000", status=ProductStatus.REVOKED, revoked_on=dt.date(2024, 8, 1))
    assert _row("PA101")["products"] == 0


def test_another_citys_patents_do_not_count():
    patent_in(SHENZHEN, links={"3921": "1"}, application_date=dt.date(2024, 2, 1))
    assert _row("PA101")["patents_filed"] == Decimal("0")


def test_the_province_counts_every_citys_patents():
    patent_in(GUANGZHOU, links={"3921": "1"}, application_date=dt.date(2024, 2, 1))
    patent_in(SHENZHEN, links={"3921": "1"}, application_date=dt.date(2024, 2, 1))
    assert _row("PA101", None)["patents_filed"] == Decimal("2")


def test_the_province_shows_each_citys_patent_intensive_totals():
    patent_in(SHENZHEN, links={"3921": "1"}, application_date=dt.date(2024, 2, 1))
    shenzhen = next(c for c in selectors.statistics(None, 2024)["by_city"] if c["code"] == SHENZHEN)
    assert shenzhen["patents_filed"] == Decimal("1")


def test_a_citys_figures_have_no_table_by_city():
    assert selectors.statistics(GUANGZHOU, 2024)["by_city"] == []
