from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from huying.appeals.models import Kind


class CalendarDay(models.Model):
    """A holiday or make-up workday entered by an administrator from the State Council's notice.

    Entered days override the `chinese_calendar` package, and any entered day marks its
    year as known (the other days of that year then count Monday to Friday).
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked for a make-up workday (调休), unticked for a holiday."),
    )
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date.isoformat()} {self.note}".strip()


class KindLimit(models.Model):
    """Working-day limits for one kind of appeal; a kind without a row uses the defaults."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    accept_days = models.PositiveSmallIntegerField(
        _("acceptance limit (working days)"), default=1, validators=[MinValueValidator(1)]
    )
    reply_days = models.PositiveSmallIntegerField(
        _("reply limit (working days)"), default=5, validators=[MinValueValidator(1)]
    )
    co_handler_days = models.PositiveSmallIntegerField(
        _("co-handlers' input limit (working days)"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("limit per kind")
        verbose_name_plural = _("limits per kind")
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()
