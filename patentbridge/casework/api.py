"""/api/v1 endpoints of the casework app."""

from ninja import Router

router = Router(tags=["casework"])
