app_name = "matchmaker_rewards"
urlpatterns: list = []
