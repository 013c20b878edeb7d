from django.urls import path

from patentbridge.kpi import views

app_name = "kpi"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/<str:figure>/", views.records, name="records"),
    path("baseline/", views.baseline_enter, name="baseline_enter"),
    path("contracts/<int:contract_id>/decide/", views.contract_decide, name="contract_decide"),
]
