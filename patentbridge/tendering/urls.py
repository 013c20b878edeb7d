from django.urls import path

from patentbridge.tendering import views

app_name = "tendering"
urlpatterns = [
    path("", views.tender_list, name="list"),
    path("new/", views.tender_new, name="new"),
    path("<int:tender_id>/", views.tender_detail, name="detail"),
    path("<int:tender_id>/bid/", views.bid_form, name="bid"),
    path("<int:tender_id>/scores/", views.scores, name="scores"),
    path("<int:tender_id>/award/", views.award, name="award"),
    path("<int:tender_id>/cancel/", views.cancel, name="cancel"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<int:agency_id>/", views.agency_profile, name="agency"),
    path("agencies/<int:agency_id>/registration/", views.registration_edit, name="registration"),
    path("agency-list/", views.agency_list_upload, name="agency_list"),
]
