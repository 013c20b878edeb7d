"""The platform's own operational endpoints (mounted at the site root)."""

from django.urls import path

from patentbridge.core.metrics import METRICS_VIEW_NAME, metrics_view

urlpatterns = [path("metrics", metrics_view, name=METRICS_VIEW_NAME)]
