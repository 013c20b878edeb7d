from django.urls import path

from patentbridge.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("report.<str:fmt>", views.report_file, name="report"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/save/", views.account_save, name="account_save"),
    path("accounts/<int:account_id>/delete/", views.account_delete, name="account_delete"),
    path("accounts/import/", views.accounts_import, name="import"),
    path("gdp/save/", views.gdp_save, name="gdp_save"),
    path("weights/", views.weights, name="weights"),
]
