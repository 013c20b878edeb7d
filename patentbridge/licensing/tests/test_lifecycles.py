import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.core.errors import Conflict, PermissionDenied
from patentbridge.core.lifecycle import step_require
from patentbridge.licensing import services
from patentbridge.licensing.models import (
    DECLARATION_STEPS,
    LICENCE_STEPS,
    DeclarationStatus,
    LicenceStatus,
)
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.models import RECORDATION_STEPS, RecordationStatus
from patentbridge.recordation.services import recordation_file
from patentbridge.rights.models import GrantStatus

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def licence(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY, address="广州市天河区五山路381号")
    patent = PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    declaration = services.declare(actor=signer_of(university), organisation=university, patent=patent, today=TODAY,
                                   data={"payment_mode": "lump_sum", "lump_sum": Decimal("80000"), "term_years": 2})
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, address="深圳市南山区科苑路15号")
    return services.licence_take(actor=signer_of(company), licensee=company, declaration=declaration, notice="通知",
                                 today=TODAY)


def _pairs(statuses, steps):
    return [(a, b) for a in statuses for b in statuses if (a, b) not in steps]


def test_a_declaration_binds_the_patent_as_a_grant_and_withdrawal_ends_it(licence):
    declaration = licence.declaration
    assert declaration.grant.status == GrantStatus.BINDING
    services.withdraw(actor=signer_of(declaration.organisation), declaration=declaration, reason="转让", today=TODAY)
    declaration.grant.refresh_from_db()
    assert (declaration.grant.status, declaration.grant.ends_on) == (GrantStatus.ENDED, TODAY)


def test_a_withdrawn_declaration_cannot_be_withdrawn_again(licence):
    declaration = licence.declaration
    services.withdraw(actor=signer_of(declaration.organisation), declaration=declaration, reason="转让", today=TODAY)
    with pytest.raises(Conflict):
        services.withdraw(actor=signer_of(declaration.organisation), declaration=declaration, reason="再次")


@pytest.mark.parametrize(("table", "statuses"), [(DECLARATION_STEPS, DeclarationStatus),
                                                  (LICENCE_STEPS, LicenceStatus),
                                                  (RECORDATION_STEPS, RecordationStatus)])
def test_every_step_outside_a_lifecycle_table_is_refused(table, statuses):
    for frm, to in _pairs(statuses.values, table):
        with pytest.raises(Conflict) as error:
            step_require(table, frm, to, labels=dict(statuses.choices))
        assert error.value.code == "invalid_transition"


def test_an_ended_licence_cannot_be_paid_again(licence):
    services.licence_end(actor=signer_of(licence.licensee), licence=licence, reason="停止实施", today=TODAY)
    with pytest.raises(Conflict):
        services.licence_pay(actor=None, licence=licence, today=TODAY)


def test_the_licensee_renounces_its_licence_and_frees_the_patent(licence):
    services.licence_end(actor=signer_of(licence.licensee), licence=licence, reason="停止实施", today=TODAY)
    licence.refresh_from_db()
    licence.grant.refresh_from_db()
    assert (licence.status, licence.ended_on, licence.grant.status) == (LicenceStatus.ENDED, TODAY, GrantStatus.ENDED)
    assert licence.tech_contract.ended_early_on == TODAY  # its registration may now be cancelled


@pytest.mark.parametrize("who", ["licensor", "employee", "outsider"])
def test_only_the_licensees_signatory_may_renounce_it(licence, who):
    actor = {"licensor": lambda: signer_of(licence.declaration.organisation),
             "employee": lambda: member_of(licence.licensee, Role.ENTERPRISE_USER),
             "outsider": lambda: signer_of(OrganisationFactory(kind=OrgKind.ENTERPRISE))}[who]()
    with pytest.raises(PermissionDenied):
        services.licence_end(actor=actor, licence=licence, reason="x", today=TODAY)


def test_licences_past_their_term_end_in_the_daily_run(licence):
    assert services.licences_expire(licence.ends_on) == 0
    assert services.licences_expire(licence.ends_on + dt.timedelta(days=1)) == 1
    licence.refresh_from_db()
    assert (licence.status, licence.ended_on) == (LicenceStatus.ENDED, licence.ends_on)


def test_the_licence_page_lets_the_licensee_renounce(licence, client):
    client.force_login(signer_of(licence.licensee))
    page = client.get(f"/licensing/licences/{licence.pk}/").content.decode()
    assert 'data-testid="end-licence"' in page
    client.post(f"/licensing/licences/{licence.pk}/end/", {"reason": "停止实施"})
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.ENDED


def test_the_api_refuses_the_licensor_ending_the_licensees_licence(licence, client):
    client.force_login(signer_of(licence.declaration.organisation))
    response = client.post(f"/api/v1/licences/{licence.pk}/end", {"reason": "x"}, content_type="application/json")
    assert response.status_code == 403


# ------------------------------------------------------------------ recordation

def test_each_filing_is_kept_with_its_outcome(licence):
    from patentbridge.patents.models import LegalEvent

    event = LegalEvent.objects.create(patent=licence.declaration.patent, date=TODAY, description="专利权有关程序中止")
    recordation_file(actor=signer_of(licence.licensee), recordation=licence.recordation, today=TODAY)
    event.delete()
    recordation = recordation_file(actor=signer_of(licence.licensee), recordation=licence.recordation, today=TODAY)
    assert [(f.from_status, f.to_status) for f in recordation.filings.all()] == [
        ("draft", "refused"), ("refused", "recorded")]
    assert recordation.filings.first().refusals[0]["rule"] == "suspended"


def test_a_recorded_recordation_is_final(licence):
    recordation_file(actor=signer_of(licence.licensee), recordation=licence.recordation, today=TODAY)
    with pytest.raises(Conflict):
        recordation_file(actor=signer_of(licence.licensee), recordation=licence.recordation, today=TODAY)
    assert (RecordationStatus.RECORDED, RecordationStatus.REFUSED) not in RECORDATION_STEPS


def test_recording_an_open_licence_marks_its_grant_recorded(licence):
    recordation_file(actor=signer_of(licence.licensee), recordation=licence.recordation, today=TODAY)
    licence.grant.refresh_from_db()
    assert licence.grant.recorded_on == TODAY
