"""Test fixtures shared by every app: reference data loaded once per test database, clients, people."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference tables are read-only in tests: load them once, outside the per-test transactions."""
    from patentbridge.patents.reference import load_all

    with django_db_blocker.unblock():
        load_all()
    from patentbridge.core.tests.live import serialise_when_shared

    serialise_when_shared()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.IMPORT_REPORT_DIR = tmp_path / "import-reports"
    # Production hashing is deliberately slow; tests only need a correct one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background work is queued but not run, except in tests that ask for the immediate backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.VAR_DIR = tmp_path / "var"
    # The suite makes hundreds of requests a minute from 127.0.0.1 (API fuzzing, browser sign-ins): the limits still
    # count (the middleware runs) but sit far above that; tests of the limits set their own low ones.
    settings.RATELIMITS = {name: "100000/m" for name in settings.RATELIMITS}
    from patentbridge.demands import reverse

    reverse._live.clear()  # the per-process index of live demands must not outlive a test's rolled-back rows
    # A request that switches the language leaves it active in this thread; each test starts in the default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def make_member(db):
    def make(role: str = Role.TECH_TRANSFER_MANAGER, kind: str = OrgKind.UNIVERSITY, **org_fields):
        organisation = OrganisationFactory(kind=kind, **org_fields)
        user = UserFactory()
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user, organisation

    return make


@pytest.fixture
def logged_in_client(make_member):
    def make(role: str = Role.TECH_TRANSFER_MANAGER, kind: str = OrgKind.UNIVERSITY, **org_fields):
        user, organisation = make_member(role, kind, **org_fields)
        client = Client()
        client.force_login(user)
        return client, user, organisation

    return make
