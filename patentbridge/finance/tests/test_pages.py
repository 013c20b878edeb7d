"""The pages of pledge disposal, read as the roles that use them: the bank's list and case page through a whole
disposal, the pledgor's agreement, the statement PDF, the patent page's notice, and the regulator's overview."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from patentbridge.finance import services
from patentbridge.finance.models import DisposalStatus, PledgeDisposal
from patentbridge.finance.tests.factories import DEFAULT, fake_market, opened, pledged, sold
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of


@pytest.fixture
def world(db, monkeypatch):
    translation.activate("en")
    fake_market(monkeypatch)
    yield pledged()
    translation.deactivate()


def _as(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_bank_sees_its_pledge_and_opens_the_disposal_from_the_form(world):
    client = _as(world.officer)
    assert world.pledge.registration_number in _text(client.get("/finance/"))
    response = client.post(f"/finance/pledges/{world.pledge.pk}/dispose/", {**DEFAULT, "defaulted_on": "2026-03-01"})
    disposal = PledgeDisposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/finance/disposals/{disposal.pk}/"
    assert disposal.number in _text(client.get("/finance/"))


def test_a_refused_opening_keeps_what_was_typed(world):
    response = _as(world.officer).post(f"/finance/pledges/{world.pledge.pk}/dispose/",
                                       {**DEFAULT, "defaulted_on": "2026-03-01", "principal": "0",
                                        "debtor_name": "某某公司"})
    assert "某某公司" in _text(response) and not PledgeDisposal.objects.exists()


def test_the_pledgor_agrees_on_the_case_page(world):
    disposal = opened(world)
    client = _as(world.signatory)
    assert 'data-testid="agree-form"' in _text(client.get(f"/finance/disposals/{disposal.pk}/"))
    client.post(f"/finance/disposals/{disposal.pk}/agree/")
    assert PledgeDisposal.objects.get(pk=disposal.pk).status == DisposalStatus.AGREED


def test_the_bank_sends_the_agreed_case_from_its_page(world):
    disposal = services.disposal_agree(actor=world.signatory, disposal=opened(world))
    client = _as(world.officer)
    assert 'data-testid="send-form"' in _text(client.get(f"/finance/disposals/{disposal.pk}/"))
    client.post(f"/finance/disposals/{disposal.pk}/send/", {"route": "listing", "appraisal": "900000",
                                                          "price": "900000", "organiser_id": world.buyer.pk})
    assert PledgeDisposal.objects.get(pk=disposal.pk).status == DisposalStatus.SENT


def test_the_sold_case_previews_and_confirms_the_statement_and_gives_its_pdf(world):
    disposal = sold(world)
    client = _as(world.officer)
    page = _text(client.get(f"/finance/disposals/{disposal.pk}/?commission=30000"))
    assert 'data-testid="preview"' in page and "120,000.00" in page  # 1,000,000 − 30,000 − the claim 850,000
    client.post(f"/finance/disposals/{disposal.pk}/statement/", {"sale_commission": "30000",
                                                                 "sale_other_costs": "2000"})
    assert PledgeDisposal.objects.get(pk=disposal.pk).status == DisposalStatus.PROCEEDS_SPLIT
    pdf = _as(world.signatory).get(f"/finance/disposals/{disposal.pk}/statement.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_statement_pdf_waits_for_the_confirmation(world):
    disposal = sold(world)
    assert _as(world.officer).get(f"/finance/disposals/{disposal.pk}/statement.pdf").status_code == 404


def test_the_patent_page_tells_everyone_once_the_patent_is_offered_for_sale(world):
    disposal = opened(world)
    outsider = member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.SIGNATORY)
    url = f"/patents/{world.patent.lookup_number}/"
    assert 'data-testid="disposal-link"' in _text(_as(world.signatory).get(url))
    assert 'data-testid="disposal-panel"' not in _text(_as(outsider).get(url))
    services.disposal_send(actor=world.officer, disposal=services.disposal_agree(actor=world.signatory,
                                                                                  disposal=disposal),
                           route="listing", data={"appraisal": "1", "price": "1", "organiser_id": world.buyer.pk})
    page = _text(_as(outsider).get(url))
    assert 'data-testid="disposal-panel"' in page and disposal.number not in page


def test_the_regulator_reads_counts_and_amounts_by_city(world):
    opened(world)
    regulator = member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR)
    page = _text(_as(regulator).get("/finance/overview/"))
    assert "Guangzhou" in page and "850,000.00" in page


def test_a_cost_that_is_not_a_non_negative_number_previews_as_zero(world):
    disposal = sold(world)
    page = _text(_as(world.officer).get(f"/finance/disposals/{disposal.pk}/?commission=-5&other_costs=x"))
    assert 'name="sale_commission" value="0"' in page and "150,000.00" in page  # 1,000,000 − 850,000


def test_the_bank_uploads_a_court_ruling_and_the_pledgor_downloads_it(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    disposal = opened(world)
    _as(world.officer).post(f"/finance/disposals/{disposal.pk}/ruling/", {
        "court": "广州知识产权法院", "ruling_number": "(2026)粤73民特9号", "ruling_date": "2026-05-06",
        "ruling_file": SimpleUploadedFile("裁定.pdf", b"%PDF-1.4 x")})
    assert PledgeDisposal.objects.get(pk=disposal.pk).status == DisposalStatus.ORDERED
    response = _as(world.signatory).get(f"/finance/disposals/{disposal.pk}/ruling/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    outsider = member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.SIGNATORY)
    assert _as(outsider).get(f"/finance/disposals/{disposal.pk}/ruling/file/").status_code == 404
