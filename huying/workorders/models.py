from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkOrder(models.Model):
    """The handling of one appeal (and any merged into it) by departments, with deadlines.

    Several appeals can share one work order when the dispatch centre merges duplicates.
    """

    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    lead_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("lead department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_work_orders",
    )

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")

    def __str__(self):
        return f"WO-{self.pk}"
