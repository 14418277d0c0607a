from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huying.lib import crypto
from huying.lib.pii import mask_email, mask_phone


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")
    GIVEN_UP = "given_up", _("Given up")


class OutboxQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(status__in=[Status.PENDING, Status.FAILED])


class Outbox(models.Model):
    """One message to send, written in the transaction of the change it reports.

    The recipient and the body are stored encrypted (the body may carry a query code);
    the body is wiped once sent, and only masked copies are ever shown or logged.
    """

    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient_encrypted = models.TextField(_("recipient (encrypted)"), editable=False)
    recipient_masked = models.CharField(_("recipient"), max_length=120)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body_encrypted = models.TextField(_("text (encrypted)"), editable=False, blank=True)
    preview = models.TextField(_("message (masked)"), blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("appeal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "queued_at"], name="outbox_status_queued_idx")]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient_masked}"

    @property
    def recipient(self) -> str:
        return crypto.decrypt(self.recipient_encrypted)

    @recipient.setter
    def recipient(self, value: str) -> None:
        self.recipient_encrypted = crypto.encrypt(value)
        self.recipient_masked = mask_email(value) if self.channel == Channel.EMAIL else mask_phone(value)

    @property
    def body(self) -> str:
        return crypto.decrypt(self.body_encrypted)

    @body.setter
    def body(self, value: str) -> None:
        self.body_encrypted = crypto.encrypt(value)
