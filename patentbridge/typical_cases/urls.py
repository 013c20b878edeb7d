from django.urls import path  # noqa: F401

app_name = "typical_cases"
urlpatterns: list = []
