from django.urls import path

from patentbridge.committee import views

app_name = "committee"
urlpatterns = [
    path("", views.index, name="index"),
    path("org/<int:pk>/", views.organisation, name="organisation"),
    path("org/<int:pk>/members/", views.member_add, name="member_add"),
    path("org/<int:pk>/members/<int:member_id>/end/", views.member_end, name="member_end"),
    path("org/<int:pk>/policy/", views.policy_set, name="policy"),
    path("org/<int:pk>/meetings/", views.meeting_schedule, name="meeting_schedule"),
    path("meeting/<int:pk>/", views.meeting, name="meeting"),
    path("meeting/<int:pk>/step/", views.meeting_step, name="meeting_step"),
    path("meeting/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meeting/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("item/<int:pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("item/<int:pk>/declaration/", views.declare, name="declare"),
    path("item/<int:pk>/vote/", views.vote, name="vote"),
    path("item/<int:pk>/decision/", views.decide, name="decide"),
]
