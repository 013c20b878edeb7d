from django.urls import path

from patentbridge.kpi import views

app_name = "kpi"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/<str:figure>/", views.records, name="records"),
]
