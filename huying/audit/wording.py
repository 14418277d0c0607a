"""What the system itself writes into an event's reason, kept so that each reader reads it
in their own language and script.

A reason the system composes ("Lead: 甲街道; co-handling: 住建局") is stored as pieces:
`said(msgid, **names)` is a catalogue string with the names the system owns as its
arguments, `typed(text)` is what a person typed (shown as typed). `Event.reason` keeps the
text in the site's language for the record; `Event.shown_reason` renders the pieces for
whoever reads the page.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from huying.lib.chinese import for_reader
from huying.lib.pii import mask_text


def msgid(text) -> str:
    """The catalogue key of a lazy translation (or of a plain msgid)."""
    with translation.override(None):
        return str(text)


def said(text, **names) -> list:
    return ["said", msgid(text), {key: str(value) for key, value in names.items()}]


def typed(text: str) -> list:
    return ["typed", mask_text(text or "")]


def compose(pieces, separator: str = " ") -> str:
    """The pieces in the active language: names in the reader's script, typed text as typed."""
    parts = []
    for piece in pieces or []:
        kind, *rest = piece
        if kind == "said":
            text, names = rest
            shown = gettext(text)
            parts.append(shown % {k: for_reader(v) for k, v in names.items()} if names else shown)
        elif rest and rest[0]:
            parts.append(rest[0])
    return separator.join(parts)


def in_site_language(pieces) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return compose(pieces)
