from django.urls import path

from patentbridge.auctions import views

app_name = "auctions"
urlpatterns = [
    path("", views.lot_list, name="list"),
    path("mine/", views.desk, name="desk"),
    path("new/", views.lot_new, name="new"),
    path("licence/", views.licence, name="licence"),
    path("licences/", views.licences, name="licences"),
    path("<int:lot_id>/", views.lot_detail, name="detail"),
    path("<int:lot_id>/live/", views.lot_live, name="live"),
    path("<int:lot_id>/bid/", views.bid, name="bid"),
    path("<int:lot_id>/register/", views.register, name="register"),
    path("<int:lot_id>/consign/", views.consign, name="consign"),
    path("<int:lot_id>/announce/", views.announce, name="announce"),
    path("<int:lot_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:lot_id>/close/", views.close, name="close"),
    path("<int:lot_id>/sign/", views.sign, name="sign"),
    path("<int:lot_id>/pay/", views.pay, name="pay"),
    path("<int:lot_id>/default/", views.default, name="default"),
    path("<int:lot_id>/relist/", views.relist, name="relist"),
    path("<int:lot_id>/confirmation.pdf", views.confirmation_download, name="confirmation"),
]
