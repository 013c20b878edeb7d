from django.urls import path

from patentbridge.licensing import views

app_name = "licensing"
urlpatterns = [
    path("declare/<str:number>/", views.declare, name="declare"),
    path("take/<int:declaration_id>/", views.take, name="take"),
    path("withdraw/<int:declaration_id>/", views.withdraw, name="withdraw"),
    path("licences/", views.licence_list, name="licences"),
    path("licences/<int:licence_id>/", views.licence_detail, name="licence"),
    path("licences/<int:licence_id>/end/", views.licence_end, name="end"),
    path("licences/<int:licence_id>/contract.pdf", views.licence_contract, name="contract"),
    path("recordations/<int:recordation_id>/file/", views.recordation_file, name="file_recordation"),
]
