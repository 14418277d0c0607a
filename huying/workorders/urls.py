from django.urls import path

from huying.workorders import views

app_name = "workorders"
urlpatterns = [
    path("", views.review_queue, name="review_queue"),
    path("inbox/", views.inbox, name="inbox"),
    path("follow-up/", views.follow_up_queue, name="follow_up_queue"),
    path("overdue/", views.overdue, name="overdue"),
    path("appeals/", views.appeal_list, name="appeal_list"),
    path("enter/", views.enter, name="enter"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal"),
    path("appeals/<int:pk>/preview/", views.dispatch_preview, name="dispatch_preview"),
    path("appeals/<int:pk>/contact/", views.show_contact, name="show_contact"),
    path("appeals/<int:pk>/do/<str:name>/", views.act, name="act"),
    path("appeals/<int:pk>/dispatch-as-suggested/", views.dispatch_as_suggested, name="dispatch_as_suggested"),
]
