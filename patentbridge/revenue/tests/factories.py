import datetime as dt
from decimal import Decimal

import factory

from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.revenue.models import Income, IncomeKind, InventorShare, JurisdictionFloor


class JurisdictionFloorFactory(factory.django.DjangoModelFactory):
    """The national floors, as seeded; tests on a flushed database (transaction=True) need them recreated."""

    class Meta:
        model = JurisdictionFloor
        django_get_or_create = ("code",)

    code = "national"
    name = "国家"
    licence_floor = equity_floor = main_contributor_floor = Decimal("50")
    profit_floor = Decimal("5")
    source = "促进科技成果转化法（2015）第四十五条"
    verified = True


class IncomeFactory(factory.django.DjangoModelFactory):
    """An income whose reward pool is not yet allocated: 10,000 received, 3,000 to the inventors."""

    class Meta:
        model = Income

    organisation = factory.SubFactory(OrganisationFactory)
    kind = IncomeKind.LICENCE
    description = "许可费"
    received_on = dt.date(2026, 11, 1)
    gross = Decimal("10000.00")
    net = Decimal("10000.00")
    reward_rate = Decimal("30.00")
    reward_pool = Decimal("3000.00")


class InventorShareFactory(factory.django.DjangoModelFactory):
    """The whole of an income's reward pool to one inventor, so the share owes 3,000."""

    class Meta:
        model = InventorShare

    income = factory.SubFactory(IncomeFactory)
    name = factory.Sequence(lambda n: f"发明人{n}")
    weight = Decimal("100.00")
    main_contributor = True
    amount = factory.LazyAttribute(lambda share: share.income.reward_pool)


def income_post(*, shares: list[tuple[str, str, bool]] = (), **fields: object) -> dict[str, object]:
    """The revenue page's income form as posted: its fields, then one row per inventor (name, weight, main)."""
    data: dict[str, object] = {"share-TOTAL_FORMS": str(len(shares)), "share-INITIAL_FORMS": "0", **fields}
    for i, (name, weight, main) in enumerate(shares):
        data.update({f"share-{i}-name": name, f"share-{i}-weight": weight})
        if main:
            data[f"share-{i}-main"] = "on"
    return data
