"""/api/v1/kpi/summary: the dashboard's figures as JSON."""

from django.http import HttpRequest
from ninja import Router

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import PermissionDenied
from patentbridge.kpi import selectors
from patentbridge.kpi.views import can_see
from patentbridge.orgs.models import City

router = Router(tags=["kpi"])


@router.get("/kpi/summary", response=dict, auth=WRITE_AUTH)
def kpi_summary(request: HttpRequest, city: str | None = None):
    """Technology-contract turnover against RMB 60 bn, recordations per year against +10 %, conversion rates per
    institution, open licensing; `?city=440100` restricts to one city."""
    if not can_see(request.user):
        raise PermissionDenied("只有监管部门可以查看 / for the regulator")
    return selectors.summary(city if city and City.objects.filter(pk=city).exists() else None)
