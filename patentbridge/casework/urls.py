from django.urls import path

from patentbridge.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.index, name="index"),
    path("disclose/", views.disclose, name="disclose"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/assign/", views.assign, name="assign"),
    path("cases/<int:pk>/assess/", views.assess, name="assess"),
    path("cases/<int:pk>/decide/", views.decide, name="decide"),
    path("cases/<int:pk>/application/", views.application, name="application"),
    path("cases/<int:pk>/prior-art/", views.prior_art, name="prior_art"),
    path("cases/<int:pk>/tasks/", views.task_add, name="task_add"),
    path("cases/<int:pk>/tasks/<int:task_id>/done/", views.task_done, name="task_done"),
    path("cases/<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
