"""Who may and who may not, on every casework page and endpoint: each role of the institution, an inventor not named
on the disclosure, a committee member reviewing it, the office of another university, an enterprise, a bank, a broker,
the regulator and the platform administrator. Readers read; the office (and the assigned manager) acts; everyone else
is refused (401/403/404) and nothing changes. Nobody outside learns that the case exists (404)."""

from __future__ import annotations

import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from patentbridge.casework import services
from patentbridge.casework.models import Disclosure, TechnologyCase
from patentbridge.casework.tests.factories import assigned
from patentbridge.committee import selectors as committee_selectors
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of

ACTORS = {
    "uni_inventor": ("uni", Role.INVENTOR),  # named on the disclosure
    "uni_inventor2": ("uni", Role.INVENTOR),  # an inventor of the same university, not named
    "uni_office": ("uni", Role.TECH_TRANSFER_MANAGER),
    "uni_manager": ("uni", Role.TECH_TRANSFER_MANAGER),  # the assigned technology manager
    "uni_admin": ("uni", Role.ORG_ADMIN),
    "committee_member": ("uni", None),  # on the committee reviewing this case, with no role of the university
    "uni2_office": ("uni2", Role.TECH_TRANSFER_MANAGER),
    "uni2_inventor": ("uni2", Role.INVENTOR),
    "firm_user": ("firm", Role.ENTERPRISE_USER),
    "firm_signatory": ("firm", Role.SIGNATORY),
    "bank_officer": ("bank", Role.BANK_OFFICER),
    "broker": ("agency", Role.AGENCY_BROKER),
    "regulator": ("regulator", Role.REGULATOR),
    "platform_admin": ("platform", Role.PLATFORM_ADMIN),
    "anonymous": (None, None),
}
KINDS = {"uni": OrgKind.UNIVERSITY, "uni2": OrgKind.UNIVERSITY, "firm": OrgKind.ENTERPRISE,
         "bank": OrgKind.FINANCIAL, "agency": OrgKind.AGENCY, "regulator": OrgKind.REGULATOR,
         "platform": OrgKind.AGENCY}
READERS = {"uni_inventor", "uni_office", "uni_manager", "uni_admin", "committee_member"}
ACTORS_ON_CASE = {"uni_office", "uni_manager", "uni_admin"}
LISTERS = READERS - {"committee_member"}  # committee members reach a case from their meeting's agenda
DISCLOSERS = {"uni_inventor", "uni_inventor2", "uni_office", "uni_manager", "uni2_office", "uni2_inventor"}
REFUSED = {401, 403, 404}


