import logging

from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    return render(request, "core/home.html")


@require_GET
def favicon(request):
    return HttpResponsePermanentRedirect(static("huying/favicon.svg"))


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


# Error pages ------------------------------------------------------------------------------
# Huying's own, in the visitor's language. They read nothing the request sent (Django's
# 400 view re-ran the CSRF check, which read a gbk-encoded body again and failed with a 500),
# and if the page itself cannot be drawn (the database may be what broke) a plain one is sent.
ERROR_TEXTS = {
    "bad_request": (
        400,
        _("The request could not be read"),
        _("The page could not read what was sent. Go back, reload the page and try again."),
    ),
    "forbidden": (
        403,
        _("Not allowed"),
        _("You may not open this page. If you were signed out, log in again; or start from the home page."),
    ),
    "csrf": (
        403,
        _("The form has expired"),
        _(
            "The form was open for a long time, or cookies are turned off. Go back, reload the page and send it "
            "again: what you typed may still be there."
        ),
    ),
    "not_found": (
        404,
        _("No page here"),
        _("There is no page at this address. Check the address, or start again from the home page."),
    ),
    "server_error": (
        500,
        _("Something went wrong"),
        _("The error has been recorded and will be looked at. Please try again in a few minutes."),
    ),
}
PLAIN_ERROR = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
    '<body><h1>{title}</h1><p>{text}</p><p><a href="/">{home}</a></p></body></html>'
)


def error_page(request, kind: str) -> HttpResponse:
    status, title, text = ERROR_TEXTS[kind]
    try:
        return render(request, "core/error.html", {"status": status, "title": title, "text": text}, status=status)
    except Exception:
        logger.exception("the %s page could not be drawn", status)
        page = PLAIN_ERROR.format(title=escape(title), text=escape(text), home=escape(_("Home")))
        return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")


def bad_request(request, exception=None):
    return error_page(request, "bad_request")


def permission_denied(request, exception=None):
    return error_page(request, "forbidden")


def page_not_found(request, exception=None):
    return error_page(request, "not_found")


def server_error(request):
    return error_page(request, "server_error")


def csrf_failure(request, reason=""):
    return error_page(request, "csrf")
