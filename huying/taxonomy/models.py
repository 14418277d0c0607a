from django.db import models
from django.utils.translation import gettext_lazy as _

from huying.lib.chinese import for_reader


class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def level(self, level: int):
        return self.filter(level=level)

    def roots(self):
        return self.filter(level=1)


class Category(models.Model):
    """One node of the three-level subject taxonomy (城乡建设 > 安全生产 > 事故处理)."""

    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=[(1, "1"), (2, "2"), (3, "3")])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    default_lead_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("default lead department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Working-day limits that override the per-kind defaults; empty means no override.
    reply_days = models.PositiveSmallIntegerField(_("reply limit (working days)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["level", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name_in_parent"),
            models.UniqueConstraint(fields=["name"], condition=models.Q(level=1), name="category_unique_root_name"),
        ]

    def __str__(self):
        return for_reader(self.path)

    @property
    def label(self) -> str:
        """The name in the reader's script: the system owns it, so a zh-Hant reader reads it converted."""
        return for_reader(self.name)

    @property
    def path(self) -> str:
        parts = [self.name]
        node = self
        while node.parent_id is not None:
            node = node.parent
            parts.append(node.name)
        return " > ".join(reversed(parts))

    def root(self):
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node

    def effective_lead_department(self):
        node = self
        while node is not None:
            if node.default_lead_department_id:
                return node.default_lead_department
            node = node.parent
        return None
