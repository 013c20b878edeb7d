"""Audit-trail rows, optionally dated in the past (as rows written long ago would be)."""

from __future__ import annotations

from unittest import mock

import factory
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from patentbridge.core.models import SecurityEvent
from patentbridge.orgs.models import Organisation


class SecurityEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecurityEvent

    kind = SecurityEvent.Kind.LOGIN
    username = factory.Sequence(lambda n: f"user{n}")
    ip_address = "203.0.113.7"
    path = "/accounts/login/"

    @classmethod
    def _create(cls, model_class, *args, created_at=None, **kwargs):
        """`created_at` is set by the database clock (auto_now_add), so an old row is written at that moment."""
        if created_at is None:
            return super()._create(model_class, *args, **kwargs)
        with mock.patch("django.utils.timezone.now", return_value=created_at):
            return super()._create(model_class, *args, **kwargs)


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogEntry

    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Organisation))
    object_pk = factory.Sequence(str)
    object_repr = factory.Sequence(lambda n: f"测试大学{n}号")
    action = LogEntry.Action.UPDATE
    changes = factory.LazyFunction(lambda: {"name": ["旧名", "新名"]})
    remote_addr = "198.51.100.9"
