from django.urls import path

from patentbridge.listings import views

app_name = "listings"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/publish/", views.publish, name="publish"),
    path("<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:number>/interest/", views.interest, name="interest"),
    path("<str:number>/relist/", views.relist, name="relist"),
    path("<str:number>/approval/", views.approval_file, name="approval_file"),
]
