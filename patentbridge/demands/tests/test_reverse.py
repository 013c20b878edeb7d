"""From a patent to demands and enterprises."""

import pytest

from patentbridge.demands.models import Demand, DemandStatus, Visibility
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.search.text import TOKENS_VERSION


@pytest.fixture
def patent(make_member):
    _, university = make_member(name="华南理工大学")
    return PatentFactory(title="一种压缩机减振降噪装置", abstract="通过弹性支座降低压缩机振动与噪音。",
                         ipc_main="F04B39/00", ipc_codes=["F04B39/00"], owner=university)


def demand(organisation, title, **fields):
    return Demand.objects.create(organisation=organisation, title=title, problem=title,
                                 status=fields.pop("status", DemandStatus.PUBLISHED), **fields)


@pytest.mark.django_db
def test_patent_finds_the_demand_it_answers(patent, make_member, client):
    _, enterprise = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE, name="某某空调有限公司")
    demand(enterprise, "降低空调压缩机噪音", ipc_hints=["F04B"])
    demand(enterprise, "提高电池续航")
    body = client.get(f"/api/v1/patents/{patent.application_number}/demands").json()
    assert [c["demand"]["title"] for c in body] == ["降低空调压缩机噪音"]
    assert body[0]["shared_ipc"] == ["F04B"] and "压缩机" in body[0]["matched_terms"]


@pytest.mark.django_db
def test_invisible_demands_are_never_suggested(patent, make_member, client):
    _, enterprise = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    demand(enterprise, "压缩机降噪（保密）", visibility=Visibility.INVITED)
    demand(enterprise, "压缩机降噪草稿", status=DemandStatus.DRAFT)
    assert client.get(f"/api/v1/patents/{patent.application_number}/demands").json() == []


@pytest.mark.django_db
def test_enterprises_with_patents_in_the_same_class_are_suggested(patent, make_member, client):
    _, maker = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE, name="某某压缩机有限公司")
    PatentFactory(ipc_main="F04B39/06", ipc_codes=["F04B39/06"], owner=maker)
    PatentFactory(ipc_main="F04B27/08", ipc_codes=["F04B27/08"], owner=maker)
    _, other = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE, name="某某软件有限公司")
    PatentFactory(ipc_main="G06F9/445", ipc_codes=["G06F9/445"], owner=other)
    body = client.get(f"/api/v1/patents/{patent.application_number}/enterprises").json()
    assert body == [{"organisation_id": maker.pk, "name": "某某压缩机有限公司", "patents_in_classes": 2,
                     "subclasses": ["F04B"]}]


@pytest.mark.django_db
def test_a_demand_published_after_a_view_is_found_on_the_next(patent, make_member, client):
    _, enterprise = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE, name="某某空调有限公司")
    demand(enterprise, "降低空调压缩机噪音")
    url = f"/api/v1/patents/{patent.application_number}/demands"
    assert len(client.get(url).json()) == 1
    later = demand(enterprise, "压缩机振动太大", status=DemandStatus.DRAFT)
    assert len(client.get(url).json()) == 1
    later.status = DemandStatus.PUBLISHED
    later.save()
    assert {c["demand"]["title"] for c in client.get(url).json()} == {"降低空调压缩机噪音", "压缩机振动太大"}


@pytest.mark.django_db
def test_tokens_stored_by_an_older_tokenizer_are_not_trusted(patent, make_member, client):
    _, enterprise = make_member(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE, name="某某空调有限公司")
    old = demand(enterprise, "降低空调压缩机噪音", search_tokens=["过时"], search_tokens_version="0")
    body = client.get(f"/api/v1/patents/{patent.application_number}/demands").json()
    assert [c["demand"]["title"] for c in body] == ["降低空调压缩机噪音"]
    old.refresh_from_db()
    assert "压缩机" in old.search_tokens and old.search_tokens_version == TOKENS_VERSION
