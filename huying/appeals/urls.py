from django.urls import path

from huying.appeals import views

app_name = "appeals"
urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submitted/", views.submitted, name="submitted"),
    path("track/", views.track, name="track"),
    path("track/<str:ticket_number>/", views.track_detail, name="track_detail"),
    path("privacy/", views.privacy, name="privacy"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
