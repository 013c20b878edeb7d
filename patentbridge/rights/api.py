"""/api/v1: what binds a patent (grants, pledges, suspensions, annual-fee status), and the registered pledges and
suspensions recorded here."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.patents.selectors import patent_get
from patentbridge.rights import selectors, services
from patentbridge.rights.models import SuspensionGround

router = Router(tags=["rights"])


class GrantOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    territory: str = Field(..., alias="territory.code")
    territory_name: str = Field(..., alias="territory.name_zh")
    grantor: str = Field(..., alias="grantor.name")
    grantee: str | None = Field(None, alias="grantee.name")
    starts_on: dt.date
    ends_on: dt.date | None
    signed_on: dt.date
    recorded_on: dt.date | None


class PledgeOut(Schema):
    id: int
    pledgee_name: str
    amount: Decimal
    registration_number: str
    registered_on: dt.date
    ends_on: dt.date | None
    released_on: dt.date | None


class SuspensionOut(Schema):
    id: int
    ground: SuspensionGround
    reference: str
    started_on: dt.date
    lifted_on: dt.date | None


class RightsOut(Schema):
    grants: list[GrantOut]
    pledged: bool
    pledges: list[PledgeOut]
    suspended: bool
    suspensions: list[SuspensionOut]
    fee_state: str
    fee_state_label: str


class PledgeIn(Schema):
    pledgee_id: int | None = Field(None, ge=1, le=2**31 - 1)
    pledgee_name: str = Field("", max_length=200)
    amount: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2)
    registration_number: str = Field(..., min_length=1, max_length=60)
    registered_on: dt.date
    ends_on: dt.date | None = None


class DayIn(Schema):
    on: dt.date


class SuspensionIn(Schema):
    ground: SuspensionGround
    reference: str = Field(..., min_length=1, max_length=100)
    started_on: dt.date


@router.get("/patents/{number}/rights", response=RightsOut, auth=READ_AUTH)
def patent_rights(request: HttpRequest, number: str):
    """Declarations and recorded grants are public; a contract not yet recorded is shown to its parties only."""
    rights = selectors.rights_of(patent_get(number), timezone.localdate(), request.user)
    return {"grants": rights.grants, "pledged": rights.pledged, "pledges": rights.pledges,
            "suspended": rights.suspended, "suspensions": rights.suspensions, "fee_state": rights.fee_state,
            "fee_state_label": str(rights.fee_state_label)}


@router.post("/patents/{number}/pledges", response={201: PledgeOut}, auth=WRITE_AUTH)
def record_pledge(request: HttpRequest, number: str, payload: PledgeIn):
    """A pledge registered with CNIPA, recorded by the patentee's or the pledgee's committing member."""
    with transaction.atomic():
        pledge = services.pledge_register(actor=request.user, patent=patent_get(number), data=payload.dict(),
                                          request=request)
    return Status(201, pledge)


@router.post("/pledges/{pledge_id}/release", response=PledgeOut, auth=WRITE_AUTH)
def release_pledge(request: HttpRequest, pledge_id: int, payload: DayIn):
    """The registered release, recorded by the pledgee (or a platform administrator)."""
    with transaction.atomic():
        return services.pledge_release(actor=request.user, pledge=selectors.pledge_get(pledge_id), on=payload.on,
                                       request=request)


@router.post("/patents/{number}/suspensions", response={201: SuspensionOut}, auth=WRITE_AUTH)
def record_suspension(request: HttpRequest, number: str, payload: SuspensionIn):
    """CNIPA's suspension of the patent's procedures (IR Art 103, 104): platform administrators."""
    with transaction.atomic():
        suspension = services.suspension_register(actor=request.user, patent=patent_get(number),
                                                  data=payload.dict(), request=request)
    return Status(201, suspension)


@router.post("/suspensions/{suspension_id}/lift", response=SuspensionOut, auth=WRITE_AUTH)
def lift_suspension(request: HttpRequest, suspension_id: int, payload: DayIn):
    with transaction.atomic():
        return services.suspension_lift(actor=request.user, suspension=selectors.suspension_get(suspension_id),
                                        on=payload.on, request=request)
