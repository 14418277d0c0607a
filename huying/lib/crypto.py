"""Encryption for personal data at rest, with keyed hashes for lookups.

Phone and ID-card numbers are stored encrypted (Fernet, keys from HUYING_FIELD_KEYS; the
first key encrypts, every key decrypts, so keys can be rotated) and beside them a keyed
hash (HMAC-SHA256), so rate limits and duplicate checks can match numbers without
decrypting anything.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.HUYING_FIELD_KEYS)


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet(_keys()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def keyed_hash(value: str) -> str:
    """A stable lookup hash of a normalised value; empty for an empty value."""
    if not value:
        return ""
    key = hashlib.sha256(("huying-lookup:" + _keys()[-1]).encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
