from django.core.checks import Error, register
from django.db import DatabaseError

from huying.appeals.models import Appeal
from huying.lib import crypto


@register("database", deploy=True)
def field_keys_read_the_stored_numbers(app_configs=None, **kwargs):
    """The newest stored phone number must decrypt: a HUYING_FIELD_KEYS without the key the
    rows were written with would show every resident's number as empty."""
    try:
        row = (
            Appeal.objects.exclude(phone_encrypted="").order_by("-pk").values_list("phone_encrypted", flat=True).first()
        )
    except DatabaseError:  # no database yet (before migrate): nothing stored to read
        return []
    if row is None or crypto.decrypt(row):
        return []
    return [
        Error(
            "HUYING_FIELD_KEYS cannot decrypt the phone numbers already stored.",
            hint="Keep the key they were written with in HUYING_FIELD_KEYS (after the new one, to rotate).",
            id="huying.E001",
        )
    ]
