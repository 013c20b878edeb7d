import datetime as dt

import pytest

from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.orgs.models import Role
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products import services
from patentbridge.products.models import PatentBasis, Product, ProductStatus
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
from patentbridge.rights.models import GrantKind
from patentbridge.rights.tests.factories import GrantFactory

pytestmark = pytest.mark.django_db


def _file(filer, patents, actor=None, **year):
    return services.product_file(actor=actor or filer_user(filer), filer=filer, data=product_data(),
                                 patents=[p.lookup_number for p in patents],
                                 year_data={"year": 2025, **year_figures(), **year}, today=TODAY)


def test_an_own_patent_in_force_is_filed_as_own():
    filer = enterprise()
    product = _file(filer, [PatentFactory(owner=filer)])
    assert product.status == ProductStatus.SUBMITTED
    assert [link.basis for link in product.patent_links.all()] == [PatentBasis.OWN]


def test_the_product_factory_and_the_filed_helper_make_filed_products():
    assert product_factory(year_data={2025: {"sales": 5}}).years.get().sales == 5
    product = filed_product()
    assert product.status == ProductStatus.FILED and product.filing_number.startswith(f"GDCP{TODAY.year}")
