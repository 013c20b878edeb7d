from django.urls import path

from patentbridge.events import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/step/<str:to>/", views.step, name="step"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/proposals/", views.proposals, name="proposals"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/registrations/<int:registration>/cancel/", views.registration_cancel, name="cancel_registration"),
    path("<int:pk>/meetings/", views.meetings, name="meetings"),
    path("<int:pk>/meetings/request/", views.meeting_request, name="meeting_request"),
    path("<int:pk>/meetings/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/meetings/<int:meeting>/move/", views.meeting_move, name="meeting_move"),
    path("<int:pk>/meetings/<int:meeting>/outcome/", views.meeting_outcome, name="meeting_outcome"),
    path("<int:pk>/meetings/<int:meeting>/<str:answer>/", views.meeting_answer, name="meeting_answer"),
    path("<int:pk>/results/", views.results, name="results"),
]
