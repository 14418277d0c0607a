"""The public board's writes: putting an appeal and its approved replies on it, and off.

Both are rows of the lifecycle's table (huying.workorders.transitions): checked, locked
and audited like every other change.
"""

from django.utils.translation import gettext_lazy as _

from huying.appeals.actions import write_published
from huying.appeals.models import Appeal
from huying.audit.events import EventName
from huying.workorders.actions.base import clean_text, step


def publish(user, appeal, *, request=None, now=None) -> Appeal:
    """Put the appeal and its published replies on the public board (masked there)."""
    with step(EventName.PUBLISH, user, appeal, now=now, request=request) as s:
        write_published(s.appeal, True, s.now)
        s.record()
    return s.appeal


def unpublish(user, appeal, *, reason="", request=None, now=None) -> Appeal:
    reason = clean_text(reason, _("a reason"), required=False)
    with step(EventName.UNPUBLISH, user, appeal, now=now, request=request) as s:
        write_published(s.appeal, False, s.now)
        s.record(reason=reason)
    return s.appeal
