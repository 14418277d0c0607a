from django.urls import path
from django.views.decorators.http import require_GET

from huying.board import views
from huying.board.feeds import BoardFeed

app_name = "board"
urlpatterns = [
    path("", views.board_list, name="list"),
    path("<int:pk>/", views.board_detail, name="detail"),
    path("feed/", require_GET(BoardFeed()), name="feed"),
    path("appeals.json", views.board_json, name="json"),
]
