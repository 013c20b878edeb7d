"""When a kept record's retention period runs out, what it still holds of the erased person goes (PIPL Art 47 ¶1(2));
before that day nothing changes, and records with no end stay."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from patentbridge.casework.models import DisclosureInventor
from patentbridge.casework.tests.factories import disclosed, institution
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.privacy import selectors, services
from patentbridge.privacy.models import PrivacyRequest
from patentbridge.privacy.registry import ERASED
from patentbridge.privacy.tests.factories import officer, outsider_request
from patentbridge.revenue.tests.factories import IncomeFactory, InventorShareFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def erased():
    """王晓红, an outside co-inventor without an account: named on a disclosure, a reward share and a patent, and
    erased at her request."""
    uni = institution()
    case = disclosed(uni)
    inventor = DisclosureInventor.objects.create(disclosure=case.disclosure, name="王晓红", share=Decimal("40"))
    share = InventorShareFactory(income=IncomeFactory(organisation=uni.org, received_on=dt.date(2026, 3, 1)),
                                 inventor=None, name="王晓红")
    patent = PatentFactory(inventors=["王晓红", "李四"])
    by = officer()
    request = services.request_verify(actor=by, privacy_request=outsider_request(by), note="身份证核验")
    services.request_answer(actor=by, privacy_request=request, answer="已删除")
    request.refresh_from_db()
    return request, inventor, share, patent


def _kept(request, source):
    return next(k for k in request.outcome["kept"] if k["source"] == source)


def test_nothing_goes_before_the_last_day(erased):
    request, inventor, share, _patent = erased
    last = min(dt.date.fromisoformat(k["until"]) for k in request.outcome["kept"] if k["until"])
    assert services.purge_expired(today=last) == 0
    inventor.refresh_from_db()
    assert inventor.name == "王晓红"


def test_the_inventors_name_on_the_disclosure_goes_when_its_period_ends(erased):
    request, inventor, _share, _patent = erased
    end = dt.date.fromisoformat(_kept(request, "disclosure_inventors")["until"])
    services.purge_expired(today=end + dt.timedelta(days=1))
    inventor.refresh_from_db()
    request.refresh_from_db()
    assert inventor.name == ERASED and inventor.share == Decimal("40")
    assert _kept(request, "disclosure_inventors")["purged_on"] == (end + dt.timedelta(days=1)).isoformat()


def test_the_reward_share_keeps_its_name_until_the_accounting_period_ends(erased):
    request, inventor, share, _patent = erased
    disclosure_end = dt.date.fromisoformat(_kept(request, "disclosure_inventors")["until"])
    accounting_end = dt.date.fromisoformat(_kept(request, "reward_shares")["until"])
    assert disclosure_end < accounting_end  # 20 years against 30 by default
    services.purge_expired(today=disclosure_end + dt.timedelta(days=1))
    share.refresh_from_db()
    assert share.name == "王晓红"
    services.purge_expired(today=accounting_end + dt.timedelta(days=1))
    share.refresh_from_db()
    assert share.name == ERASED and share.amount is not None


def test_the_request_loses_the_persons_name_and_contact_after_its_own_period(erased):
    request, *_ = erased
    end = dt.date.fromisoformat(_kept(request, "privacy_requests")["until"])
    services.purge_expired(today=end + dt.timedelta(days=1))
    request.refresh_from_db()
    assert request.subject_name == ERASED and request.subject_contact == "" and request.outcome["kept"]


def test_the_published_patent_keeps_the_inventor_for_good(erased):
    request, _inventor, _share, patent = erased
    assert _kept(request, "patent_inventors")["until"] is None
    services.purge_expired(today=dt.date(2100, 1, 1))
    patent.refresh_from_db()
    assert "王晓红" in patent.inventors and "purged_on" not in _kept(PrivacyRequest.objects.get(), "patent_inventors")


def test_a_second_run_purges_nothing_again(erased):
    far = dt.date(2100, 1, 1)
    assert services.purge_expired(today=far) > 0
    assert services.purge_expired(today=far) == 0


def test_the_kept_records_say_when_each_went(erased):
    request, *_ = erased
    services.purge_expired(today=dt.date(2100, 1, 1))
    request.refresh_from_db()
    assert all(k["purged_on"] == "2100-01-01" for k in selectors.kept_records(request) if k["until"])


def test_the_request_page_says_in_chinese_when_a_kept_record_went(erased):
    request, *_ = erased
    services.purge_expired(today=dt.date(2100, 1, 1))
    client = Client()
    client.force_login(request.decided_by)
    body = client.get(reverse("privacy:detail", args=[request.pk])).content.decode()
    assert "已于 2100-01-01 删除" in body and "erased on" not in body


def test_the_daily_command_purges(erased, capsys, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: dt.date(2100, 1, 1))
    call_command("privacy_purge")
    assert "purged=" in capsys.readouterr().out
    inventor = erased[1]
    inventor.refresh_from_db()
    assert inventor.name == ERASED
