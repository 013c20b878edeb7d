from django.urls import path

from patentbridge.recordation import views

app_name = "recordation"
urlpatterns = [
    path("", views.contract_list, name="contracts"),
    path("<int:contract_id>/", views.contract_detail, name="contract"),
    path("<int:contract_id>/register/", views.contract_register, name="register"),
    path("<int:contract_id>/cancel/", views.contract_cancel, name="cancel"),
    path("<int:contract_id>/certificate.pdf", views.contract_certificate, name="certificate"),
]
