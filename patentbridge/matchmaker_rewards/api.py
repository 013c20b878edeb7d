"""/api/v1 endpoints of the matchmaker_rewards app."""

from ninja import Router

router = Router(tags=["matchmaker_rewards"])
