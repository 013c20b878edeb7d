app_name = "committee"
urlpatterns: list = []
