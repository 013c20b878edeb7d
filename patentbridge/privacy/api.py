"""/api/v1/privacy: requests to see, copy or erase a person's personal information (个人信息保护法)."""

from ninja import Router

router = Router(tags=["privacy"])
