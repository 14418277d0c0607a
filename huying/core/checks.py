"""System checks for settings that start but would not work in production (the ones that
must not even start are refused in settings.py). `manage.py check --deploy` runs them."""

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]"}


@register(deploy=True)
def allowed_hosts(app_configs=None, **kwargs):
    if settings.DEBUG or set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS:
        return []
    return [
        Warning(
            "ALLOWED_HOSTS names only this machine: visitors using the site's address get 400 Bad Request.",
            hint="Set ALLOWED_HOSTS to the site's host name, e.g. huying.example.gov.cn.",
            id="huying.W001",
        )
    ]


@register(deploy=True)
def https_behind_a_proxy(app_configs=None, **kwargs):
    if not settings.HTTPS or settings.HUYING_TRUSTED_PROXY_HEADER:
        return []
    return [
        Warning(
            "HTTPS is on but no trusted proxy header is set: behind a proxy that ends TLS, every request "
            "looks like plain HTTP and is redirected for ever, and client addresses are the proxy's.",
            hint="Set HUYING_TRUSTED_PROXY_HEADER=X-Forwarded-For (and HUYING_TRUSTED_PROXY_COUNT) for the proxy.",
            id="huying.W002",
        )
    ]
