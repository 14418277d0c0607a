from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huying.audit.wording import compose


class AppendOnlyError(Exception):
    pass


class EventQuerySet(models.QuerySet):
    def for_object(self, obj):
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=ct, object_id=str(obj.pk))

    def update(self, **kwargs):
        raise AppendOnlyError("audit events are never updated")

    def delete(self):
        raise AppendOnlyError("audit events are never deleted")


class Event(models.Model):
    """One recorded state change: who, when, which object, what, from, to, why, from where.

    Append-only.  Holds no personal data, so erasing a resident never touches it.
    """

    created = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The role at the time ("resident" and "system" for changes made without a login).
    actor_role = models.CharField(_("role"), max_length=20)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of object")
    )
    object_id = models.CharField(_("object"), max_length=64)
    action = models.CharField(_("action"), max_length=50)
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # A reason the system composed, as pieces each reader reads in their language (wording.py).
    wording = models.JSONField(_("wording"), default=list, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created"], name="event_object_idx")]

    def __str__(self):
        return f"{self.action} {self.content_type_id}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit events are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events are never deleted")

    @property
    def shown_reason(self) -> str:
        """The reason in the reader's language: composed again from its pieces, or as typed."""
        return compose(self.wording) if self.wording else self.reason
