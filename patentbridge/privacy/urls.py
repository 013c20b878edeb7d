from django.urls import path

from patentbridge.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("desk/", views.desk, name="desk"),
    path("requests/<int:pk>/", views.detail, name="detail"),
    path("requests/<int:pk>/verify/", views.verify, name="verify"),
    path("requests/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("requests/<int:pk>/answer/", views.answer, name="answer"),
    path("requests/<int:pk>/export.json", views.export_json, name="export_json"),
    path("requests/<int:pk>/copy/", views.export_summary, name="export_summary"),
]
