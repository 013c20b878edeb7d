"""After an erasure, a record the law keeps is only stored (PIPL Art 47 ¶2): the person's name stays in the row but is
no longer shown or used — on a patent's inventor list, a disclosure's inventors, a reward ledger — while the other
people on the same record still show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from patentbridge.casework.models import DisclosureInventor
from patentbridge.casework.tests.factories import disclosed, institution
from patentbridge.core.services import api_token_create
from patentbridge.patents import services as patent_services
from patentbridge.patents.models import WITHHELD_NAME, Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.exports import inventory_sheet
from patentbridge.pool.models import PoolEntry
from patentbridge.privacy import services
from patentbridge.privacy.models import RequestKind
from patentbridge.privacy.tests.factories import officer, outsider_request, verified
from patentbridge.revenue.models import InventorShare
from patentbridge.revenue.tests.factories import IncomeFactory, InventorShareFactory

pytestmark = pytest.mark.django_db
WITHHELD_ZH = "（应本人要求不予显示）"


@pytest.fixture
def uni():
    found = institution()
    found.inventor.first_name = "张伟"
    found.inventor.save()
    return found


def _erase(user) -> None:
    head = officer()
    services.request_answer(actor=head, privacy_request=verified(user, head, RequestKind.ERASE), answer="已处理")


def _erase_outsider(name: str) -> None:
    head = officer()
    found = outsider_request(head, name=name)
    services.request_verify(actor=head, privacy_request=found, note="来信附身份证复印件")
    services.request_answer(actor=head, privacy_request=found)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_patent_page_no_longer_shows_the_erased_inventor(uni):
    patent = PatentFactory(inventors=["张伟", "李四"])
    _erase(uni.inventor)
    page = Client().get(reverse("patents:detail", args=[patent.application_number])).content.decode()
    assert "张伟" not in page and "李四" in page and WITHHELD_ZH in page


def test_the_name_stays_stored_on_the_patent(uni):
    patent = PatentFactory(inventors=["张伟", "李四"])
    _erase(uni.inventor)
    patent.refresh_from_db()
    assert (patent.inventors, patent.inventors_withheld) == (["张伟", "李四"], ["张伟"])


def test_the_patent_api_shows_the_placeholder_in_the_inventors_place(uni):
    patent = PatentFactory(inventors=["李四", "张伟"])
    _erase(uni.inventor)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=uni.office, name='t')}")
    body = client.get(f"/api/v1/patents/{patent.application_number}").json()
    assert body["inventors"] == ["李四", WITHHELD_ZH]


def test_editing_the_inventors_keeps_the_withheld_name_and_drops_its_placeholder(uni):
    patent = PatentFactory(inventors=["张伟", "李四"])
    _erase(uni.inventor)
    patent.refresh_from_db()
    with translation.override("zh-hans"):
        shown = patent.inventors_shown
    patent_services.patent_update(actor=uni.office, patent=patent, data={"inventors": [*shown, "王五"]})
    assert Patent.objects.get(pk=patent.pk).inventors == ["李四", "王五", "张伟"]


def test_the_edit_form_does_not_offer_the_withheld_name(uni):
    from patentbridge.patents.forms import PatentEditForm

    patent = PatentFactory(inventors=["张伟", "李四"])
    _erase(uni.inventor)
    patent.refresh_from_db()
    assert PatentEditForm.initial_for(patent)["inventors"] == "李四"


def test_the_inventory_export_withholds_the_name(uni):
    patent = PatentFactory(inventors=["张伟", "李四"])
    entry = PoolEntry.objects.create(patent=patent, organisation=uni.org)
    _erase(uni.inventor)
    with translation.override("zh-hans"):
        row = inventory_sheet([PoolEntry.objects.select_related("patent").get(pk=entry.pk)], dt.date(2026, 12, 1)).rows[0]
    assert f"{WITHHELD_ZH}、李四" in row


def test_the_case_page_withholds_an_outside_inventors_name_only(uni):
    case = disclosed(uni)
    DisclosureInventor.objects.filter(disclosure=case.disclosure).update(share=Decimal("60"))
    DisclosureInventor.objects.create(disclosure=case.disclosure, name="王晓红", share=Decimal("40"))
    _erase_outsider("王晓红")
    page = _signed_in(uni.office).get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "王晓红" not in page and WITHHELD_ZH in page and "40" in page


def test_the_case_api_withholds_the_name(uni):
    case = disclosed(uni)
    DisclosureInventor.objects.filter(disclosure=case.disclosure).update(share=Decimal("60"))
    DisclosureInventor.objects.create(disclosure=case.disclosure, name="王晓红", share=Decimal("40"))
    _erase_outsider("王晓红")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=uni.office, name='t')}")
    inventors = client.get(f"/api/v1/casework/cases/{case.pk}").json()["inventors"]
    assert sorted(i["name"] for i in inventors) == sorted(["张伟", WITHHELD_ZH])


def test_the_income_page_withholds_the_erased_inventors_name_and_keeps_the_amount(uni):
    income = IncomeFactory(organisation=uni.org)
    share = InventorShareFactory(income=income, inventor=uni.inventor, name="张伟")
    InventorShareFactory(income=income, name="李四")
    _erase(uni.inventor)
    page = _signed_in(uni.office).get(reverse("revenue:income_detail", args=[income.pk])).content.decode()
    assert "张伟" not in page and "李四" in page and WITHHELD_ZH in page
    assert InventorShare.objects.get(pk=share.pk).name == "张伟"


def test_a_reward_is_not_prefilled_with_a_withheld_inventor(uni):
    patent = PatentFactory(inventors=["张伟", "李四"])
    _erase(uni.inventor)
    patent.refresh_from_db()
    assert patent.inventors_usable == ["李四"]


def test_the_answer_says_which_kept_records_no_longer_show_the_name(uni):
    PatentFactory(inventors=["张伟"])
    head = officer()
    done = services.request_answer(actor=head, privacy_request=verified(uni.inventor, head, RequestKind.ERASE))
    withheld = {k["source"] for k in done.outcome["kept"] if k.get("withheld")}
    assert withheld == {"patent_inventors"}


def test_the_placeholder_reads_in_chinese_first():
    with translation.override("zh-hans"):
        assert str(WITHHELD_NAME) == WITHHELD_ZH
