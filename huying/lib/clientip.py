"""The client's IP address, believing a forwarded-for header only when told to."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """Return the client IP.

    With HUYING_TRUSTED_PROXY_HEADER unset, only REMOTE_ADDR counts: a header the
    client sets itself would let anyone dodge rate limits and lockouts.  Behind N
    trusted proxies, the Nth address from the right of the header is the client.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104
    header = settings.HUYING_TRUSTED_PROXY_HEADER
    if not header:
        return remote
    key = "HTTP_" + header.upper().replace("-", "_")
    raw = request.META.get(key, "")
    hops = [h.strip() for h in raw.split(",") if h.strip()]
    count = settings.HUYING_TRUSTED_PROXY_COUNT
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def axes_client_ip(request):
    return client_ip(request)
