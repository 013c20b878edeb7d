from django.urls import path

from patentbridge.managers import views

app_name = "managers"
urlpatterns = [
    path("", views.index, name="index"),
    path("office/", views.office, name="office"),
    path("office/<int:org_pk>/import/", views.training_import, name="import"),
    path("import-template/", views.import_template, name="import_template"),
    path("me/", views.profile_edit, name="profile_edit"),
    path("people/<int:user_pk>/", views.profile, name="profile"),
    path("people/<int:user_pk>/grade/", views.rank, name="rank"),
    path("people/<int:user_pk>/training/", views.training_add, name="training_add"),
    path("training/<int:pk>/delete/", views.training_delete, name="training_delete"),
    path("training/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("directory/", views.directory, name="directory"),
    path("overview/", views.overview, name="overview"),
]
