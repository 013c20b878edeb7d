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
    path("entries/<int:entry_id>/fee-reduction/", views.fee_reduction, name="fee_reduction"),
    path("entries/<int:entry_id>/fee-payments/", views.fee_payment_add, name="fee_payment_add"),
    path("entries/<int:entry_id>/fee-payments/<int:payment_id>/cancel/", views.fee_payment_cancel,
         name="fee_payment_cancel"),
    path("entries/<int:entry_id>/funded-project/", views.funded_project, name="funded_project"),
    path("entries/<int:entry_id>/implementation-reports/", views.implementation_report,
         name="implementation_report"),
    path("entries/<int:entry_id>/standards/", views.standard_add, name="standard_add"),
    path("entries/<int:entry_id>/standards/<int:standard_id>/remove/", views.standard_remove,
         name="standard_remove"),
    path("fees/", views.fees, name="fees"),
    path("fees/paid/", views.fee_paid, name="fee_paid"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reassess/", views.reassess, name="reassess"),
    path("config/", views.configuration, name="config"),
    path("feedback/<str:number>/", views.feedback, name="feedback"),
]
