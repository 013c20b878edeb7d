"""The demo installation: accounts that pass the password policy, and a pool filled only through allowed steps."""

import datetime as dt
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password

from patentbridge.commissioners.models import Assignment, ServiceRequest
from patentbridge.home import demo
from patentbridge.industries.reference import load_intensive
from patentbridge.monitoring.models import Account
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.names import normalize_name
from patentbridge.orgs.tests.factories import UserFactory
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.models import PoolEntry, PoolState, PoolTransition
from patentbridge.pool.services import INVENTOR, OFFICE, SYSTEM, TRANSITIONS, inventory_add_owned
from patentbridge.products.models import Product, ProductStatus
from patentbridge.search import lexical, text  # noqa: F401 - importing them quiets their loggers
from patentbridge.tendering.models import Tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def university_with_patents():
    demo.ensure_demo_accounts()
    university = Organisation.objects.get(name_normalized=normalize_name(demo.DEMO_ACCOUNTS[0].organisation))
    for i in range(demo.DEMO_POOLED + 2):
        PatentFactory(owner=university, legal_status=LegalStatus.IN_FORCE, ipc_main=f"G06F{i}/00",
                      ipc_codes=[f"G06F{i}/00"], application_date=dt.date(2015 + i % 5, 1, 1))
    return university


def test_generated_demo_passwords_meet_the_policy():
    user = UserFactory(username="demo-ttm")
    for _ in range(20):
        validate_password(demo.generate_password(user), user)


def test_demo_pools_the_university_best_patents(university_with_patents):
    demo.prepare_pool(lambda line: None)
    pooled = PoolEntry.objects.filter(organisation=university_with_patents, state=PoolState.POOLED)
    assert pooled.count() == demo.DEMO_POOLED


def test_every_demo_pool_step_is_an_allowed_one_taken_by_its_actor(university_with_patents):
    demo.prepare_pool(lambda line: None)
    actor_of = {OFFICE: demo.OFFICE_ACCOUNT, INVENTOR: demo.INVENTOR_ACCOUNT, SYSTEM: None}
    steps = PoolTransition.objects.filter(entry__state=PoolState.POOLED).select_related("actor")
    assert steps.count() == 5 * demo.DEMO_POOLED
    for step in steps:
        assert getattr(step.actor, "username", None) == actor_of[TRANSITIONS[(step.from_state, step.to_state)]]


def test_each_demo_pool_entry_has_the_whole_history(university_with_patents):
    demo.prepare_pool(lambda line: None)
    for entry in PoolEntry.objects.filter(state=PoolState.POOLED):
        assert [t.to_state for t in entry.transitions.all()] == [
            PoolState.ASSESSED, PoolState.SELF_ASSESSMENT_REQUESTED, PoolState.SELF_ASSESSED, PoolState.OFFICE_REVIEWED,
            PoolState.POOLED]


def test_a_second_demo_run_pools_nothing_more(university_with_patents):
    demo.prepare_pool(lambda line: None)
    steps = PoolTransition.objects.count()
    demo.prepare_pool(lambda line: None)
    assert PoolTransition.objects.count() == steps


def test_demo_summary_counts_the_patents_the_inventories_hold(university_with_patents):
    inventory_add_owned(Patent.objects.values_list("pk", flat=True))  # as the import's receiver does
    lines: list[str] = []
    demo.prepare_pool(lines.append)
    held = PoolEntry.objects.count()
    assert held == demo.DEMO_POOLED + 2
    assert f"pool: {held} patents on institutions' inventories (0 added now)" in lines


def test_demo_logs_no_jieba_or_bm25s_debug_lines():
    assert logging.getLogger("jieba").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("bm25s").getEffectiveLevel() >= logging.WARNING


def test_make_demo_echoes_no_install_commands_and_keeps_pip_quiet():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    install = makefile.split("$(STAMP): pyproject.toml\n", 1)[1].split("\n\n", 1)[0]
    demo_recipe = makefile.split("\ndemo: $(STAMP)\n", 1)[1].split("\n\n", 1)[0]
    recipe_lines = [line for line in (install + "\n" + demo_recipe).splitlines() if line.startswith("\t")]
    assert recipe_lines and all(line.startswith("\t@") for line in recipe_lines if not line.startswith("\ttrap")
                                and not line.startswith("\tDEBUG=1 $(BIN)/patentbridge runserver"))
    assert "-qq" in makefile and "PIP_DISABLE_PIP_VERSION_CHECK=1" in makefile


def test_the_demo_files_the_enterprises_products_and_enters_guangzhous_accounts():
    demo.ensure_demo_accounts()
    load_intensive()
    enterprise = Organisation.objects.get(name_normalized=normalize_name(demo.DEMO_ACCOUNTS[2].organisation))
    for _ in range(4):
        PatentFactory(owner=enterprise, legal_status=LegalStatus.IN_FORCE)
    demo.prepare_products(lambda line: None)
    statuses = sorted(Product.objects.filter(filer=enterprise).values_list("status", flat=True))
    assert statuses == [ProductStatus.FILED, ProductStatus.SUBMITTED]
    assert Account.objects.filter(city_id="440100").count() == 4


def test_the_demo_regulator_is_the_provinces_and_the_city_regulator_guangzhous():
    demo.ensure_demo_accounts()
    cities = dict(Organisation.objects.filter(memberships__user__username__in=[
        "demo-regulator", "demo-city-regulator"]).values_list("memberships__user__username", "city_id"))
    assert cities == {"demo-regulator": None, "demo-city-regulator": "440100"}


def test_the_demo_tenders_for_agencies_and_puts_the_enterprise_in_a_commissioners_care():
    demo.ensure_demo_accounts()
    demo.prepare_office_chain(lambda line: None)
    demo.prepare_office_chain(lambda line: None)
    assert list(Tender.objects.values_list("organisation__name", "status")) == [("华南理工大学", "open")]
    assignment = Assignment.objects.get()
    assert (assignment.designation.commissioner.username, assignment.designation.city_id,
            assignment.enterprise.name) == ("demo-broker", "440100", "广州视源电子科技股份有限公司")
    assert ServiceRequest.objects.get().designation == assignment.designation
