"""Phone and ID-card numbers as residents type them: normalise, then check.

Both accept full-width digits and the spaces and dashes people put in numbers, and
return the canonical form that is encrypted and hashed (so the same number typed two
ways counts as one for rate limits and duplicates).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huying.lib.pii import to_halfwidth

_SEPARATORS = re.compile(r"[\s\-－—–()（）.·/]+")
MOBILE = re.compile(r"1[3-9]\d{9}")
# 010 and 02x have three-digit area codes and 8-digit numbers; the rest four and 7 or 8.
LANDLINE = re.compile(r"(?:010|02\d)[2-9]\d{7}|0[3-9]\d{2}[2-9]\d{6,7}")

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
ID_SHAPE = re.compile(r"\d{17}[\dX]")
# The first two digits: a province, or 71/81/82/83 (Taiwan, Hong Kong, Macau residence permits).
PROVINCES = frozenset(
    {
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
        71,
        81,
        82,
        83,
    }
)


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", to_halfwidth(value or "").strip())


def normalise_phone(value: str) -> str:
    """Return the phone number as bare digits, or raise ValidationError."""
    digits = _compact(value)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if len(digits) == 13 and digits.startswith("86") and MOBILE.fullmatch(digits[2:]):
        digits = digits[2:]
    if MOBILE.fullmatch(digits) or LANDLINE.fullmatch(digits):
        return digits
    raise ValidationError(
        _("Enter a mainland mobile number (11 digits, starting with 1) or a landline number with its area code."),
        code="invalid_phone",
    )


def id_check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def normalise_id_number(value: str, today: datetime.date | None = None) -> str:
    """Return an 18-character resident ID-card number (GB 11643), or raise ValidationError."""
    number = _compact(value).upper()
    if not ID_SHAPE.fullmatch(number):
        raise ValidationError(
            _("An ID-card number has 18 characters: 17 digits and a last digit or X."), code="invalid_id_shape"
        )
    if int(number[:2]) not in PROVINCES:
        raise ValidationError(_("This ID-card number is not valid: please check each digit."), code="invalid_id_region")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("This ID-card number does not contain a real date of birth."), code="invalid_id_date"
        ) from None
    today = today or timezone.localdate()
    if born.year < 1900 or born > today:
        raise ValidationError(_("This ID-card number does not contain a real date of birth."), code="invalid_id_date")
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(_("This ID-card number is not valid: please check each digit."), code="invalid_id_check")
    return number
