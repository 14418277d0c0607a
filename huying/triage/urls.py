from django.urls import path

from huying.triage import views

app_name = "triage"
urlpatterns = [
    path("", views.models_page, name="models"),
    path("models/<int:pk>/", views.model_detail, name="model"),
    path("models/<int:pk>/live/", views.make_live, name="make_live"),
    path("appeals/<int:pk>/suggestions/", views.suggestions, name="suggestions"),
]
