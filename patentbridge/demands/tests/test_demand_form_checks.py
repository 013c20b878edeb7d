"""The demand form checks like a careful clerk: a deadline within DEMAND_DEADLINE_MAX_YEARS, a budget whose
upper end is not below its lower end, no preselected visibility, and a refusal shown with what was typed."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from patentbridge.core.errors import ValidationFailed
from patentbridge.demands import services
from patentbridge.demands.forms import DemandForm
from patentbridge.demands.models import Demand
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory

BASE = {"title": "降低压缩机噪音", "problem": "压缩机振动噪音大", "visibility": "public"}


def _errors(**fields):
    form = DemandForm({**BASE, **fields})
    form.is_valid()
    return form.errors


def test_a_deadline_of_9999_12_31_is_refused():
    assert "deadline" in _errors(deadline="9999-12-31")


def test_a_deadline_just_beyond_the_limit_is_refused(settings):
    settings.DEMAND_DEADLINE_MAX_YEARS = 2
    too_late = timezone.localdate().replace(year=timezone.localdate().year + 2) + dt.timedelta(days=1)
    assert "deadline" in _errors(deadline=too_late.isoformat())


def test_a_deadline_within_the_limit_is_accepted():
    assert not _errors(deadline=(timezone.localdate() + dt.timedelta(days=90)).isoformat())


def test_a_deadline_already_past_is_refused():
    assert "deadline" in _errors(deadline=(timezone.localdate() - dt.timedelta(days=1)).isoformat())


def test_a_budget_maximum_below_its_minimum_is_an_error_on_the_maximum():
    errors = _errors(budget_min="500000", budget_max="100000")
    assert list(errors) == ["budget_max"]


def test_more_keywords_than_are_kept_are_refused_not_cut():
    assert "keywords" in _errors(keywords=";".join(f"词{i}" for i in range(21)))


def test_visibility_must_be_chosen():
    assert "visibility" in _errors(visibility="")


def test_the_service_refuses_a_far_future_deadline_from_any_caller(db):
    with pytest.raises(ValidationFailed) as error:
        services.demand_create(actor=None, organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE),
                               data={**BASE, "deadline": dt.date(9999, 12, 31)})
    assert "deadline" in error.value.details


def test_a_refused_demand_is_shown_again_with_the_typed_text_and_the_error_by_the_budget(logged_in_client):
    client, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    response = client.post("/demands/new/", {**BASE, "budget_min": "500000", "budget_max": "100000"})
    page = response.content.decode()
    assert response.status_code == 200 and not Demand.objects.exists()
    assert 'value="降低压缩机噪音"' in page and 'value="500000"' in page and 'value="100000"' in page
    assert re.search(r'errorlist[^>]*id="id_budget_max_error"', page)
