from ninja import Router

router = Router(tags=["typical_cases"])
