"""The service-level time: working days to accept, and the regulator's overdue figure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from patentbridge.commissioners import selectors, services
from patentbridge.commissioners.models import RequestStatus
from patentbridge.commissioners.tests.factories import (
    SHENZHEN,
    designated,
    enterprise,
    regulator_of,
    service_request,
)
from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import member_of

pytestmark = pytest.mark.django_db
FRIDAY = dt.date(2026, 11, 27)


def test_three_working_days_from_a_friday_end_on_wednesday():
    assert services.accept_by(FRIDAY, 3) == dt.date(2026, 12, 2)


def test_a_request_opened_on_saturday_counts_from_monday():
    assert services.accept_by(dt.date(2026, 11, 28), 3) == dt.date(2026, 12, 3)


def test_opening_sets_the_day_from_the_setting(settings):
    settings.COMMISSIONER_ACCEPT_WORKING_DAYS = 5
    firm = enterprise()
    designated()
    service = services.service_request_open(actor=member_of(firm, Role.ENTERPRISE_USER), enterprise=firm,
                                            need="专利布局咨询", deadline=None)
    assert service.accept_by == services.accept_by(timezone.localtime(service.opened_at).date(), 5)


def test_overdue_figure_counts_open_requests_past_their_day():
    regulator = regulator_of()
    service_request(accept_by=FRIDAY)  # overdue on the Monday
    service_request(accept_by=dt.date(2026, 11, 30))  # due that very day: not yet
    service_request(accept_by=FRIDAY, status=RequestStatus.ACCEPTED)  # accepted: never overdue
    assert selectors.overdue_requests(regulator, today=dt.date(2026, 11, 30)).count() == 1


def test_a_city_bureau_sees_only_its_own_citys_overdue_requests():
    regulator = regulator_of()
    service_request(enterprise(SHENZHEN), accept_by=FRIDAY)
    assert selectors.overdue_requests(regulator, today=dt.date(2026, 11, 30)).count() == 0


def test_the_provincial_regulator_sees_every_citys_overdue_requests():
    service_request(enterprise(SHENZHEN), accept_by=FRIDAY)
    service_request(accept_by=FRIDAY)
    assert selectors.overdue_requests(regulator_of(None), today=dt.date(2026, 11, 30)).count() == 2
