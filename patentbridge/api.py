"""The JSON API under /api/v1/, OpenAPI 3 at /api/v1/docs (and /api/docs)."""

from patentbridge.auctions.api import router as auctions_router
from patentbridge.casework.api import router as casework_router
from patentbridge.commissioners.api import router as commissioners_router
from patentbridge.committee.api import router as committee_router
from patentbridge.core.api_support import install_error_handlers
from patentbridge.core.openapi import PlatformAPI
from patentbridge.core.parser import StrictParser
from patentbridge.deals.api import router as deals_router
from patentbridge.demands.api import router as demands_router
from patentbridge.events.api import router as events_router
from patentbridge.finance.api import router as finance_router
from patentbridge.industries.api import router as industries_router
from patentbridge.kpi.api import router as kpi_router
from patentbridge.licensing.api import router as licensing_router
from patentbridge.listings.api import router as listings_router
from patentbridge.managers.api import router as managers_router
from patentbridge.matchmaker_rewards.api import router as matchmaker_rewards_router
from patentbridge.monitoring.api import router as monitoring_router
from patentbridge.notices.api import router as notices_router
from patentbridge.orgs.api import router as orgs_router
from patentbridge.patents.api import imports_router
from patentbridge.patents.api import router as patents_router
from patentbridge.pool.api import router as pool_router
from patentbridge.privacy.api import router as privacy_router
from patentbridge.products.api import router as products_router
from patentbridge.push.api import router as push_router
from patentbridge.recognition.api import router as recognition_router
from patentbridge.recordation.api import router as recordation_router
from patentbridge.rewards.api import router as rewards_router
from patentbridge.rights.api import router as rights_router
from patentbridge.search.api import router as search_router
from patentbridge.tendering.api import router as tendering_router
from patentbridge.typical_cases.api import router as typical_cases_router

api = PlatformAPI(
    title="PatentBridge API",
    version="1",
    description="专利转化运用平台 API. Errors always have the shape "
    '`{"error": {"code", "message", "details"}}`. Reads of public data are anonymous; writes need a '
    "session (with CSRF) or `Authorization: Bearer <token>`.",
    urls_namespace="api",
    parser=StrictParser(),
)
install_error_handlers(api)
api.add_router("", patents_router)
api.add_router("", imports_router)
api.add_router("", orgs_router)
api.add_router("", search_router)
api.add_router("", demands_router)
api.add_router("", push_router)
api.add_router("", notices_router)
api.add_router("", rights_router)
api.add_router("", pool_router)
api.add_router("", licensing_router)
api.add_router("", kpi_router)
api.add_router("", deals_router)
api.add_router("", recordation_router)
api.add_router("", industries_router)
api.add_router("", products_router)
api.add_router("", recognition_router)
api.add_router("", rewards_router)
api.add_router("", typical_cases_router)
api.add_router("", tendering_router)
api.add_router("", commissioners_router)
api.add_router("", managers_router)
api.add_router("", committee_router)
api.add_router("", casework_router)
api.add_router("", matchmaker_rewards_router)
api.add_router("", listings_router)
api.add_router("", auctions_router)
api.add_router("", events_router)
api.add_router("", finance_router)
api.add_router("", monitoring_router)
api.add_router("", privacy_router)
