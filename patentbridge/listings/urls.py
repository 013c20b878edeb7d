app_name = "listings"
urlpatterns: list = []
