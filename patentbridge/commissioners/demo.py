"""Demo records: Guangzhou's bureau designates the demo broker as 专利运营特派员 for Guangzhou and assigns it the demo
enterprise, which opens one service request — so that each of the three finds its page filled on a fresh demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.commissioners import services
from patentbridge.commissioners.models import Designation, ServiceRequest
from patentbridge.orgs.models import City, Organisation

DEMO_NEED = "寻找可许可的柔性显示与触控相关专利，用于新一代交互平板产品（演示数据）。"


@transaction.atomic
def seed_demo(say: Callable[[str], None], *, enterprise: Organisation, regulator: str = "demo-city-regulator",
              commissioner: str = "demo-broker", requester: str = "demo-enterprise") -> None:
    """Designate, assign and open a request through the services; nothing is done twice."""
    users = get_user_model().objects.filter(username__in=[regulator, commissioner, requester]).in_bulk(
        field_name="username")
    city = City.objects.filter(pk=enterprise.city_id).first()
    if len(users) < 3 or city is None:
        say(_("Commissioners: the demo accounts are missing; none designated."))
        return
    if Designation.objects.filter(commissioner=users[commissioner], city=city).exists():
        return
    today = timezone.localdate()
    designation = services.designation_create(actor=users[regulator], commissioner=users[commissioner], city=city,
                                              starts_on=today, ends_on=today.replace(year=today.year + 2))
    services.assignment_create(actor=users[regulator], designation=designation, enterprise=enterprise)
    if not ServiceRequest.objects.filter(enterprise=enterprise).exists():
        services.service_request_open(actor=users[requester], enterprise=enterprise, need=DEMO_NEED,
                                      deadline=today + dt.timedelta(days=30))
    say(_("Commissioners: the demo broker designated for %(city)s, with one service request.") % {"city": city.name})
