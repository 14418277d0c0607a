from django.urls import path

from huying.duplicates import views

app_name = "duplicates"
urlpatterns = [
    path("appeals/<int:pk>/", views.panel, name="panel"),
    path("appeals/<int:pk>/merge/<int:other>/", views.merge, name="merge"),
    path("appeals/<int:pk>/unmerge/<int:other>/", views.unmerge, name="unmerge"),
]
