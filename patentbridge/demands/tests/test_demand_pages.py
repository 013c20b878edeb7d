import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from patentbridge.demands.forms import DemandForm
from patentbridge.demands.models import Demand, DemandStatus, Match
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search import indexes, services


@pytest.fixture
def setting(db, make_member, logged_in_client):
    indexes.forget()
    manager, university = make_member(name="华南理工大学")
    patent = PatentFactory(title="一种压缩机减振降噪装置", abstract="通过弹性支座降低压缩机振动与噪音。",
                           ipc_main="F04B39/00", ipc_codes=["F04B39/00"], owner=university)
    services.documents_refresh()
    services.indexes_rebuild()
    client, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE, name="某某空调有限公司")
    yield client, manager, patent
    indexes.forget()


def test_enterprise_posts_and_publishes_a_demand(setting):
    client, _, _ = setting
    response = client.post("/demands/new/", {"title": "降低压缩机噪音", "problem": "压缩机振动噪音大",
                                             "visibility": "public", "publish": "1"})
    demand = Demand.objects.get()
    assert response.status_code == 302 and demand.status == DemandStatus.PUBLISHED


def test_demand_page_shows_explained_matches_and_records_interest(setting):
    client, manager, patent = setting
    client.post("/demands/new/", {"title": "降低压缩机噪音", "problem": "压缩机振动噪音大", "visibility": "public",
                                  "publish": "1"})
    demand = Demand.objects.get()
    html = client.get(f"/demands/{demand.pk}/").content.decode()
    assert "<mark>压缩机</mark>" in html
    client.post(f"/demands/{demand.pk}/matches/{patent.application_number}/answer/", {"answer": "interested"})
    assert Match.objects.get().status == "interested"
    office = Client()
    office.force_login(manager)
    office_html = office.get(f"/patents/{patent.application_number}/").content.decode()
    assert "某某空调有限公司" in office_html and "降低压缩机噪音" in office_html


def test_other_offices_do_not_see_the_interest(setting, make_member):
    client, _, patent = setting
    client.post("/demands/new/", {"title": "降低压缩机噪音", "problem": "压缩机振动噪音大", "visibility": "public",
                                  "publish": "1"})
    demand = Demand.objects.get()
    client.post(f"/demands/{demand.pk}/matches/{patent.application_number}/answer/", {"answer": "interested"})
    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=make_member()[1], role=Role.TECH_TRANSFER_MANAGER)
    other = Client()
    other.force_login(stranger)
    assert "某某空调有限公司" not in other.get(f"/patents/{patent.application_number}/").content.decode()


def test_private_draft_page_is_404_for_another_enterprise(setting, logged_in_client):
    client, _, _ = setting
    client.post("/demands/new/", {"title": "保密需求", "problem": "内部问题", "visibility": "invited"})
    demand = Demand.objects.get()
    rival, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    assert rival.get(f"/demands/{demand.pk}/").status_code == 404
    assert "保密需求" not in rival.get("/demands/").content.decode()


def _published(client) -> Demand:
    client.post("/demands/new/", {"title": "降低压缩机噪音", "problem": "压缩机振动噪音大", "visibility": "public",
                                  "publish": "1"})
    return Demand.objects.get()


def test_enterprise_shortlists_a_match_and_is_then_offered_only_the_answers(setting):
    client, _, patent = setting
    demand = _published(client)
    client.post(f"/demands/{demand.pk}/matches/{patent.application_number}/answer/", {"answer": "shortlisted"})
    html = client.get(f"/demands/{demand.pk}/").content.decode()
    assert Match.objects.get().status == "shortlisted"
    assert 'data-testid="mark-interesting"' in html and 'data-testid="mark-shortlisted"' not in html


def test_a_refused_answer_is_shown_and_changes_nothing(setting):
    client, _, patent = setting
    demand = _published(client)
    url = f"/demands/{demand.pk}/matches/{patent.application_number}/answer/"
    client.post(url, {"answer": "interested"})
    response = client.post(url, {"answer": "interested"}, follow=True)
    assert "不允许此步骤" in response.content.decode()  # the page reads in Chinese by default
    assert Match.objects.get().transitions.count() == 1


def test_the_demand_history_is_shown_to_the_enterprise_only(setting, logged_in_client):
    client, _, _ = setting
    demand = _published(client)
    assert 'data-testid="demand-history"' in client.get(f"/demands/{demand.pk}/").content.decode()
    rival, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    html = rival.get(f"/demands/{demand.pk}/").content.decode()
    assert 'data-testid="demand-history"' not in html and 'data-testid="to-closed"' not in html


def test_the_demand_form_gives_its_deadline_back_in_the_form_a_date_input_reads():
    with translation.override("zh-hans"):  # whose locale would write 2027/03/01, which <input type=date> drops
        html = str(DemandForm(initial={"deadline": dt.date(2027, 3, 1)})["deadline"])
    assert 'value="2027-03-01"' in html
