from django.urls import path

from patentbridge.industries import views

app_name = "industries"
urlpatterns = [
    path("organisations/<int:organisation_id>/declare/", views.declare, name="declare"),
]
