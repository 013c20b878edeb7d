"""Filing a product: each patent checked against the register and the rights home; every refusal names the patent
and leaves nothing saved; only the filer's own people file."""

import datetime as dt
import re

import pytest

from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.models import LegalStatus, PatentApplicant
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products import services
from patentbridge.products.models import PatentBasis, Product, ProductStatus, ProductYear
from patentbridge.products.tests.factories import (
    TODAY,
    clerk,
    enterprise,
    filed_product,
    filer_user,
    product_data,
    product_factory,
    year_figures,
)
from patentbridge.rights.models import GrantKind, GrantStatus
from patentbridge.rights.tests.factories import GrantFactory

pytestmark = pytest.mark.django_db


def _file(filer, patents, actor=None, data=None, **figures):
    return services.product_file(actor=actor or filer_user(filer), filer=filer, data=data or product_data(),
                                 patents=[p if isinstance(p, str) else p.lookup_number for p in patents],
                                 year_data={"year": 2025, **year_figures(), **figures}, today=TODAY)


def _refusal(filer, patents, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        _file(filer, patents, **kwargs)
    assert not Product.objects.filter(filer=filer).exists() and not ProductYear.objects.exists()
    return caught.value


def _licence(patent, filer, kind=GrantKind.ORDINARY_LICENCE, **fields):
    fields = {"starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2028, 12, 31), **fields}
    return GrantFactory(patent=patent, kind=kind, grantee=filer, **fields)


def test_an_own_patent_in_force_is_filed_as_own():
    filer = enterprise()
    product = _file(filer, [PatentFactory(owner=filer)])
    assert product.status == ProductStatus.SUBMITTED
    assert [link.basis for link in product.patent_links.all()] == [PatentBasis.OWN]
    assert product.years.get().year == 2025


def test_a_licence_in_force_to_the_filer_is_filed_as_licensed_with_its_grant():
    filer = enterprise()
    patent = PatentFactory(owner=OrganisationFactory())
    grant = _licence(patent, filer)
    link = _file(filer, [patent]).patent_links.get()
    assert (link.basis, link.grant) == (PatentBasis.LICENSED, grant)


def test_a_licence_taken_under_an_open_licence_counts_as_licensed():
    filer = enterprise()
    patent = PatentFactory(owner=OrganisationFactory())
    _licence(patent, filer, kind=GrantKind.OPEN_LICENCE)
    assert _file(filer, [patent]).patent_links.get().basis == PatentBasis.LICENSED


def test_a_licence_that_ended_is_refused_naming_the_patent():
    filer = enterprise()
    patent = PatentFactory(owner=OrganisationFactory())
    _licence(patent, filer, ends_on=dt.date(2026, 6, 30))
    error = _refusal(filer, [patent])
    assert patent.display_number in " ".join(error.details["patents"])


def test_a_licence_ended_early_is_refused():
    filer = enterprise()
    patent = PatentFactory(owner=OrganisationFactory())
    _licence(patent, filer, status=GrantStatus.ENDED, ended_on=dt.date(2026, 7, 1))
    _refusal(filer, [patent])


def test_a_recorded_transfer_to_the_filer_is_filed_as_transferred():
    seller, filer = OrganisationFactory(), enterprise()
    patent = PatentFactory(owner=seller)
    grant = GrantFactory(patent=patent, kind=GrantKind.TRANSFER, grantor=seller, grantee=filer,
                         starts_on=dt.date(2026, 3, 1), ends_on=None, recorded_on=dt.date(2026, 4, 1))
    PatentApplicant.objects.filter(patent=patent).update(organisation=filer, name=filer.name)
    link = _file(filer, [patent]).patent_links.get()
    assert (link.basis, link.grant) == (PatentBasis.TRANSFERRED, grant)


def test_a_transfer_not_yet_recorded_gives_no_right():
    seller, filer = OrganisationFactory(), enterprise()
    patent = PatentFactory(owner=seller)
    GrantFactory(patent=patent, kind=GrantKind.TRANSFER, grantor=seller, grantee=filer,
                 starts_on=dt.date(2026, 3, 1), ends_on=None)
    _refusal(filer, [patent])


def test_a_patent_the_filer_transferred_away_is_refused_even_before_the_register_changes():
    filer = enterprise()
    patent = PatentFactory(owner=filer)
    GrantFactory(patent=patent, kind=GrantKind.TRANSFER, grantor=filer, grantee=OrganisationFactory(),
                 starts_on=dt.date(2026, 3, 1), ends_on=None, recorded_on=dt.date(2026, 4, 1))
    _refusal(filer, [patent])


@pytest.mark.parametrize("status", [LegalStatus.LAPSED_FEES, LegalStatus.EXPIRED, LegalStatus.INVALIDATED,
                                    LegalStatus.PENDING])
def test_a_patent_not_in_force_is_refused_naming_it(status):
    filer = enterprise()
    patent = PatentFactory(owner=filer, legal_status=status)
    error = _refusal(filer, [patent])
    assert patent.display_number in error.details["patents"][0]


def test_a_patent_past_its_term_is_refused_though_the_register_says_in_force():
    filer = enterprise()
    _refusal(filer, [PatentFactory(owner=filer, expiry_date=dt.date(2026, 1, 1))])


def test_a_patent_of_someone_else_is_refused_with_the_reason():
    filer = enterprise()
    patent = PatentFactory(owner=OrganisationFactory())
    error = _refusal(filer, [patent])
    assert "备案单位既不是其专利权人" in error.details["patents"][0]


def test_one_bad_patent_among_good_ones_saves_nothing():
    filer = enterprise()
    _refusal(filer, [PatentFactory(owner=filer), PatentFactory(owner=OrganisationFactory())])


def test_an_unknown_or_malformed_number_is_refused_naming_it():
    filer = enterprise()
    error = _refusal(filer, ["202199999999.9", "not-a-number"])
    text = " ".join(error.details["patents"])
    assert "202199999999.9" in text and "not-a-number" in text


def test_no_patent_is_refused():
    _refusal(enterprise(), [])


@pytest.mark.parametrize("figures,field", [({"sales": "-5"}, "sales"), ({"sales": "abc"}, "sales"),
                                           ({"output": ""}, "output"), ({"patent_share": "120"}, "patent_share"),
                                           ({"exports": "2000000"}, "exports"), ({"ip_input": "-1"}, "ip_input")])
def test_bad_figures_are_refused_by_field(figures, field):
    filer = enterprise()
    error = _refusal(filer, [PatentFactory(owner=filer)], **figures)
    assert field in error.details


def test_a_loss_is_a_negative_profit_and_accepted():
    filer = enterprise()
    assert _file(filer, [PatentFactory(owner=filer)], profit="-30000").years.get().profit == -30000


def test_the_industry_must_be_a_small_class():
    filer = enterprise()
    error = _refusal(filer, [PatentFactory(owner=filer)], data=product_data(industry="36"))
    assert "industry" in error.details


def test_data_for_the_current_year_or_before_launch_is_refused():
    filer = enterprise()
    assert "data_year" in _refusal(filer, [PatentFactory(owner=filer)], year=2026).details
    assert "data_year" in _refusal(filer, [PatentFactory(owner=filer)], year=2021).details


def test_another_organisations_enterprise_user_cannot_file_for_the_filer():
    filer = enterprise()
    outsider = filer_user(enterprise())
    with pytest.raises(PermissionDenied):
        _file(filer, [PatentFactory(owner=filer)], actor=outsider)


def test_the_regulator_cannot_file():
    filer = enterprise()
    with pytest.raises(PermissionDenied):
        _file(filer, [PatentFactory(owner=filer)], actor=clerk())


def test_an_inventor_of_the_filer_cannot_file():
    filer = enterprise()
    with pytest.raises(PermissionDenied):
        _file(filer, [PatentFactory(owner=filer)], actor=member_of(filer, Role.INVENTOR))


def test_a_signatory_and_a_university_office_may_file():
    filer = enterprise()
    assert _file(filer, [PatentFactory(owner=filer)], actor=member_of(filer, Role.SIGNATORY))
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    assert _file(university, [PatentFactory(owner=university)], actor=member_of(university))


def test_the_product_factory_and_the_filed_helper_make_filed_products():
    assert product_factory(year_data={2025: {"sales": 5}}).years.get().sales == 5
    product = filed_product()
    assert product.status == ProductStatus.FILED and re.fullmatch(rf"GDCP{TODAY.year}\d{{6}}", product.filing_number)
