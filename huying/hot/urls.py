from django.urls import path

from huying.hot import views

app_name = "hot"
urlpatterns = [
    path("", views.hot_list, name="list"),
    path("<int:pk>/", views.hot_issue, name="detail"),
    path("<int:pk>/split/", views.split, name="split"),
    path("<int:pk>/join/", views.join, name="join"),
    path("support/<int:pk>/", views.support, name="support"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
