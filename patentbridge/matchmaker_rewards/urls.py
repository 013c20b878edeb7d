from django.urls import path

from patentbridge.matchmaker_rewards import views

app_name = "matchmaker_rewards"
urlpatterns = [
    path("", views.index, name="index"),
    path("policies/new/", views.policy_edit, name="policy_new"),
    path("policies/<int:policy_id>/", views.policy_edit, name="policy_edit"),
    path("mine/", views.mine, name="mine"),
    path("apply/<int:attribution_id>/", views.apply, name="apply"),
    path("applications/<int:application_id>/", views.application, name="application"),
    path("applications/<int:application_id>/approve/", views.application_step, {"step": "approve"}, name="approve"),
    path("applications/<int:application_id>/refuse/", views.application_step, {"step": "refuse"}, name="refuse"),
    path("applications/<int:application_id>/pay/", views.application_step, {"step": "pay"}, name="pay"),
    path("applications/<int:application_id>/withdraw/", views.application_step, {"step": "withdraw"},
         name="withdraw"),
    path("queue/", views.queue, name="queue"),
    path("ledger/", views.ledger, name="ledger"),
]
