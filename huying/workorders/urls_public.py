"""The resident's side of the work order: rating the reply on the tracking page."""

from django.urls import path

from huying.workorders import views

app_name = "ratings"
urlpatterns = [
    path("<str:ticket_number>/", views.rate, name="rate"),
]
