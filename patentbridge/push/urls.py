from django.urls import path

from patentbridge.push import views

app_name = "push"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:notification_id>/", views.open_notification, name="open"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("unsubscribe/<uuid:token>/", views.unsubscribe, name="unsubscribe"),
    path("stats/", views.stats, name="stats"),
]
