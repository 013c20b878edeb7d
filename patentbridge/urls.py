from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from patentbridge.api import api
from patentbridge.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("audit/", home_views.audit, name="audit"),
    path("health/", home_views.health, name="health"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("patents/", include("patentbridge.patents.urls")),
    path("orgs/", include("patentbridge.orgs.urls")),
    path("search/", include("patentbridge.search.urls")),
    path("demands/", include("patentbridge.demands.urls")),
    path("pool/", include("patentbridge.pool.urls")),
    path("rights/", include("patentbridge.rights.urls")),
    path("kpi/", include("patentbridge.kpi.urls")),
    path("licensing/", include("patentbridge.licensing.urls")),
    path("revenue/", include("patentbridge.revenue.urls")),
    path("deals/", include("patentbridge.deals.urls")),
    path("tech-contracts/", include("patentbridge.recordation.urls")),
    path("push/", include("patentbridge.push.urls")),
    path("notices/", include("patentbridge.notices.urls")),
    path("industries/", include("patentbridge.industries.urls")),
    path("products/", include("patentbridge.products.urls")),
    path("recognition/", include("patentbridge.recognition.urls")),
    path("rewards/", include("patentbridge.rewards.urls")),
    path("cases/", include("patentbridge.typical_cases.urls")),
    path("tenders/", include("patentbridge.tendering.urls")),
    path("commissioners/", include("patentbridge.commissioners.urls")),
    path("managers/", include("patentbridge.managers.urls")),
    path("committee/", include("patentbridge.committee.urls")),
    path("casework/", include("patentbridge.casework.urls")),
    path("matchmaker-rewards/", include("patentbridge.matchmaker_rewards.urls")),
    path("listings/", include("patentbridge.listings.urls")),
    path("auctions/", include("patentbridge.auctions.urls")),
    path("events/", include("patentbridge.events.urls")),
    path("finance/", include("patentbridge.finance.urls")),
    path("industry-statistics/", include("patentbridge.monitoring.urls")),
    path("privacy/", include("patentbridge.privacy.urls")),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("admin/", admin.site.urls),
    path("", include("patentbridge.core.urls")),  # /metrics
]

handler400 = "patentbridge.core.views.bad_request"
handler403 = "patentbridge.core.views.permission_denied"
handler404 = "patentbridge.core.views.page_not_found"
handler500 = "patentbridge.core.views.server_error"

