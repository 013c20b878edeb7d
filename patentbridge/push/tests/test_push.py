"""Precise push: matching subscribers get exactly one notification per event; private demands stay private."""

import pytest
from django.core import mail
from django.test import Client, override_settings

from patentbridge.demands.models import Demand, DemandStatus, Visibility
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.push import services
from patentbridge.push.models import Frequency, Notification, Subscription
from patentbridge.push.selectors import funnel

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def new_patent(**fields):
    return PatentFactory(title=fields.pop("title", "一种压缩机减振降噪装置"),
                         abstract=fields.pop("abstract", "通过弹性支座降低压缩机振动与噪音。"),
                         ipc_main="F04B39/00", ipc_codes=["F04B39/00"], **fields)


def push(*patents) -> int:
    return services.notifications_create(services.events_record(patent_ids=[p.pk for p in patents]))


@pytest.mark.django_db
def test_saved_search_yields_exactly_one_notification_per_event():
    user = UserFactory(email="a@example.cn")
    services.subscription_create(user=user, kind="search", name="压缩机", query="压缩机 降噪")
    services.subscription_create(user=user, kind="profile", name="F04B", ipc_prefixes=["F04B"])
    patent = new_patent()
    events = services.events_record(patent_ids=[patent.pk])
    assert services.notifications_create(events) == 1
    assert services.notifications_create(events) == 0
    assert Notification.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_unrelated_patent_notifies_nobody():
    services.subscription_create(user=UserFactory(), kind="search", name="电池", query="动力电池 热管理")
    assert push(new_patent()) == 0


@pytest.mark.django_db
def test_profile_matches_by_ipc_and_city():
    user = UserFactory()
    from patentbridge.orgs.models import City

    services.subscription_create(user=user, kind="profile", name="深圳 F04", ipc_prefixes=["F04"],
                                 city=City.objects.get(pk="440300"))
    assert push(new_patent(city_id="440100")) == 0
    assert push(new_patent(city_id="440300")) == 1


@pytest.mark.django_db
def test_daily_digest_is_one_mail_and_never_repeated():
    user = UserFactory(email="a@example.cn")
    services.subscription_create(user=user, kind="search", name="压缩机", query="压缩机")
    push(new_patent(), new_patent(title="一种压缩机外壳"))
    assert services.digests_send(Frequency.DAILY) == 1
    assert services.digests_send(Frequency.DAILY) == 0
    assert len(mail.outbox) == 1 and "unsubscribe" in mail.outbox[0].body


@pytest.mark.django_db
def test_one_click_unsubscribe_stops_notifications(client):
    user = UserFactory()
    subscription = services.subscription_create(user=user, kind="search", name="压缩机", query="压缩机")
    assert client.get(f"/push/unsubscribe/{subscription.token}/").status_code == 200
    assert push(new_patent()) == 0


@pytest.mark.django_db
def test_demand_subscription_is_refused_for_another_enterprise(make_member):
    owner, enterprise = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    demand = Demand.objects.create(organisation=enterprise, title="保密需求", problem="压缩机降噪",
                                   visibility=Visibility.INVITED, status=DemandStatus.PUBLISHED)
    rival, _ = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    from patentbridge.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.subscription_create(user=rival, kind="demand", name="x", demand=demand)
    services.subscription_create(user=owner, kind="demand", name="mine", demand=demand)
    push(new_patent())
    assert set(Notification.objects.values_list("user_id", flat=True)) == {owner.pk}


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE)
def test_imported_patent_is_pushed_after_commit(logged_in_client, django_capture_on_commit_callbacks):
    client, user, _ = logged_in_client()
    user.email = "ttm@example.cn"
    user.save()
    services.subscription_create(user=user, kind="search", name="语音", query="语音增强", frequency=Frequency.INSTANT)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/patents", {"application_number": "CN201410264351.3", "title": "一种语音增强方法"},
                    content_type="application/json")
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_opening_from_the_inbox_counts_in_the_funnel(logged_in_client):
    client, user, _ = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    services.subscription_create(user=user, kind="search", name="压缩机", query="压缩机")
    push(new_patent())
    notification = Notification.objects.get()
    assert client.get(f"/push/inbox/{notification.pk}/").status_code == 302
    assert funnel() == {"pushed": 1, "opened": 1, "interested": 0, "converted": 0}
    assert 'data-testid="funnel"' in client.get("/push/stats/").content.decode()


@pytest.mark.django_db
def test_nobody_opens_someone_elses_notification():
    owner = UserFactory()
    services.subscription_create(user=owner, kind="search", name="压缩机", query="压缩机")
    push(new_patent())
    other = Client()
    other.force_login(UserFactory())
    assert other.get(f"/push/inbox/{Notification.objects.get().pk}/").status_code == 404


@pytest.mark.django_db
def test_saved_search_without_words_is_refused():
    from patentbridge.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        services.subscription_create(user=UserFactory(), kind="search", name="空", query="的 了")
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_subscriptions_and_notifications_api(logged_in_client):
    client, _, _ = logged_in_client()
    response = client.post("/api/v1/subscriptions", {"kind": "search", "query": "压缩机", "frequency": "weekly"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    push(new_patent())
    body = client.get("/api/v1/notifications").json()
    assert body["count"] == 1 and body["items"][0]["patent"]["title"] == "一种压缩机减振降噪装置"
    assert client.delete(f"/api/v1/subscriptions/{response.json()['id']}").status_code == 204
    assert client.get("/api/v1/subscriptions").json()[0]["active"] is False


@pytest.mark.django_db
def test_notifications_api_needs_sign_in(client):
    assert client.get("/api/v1/notifications").status_code == 401


@pytest.mark.django_db
def test_publishing_a_demand_subscribes_its_author_until_it_closes(enterprise_demand,
                                                                    django_capture_on_commit_callbacks):
    owner, demand = enterprise_demand
    from patentbridge.demands.services import demand_transition

    with django_capture_on_commit_callbacks(execute=True):
        demand_transition(actor=owner, demand=demand, to=DemandStatus.PUBLISHED)
    assert Subscription.objects.filter(user=owner, kind="demand", demand=demand).count() == 1
    assert push(new_patent()) == 1
    demand_transition(actor=owner, demand=demand, to=DemandStatus.CLOSED)
    assert push(new_patent(title="另一种压缩机减振结构")) == 0


@pytest.mark.django_db
def test_the_author_is_subscribed_only_once_the_publication_commits(enterprise_demand,
                                                                    django_capture_on_commit_callbacks):
    owner, demand = enterprise_demand
    from patentbridge.demands.services import demand_transition

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        demand_transition(actor=owner, demand=demand, to=DemandStatus.PUBLISHED)
    assert not Subscription.objects.filter(demand=demand).exists()
    for callback in callbacks:
        callback()
    assert Subscription.objects.filter(user=owner, kind="demand", demand=demand).exists()


@pytest.mark.django_db
def test_frequency_can_be_changed(logged_in_client):
    client, user, _ = logged_in_client()
    subscription = services.subscription_create(user=user, kind="search", name="压缩机", query="压缩机")
    response = client.patch(f"/api/v1/subscriptions/{subscription.pk}", {"frequency": "weekly"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["frequency"] == "weekly"


@pytest.fixture
def enterprise_demand(make_member):
    owner, enterprise = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    demand = Demand.objects.create(organisation=enterprise, created_by=owner, title="压缩机降噪",
                                   problem="压缩机振动噪音大，需要减振降噪", ipc_hints=["F04B"])
    return owner, demand
