from django.urls import path

from huying.accounts import views

app_name = "accounts"
urlpatterns = [
    path("home/", views.home, name="home"),
]
