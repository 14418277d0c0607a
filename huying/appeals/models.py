import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huying.access import department_scope
from huying.appeals.states import OPEN_STATES, State, resident_label
from huying.lib import crypto
from huying.lib.abuse import FLAG_THRESHOLD, AbuseResult
from huying.lib.chinese import to_simplified
from huying.lib.lockouts import Lockout
from huying.lib.pii import mask_name, mask_phone, mask_text


def build_search_text(*parts: str) -> str:
    return to_simplified(mask_text("\n".join(p for p in parts if p))).lower()


class Kind(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry")
    HELP = "help", _("Request for help")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report of wrongdoing")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    PHONE = "phone", _("Hotline 12345")
    LETTER = "letter", _("Letter")
    WALK_IN = "walk_in", _("Walk-in")
    GRID_WORKER = "grid_worker", _("Grid worker")
    LEADER_MAILBOX = "leader_mailbox", _("Leader's mailbox")


class SubmitterType(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    ENTERPRISE = "enterprise", _("Enterprise")


# Lost background work is looked for this far back (a worker down over a long holiday).
REQUEUE_LOOKBACK = datetime.timedelta(days=14)
# At most this many appeals are queued again per sweep, so a backlog drains in steps.
REQUEUE_BATCH = 500


class AppealQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Appeals a member of staff may see (huying.access.department_scope).

        Handlers see the appeals whose work order has a part for their department, lead or
        co-handling (a street: also what it forwarded to its communities; a community: only
        what its street forwarded to it).
        """
        scope = department_scope(user)
        if scope is None:
            return self.all()
        if not scope:
            return self.none()
        current = Q(work_order__assignments__replaced_at__isnull=True)
        mine = Q(work_order__assignments__department_id__in=scope) | Q(
            work_order__assignments__forwarded_to_id__in=scope
        )
        # A subquery, so that an appeal with several parts is listed once.
        with_parts = self.model.objects.filter(current & mine).values("pk")
        # lead_department mirrors the active lead part: the quick test comes first.
        return self.filter(Q(work_order__lead_department_id__in=scope) | Q(pk__in=with_parts))

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def published(self):
        """On the public board: published by staff, consented, never a report of wrongdoing."""
        return self.filter(is_published=True, allow_publish=True).exclude(kind=Kind.REPORT)

    def newest_first(self):
        return self.order_by("-created", "-id")

    def awaiting_background_work(self, now=None):
        """Appeals old enough that the work queued at their submission should be done (a
        setting), and young enough to be worth doing again when it was lost, oldest first."""
        now = now or timezone.now()
        wait = datetime.timedelta(minutes=settings.HUYING_REQUEUE_AFTER_MINUTES)
        return self.filter(created__lt=now - wait, created__gte=now - REQUEUE_LOOKBACK).order_by("pk")

    def flagged_for_abuse(self):
        """Scored high enough to be flagged for a person to judge (never to be dropped)."""
        return self.filter(abuse_score__gte=FLAG_THRESHOLD)


class Appeal(models.Model):
    """One thing a resident or enterprise raised: text, place and contact."""

    ticket_number = models.CharField(_("ticket number"), max_length=20, unique=True)
    # The query code is shown once; only its hash is kept.
    query_code_hash = models.CharField(max_length=128, editable=False)
    created = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    submitter_type = models.CharField(
        _("submitted by"), max_length=20, choices=SubmitterType.choices, default=SubmitterType.RESIDENT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        "taxonomy.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    street = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("street"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="street_appeals",
    )
    community = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_appeals",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    enterprise_name = models.CharField(_("enterprise"), max_length=100, blank=True)

    # Personal data: never shown unmasked in public, revealed to staff on request (audited).
    contact_name = models.CharField(_("contact name"), max_length=50)
    phone_encrypted = models.TextField(editable=False, blank=True)
    phone_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    id_number_encrypted = models.TextField(editable=False, blank=True)
    id_number_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    id_number_consent = models.BooleanField(_("consented to give an ID-card number"), default=False)

    allow_publish = models.BooleanField(_("may be published"), default=False)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    status = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED, db_index=True)
    status_changed = models.DateTimeField(_("status changed"), default=timezone.now)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    # The earlier appeal this one repeats (rejected as a repeat) or whose work order it joined.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    entered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when the retention period ended and the personal data was erased.
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    # Masked title and description in simplified characters, so the public board's search
    # finds text typed in either script and never matches on a phone or ID number.
    search_text = models.TextField(editable=False, blank=True)
    # Set by a background task after submission (huying.lib.abuse): a high score flags the
    # appeal for the dispatcher; it never hides or drops it.
    abuse_score = models.FloatField(_("abuse score"), default=0, editable=False)
    abuse_reasons = models.JSONField(_("abuse reasons"), default=list, blank=True, editable=False)
    abuse_checked_at = models.DateTimeField(_("abuse checked"), null=True, blank=True, editable=False)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["status", "created"], name="appeal_status_created_idx"),
            models.Index(fields=["is_published", "created"], name="appeal_published_idx"),
        ]

    def __str__(self):
        return self.ticket_number

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.title, self.description)
        super().save(*args, **kwargs)

    # Personal data ---------------------------------------------------------
    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_encrypted)

    @phone.setter
    def phone(self, value: str) -> None:
        self.phone_encrypted = crypto.encrypt(value)
        self.phone_hash = crypto.keyed_hash(value)

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)

    @id_number.setter
    def id_number(self, value: str) -> None:
        value = (value or "").upper()
        self.id_number_encrypted = crypto.encrypt(value)
        self.id_number_hash = crypto.keyed_hash(value)

    @property
    def masked_name(self) -> str:
        return mask_name(self.contact_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_report(self) -> bool:
        return self.kind == Kind.REPORT

    # Its life ----------------------------------------------------------------
    @property
    def resident_status_label(self) -> str:
        return resident_label(self.status)

    @property
    def is_joined(self) -> bool:
        """It joined an earlier appeal's work order (并入工单): it is not the one dispatched."""
        return self.work_order_id is not None and self.duplicate_of_id is not None

    # Abuse -----------------------------------------------------------------
    @property
    def abuse(self) -> AbuseResult:
        """The stored score as the detector's result (no reasons until the task has run)."""
        return AbuseResult(score=self.abuse_score or 0.0, reasons=list(self.abuse_reasons or []))


def attachment_path(instance, filename):
    # A random name: the resident's file name never reaches the disk.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"appeals/attachments/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{ext}"


class AttachmentQuerySet(models.QuerySet):
    def pending(self, token: str):
        return self.filter(appeal__isnull=True, upload_token=token) if token else self.none()


class Submission(models.Model):
    """One sending of the submit or entry form, by the one-time token the form carries: a
    second POST with it (a double click, a retry, back and send again) gets the first
    receipt and creates nothing. The unique token holds this even for concurrent POSTs."""

    token = models.CharField(max_length=64, unique=True)
    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="submission")
    # The query code, encrypted, so a retry's receipt can show it; forgotten after a day.
    query_code_encrypted = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return self.token[:8]


class Attachment(models.Model):
    """A photo or PDF sent with an appeal.  Never public: staff open it through a checked view.

    Until the appeal is submitted it is pending: kept against the random upload token of
    the resident's form, so a form returned for correction need not be uploaded again.
    """

    appeal = models.ForeignKey(
        Appeal,
        verbose_name=_("appeal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    upload_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=100)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    created = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created", "id"]

    def __str__(self):
        return self.original_name

    @property
    def masked_name(self) -> str:
        """The file name as staff see it: residents name photos after themselves (欧阳梦琪-139….jpg)."""
        return mask_text(self.original_name)

    @property
    def download_name(self) -> str:
        """A neutral name for the downloaded file: the ticket number and the attachment's number."""
        ext = self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else "bin"
        ticket = self.appeal.ticket_number if self.appeal_id else "upload"
        return f"{ticket}-{self.pk}.{ext}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class TicketCounter(models.Model):
    """The last ticket number handed out on a day (Asia/Shanghai), bumped atomically."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket counter")
        verbose_name_plural = _("ticket counters")

    def __str__(self):
        return f"{self.day}: {self.last}"


class RateCounter(models.Model):
    """How often something happened in a window: database rows, so no cache server is needed."""

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=128)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="ratecounter_unique_window"),
        ]

    def __str__(self):
        return f"{self.scope}:{self.key}@{self.window_start}={self.count}"


class TrackingGuard(Lockout):
    """Wrong query-code tries from one client address on one ticket number (existing or not),
    or on any ticket (ticket number "*"), and the lock they earned that address."""

    ticket_number = models.CharField(max_length=20)
    # A keyed hash of the client address: counters need only recognise it, not keep it.
    client = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("tracking lock")
        verbose_name_plural = _("tracking locks")
        constraints = [
            models.UniqueConstraint(fields=["ticket_number", "client"], name="trackingguard_ticket_client"),
        ]

    def __str__(self):
        return self.ticket_number
