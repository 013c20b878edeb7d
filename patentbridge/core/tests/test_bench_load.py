"""The load test's scripts (`make bench-load`) still fit the product: its pages resolve, its seeding works."""

import importlib.util
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve

from patentbridge.core.models import ApiToken
from patentbridge.orgs.models import Membership, OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.models import Patent
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.tests.factories import PoolEntryFactory
from patentbridge.search.services import documents_refresh

ROOT = Path(__file__).resolve().parents[3]


def _module(relative: str):
    spec = importlib.util.spec_from_file_location(Path(relative).stem, ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pages = _module("scripts/load/load_pages.py")
seed = _module("scripts/load/seed.py")
bench = _module("scripts/bench_load.py")


def _values(number: str) -> dict:
    return {"ipc": "H04R", "city": "440100", "year": "2021", "number": number, "query": "语音增强", "demand": 1,
            "entry": 1, "offset": 0, "figure": pages.KPI_FIGURES[0]}


@pytest.mark.parametrize("name", sorted(pages.PAGES))
def test_every_page_the_load_test_requests_resolves(name):
    path = urlsplit(pages.PAGES[name].format(**_values("202110000001.5"))).path
    try:
        resolve(path)
    except Resolver404:
        pytest.fail(f"{name}: {path} is no longer a page of the product")


def test_every_kpi_figure_the_load_test_opens_exists():
    from patentbridge.kpi.records import FIGURES

    assert set(pages.KPI_FIGURES) <= set(FIGURES)


def test_the_locustfile_loads_with_its_user_classes():
    # In a process of its own: importing locust patches the standard library with gevent.
    if importlib.util.find_spec("locust") is None:
        pytest.skip("locust is in the `bench` extra")
    listed = subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "scripts/load/locustfile.py"), "--list"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert listed.returncode == 0, listed.stderr
    assert {"Visitor", "Searcher", "EnterpriseByApi", "EnterpriseByPage", "Office", "Importer", "Regulator"} <= set(listed.stdout.split())


def test_search_words_are_the_technology_a_real_title_names():
    assert seed.query_from_title("一种锂电池正极材料及其制备方法") == "锂电池正极材料"


@pytest.mark.django_db
def test_seeding_makes_accounts_that_sign_in_with_tokens_and_roles():
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    PoolEntryFactory(organisation=university, patent=PatentFactory(owner=university))
    accounts = seed.seed_accounts(enterprises=2, offices=1)
    enterprise, office = accounts["enterprises"][0], accounts["offices"][0]
    assert get_user_model().objects.get(username=enterprise["username"]).check_password(enterprise["password"])
    assert ApiToken.objects.filter(user__username=office["username"]).count() == 1
    assert Membership.objects.filter(user__username=office["username"], organisation=university,
                                     role=Role.TECH_TRANSFER_MANAGER).exists()


@pytest.mark.django_db
def test_sample_data_takes_real_patents_and_titles():
    patent = PatentFactory(title="一种语音增强方法")
    data = seed.sample_data(size=5)
    assert data["patents"] == [patent.application_number] and data["queries"] == ["语音增强"]


@pytest.mark.django_db
def test_synthetic_patents_are_labelled_and_indexed_as_current():
    PatentFactory(title="一种语音增强方法", abstract="一种基于深度学习的语音增强方法。")
    assert bench.add_synthetic(3) == 2
    synthetic = list(Patent.objects.filter(source=bench.SYNTHETIC))
    assert len(synthetic) == 2 and all(p.search_document.vector for p in synthetic)
    assert documents_refresh([p.pk for p in synthetic]) == 0  # their stored tokens count as up to date
