from django.urls import path

from patentbridge.recognition import views

app_name = "recognition"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:recognition_id>/", views.detail, name="detail"),
    path("<int:recognition_id>/decide/", views.decide, name="decide"),
    path("<int:recognition_id>/refuse/", views.refuse, name="refuse"),
    path("<int:recognition_id>/objections/", views.object_, name="object"),
    path("<int:recognition_id>/confirm/", views.confirm, name="confirm"),
    path("<int:recognition_id>/withdraw/", views.withdraw, name="withdraw"),
    path("objections/<int:objection_id>/dismiss/", views.dismiss, name="dismiss"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review_queue, name="queue"),
    path("criteria/", views.criteria, name="criteria"),
    path("criteria/new/", views.criterion_edit, name="criterion_new"),
    path("criteria/<int:criterion_id>/", views.criterion_edit, name="criterion_edit"),
    path("criteria/notice-days/", views.notice_days, name="notice_days"),
]
