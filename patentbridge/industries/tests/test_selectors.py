"""What other apps read: a patent's industries, the intensive class of a small class, counts per intensive class."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from patentbridge.industries import selectors
from patentbridge.industries.models import PatentIndustry, Route
from patentbridge.patents.models import Patent
from patentbridge.patents.tests.factories import PatentFactory


def _link(patent, code: str, route: str, weight: str) -> None:
    PatentIndustry.objects.create(patent=patent, industry_id=code, route=route, weight=Decimal(weight))


def test_a_small_class_in_the_2019_classification_has_its_intensive_class(reference):
    assert selectors.intensive_class_of("3921").code == "PA01"


def test_a_small_class_outside_the_2019_classification_has_none(reference):
    assert selectors.intensive_class_of("0111") is None


def test_a_patents_industries_come_most_trusted_route_first_with_their_intensive_class(reference):
    patent = PatentFactory()
    _link(patent, "0111", Route.EMPIRICAL, "1")
    _link(patent, "3921", Route.APPLICANT, "1")
    links = selectors.patent_industries(patent)
    assert [(link.route, link.code, link.intensive_class and link.intensive_class.code) for link in links] == [
        (Route.APPLICANT, "3921", "PA01"), (Route.EMPIRICAL, "0111", None)]


def test_intensive_counts_sum_the_weights_of_one_route(reference):
    first, second = PatentFactory(), PatentFactory()
    _link(first, "3921", Route.EMPIRICAL, "0.5")
    _link(first, "0111", Route.EMPIRICAL, "0.5")
    _link(second, "3921", Route.EMPIRICAL, "1")
    assert selectors.intensive_counts(Patent.objects.all(), Route.EMPIRICAL) == {"PA01": Decimal("1.5")}


def test_intensive_counts_take_each_patents_most_trusted_route_by_default(reference):
    patent = PatentFactory()
    _link(patent, "3921", Route.APPLICANT, "1")
    _link(patent, "2761", Route.EMPIRICAL, "1")
    assert selectors.intensive_counts(Patent.objects.all()) == {"PA01": Decimal("1")}


def test_intensive_counts_keep_to_the_given_patents(reference):
    inside, outside = PatentFactory(), PatentFactory()
    _link(inside, "3921", Route.EMPIRICAL, "1")
    _link(outside, "3921", Route.EMPIRICAL, "1")
    assert selectors.intensive_counts(Patent.objects.filter(pk=inside.pk)) == {"PA01": Decimal("1")}


def test_the_patent_page_lists_its_industries_with_route_and_intensive_class(reference, settings):
    patent = PatentFactory()
    _link(patent, "3921", Route.CONCORDANCE, "1")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/patents/{patent.lookup_number}/").content.decode()
    section = html.split('data-testid="patent-industries"')[1].split("</section>")[0]
    assert "Strategic-emerging-industry concordance" in section and "3921 通信系统设备制造" in section
    assert "信息通信技术制造业" in section and ">concordance<" not in section


def test_the_patent_api_gives_its_industries(reference, settings):
    settings.ROOT_URLCONF = "patentbridge.industries.tests.urls"
    patent = PatentFactory()
    _link(patent, "3921", Route.EMPIRICAL, "1")
    body = Client().get(f"/api/v1/patents/{patent.lookup_number}/industries").json()
    assert body == [{"route": "empirical", "route_label": "IPC→行业经验对照表", "code": "3921",
                     "name": "通信系统设备制造", "weight": "1.0000",
                     "intensive_class": {"code": "PA01", "name": "信息通信技术制造业"},
                     "intensive_middle": {"code": "PA101", "name": "通信设备、雷达及配套设备制造"}}]
