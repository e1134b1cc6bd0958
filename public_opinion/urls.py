app_name = "public_opinion"

urlpatterns: list = []
