import datetime as dt

import pytest

from patentbridge.core.errors import Conflict
from patentbridge.orgs.models import Role
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import maintenance_services, selectors
from patentbridge.pool.models import ImplementationMode
from patentbridge.pool.tests.factories import PoolEntryFactory
from patentbridge.rights.models import GrantKind, GrantStatus
from patentbridge.rights.tests.factories import GrantFactory

TODAY = dt.date(2026, 11, 26)


def test_open_licence_list_shows_standing_declarations_only(make_member):
    _, org = make_member()
    standing, withdrawn = PatentFactory(owner=org), PatentFactory(owner=org)
    GrantFactory(kind=GrantKind.OPEN_DECLARATION, patent=standing, grantor=org, starts_on=TODAY)
    GrantFactory(kind=GrantKind.OPEN_DECLARATION, patent=withdrawn, grantor=org, starts_on=TODAY, ends_on=TODAY,
                 status=GrantStatus.ENDED, ended_on=TODAY)
    assert list(selectors.open_licence_list({})) == [standing]


def test_standard_essential_list_carries_the_standard_and_filters_by_ipc(make_member):
    user, org = make_member()
    sep = PatentFactory(owner=org, ipc_main="H04W72/04", ipc_codes=["H04W72/04"])
    other = PatentFactory(owner=org, ipc_main="G06F16/00", ipc_codes=["G06F16/00"])
    maintenance_services.standard_declare(actor=user, patent=sep, standard_number="yd/t 3627-2019", standard_title="5G 数字蜂窝")
    maintenance_services.standard_declare(actor=user, patent=other, standard_number="GB/T 1-2020")
    assert list(selectors.standard_essential_list({"ipc": "H04W"})) == [sep]
    assert sep.standard_declarations.get().standard_number == "YD/T 3627-2019"


def test_a_standard_is_declared_once_per_patent(make_member):
    user, org = make_member()
    patent = PatentFactory(owner=org)
    maintenance_services.standard_declare(actor=user, patent=patent, standard_number="GB/T 1-2020")
    with pytest.raises(Conflict):
        maintenance_services.standard_declare(actor=user, patent=patent, standard_number="gb/t  1-2020")


def test_public_domain_list_holds_expired_and_lapsed_patents(db):
    expired = PatentFactory(legal_status=LegalStatus.EXPIRED)
    lapsed = PatentFactory(legal_status=LegalStatus.LAPSED_FEES)
    PatentFactory(legal_status=LegalStatus.IN_FORCE)
    PatentFactory(legal_status=LegalStatus.REJECTED)
    assert set(selectors.public_domain_list({})) == {expired, lapsed}


def test_industry_filter_matches_a_class_prefix(db):
    car = PatentFactory(industry_codes=["C3670", "C4320"])
    PatentFactory(industry_codes=["I6532"])
    assert list(selectors.public_domain_list({})) == []
    assert list(selectors.filtered({"industry": "C36"}, car.__class__.objects.all())) == [car]
    assert list(selectors.filtered({"industry": "3670"}, car.__class__.objects.all())) == [car]


@pytest.fixture
def funded(make_member):
    user, org = make_member(Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=org, application_date=dt.date(2017, 3, 1), grant_date=dt.date(2020, 3, 1))
    PoolEntryFactory(patent=patent, organisation=org)
    project = maintenance_services.funded_project_declare(
        actor=user, patent=patent, project_name="国家重点研发计划 某课题", funder="科学技术部",
        end_date=dt.date(2020, 12, 31))
    return user, org, project


def test_a_funded_patent_unused_for_five_years_is_flagged(funded):
    _, org, project = funded
    assert list(selectors.unused_funded_projects(dt.date(2026, 1, 1))) == [project]
    assert list(selectors.unused_funded_projects(dt.date(2024, 1, 1))) == []


def test_a_reported_implementation_clears_the_flag(funded):
    user, org, project = funded
    maintenance_services.implementation_report_record(actor=user, project=project, year=2025,
                                                      mode=ImplementationMode.NONE, today=TODAY)
    assert list(selectors.unused_funded_projects(TODAY, {org.pk})) == [project]
    maintenance_services.implementation_report_record(actor=user, project=project, year=2026,
                                                      mode=ImplementationMode.LICENCE, description="许可给某公司",
                                                      today=TODAY)
    assert list(selectors.unused_funded_projects(TODAY)) == []
