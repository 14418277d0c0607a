from django.urls import path

from huying.matters import views

app_name = "matters"
urlpatterns = [
    path("", views.matter_list, name="list"),
    path("<int:pk>/", views.matter_detail, name="detail"),
]
