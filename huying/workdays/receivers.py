"""The workdays app's own listeners, connected in WorkdaysConfig.ready()."""

from huying.workdays.calendar import clear_cache


def calendar_changed(sender, **kwargs):
    # The calendar caches admin-entered days.
    clear_cache()
