from django.urls import path

from patentbridge.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.index, name="index"),
    path("overview/", views.overview, name="overview"),
    path("pledges/<int:pledge_id>/dispose/", views.disposal_open, name="open"),
    path("disposals/<int:pk>/", views.disposal_detail, name="disposal"),
    path("disposals/<int:pk>/agree/", views.agree, name="agree"),
    path("disposals/<int:pk>/ruling/", views.ruling, name="ruling"),
    path("disposals/<int:pk>/ruling/file/", views.ruling_download, name="ruling_file"),
    path("disposals/<int:pk>/send/", views.send, name="send"),
    path("disposals/<int:pk>/statement/", views.statement, name="statement"),
    path("disposals/<int:pk>/statement.pdf", views.statement_download, name="statement_pdf"),
    path("disposals/<int:pk>/release/", views.release, name="release"),
    path("disposals/<int:pk>/repaid/", views.repaid, name="repaid"),
    path("disposals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
