from django.urls import path

from patentbridge.typical_cases import views

app_name = "typical_cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("desk/", views.desk, name="desk"),
    path("new/<str:kind>/<int:source_id>/", views.draft_new, name="new"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/edit/", views.case_edit, name="edit"),
    path("<int:case_id>/step/", views.case_step, name="step"),
]
