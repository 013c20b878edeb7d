import datetime as dt

import pytest
from django.test import Client

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.rights.models import GrantKind, Pledge
from patentbridge.rights.tests.factories import GrantFactory

PLEDGE = {"pledgee_name": "某某银行", "amount": "3000000.00", "registration_number": "Y2026440000777",
          "registered_on": "2026-06-01"}


@pytest.fixture
def patent(db):
    return PatentFactory(owner=OrganisationFactory(kind=OrgKind.UNIVERSITY), application_date=dt.date(2019, 1, 15),
                         grant_date=dt.date(2021, 5, 1))


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _owner(patent):
    return patent.applicant_links.first().organisation


def _rights(client, patent):
    return client.get(f"/api/v1/patents/{patent.lookup_number}/rights").json()


def test_anyone_sees_declarations_and_recorded_grants_but_not_an_unrecorded_contract(patent):
    GrantFactory(kind=GrantKind.OPEN_DECLARATION, patent=patent, starts_on=dt.date(2026, 1, 1))
    GrantFactory(kind=GrantKind.OPEN_LICENCE, patent=patent, starts_on=dt.date(2026, 2, 1),
                 recorded_on=dt.date(2026, 3, 1))
    secret = GrantFactory(kind=GrantKind.ORDINARY_LICENCE, patent=patent, starts_on=dt.date(2026, 2, 1))
    assert {g["kind"] for g in _rights(_client(), patent)["grants"]} == {"open_declaration", "open_licence"}
    seen_by_party = _rights(_client(signer_of(secret.grantee)), patent)["grants"]
    assert "ordinary_licence" in {g["kind"] for g in seen_by_party}


def test_the_patentee_records_a_pledge_and_everyone_sees_it(patent):
    response = _client(signer_of(_owner(patent))).post(f"/api/v1/patents/{patent.lookup_number}/pledges", PLEDGE,
                                                        content_type="application/json")
    assert response.status_code == 201
    assert _rights(_client(), patent)["pledged"] is True


@pytest.mark.parametrize("who", ["anonymous", "employee", "outsider"])
def test_only_a_committing_member_of_a_party_records_a_pledge(patent, who):
    user = {"anonymous": lambda: None, "employee": lambda: member_of(_owner(patent), Role.INVENTOR),
            "outsider": lambda: signer_of(OrganisationFactory(kind=OrgKind.ENTERPRISE))}[who]()
    response = _client(user).post(f"/api/v1/patents/{patent.lookup_number}/pledges", PLEDGE,
                                  content_type="application/json")
    assert response.status_code == (401 if user is None else 403)
    assert not Pledge.objects.exists()


def test_the_bank_releases_its_pledge_and_the_patentee_may_not(patent):
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL)
    officer = member_of(bank, Role.BANK_OFFICER)
    created = _client(officer).post(f"/api/v1/patents/{patent.lookup_number}/pledges",
                                    {**PLEDGE, "pledgee_id": bank.pk}, content_type="application/json").json()
    url = f"/api/v1/pledges/{created['id']}/release"
    assert _client(signer_of(_owner(patent))).post(url, {"on": "2026-09-01"},
                                                   content_type="application/json").status_code == 403
    assert _client(officer).post(url, {"on": "2026-09-01"}, content_type="application/json").json()[
        "released_on"] == "2026-09-01"


def test_a_suspension_is_the_platforms_to_record(patent, admin_user):
    body = {"ground": "preservation", "reference": "（2026）粤01执保12号", "started_on": "2026-05-01"}
    url = f"/api/v1/patents/{patent.lookup_number}/suspensions"
    assert _client(signer_of(_owner(patent))).post(url, body, content_type="application/json").status_code == 403
    assert _client(admin_user).post(url, body, content_type="application/json").status_code == 201
    assert _rights(_client(), patent)["suspended"] is True


def test_the_patent_page_shows_the_rights_and_the_pledge_form_to_the_patentee(patent):
    page = _client(signer_of(_owner(patent))).get(f"/patents/{patent.lookup_number}/").content.decode()
    assert 'data-testid="rights-panel"' in page and 'data-testid="pledge-form"' in page
    stranger = _client(signer_of(OrganisationFactory(kind=OrgKind.ENTERPRISE)))
    assert 'data-testid="pledge-form"' not in stranger.get(f"/patents/{patent.lookup_number}/").content.decode()


def test_the_pledge_form_records_a_pledge(patent):
    client = _client(signer_of(_owner(patent)))
    client.post(f"/rights/{patent.lookup_number}/pledges/", PLEDGE)
    assert Pledge.objects.get().registration_number == PLEDGE["registration_number"]


def test_a_refused_pledge_form_comes_back_with_what_was_typed_and_the_error_by_the_date(patent):
    client = _client(signer_of(_owner(patent)))
    response = client.post(f"/rights/{patent.lookup_number}/pledges/", {**PLEDGE, "registered_on": "1980-01-01"},
                           follow=True)
    page = response.content.decode()
    form = page[page.index('data-testid="pledge-form"'):]
    assert 'value="Y2026440000777"' in form and 'value="3000000.00"' in form
    assert form.index('name="registration_number"') < form.index('class="errorlist"') < form.index('name="registered_on"')
    assert not Pledge.objects.exists()
    assert 'class="errorlist"' not in client.get(f"/patents/{patent.lookup_number}/").content.decode()
