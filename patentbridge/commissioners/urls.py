from django.urls import path

from patentbridge.commissioners import views

app_name = "commissioners"
urlpatterns = [
    path("", views.index, name="index"),
    path("oversight/", views.oversight, name="oversight"),
    path("designations/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("designations/<int:pk>/assign/", views.assign, name="assign"),
    path("desk/", views.desk, name="desk"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/step/", views.request_step, name="step"),
    path("requests/<int:pk>/close/", views.request_close, name="close"),
    path("requests/<int:pk>/visit/", views.visit, name="visit"),
    path("requests/<int:pk>/recommend/", views.recommend, name="recommend"),
    path("requests/<int:pk>/claim/", views.claim, name="claim"),
    path("attributions/<int:pk>/decide/", views.decide, name="decide"),
]
