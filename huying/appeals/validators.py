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

from huying.lib.numbers import LANDLINE, MOBILE, PROVINCE_CODES, birth_date, id_check_character
from huying.lib.pii import to_halfwidth

__all__ = ["id_check_character", "normalise_id_number", "normalise_phone"]

_SEPARATORS = re.compile(r"[\s\-－—–()（）.·/]+")
ID_SHAPE = re.compile(r"\d{17}[\dX]")


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


def normalise_id_number(value: str, today: datetime.date | None = None) -> str:
    """Return an 18-character resident ID-card number (GB 11643), or raise ValidationError."""
    number = _compact(value).upper()
    if not ID_SHAPE.fullmatch(number):
        raise ValidationError(
            _("An ID-card number has 18 characters: 17 digits and a last digit or X."), code="invalid_id_shape"
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_("This ID-card number is not valid: please check each digit."), code="invalid_id_region")
    born = birth_date(number)
    today = today or timezone.localdate()
    if born is None or born.year < 1900 or born > today:
        raise ValidationError(_("This ID-card number does not contain a real date of birth."), code="invalid_id_date")
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(_("This ID-card number is not valid: please check each digit."), code="invalid_id_check")
    return number
