import factory

from patentbridge.pool.models import PoolEntry, PoolState


class PoolEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolEntry

    state = PoolState.ASSESSED
