from django.urls import path

from patentbridge.products import views

app_name = "products"
urlpatterns = [
    path("", views.public_list, name="public"),
    path("ours/", views.own_list, name="own"),
    path("new/", views.product_new, name="new"),
    path("import/", views.product_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("review/", views.review_queue, name="review"),
    path("<int:product_id>/", views.product_detail, name="detail"),
    path("<int:product_id>/edit/", views.product_edit, name="edit"),
    path("<int:product_id>/decide/", views.product_decide, name="decide"),
    path("<int:product_id>/data/", views.year_new, name="year"),
    path("<int:product_id>/data/<int:year>/confirm/", views.year_confirm, name="year_confirm"),
    path("<int:product_id>/revoke/", views.revoke_request, name="revoke"),
    path("<int:product_id>/revoke/confirm/", views.revoke_confirm, name="revoke_confirm"),
]
