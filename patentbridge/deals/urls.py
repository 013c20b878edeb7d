from django.urls import path

from patentbridge.deals import views

app_name = "deals"
urlpatterns = [
    path("", views.deal_list, name="list"),
    path("new/", views.contract_new, name="new_contract"),
    path("new/<str:number>/", views.deal_new, name="new"),
    path("<int:deal_id>/", views.deal_detail, name="detail"),
    path("<int:deal_id>/move/", views.deal_move, name="move"),
    path("<int:deal_id>/record/", views.deal_record, name="record"),
    path("<int:deal_id>/committee/", views.deal_refer, name="refer"),
]
