from django.urls import path

from patentbridge.rights import views

app_name = "rights"
urlpatterns = [
    path("<str:number>/pledges/", views.pledge_record, name="pledge_record"),
    path("pledges/<int:pledge_id>/release/", views.pledge_release, name="pledge_release"),
    path("<str:number>/suspensions/", views.suspension_record, name="suspension_record"),
    path("suspensions/<int:suspension_id>/lift/", views.suspension_lift, name="suspension_lift"),
]
