"""The inbox itself: one notice per event and person, e-mail by preference after the commit, read state, the badge,
the language switch, the API."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from patentbridge.notices import selectors, services
from patentbridge.notices.kinds import Delivery, NoticeKind
from patentbridge.notices.models import Notice
from patentbridge.notices.texts import msgid
from patentbridge.orgs.tests.factories import UserFactory
from patentbridge.pool.models import PoolState

pytestmark = pytest.mark.django_db


def _notify(user, kind=NoticeKind.FEE_DUE, key="fee:1:9:30", **extra):
    return services.notify(recipients=[user], kind=kind, key=key, link="/pool/fees/",
                           params={"patent": "CN2019 一种装置", "year": "9", "due": "2027-01-15"}, **extra)


@pytest.fixture
def person():
    return UserFactory(email="tto@example.edu.cn")


def test_the_same_event_notifies_a_person_once(person):
    assert (_notify(person), _notify(person)) == (1, 0)


def test_the_actor_is_never_notified_of_their_own_act(person):
    assert _notify(person, actor=person) == 0


def test_a_kind_that_asks_to_act_is_mailed_at_once_after_the_commit(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify(person)
    assert not mail.outbox
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and "2027-01-15" in mail.outbox[0].body
    assert Notice.objects.get().emailed_at is not None


def test_an_informing_kind_waits_for_the_daily_digest(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[person], kind=NoticeKind.LICENCE_TAKEN, link="/licensing/licences/1/",
            params={"licensee": "某公司", "patent": "CN2019 一种装置"})
    assert not mail.outbox
    call_command("send_notice_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1 and "某公司" in mail.outbox[0].body
    assert services.digests_send() == 0


def test_a_person_who_wants_no_mail_gets_none(person, django_capture_on_commit_callbacks):
    services.preferences_save(user=person, choices={NoticeKind.FEE_DUE: Delivery.NEVER})
    with django_capture_on_commit_callbacks(execute=True):
        _notify(person)
    assert not mail.outbox and services.digests_send() == 0 and selectors.unread_count(person) == 1


def test_a_notice_mailed_by_its_own_app_is_not_mailed_again(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(person, mail=False)
    assert not mail.outbox and services.digests_send() == 0


def test_the_text_follows_the_language_chosen_when_it_is_read(person):
    services.notify(recipients=[person], kind=NoticeKind.REVIEW_DECISION, link="/pool/entries/1/",
                    params={"patent": "CN2019 一种装置", "decision_label": msgid(PoolState.POOLED.label)})
    notice = Notice.objects.get()
    with translation.override("en"):
        assert notice.text == "Decision on CN2019 一种装置: In the pool."
    with translation.override("zh-hans"):
        assert "已入库" in notice.text and "In the pool" not in notice.text


def test_opening_a_notice_marks_it_read_and_goes_to_the_thing_to_act_on(client, person):
    _notify(person)
    client.force_login(person)
    response = client.get(Notice.objects.get().get_open_path())
    assert response.status_code == 302 and response["Location"] == "/pool/fees/"
    assert selectors.unread_count(person) == 0


def test_no_one_opens_another_persons_notice(client, person):
    _notify(person)
    client.force_login(UserFactory())
    assert client.get(Notice.objects.get().get_open_path()).status_code == 404


def test_a_link_off_the_site_is_not_followed(client, person):
    services.notify(recipients=[person], kind=NoticeKind.FEE_DUE, link="//evil.example/", params={})
    client.force_login(person)
    assert client.get(Notice.objects.get().get_open_path())["Location"] == "/notices/"


def test_every_page_shows_the_unread_count_beside_the_inbox(client, person):
    _notify(person)
    _notify(person, key="fee:2:9:30")
    client.force_login(person)
    page = client.get("/notices/?state=unread").content.decode()
    assert 'data-testid="unread-count"' in page and ">2</span>" in page


def test_mark_all_read_empties_the_unread_filter(client, person):
    _notify(person)
    client.force_login(person)
    client.post("/notices/read-all/")
    assert selectors.unread_count(person) == 0
    assert "data-unread" not in client.get("/notices/").content.decode()


def test_the_old_push_inbox_address_leads_to_the_one_inbox(client, person):
    client.force_login(person)
    assert client.get("/push/inbox/")["Location"] == "/notices/"


def test_preferences_page_saves_a_choice(client, person):
    client.force_login(person)
    choices = {kind: Delivery.DIGEST for kind in NoticeKind.values}
    client.post("/notices/preferences/", choices)
    assert selectors.preferences(person)[0][2] == Delivery.DIGEST


def test_the_api_lists_unread_notices_and_marks_one_read(client, person):
    _notify(person)
    client.force_login(person)
    listed = client.get("/api/v1/notices?state=unread").json()
    assert listed["count"] == 1 and listed["items"][0]["link"] == "/pool/fees/"
    notice_id = listed["items"][0]["id"]
    read = client.post(f"/api/v1/notices/{notice_id}/read").json()
    assert read["read_at"] is not None and client.get("/api/v1/notices?state=unread").json()["count"] == 0


def test_the_api_refuses_another_persons_notice_with_the_error_envelope(client, person):
    _notify(person)
    client.force_login(UserFactory())
    response = client.post(f"/api/v1/notices/{Notice.objects.get().pk}/read")
    assert response.status_code == 404 and response.json()["error"]["code"]
