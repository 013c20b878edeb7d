app_name = "managers"
urlpatterns: list = []