@pytest.fixture
def world(db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    orgs = {key: OrganisationFactory(kind=kind) for key, kind in KINDS.items()}
    users = {}
    for name, (org, role) in ACTORS.items():
        if org is None:
            users[name] = None
        elif role is None:
            users[name] = UserFactory()
        else:
            users[name] = member_of(orgs[org], role)
    uni = SimpleNamespace(org=orgs["uni"], office=users["uni_office"], manager=users["uni_manager"],
                          inventor=users["uni_inventor"], admin=users["uni_admin"])
    case = assigned(uni, attachments=[SimpleUploadedFile("草图.pdf", b"%PDF-1.4")])
    services.assessment_record(actor=uni.manager, case=case, route="file", reasons="可申请")
    committee = users["committee_member"]
    monkeypatch.setattr(committee_selectors, "can_see_subject",
                        lambda user, subject: user.pk == committee.pk and subject.pk == case.pk, raising=False)
    return SimpleNamespace(orgs=orgs, users=users, case=TechnologyCase.objects.get(pk=case.pk))


def _client(world, actor: str) -> Client:
    client = Client()
    if world.users[actor] is not None:
        client.force_login(world.users[actor])
    return client


def _state(case: TechnologyCase) -> tuple:
    case = TechnologyCase.objects.get(pk=case.pk)
    assessment = case.assessment
    return (case.stage, case.manager_id, case.route, case.tasks.count(), case.events.count(), assessment.reasons,
            case.disclosure.prior_art_checked_at, Disclosure.objects.count())


READS = {
    "page": lambda c: f"/casework/cases/{c.pk}/",
    "api_case": lambda c: f"/api/v1/casework/cases/{c.pk}",
    "api_timeline": lambda c: f"/api/v1/casework/cases/{c.pk}/timeline",
    "attachment": lambda c: f"/casework/cases/{c.pk}/attachments/{c.disclosure.attachments.get().pk}/",
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("read", READS)
def test_only_the_readers_read_a_case(world, actor, read):
    response = _client(world, actor).get(READS[read](world.case))
    if actor in READERS:
        assert response.status_code == 200
    else:
        assert response.status_code in (REFUSED - {403} if actor != "anonymous" else REFUSED | {302})


@pytest.mark.parametrize("actor", ACTORS)
def test_the_case_list_shows_the_case_to_its_readers_only(world, actor):
    client = _client(world, actor)
    response = client.get("/api/v1/casework/cases")
    if actor == "anonymous":
        assert response.status_code == 401
        return
    ids = [row["id"] for row in response.json()]
    assert (world.case.pk in ids) is (actor in LISTERS)
    page = client.get("/casework/")
    assert (world.case.disclosure.title in page.content.decode()) is (actor in LISTERS)


WRITES = {
    "assign": ("post", "/api/v1/casework/cases/{pk}/manager", lambda w: {"username": w.users["uni_office"].username}),
    "assess": ("put", "/api/v1/casework/cases/{pk}/assessment", lambda w: {"route": "secret", "reasons": "保密"}),
    "decide": ("post", "/api/v1/casework/cases/{pk}/decision", lambda w: {"route": "file", "reasons": "申请"}),
    "prior_art": ("post", "/api/v1/casework/cases/{pk}/prior-art", lambda w: {}),
    "task": ("post", "/api/v1/casework/cases/{pk}/tasks", lambda w: {"title": "联系企业", "due_on": "2030-01-01"}),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("write", WRITES)
def test_only_the_office_and_the_manager_act_on_a_case(world, actor, write):
    method, url, payload = WRITES[write]
    before = _state(world.case)
    response = getattr(_client(world, actor), method)(url.format(pk=world.case.pk), json.dumps(payload(world)),
                                                      content_type="application/json")
    if actor in ACTORS_ON_CASE:
        assert response.status_code in (200, 201), response.content
    else:
        assert response.status_code in REFUSED
        if actor in READERS:
            assert response.status_code == 403  # a reader is told; an outsider is not told the case exists
        assert _state(world.case) == before


PAGE_WRITES = {
    "assign": ("/casework/cases/{pk}/assign/", lambda w: {"manager": w.users["uni_office"].pk}),
    "assess": ("/casework/cases/{pk}/assess/", lambda w: {"route": "secret", "reasons": "保密"}),
    "decide": ("/casework/cases/{pk}/decide/", lambda w: {"route": "file", "reasons": "申请"}),
    "prior_art": ("/casework/cases/{pk}/prior-art/", lambda w: {}),
    "task": ("/casework/cases/{pk}/tasks/", lambda w: {"title": "联系企业", "due_on": "2030-01-01"}),
}


@pytest.mark.parametrize("actor", sorted(set(ACTORS) - ACTORS_ON_CASE))
@pytest.mark.parametrize("write", PAGE_WRITES)
def test_a_page_form_posted_by_anyone_else_changes_nothing(world, actor, write):
    url, data = PAGE_WRITES[write]
    before = _state(world.case)
    response = _client(world, actor).post(url.format(pk=world.case.pk), data(world))
    expected = {302} if actor in READERS or actor == "anonymous" else {404}
    assert response.status_code in expected
    assert _state(world.case) == before


@pytest.mark.parametrize("actor", sorted(ACTORS_ON_CASE))
def test_a_page_form_posted_by_the_office_acts(world, actor):
    url, data = PAGE_WRITES["task"]
    _client(world, actor).post(url.format(pk=world.case.pk), data(world))
    assert world.case.tasks.filter(title="联系企业").exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_only_an_institution_s_inventors_and_office_disclose(world, actor):
    payload = {"title": "新发明", "problem": "p", "solution": "s",
               "inventors": [{"person": "校外专家", "share": "100"}]}
    before = Disclosure.objects.count()
    response = _client(world, actor).post("/api/v1/casework/disclosures", json.dumps(payload),
                                          content_type="application/json")
    if actor in DISCLOSERS:
        assert response.status_code == 201, response.content
        assert Disclosure.objects.count() == before + 1
    else:
        assert response.status_code in REFUSED
        assert Disclosure.objects.count() == before


@pytest.mark.parametrize("actor", ACTORS)
def test_the_disclosure_page_opens_only_for_disclosers(world, actor):
    response = _client(world, actor).get("/casework/disclose/")
    assert (response.status_code == 200) is (actor in DISCLOSERS)


def test_an_inventor_cannot_disclose_for_another_university(world):
    payload = {"organisation_id": world.orgs["uni2"].pk, "title": "t", "problem": "p", "solution": "s",
               "inventors": [{"person": "x", "share": "100"}]}
    response = _client(world, "uni_inventor").post("/api/v1/casework/disclosures", json.dumps(payload),
                                                   content_type="application/json")
    assert response.status_code == 403


def test_shares_not_adding_up_are_refused_by_field(world):
    payload = {"title": "t", "problem": "p", "solution": "s",
               "inventors": [{"person": "a", "share": "50"}, {"person": "b", "share": str(Decimal("49.5"))}]}
    response = _client(world, "uni_inventor").post("/api/v1/casework/disclosures", json.dumps(payload),
                                                   content_type="application/json")
    assert response.status_code == 400
    assert "inventors" in response.json()["error"]["details"]
