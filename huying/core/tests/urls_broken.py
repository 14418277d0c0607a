"""The project's URLs plus pages that fail, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path

from huying.urls import handler400, handler403, handler404, handler500  # noqa: F401


def broken(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("broken/", broken),
    path("forbidden/", forbidden),
    path("", include("huying.urls")),
]
