from django.urls import path

from patentbridge.demands import views

app_name = "demands"
urlpatterns = [
    path("", views.demand_list, name="list"),
    path("new/", views.demand_new, name="new"),
    path("<int:demand_id>/", views.demand_detail, name="detail"),
    path("<int:demand_id>/transition/", views.demand_transition, name="transition"),
    path("<int:demand_id>/matches/<str:number>/answer/", views.demand_answer, name="answer"),
]
