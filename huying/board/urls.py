from django.urls import path

from huying.board import views

app_name = "board"
urlpatterns = [
    path("", views.board_list, name="list"),
]
