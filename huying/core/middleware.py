from django.conf import settings


def permissions_policy(get_response):
    """Tell the browser which powerful features no page of ours may use."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def head_as_get(get_response):
    """Answer HEAD as GET without the body (RFC 9110), for every page at once: monitors and
    link checkers send it, and function views refuse it (require_GET lists GET alone).

    The view and every middleware inside this one see a GET; the server drops the body, as
    gunicorn, runserver and the test client do for HEAD, so the headers are the GET's own.
    """

    def middleware(request):
        if request.method == "HEAD":
            request.method = "GET"
            try:
                return get_response(request)
            finally:
                request.method = "HEAD"
        response = get_response(request)
        if response.status_code == 405:  # a refused PUT: where GET is allowed, so is HEAD
            allowed = [m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()]
            if "GET" in allowed and "HEAD" not in allowed:
                response.headers["Allow"] = ", ".join([*allowed, "HEAD"])
        return response

    return middleware
