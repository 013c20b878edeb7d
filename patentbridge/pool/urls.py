from django.urls import path

from patentbridge.pool import views

app_name = "pool"
urlpatterns = [
    path("", views.public_list, {"kind": "pool"}, name="list"),
    path("open-licences/", views.public_list, {"kind": "open_licences"}, name="open_licences"),
    path("standards/", views.public_list, {"kind": "standards"}, name="standards"),
    path("public-domain/", views.public_list, {"kind": "public_domain"}, name="public_domain"),
    path("inventory/", views.inventory, name="inventory"),
    path("inventory/export/", views.inventory_export, name="inventory_export"),
    path("entries/<int:entry_id>/", views.entry_detail, name="entry"),
    path("entries/<int:entry_id>/action/", views.entry_action, name="entry_action"),
    path("fees/", views.fees, name="fees"),
    path("fees/paid/", views.fee_paid, name="fee_paid"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reassess/", views.reassess, name="reassess"),
    path("config/", views.configuration, name="config"),
    path("feedback/<str:number>/", views.feedback, name="feedback"),
]
