import unicodedata

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, candidate: str | None, fallback: str) -> str:
    """`candidate` if it is a path or address back into this site, else `fallback`: a `next`
    parameter must never send a user to another site, nor put a control character in a header."""
    if (
        candidate
        and candidate.startswith("/")
        and not any(unicodedata.category(ch).startswith("C") for ch in candidate)
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback
