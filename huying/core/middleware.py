from django.conf import settings


def permissions_policy(get_response):
    """Tell the browser which powerful features no page of ours may use."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
