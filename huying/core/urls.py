from django.urls import path

from huying.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Pages without our <link rel="icon"> (Django admin's) ask the browser's default address.
    path("favicon.ico", views.favicon, name="favicon"),
]
