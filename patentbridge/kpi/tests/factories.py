"""Records the KPI figures read, written straight to their tables so that each test builds exactly what it names."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from patentbridge.deals.models import DealKind, DealStatus
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.models import Organisation, OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.products.models import PatentBasis, Product, ProductPatent, ProductStatus, ProductYear
from patentbridge.recognition.models import Recognition, RecognitionStatus
from patentbridge.recordation.models import (
    ContractStatus,
    Recordation,
    RecordationKind,
    RecordationStatus,
    RoyaltyReceipt,
    TechContractRegistration,
    TechContractType,
)
from patentbridge.rights.models import GrantKind
from patentbridge.rights.tests.factories import GrantFactory

_serial = itertools.count(1)


def university(city: str | None = "440100", **fields) -> Organisation:
    return OrganisationFactory(kind=fields.pop("kind", OrgKind.UNIVERSITY), city_id=city, **fields)


def enterprise(city: str | None = "440300", **fields) -> Organisation:
    return OrganisationFactory(kind=OrgKind.ENTERPRISE, city_id=city, **fields)


def outside(kind: str = OrgKind.ENTERPRISE) -> Organisation:
    """An organisation registered outside Guangdong (Beijing)."""
    return OrganisationFactory(kind=kind, city=None, province="北京市", uscc=None)


def contract(seller: Organisation, on: dt.date, amount: str, *, patent: bool = True,
             status: str = ContractStatus.COUNTED, **fields) -> TechContractRegistration:
    """A registered technology contract; registered at the seller's city unless `city` says otherwise."""
    fields.setdefault("city_id", seller.city_id or "440100")
    return TechContractRegistration.objects.create(
        patent=PatentFactory(owner=seller) if patent else None, seller=seller, buyer=enterprise(),
        contract_type=TechContractType.LICENCE if patent else TechContractType.SERVICE,
        contract_amount=Decimal(amount), technology_amount=Decimal(amount), agreed_amount=Decimal(amount),
        registered_on=on, signed_on=on, status=status,
        registration_number=f"KPI{next(_serial):08d}", **fields)


def receipt(contract: TechContractRegistration, on: dt.date, amount: str) -> RoyaltyReceipt:
    """Royalties received, with the contract's running totals kept as recordation.contracts keeps them."""
    contract.royalties_received += Decimal(amount)
    contract.contract_amount = max(contract.agreed_amount, contract.royalties_received)
    contract.technology_amount = contract.contract_amount
    contract.save()
    return RoyaltyReceipt.objects.create(contract=contract, amount=Decimal(amount), received_on=on,
                                         reference=f"r{next(_serial)}")


def invention(owner: Organisation, granted: dt.date | None = dt.date(2020, 6, 1), **fields):
    fields.setdefault("application_date", dt.date(2018, 3, 1))
    return PatentFactory(owner=owner, grant_date=granted, **fields)


def converted(patent, owner: Organisation, on: dt.date, kind: str = DealKind.TRANSFER):
    """A deal of the patent registered (or recorded) on the day."""
    return DealFactory(kind=kind, patent=patent, owner=owner, status=DealStatus.RECORDED, registered_on=on,
                       starts_on=on, ends_on=on + dt.timedelta(days=800))


def recordation(licensor: Organisation, on: dt.date, kind: str = RecordationKind.LICENCE,
                status: str = RecordationStatus.RECORDED) -> Recordation:
    patent = PatentFactory(owner=licensor)
    grant = GrantFactory(patent=patent, grantor=licensor,
                         kind=GrantKind.ORDINARY_LICENCE if kind == RecordationKind.LICENCE else GrantKind.TRANSFER)
    return Recordation.objects.create(kind=kind, patent=patent, licensor=licensor, licensee=grant.grantee,
                                      grant=grant, contract_effective_on=on, deadline=on + dt.timedelta(days=90),
                                      status=status, filed_on=on if status == RecordationStatus.RECORDED else None)


def product(filer: Organisation, patents=(), *, filed_on: dt.date = dt.date(2025, 3, 1),
            status: str = ProductStatus.FILED, revoked_on: dt.date | None = None) -> Product:
    serial = next(_serial)
    item = Product.objects.create(
        filer=filer, name=f"产品{serial}", category="电子", industry_id="3921", launched_on=dt.date(2024, 1, 1),
        status=status, filed_on=filed_on if status in (ProductStatus.FILED, ProductStatus.REVOKED) else None,
        filing_number=f"BA{serial:06d}" if status in (ProductStatus.FILED, ProductStatus.REVOKED) else None,
        revoked_on=revoked_on)
    for patent in patents:
        ProductPatent.objects.create(product=item, patent=patent, basis=PatentBasis.OWN, checked_on=filed_on)
    return item


def recognised(item: Product, year: int, output: str, status: str = RecognitionStatus.RECOGNISED) -> Recognition:
    data = ProductYear.objects.create(product=item, year=year - 1, sales=Decimal(output), output=Decimal(output),
                                      patent_share=Decimal("50"), submitted_at=timezone.now())
    was_recognised = status in (RecognitionStatus.RECOGNISED, RecognitionStatus.LAPSED)
    return Recognition.objects.create(
        product=item, year=year, data=data, status=status, applied_at=timezone.now(),
        recognised_on=dt.date(year, 6, 1) if was_recognised else None,
        lapsed_on=dt.date(year + 1, 4, 1) if status == RecognitionStatus.LAPSED else None)
