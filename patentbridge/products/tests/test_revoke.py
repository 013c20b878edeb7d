"""Revocation: the filer applies, the clerk confirms; the daily re-check prompts a filer whose product holds no
patent any more."""

import datetime as dt

import pytest
from django.core.management import call_command

from patentbridge.core.errors import Conflict, PermissionDenied
from patentbridge.notices.models import Notice
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products import services
from patentbridge.products.models import PatentBasis, ProductPatent, ProductStatus, StepKind
from patentbridge.products.selectors import review_queue
from patentbridge.products.tests.factories import clerk, enterprise, filer_user, product_factory
from patentbridge.rights.models import GrantKind
from patentbridge.rights.tests.factories import GrantFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 26)


def test_the_filer_applies_and_the_clerk_confirms():
    product = product_factory()
    services.revoke_request(actor=filer_user(product.filer), product=product, reason="产品已停产")
    assert product in review_queue()
    services.revoke_confirm(actor=clerk(), product=product, today=DAY)
    product.refresh_from_db()
    assert (product.status, product.revoked_on, product.revoke_reason) == (ProductStatus.REVOKED, DAY, "产品已停产")


def test_the_clerk_cannot_revoke_without_the_filers_application():
    with pytest.raises(Conflict):
        services.revoke_confirm(actor=clerk(), product=product_factory(), today=DAY)


def test_only_the_filers_people_apply_to_revoke():
    product = product_factory()
    with pytest.raises(PermissionDenied):
        services.revoke_request(actor=filer_user(enterprise()), product=product, reason="x")
    with pytest.raises(PermissionDenied):
        services.revoke_request(actor=clerk(), product=product, reason="x")


def test_the_command_prompts_when_every_patent_lapsed_and_notifies_once():
    filer = enterprise()
    user = filer_user(filer)
    patents = [PatentFactory(owner=filer), PatentFactory(owner=filer)]
    product = product_factory(filer=filer, patents=patents)
    Patent.objects.filter(pk__in=[p.pk for p in patents]).update(legal_status=LegalStatus.LAPSED_FEES)
    call_command("check_product_patents", date=DAY)
    call_command("check_product_patents", date=DAY)
    product.refresh_from_db()
    assert product.revoke_prompted_on == DAY
    assert Notice.objects.filter(recipient=user).count() == 1
    assert product.steps.filter(kind=StepKind.REVOKE_PROMPTED).count() == 1


def test_one_patent_still_held_means_no_prompt():
    filer = enterprise()
    patents = [PatentFactory(owner=filer), PatentFactory(owner=filer)]
    product = product_factory(filer=filer, patents=patents)
    Patent.objects.filter(pk=patents[0].pk).update(legal_status=LegalStatus.EXPIRED)
    assert services.patents_recheck(today=DAY) == []
    product.refresh_from_db()
    assert product.revoke_prompted_on is None


def test_a_patent_transferred_away_and_a_licence_ended_prompt():
    filer = enterprise()
    own = PatentFactory(owner=filer)
    licensed = PatentFactory(owner=OrganisationFactory())
    licence = GrantFactory(patent=licensed, kind=GrantKind.ORDINARY_LICENCE, grantee=filer,
                           starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2026, 6, 30))
    product = product_factory(filer=filer, patents=[own])
    ProductPatent.objects.create(product=product, patent=licensed, basis=PatentBasis.LICENSED, grant=licence,
                                 checked_on=dt.date(2025, 6, 1))
    GrantFactory(patent=own, kind=GrantKind.TRANSFER, grantor=filer, grantee=OrganisationFactory(),
                 starts_on=dt.date(2026, 8, 1), ends_on=None, recorded_on=dt.date(2026, 9, 1))
    assert services.patents_recheck(today=DAY) == [product]


def test_revoked_products_are_not_checked():
    product = product_factory(status=ProductStatus.REVOKED)
    Patent.objects.filter(product_links__product=product).update(legal_status=LegalStatus.LAPSED)
    assert services.patents_recheck(today=DAY) == []
