"""Practical matters (实事项目): what the district commits to fix in public, with milestones.

A practical matter comes from a hot issue, from chosen appeals or from scratch; its state
moves only through huying.matters.actions (the table is transitions.py); its progress is
the weighted share of its milestones done (`progress`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ACCEPTED = "accepted", _("Accepted by a supervisor")


class PracticalMatterQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("lead", "street").prefetch_related("milestones")


class PracticalMatter(models.Model):
    title = models.CharField(_("title"), max_length=100)
    problem = models.TextField(_("the problem in plain words"))
    hot_issue = models.ForeignKey(
        "hot.HotIssue", verbose_name=_("hot issue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_appeals = models.ManyToManyField(
        "appeals.Appeal", verbose_name=_("source appeals"), blank=True, related_name="+"
    )
    lead = models.ForeignKey(
        "accounts.Department", verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+"
    )
    # Where it is (a street), for the public list's filter: the hot issue's, or none for the whole district.
    street = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("street"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    co_handlers = models.ManyToManyField(
        "accounts.Department", verbose_name=_("co-handling departments"), blank=True, related_name="+"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)
    beneficiaries_who = models.CharField(_("who benefits"), max_length=100, blank=True)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"))
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_changed = models.DateTimeField(_("status changed"), default=timezone.now)
    created = models.DateTimeField(_("created"), default=timezone.now)
    completed = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = PracticalMatterQuerySet.as_manager()

    class Meta:
        verbose_name = _("practical matter")
        verbose_name_plural = _("practical matters")
        ordering = ["-year", "planned_completion", "id"]
        indexes = [models.Index(fields=["year", "status"], name="matter_year_status_idx")]

    def __str__(self):
        return self.title

    @property
    def progress(self) -> int:
        return progress(self.milestones.all())


class Milestone(models.Model):
    matter = models.ForeignKey(PracticalMatter, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("milestone"), max_length=100)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("done on"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["position", "planned_date", "id"]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.actual_date is not None


def progress(milestones) -> int:
    """The weighted share of milestones done, in whole percent (0 without milestones)."""
    milestones = list(milestones)
    total = sum(m.weight for m in milestones)
    if not total:
        return 0
    done = sum(m.weight for m in milestones if m.is_done)
    return round(100 * done / total)
