"""Each source of the inventory: the copy finds the person's rows; an erasure blanks what may go, deletes what is
only theirs, and keeps the records the law requires with their ground and end — never a payment, a contract or an
audit entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.utils import timezone

from patentbridge.casework.models import DisclosureInventor
from patentbridge.casework.tests.factories import disclosed, institution
from patentbridge.commissioners.models import Designation
from patentbridge.committee.models import CommitteeMember
from patentbridge.committee.tests.factories import seat
from patentbridge.core.models import ApiToken, SecurityEvent
from patentbridge.managers.models import ManagerProfile, Rank, TrainingRecord
from patentbridge.managers.tests.factories import training
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import Membership
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.models import PoolEntry
from patentbridge.privacy import selectors, services
from patentbridge.privacy.models import RequestKind
from patentbridge.privacy.registry import ERASED, GROUNDS, SOURCES, pseudonym
from patentbridge.privacy.tests.factories import officer, outsider_request, verified
from patentbridge.revenue.models import InventorShare, RewardPayment
from patentbridge.revenue.tests.factories import IncomeFactory, InventorShareFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """张伟, an inventor of a university, with a row in every source; an outside co-inventor 王晓红."""
    uni = institution()
    user = uni.inventor
    user.first_name, user.email = "张伟", "zhangwei@example.cn"
    user.save()
    case = disclosed(uni)
    DisclosureInventor.objects.filter(disclosure=case.disclosure).update(share=Decimal("60"))
    outsider = DisclosureInventor.objects.create(disclosure=case.disclosure, name="王晓红", share=Decimal("40"))
    profile = ManagerProfile.objects.create(user=user, organisation=uni.org, rank=Rank.JUNIOR, bio="我的简介",
                                            certificate_number="CERT-1", public=True, tags=["新能源"])
    course = training(user, certificate_number="TR-1")
    patent = PatentFactory(inventors=["张伟", "李四"])
    other_patent = PatentFactory(inventors=["李四"])
    entry = PoolEntry.objects.create(patent=patent, organisation=uni.org, inventor=user, self_comment="我愿意转化",
                                     self_maturity=4)
    income = IncomeFactory(organisation=uni.org, received_on=dt.date(2026, 3, 1))
    share = InventorShareFactory(income=income, inventor=user, name="张伟")
    payment = RewardPayment.objects.create(share=share, amount=Decimal("1000"), paid_on=dt.date(2026, 4, 1))
    designation = Designation.objects.create(commissioner=user, organisation=uni.org, city_id="440100",
                                             starts_on=dt.date(2025, 1, 1))
    committee_seat = seat(uni.org, user=user)
    notice = Notice.objects.create(recipient=user, kind="deal_proposed", link="/deals/1/")
    token = ApiToken.objects.create(user=user, name="脚本", prefix="abcd1234", key_hash="x" * 64)
    event = SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN, user=user, username=user.username,
                                         ip_address="10.0.0.8")
    attempt = AccessAttempt.objects.create(username=user.username, ip_address="10.0.0.9", user_agent="x",
                                           failures_since_start=1, get_data="", post_data="", http_accept="",
                                           path_info="/accounts/login/")
    return SimpleNamespace(**locals())


def _erase(user):
    head = officer()
    found = verified(user, head, RequestKind.ERASE)
    return services.request_answer(actor=head, privacy_request=found, answer="已处理")


def _section(sections, key):
    return next(s for s in sections if s.source.key == key)


def _found(world, key):
    return {r.pk for r in _section(selectors.personal_data(selectors.subject_of(verified(world.user, officer()))),
                                   key).rows}


@pytest.mark.parametrize("key, attribute", [
    ("account", "user"), ("manager_profile", "profile"), ("manager_training", "course"), ("patent_inventors", "patent"),
    ("pool_self_assessment", "entry"), ("reward_shares", "share"), ("reward_payments", "payment"),
    ("commissioner_designations", "designation"), ("committee_seats", "committee_seat"), ("notices", "notice"),
    ("api_tokens", "token"), ("security_events", "event"), ("sign_in_attempts", "attempt")])
def test_the_copy_finds_the_persons_row(world, key, attribute):
    assert _found(world, key) == {getattr(world, attribute).pk}


def test_the_copy_finds_the_persons_disclosures_but_not_a_co_inventors(world):
    assert _found(world, "disclosure_inventors") == {world.case.disclosure.inventors.get(user=world.user).pk}


def test_the_copy_finds_the_roles_in_organisations(world):
    assert _found(world, "memberships") == set(Membership.objects.filter(user=world.user).values_list("pk", flat=True))


def test_a_patent_naming_someone_else_is_not_in_the_copy(world):
    assert world.other_patent.pk not in _found(world, "patent_inventors")


def test_the_json_copy_names_each_rows_ground_and_end(world):
    document = selectors.export_document(verified(world.user, officer()))
    shares = next(s for s in document["sources"] if s["source"] == "reward_shares")
    assert shares["ground"]["key"] == "accounting" and shares["rows"][0]["kept_until"] == "2056-03-01"
    assert shares["rows"][0]["values"]["amount"] == "3000.00"


def test_the_copy_counts_the_acts_recorded_under_the_account(world):
    acts = selectors.recorded_acts(world.user)
    assert any(count >= 1 for _kind, _field, count in acts)  # the disclosure it filed, at least


def test_erasure_pseudonymises_and_deactivates_the_account(world):
    _erase(world.user)
    user = get_user_model().objects.get(pk=world.user.pk)
    assert (user.username, user.first_name, user.email, user.is_active) == (pseudonym(user.pk), "", "", False)
    assert not user.has_usable_password()


def test_erasure_blanks_the_managers_own_words_and_keeps_the_grade(world):
    _erase(world.user)
    profile = ManagerProfile.objects.get(pk=world.profile.pk)
    assert (profile.bio, profile.certificate_number, profile.tags, profile.public, profile.rank) == (
        "", "", [], False, Rank.JUNIOR)


def test_erasure_blanks_a_training_certificate_and_keeps_the_course(world):
    _erase(world.user)
    course = TrainingRecord.objects.get(pk=world.course.pk)
    assert (course.certificate_number, course.course) == ("", world.course.course)


def test_erasure_blanks_the_inventors_comment_and_keeps_the_ratings(world):
    _erase(world.user)
    entry = PoolEntry.objects.get(pk=world.entry.pk)
    assert (entry.self_comment, entry.self_maturity) == ("", 4)


def test_erasure_keeps_payments_and_shares_with_the_accounting_ground(world):
    done = _erase(world.user)
    assert InventorShare.objects.get(pk=world.share.pk).name == "张伟"
    assert RewardPayment.objects.filter(pk=world.payment.pk).exists()
    kept = {(k["source"], k["ground"], k["until"]) for k in done.outcome["kept"]}
    assert ("reward_payments", "accounting", "2056-04-01") in kept


def test_erasure_keeps_the_inventor_on_the_published_patent(world):
    done = _erase(world.user)
    world.patent.refresh_from_db()
    assert "张伟" in world.patent.inventors
    assert {"source": "patent_inventors", "id": world.patent.pk, "ground": "public_register", "until": None,
            "fields": ["application_number", "title", "inventors"], "withheld": True} in done.outcome["kept"]


def test_erasure_keeps_official_records(world):
    _erase(world.user)
    assert Designation.objects.filter(pk=world.designation.pk).exists()
    assert CommitteeMember.objects.filter(pk=world.committee_seat.pk).exists()
    assert Membership.objects.filter(user_id=world.user.pk).exists()


def test_erasure_deletes_notifications_tokens_and_lockout_counters(world):
    _erase(world.user)
    assert not Notice.objects.filter(pk=world.notice.pk).exists()
    assert not ApiToken.objects.filter(pk=world.token.pk).exists()
    assert not AccessAttempt.objects.filter(pk=world.attempt.pk).exists()


def test_erasure_keeps_the_security_log(world):
    _erase(world.user)
    assert SecurityEvent.objects.filter(pk=world.event.pk).exists()


def test_erasure_does_not_copy_the_erased_values_into_the_change_log(world):
    _erase(world.user)
    assert not LogEntry.objects.filter(changes_text__contains="zhangwei@example.cn").exists()
    assert not any("zhangwei@example.cn" in str(e.changes) for e in LogEntry.objects.all())


def test_an_outsiders_erasure_finds_their_disclosure_by_name_and_keeps_it(world):
    head = officer()
    found = outsider_request(head)
    services.request_verify(actor=head, privacy_request=found, note="来信附身份证复印件")
    done = services.request_answer(actor=head, privacy_request=found)
    assert [k["id"] for k in done.outcome["kept"] if k["source"] == "disclosure_inventors"] == [world.outsider.pk]
    assert DisclosureInventor.objects.get(pk=world.outsider.pk).name == "王晓红"


def test_an_outsiders_request_does_not_reach_an_account_of_the_same_name(world):
    found = outsider_request(officer(), name="张伟")
    assert not _section(selectors.personal_data(selectors.subject_of(found)), "reward_shares").rows


def test_every_ground_has_an_end_rule_and_every_source_keeps_on_a_known_ground():
    assert all(s.ground in GROUNDS for s in SOURCES if s.kept)
    assert GROUNDS["accounting"].until(dt.date(2026, 2, 28)) == dt.date(2056, 2, 28)


def test_erasing_a_name_in_place_uses_the_agreed_words():
    assert ERASED == "已删除的个人信息"


def test_the_answer_lists_the_kept_records_in_words(world):
    done = _erase(world.user)
    rows = selectors.kept_records(done)
    assert any(r["ground"].key == "accounting" for r in rows) and all(r["label"] for r in rows)
    assert timezone.localdate() <= dt.date.fromisoformat(next(r["until"] for r in rows if r["ground"].key == "audit"))
