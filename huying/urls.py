from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("huying.core.urls")),
    path("accounts/", include("huying.signin.urls")),
    path("accounts/", include("huying.accounts.urls")),
    path("appeals/", include("huying.appeals.urls")),
    path("board/", include("huying.board.urls")),
    path("staff/", include("huying.workorders.urls")),
    path("rate/", include("huying.workorders.urls_public")),
    path("triage/", include("huying.triage.urls")),
    path("duplicates/", include("huying.duplicates.urls")),
    path("hot/", include("huying.hot.urls")),
    path("matters/", include("huying.matters.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # An administrator's own password changes where everyone's does, with its audit event.
    path(
        "admin/password_change/",
        login_required(RedirectView.as_view(pattern_name="signin:password_change")),
        name="admin_password_change",
    ),
    path("admin/", admin.site.urls),
]

handler400 = "huying.core.views.bad_request"
handler403 = "huying.core.views.permission_denied"
handler404 = "huying.core.views.page_not_found"
handler500 = "huying.core.views.server_error"
