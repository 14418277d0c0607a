from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from huying.lib.chinese import for_reader


class DepartmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def streets(self):
        return self.filter(kind=Department.Kind.STREET)

    def communities(self):
        return self.filter(kind=Department.Kind.COMMUNITY)

    def handling(self):
        """Departments a work order can be dispatched to: bureaus, centres and streets.

        Not the district or the dispatch centre, nor a community: a community gets work
        orders from its street (二级派单)."""
        K = Department.Kind
        return self.active().exclude(kind__in=[K.DISTRICT, K.DISPATCH_CENTRE, K.COMMUNITY])


class Department(models.Model):
    """A node of the district's tree: district > bureaus, centres, streets > communities."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        DISPATCH_CENTRE = "dispatch_centre", _("Dispatch centre")
        BUREAU = "bureau", _("Bureau")
        CENTRE = "centre", _("Centre")
        STREET = "street", _("Street")
        COMMUNITY = "community", _("Community")

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    # Published for residents to call: never masked where a reply quotes it.
    public_phone = models.CharField(_("public phone number"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="department_unique_name_in_parent"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's script: the system owns it, so a zh-Hant reader reads it converted."""
        return for_reader(self.name)

    @property
    def is_street(self) -> bool:
        return self.kind == self.Kind.STREET

    @property
    def is_community(self) -> bool:
        return self.kind == self.Kind.COMMUNITY

    def scope_ids(self) -> set[int]:
        """This department and, for a street, its communities."""
        ids = {self.pk}
        if self.kind == self.Kind.STREET:
            ids |= set(self.children.values_list("pk", flat=True))
        return ids


class Role(models.TextChoices):
    DISPATCHER = "dispatcher", _("Dispatcher")
    HANDLER = "handler", _("Handler")
    SUPERVISOR = "supervisor", _("Supervisor")
    LEADER = "leader", _("Leader")
    MODERATOR = "moderator", _("Moderator")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A member of staff.  Residents have no account."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.HANDLER)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self):
        return self.display_name

    def get_full_name(self) -> str:
        # Chinese order: family name first, no space (王晓燕); Latin names keep a space.
        family, given = self.last_name.strip(), self.first_name.strip()
        if (family + given).isascii():
            return f"{given} {family}".strip()
        return family + given

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
