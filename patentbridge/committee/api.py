"""/api/v1 endpoints of the committee app."""

from ninja import Router

router = Router(tags=["committee"])
