from django.urls import path

from patentbridge.revenue import views

app_name = "revenue"
urlpatterns = [
    path("", views.statement, name="statement"),
    path("policy/", views.policy, name="policy"),
    path("income/", views.income, name="income"),
    path("income/<int:income_id>/", views.income_detail, name="income_detail"),
    path("income/<int:income_id>/allocate/", views.allocate, name="allocate"),
    path("shares/<int:share_id>/pay/", views.pay, name="pay"),
]
