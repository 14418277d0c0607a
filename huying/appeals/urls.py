from django.urls import path

from huying.appeals import views

app_name = "appeals"
urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("track/", views.track, name="track"),
]
