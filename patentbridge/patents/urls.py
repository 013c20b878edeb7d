from django.urls import path

from patentbridge.patents import views

app_name = "patents"
urlpatterns = [
    path("", views.patent_list, name="list"),
    path("ipc-options/", views.ipc_options, name="ipc_options"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<int:import_id>/", views.import_detail, name="import_detail"),
    path("imports/<int:import_id>/rejected.csv", views.import_report, name="import_report"),
    path("<str:number>/", views.patent_detail, name="detail"),
    path("<str:number>/edit/", views.patent_edit, name="edit"),
]
