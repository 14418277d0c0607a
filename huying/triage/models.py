from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Head(models.TextChoices):
    """What a router model predicts."""

    CATEGORY = "category", _("Level-1 category")
    SUBCATEGORY = "subcategory", _("Detailed category")
    DEPARTMENT = "department", _("Lead department")


class RouterModelQuerySet(models.QuerySet):
    def live(self):
        return self.filter(is_live=True)

    def newest_first(self):
        return self.order_by("-version", "-id")


class RouterModel(models.Model):
    """One trained model file: its version, what it predicts, how well it did, and whether it is live."""

    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("predicts"), max_length=20, choices=Head.choices)
    created = models.DateTimeField(_("trained"), default=timezone.now)
    # Relative to VAR_DIR/models; the deployment wrote it, so it may be unpickled.
    file_path = models.CharField(_("file"), max_length=200)
    metrics = models.JSONField(_("metrics"), default=dict)
    trained_on = models.PositiveIntegerField(_("training rows"), default=0)
    is_live = models.BooleanField(_("live"), default=False)
    forced = models.BooleanField(_("forced live"), default=False)
    went_live = models.DateTimeField(_("went live"), null=True, blank=True)

    objects = RouterModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("router model")
        verbose_name_plural = _("router models")
        ordering = ["-version", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="router_model_unique_version_kind"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(is_live=True), name="router_model_one_live_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class Source(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed by the dispatch centre")
    CSV = "csv", _("Imported from a CSV file")


class TrainingExampleQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(source=Source.CONFIRMED)

    def with_suggestion(self):
        return self.filter(suggestion__isnull=False)

    def suggestion_accuracy(self) -> dict:
        """How often the router's top (and top-3) suggestion was what the dispatcher chose."""
        counts = self.with_suggestion().aggregate(
            total=models.Count("id"),
            category_top1=models.Count("id", filter=models.Q(category_rank=1)),
            category_top3=models.Count("id", filter=models.Q(category_rank__lte=3)),
            with_department=models.Count("id", filter=models.Q(department__isnull=False)),
            department_top1=models.Count("id", filter=models.Q(department_rank=1)),
            department_top3=models.Count("id", filter=models.Q(department_rank__lte=3)),
        )

        def share(part, whole):
            return counts[part] / counts[whole] if counts[whole] else None

        return {
            **counts,
            "category_top1_share": share("category_top1", "total"),
            "category_top3_share": share("category_top3", "total"),
            "department_top1_share": share("department_top1", "with_department"),
            "department_top3_share": share("department_top3", "with_department"),
        }


class TrainingExample(models.Model):
    """A text with the category (and lead department) a person chose for it.

    A confirmed example reads its text from its appeal (no copy of what a resident wrote);
    an imported one carries its own title and text.
    """

    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name=_("appeal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="training_example",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    # Identical imported texts are kept once.
    text_hash = models.CharField(_("text hash"), max_length=64, blank=True, db_index=True)
    category = models.ForeignKey(
        "taxonomy.Category", verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("lead department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the router had suggested for the appeal, so its accuracy can be shown.
    suggestion = models.ForeignKey(
        "triage.Suggestion",
        verbose_name=_("suggestion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examples",
    )
    category_rank = models.PositiveSmallIntegerField(_("rank of the chosen category"), null=True, blank=True)
    department_rank = models.PositiveSmallIntegerField(_("rank of the chosen department"), null=True, blank=True)

    objects = TrainingExampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("training example")
        verbose_name_plural = _("training examples")
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.get_source_display()} #{self.pk}"


class Suggestion(models.Model):
    """The router's reading of one appeal: top-3 categories and lead departments with probabilities.

    Each list holds {"id", "name", "p"} dicts, most likely first.
    """

    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="suggestion"
    )
    created = models.DateTimeField(_("analysed"), default=timezone.now)
    categories = models.JSONField(_("categories"), default=list)
    subcategories = models.JSONField(_("detailed categories"), default=list)
    departments = models.JSONField(_("lead departments"), default=list)
    category_version = models.PositiveIntegerField(_("category model version"), null=True, blank=True)
    subcategory_version = models.PositiveIntegerField(_("detailed model version"), null=True, blank=True)
    department_version = models.PositiveIntegerField(_("department model version"), null=True, blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self):
        return f"{self.appeal_id}: {self.top_category_name}"

    @property
    def top_category_name(self) -> str:
        return self.categories[0]["name"] if self.categories else ""
