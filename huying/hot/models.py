"""Hot issues (热点问题): groups of appeals about one problem in one place, and residents' support.

`HotMember` holds which hot issue an appeal is in (one owner: huying.hot.actions); `HotLink`
the pairs the duplicate index scored alike; `HotRule` staff's split and join decisions, as
must-link and cannot-link pairs every regrouping obeys; `Support` the "我也遇到了" presses.
The heat of each window is kept on the hot issue (`heat_7`, `heat_30`, `heat_90`, see
heat.py), refreshed when the issue changes and hourly, so that the page sorts on an index.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huying.lib import crypto

WINDOWS = (7, 30, 90)


class HotIssueQuerySet(models.QuerySet):
    def active(self):
        return self.filter(merged_into__isnull=True, ended__isnull=True)

    def hottest(self, window: int):
        """Active hot issues with appeals or supports in the window, the hottest first."""
        column = f"heat_{window}"
        return self.active().filter(**{f"{column}__gt": 0}).order_by(f"-{column}", "-id")


class HotIssue(models.Model):
    created = models.DateTimeField(_("found"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), default=timezone.now)
    # A masked title of one of its appeals, for staff lists (never a resident's words unmasked).
    title = models.CharField(_("title"), max_length=100, blank=True)
    street = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("street"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appeal_count = models.PositiveIntegerField(_("appeals"), default=0)
    first_appeal_at = models.DateTimeField(_("first appeal"), null=True, blank=True)
    last_appeal_at = models.DateTimeField(_("last appeal"), null=True, blank=True)
    heat_7 = models.FloatField(_("heat (7 days)"), default=0)
    heat_30 = models.FloatField(_("heat (30 days)"), default=0)
    heat_90 = models.FloatField(_("heat (90 days)"), default=0)
    # What the heat was computed from, per window: {"30": {"appeals": …, "residents": …}}.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    # Set when most of its appeals went into another hot issue (a merge), or when none is left.
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = HotIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("hot issue")
        verbose_name_plural = _("hot issues")
        ordering = ["-heat_30", "-id"]
        indexes = [models.Index(fields=[f"heat_{w}"], name=f"hot_heat_{w}_idx") for w in WINDOWS]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None and self.ended is None

    def window_figures(self, window: int) -> dict:
        return self.figures.get(str(window), {})


class HotMember(models.Model):
    """An appeal in a hot issue.  Its time, phone hash and place are copied for the counts."""

    appeal = models.OneToOneField(
        "appeals.Appeal", primary_key=True, on_delete=models.CASCADE, related_name="hot_member"
    )
    hot_issue = models.ForeignKey(HotIssue, on_delete=models.CASCADE, related_name="members")
    joined = models.DateTimeField(default=timezone.now)
    appeal_created = models.DateTimeField()
    phone_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("hot issue member")
        verbose_name_plural = _("hot issue members")
        indexes = [
            models.Index(fields=["hot_issue", "appeal_created"], name="hot_member_issue_idx"),
            models.Index(fields=["appeal_created"], name="hot_member_created_idx"),
        ]

    def __str__(self):
        return f"{self.appeal_id} in {self.hot_issue_id}"


class HotLink(models.Model):
    """Two appeals the duplicate index scored alike, found when the later one was indexed."""

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    # The two appeals' times: a regrouping reads the links with both within its horizon.
    created = models.DateTimeField()
    other_created = models.DateTimeField()

    class Meta:
        verbose_name = _("hot issue link")
        verbose_name_plural = _("hot issue links")
        constraints = [models.UniqueConstraint(fields=["appeal", "other"], name="hot_link_unique")]
        indexes = [models.Index(fields=["created"], name="hot_link_created_idx")]

    def __str__(self):
        return f"{self.appeal_id} ~ {self.other_id} ({self.score:.2f})"


class RuleKind(models.TextChoices):
    MUST_LINK = "must", _("Must be together")
    CANNOT_LINK = "cannot", _("Must be apart")


class HotRuleQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(superseded__isnull=True)


class HotRule(models.Model):
    """A staff decision about two appeals, kept so that every later regrouping obeys it."""

    kind = models.CharField(_("rule"), max_length=10, choices=RuleKind.choices)
    first = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(_("decided"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    # A later decision about the same appeals replaces this one (kept for the record).
    superseded = models.DateTimeField(_("superseded"), null=True, blank=True)

    objects = HotRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("hot issue rule")
        verbose_name_plural = _("hot issue rules")
        indexes = [
            models.Index(fields=["first"], name="hot_rule_first_idx"),
            models.Index(fields=["second"], name="hot_rule_second_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.first_id} {self.second_id}"


class SupportQuerySet(models.QuerySet):
    def counted(self):
        """Supports as counted: once per phone where one was given, else once per browser."""
        return self.filter(Q(phone_hash="") | Q(first_of_phone=True))


class Support(models.Model):
    """One "我也遇到了" on a published appeal: once per browser, and once per phone if given."""

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="supports")
    created = models.DateTimeField(_("time"), default=timezone.now)
    # Keyed hashes: recognise a browser or a phone again, keep neither.
    browser_hash = models.CharField(max_length=64)
    phone_hash = models.CharField(max_length=64, blank=True)
    # The first support of this phone on this appeal; later ones (other browsers) do not count.
    first_of_phone = models.BooleanField(default=False)
    # Kept only with consent, to tell the supporter when the problem is taken up.
    phone_encrypted = models.TextField(editable=False, blank=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    consent = models.BooleanField(_("agreed to be told by SMS"), default=False)
    # The supporter's own link to stop the messages (退订).
    unsubscribe_token = models.CharField(max_length=32, blank=True, db_index=True)
    unsubscribed = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SupportQuerySet.as_manager()

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "browser_hash"], name="support_once_per_browser"),
            models.UniqueConstraint(
                fields=["appeal", "phone_hash"],
                condition=Q(first_of_phone=True),
                name="support_once_per_phone",
            ),
        ]
        indexes = [models.Index(fields=["appeal", "created"], name="support_appeal_idx")]

    def __str__(self):
        return f"support of {self.appeal_id}"

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_encrypted) if self.phone_encrypted else ""
