"""/api/v1 endpoints of the managers app."""

from ninja import Router

router = Router(tags=["managers"])
