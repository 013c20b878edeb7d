import factory

from patentbridge.patents.models import PatentApplicant
from patentbridge.pool.models import PoolEntry, PoolState


class PoolEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolEntry

    state = PoolState.ASSESSED


def co_own(patent, organisation) -> None:
    """Add a second owner to the patent."""
    PatentApplicant.objects.create(patent=patent, position=1, name=organisation.name, organisation=organisation)
