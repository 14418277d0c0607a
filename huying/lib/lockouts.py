"""Counting failures in a window and the lock they earn, for one key (an address, a ticket
and an address, ...). Each app keeps its own counters in a model of this shape and changes
them only in its actions, under select_for_update."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Lockout(models.Model):
    failures = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    window_start = models.DateTimeField(_("counted since"), default=timezone.now)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True


def is_locked(counter: Lockout | None, now: datetime.datetime) -> bool:
    return counter is not None and counter.locked_until is not None and counter.locked_until > now


def count_failure(counter: Lockout, limit: int, window: datetime.timedelta, now: datetime.datetime) -> bool:
    """One more failure in the counter's window (a new window once it has passed); True when
    it earns the lock, which then lasts `window` from now."""
    if now - counter.window_start >= window:
        counter.failures, counter.window_start = 0, now
    counter.failures += 1
    locked = counter.failures >= limit
    if locked:
        counter.failures, counter.window_start, counter.locked_until = 0, now, now + window
    counter.save(update_fields=["failures", "window_start", "locked_until"])
    return locked
