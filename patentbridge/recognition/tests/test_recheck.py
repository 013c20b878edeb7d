"""The yearly re-check: a recognised product lapses when revoked, late with its data, or left without a patent."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from patentbridge.core.errors import Conflict
from patentbridge.notices.models import Notice
from patentbridge.patents.models import LegalStatus
from patentbridge.products.models import ProductStatus
from patentbridge.recognition import services
from patentbridge.recognition.models import Recognition, RecognitionStatus
from patentbridge.recognition.tests.factories import ProductYearFactory, filer_user, recognised

pytestmark = pytest.mark.django_db
CHECK_YEAR = 2027
AFTER_Q1 = dt.date(CHECK_YEAR, 4, 2)


def _standing(**kwargs) -> Recognition:
    """Recognised for 2026 with its 2026 data reported on time in the first quarter of 2027."""
    recognition = recognised(2026, **kwargs)
    ProductYearFactory(product=recognition.product, year=CHECK_YEAR - 1)
    return recognition


def _recheck() -> list[Recognition]:
    return services.recognitions_recheck(year=CHECK_YEAR, today=AFTER_Q1)


def test_a_product_that_still_qualifies_stays_recognised():
    recognition = _standing()
    assert _recheck() == [] and Recognition.objects.get(pk=recognition.pk).status == RecognitionStatus.RECOGNISED


def test_a_revoked_product_lapses():
    recognition = _standing()
    product = recognition.product
    product.status, product.revoked_on = ProductStatus.REVOKED, dt.date(CHECK_YEAR, 2, 1)
    product.save()
    assert [r.pk for r in _recheck()] == [recognition.pk]


def test_data_not_updated_on_time_lapses():
    recognition = recognised(2026)
    ProductYearFactory(product=recognition.product, year=CHECK_YEAR - 1, on_time=False)
    lapsed = _recheck()
    assert lapsed[0].status == RecognitionStatus.LAPSED and lapsed[0].lapsed_on == AFTER_Q1


def test_all_patents_lapsed_lapses():
    recognition = _standing()
    for link in recognition.product.patent_links.all():
        link.patent.legal_status = LegalStatus.EXPIRED
        link.patent.save()
    assert len(_recheck()[0].lapse_reasons) == 1


def test_the_filer_is_told_of_the_lapse():
    recognition = recognised(2026)
    member = filer_user(recognition.product)
    _recheck()
    assert Notice.objects.filter(recipient=member, params__decision_label="Lapsed at re-check").exists()


def test_recheck_waits_for_the_first_quarter_to_end():
    recognised(2026)
    with pytest.raises(Conflict):
        services.recognitions_recheck(year=CHECK_YEAR, today=dt.date(CHECK_YEAR, 3, 31))


def test_the_command_reports_the_lapsed_products(capsys):
    recognised(2024)
    call_command("recheck_recognitions", "--year", "2025")
    assert "1 recognition(s) lapsed" in capsys.readouterr().out


def test_the_command_refuses_inside_the_update_window():
    with pytest.raises(CommandError):
        call_command("recheck_recognitions", "--year", str(dt.date.today().year + 1))
