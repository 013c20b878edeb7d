"""The filing clerk's review: file (with a number), return (the filer changes and resubmits), refuse; always with
a reason; the filer notified; the change audited; only the clerk decides."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.notices.models import Notice
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products import services
from patentbridge.products.models import Product, ProductStatus, StepKind
from patentbridge.products.selectors import review_queue
from patentbridge.products.tests.factories import (
    TODAY,
    clerk,
    enterprise,
    filer_user,
    product_data,
    year_figures,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    filer = enterprise()
    user = filer_user(filer)
    patent = PatentFactory(owner=filer)
    product = services.product_file(actor=user, filer=filer, data=product_data(), patents=[patent.lookup_number],
                                    year_data={"year": 2025, **year_figures()}, today=TODAY)
    return product, user, patent


def _decide(product, decision, reason="材料齐全", actor=None):
    return services.product_review(actor=actor or clerk(), product=product, decision=decision, reason=reason,
                                   today=TODAY)


def test_filing_gives_a_number_in_the_configured_format(submitted, settings):
    settings.PRODUCT_FILING_NUMBER_FORMAT = "YUE-{year}-{seq:04d}"
    product = _decide(submitted[0], ProductStatus.FILED)
    assert (product.status, product.filing_number, product.filed_on) == (ProductStatus.FILED, "YUE-2026-0001", TODAY)


def test_the_default_number_is_gdcp_year_and_six_digits(submitted):
    assert _decide(submitted[0], ProductStatus.FILED).filing_number == "GDCP2026000001"


def test_the_filer_is_notified_of_the_decision(submitted):
    product, user, _patent = submitted
    _decide(product, ProductStatus.FILED)
    notice = Notice.objects.get(recipient=user)
    assert product.name in notice.text and f"/products/{product.pk}/" in notice.link


def test_the_decision_is_audited_with_its_actor(submitted):
    product = submitted[0]
    reviewer = clerk()
    _decide(product, ProductStatus.REFUSED, "与专利无关", actor=reviewer)
    assert LogEntry.objects.get_for_object(product).filter(actor=reviewer).exists()
    assert product.steps.filter(kind=StepKind.REFUSED, actor=reviewer, note="与专利无关").exists()


def test_a_decision_needs_a_reason(submitted):
    with pytest.raises(ValidationFailed):
        _decide(submitted[0], ProductStatus.RETURNED, reason=" ")


def test_returned_then_changed_and_resubmitted(submitted):
    product, user, patent = submitted
    _decide(product, ProductStatus.RETURNED, "请补充型号")
    other = PatentFactory(owner=product.filer)
    services.product_resubmit(actor=user, product=product, data=product_data(model="BC-300"),
                              patents=[patent.lookup_number, other.lookup_number],
                              year_data={"year": 2025, **year_figures(2000000)}, today=TODAY)
    product.refresh_from_db()
    assert (product.status, product.model, product.patent_links.count()) == (ProductStatus.SUBMITTED, "BC-300", 2)
    assert product.years.get().sales == 2000000


def test_a_filed_product_cannot_be_returned_or_resubmitted(submitted):
    product, user, patent = submitted
    _decide(product, ProductStatus.FILED)
    with pytest.raises(Conflict):
        _decide(product, ProductStatus.RETURNED)
    with pytest.raises(Conflict):
        services.product_resubmit(actor=user, product=product, data=product_data(), patents=[patent.lookup_number],
                                  year_data={"year": 2025, **year_figures()}, today=TODAY)


def test_a_refused_filing_stays_refused(submitted):
    product = _decide(submitted[0], ProductStatus.REFUSED, "不符合")
    with pytest.raises(Conflict):
        _decide(product, ProductStatus.FILED)


def test_filing_is_refused_when_a_patent_lapsed_since_submission(submitted):
    product, _user, patent = submitted
    Patent.objects.filter(pk=patent.pk).update(legal_status=LegalStatus.LAPSED_FEES)
    with pytest.raises(Conflict) as caught:
        _decide(product, ProductStatus.FILED)
    assert caught.value.code == "patent_check_failed"
    assert Product.objects.get(pk=product.pk).status == ProductStatus.SUBMITTED


def test_an_enterprise_user_cannot_review_even_their_own(submitted):
    product, user, _patent = submitted
    with pytest.raises(PermissionDenied):
        _decide(product, ProductStatus.FILED, actor=user)


def test_another_organisations_user_cannot_resubmit(submitted):
    product, _user, patent = submitted
    _decide(product, ProductStatus.RETURNED, "请补充")
    with pytest.raises(PermissionDenied):
        services.product_resubmit(actor=filer_user(enterprise()), product=product, data=product_data(),
                                  patents=[patent.lookup_number], year_data={"year": 2025, **year_figures()},
                                  today=TODAY)


def test_the_queue_holds_submitted_filings_only_until_decided(submitted):
    product = submitted[0]
    assert product in review_queue()
    _decide(product, ProductStatus.FILED)
    assert product not in review_queue()


def test_two_filings_in_a_year_get_consecutive_numbers(submitted):
    first = _decide(submitted[0], ProductStatus.FILED)
    filer = enterprise()
    second = services.product_file(actor=filer_user(filer), filer=filer, data=product_data(),
                                   patents=[PatentFactory(owner=filer).lookup_number],
                                   year_data={"year": 2025, **year_figures()}, today=dt.date(2026, 11, 27))
    assert _decide(second, ProductStatus.FILED).filing_number == "GDCP2026000002" != first.filing_number
