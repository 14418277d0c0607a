from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The one state of the appeal's life; work-order code reads it from here too.
from huying.appeals.states import HANDLING_STATES, WORK_ORDER_STATES, State  # noqa: F401
from huying.audit.wording import said, typed


class RejectionReason(models.TextChoices):
    SPAM = "spam", _("Spam or abuse")
    OUT_OF_SCOPE = "out_of_scope", _("Outside what the district handles")
    NOT_ENOUGH_INFORMATION = "not_enough_information", _("Not enough information to act on")
    # 作为重复件不予受理: a repeat of an appeal already answered (linked to it).
    DUPLICATE = "duplicate", _("A repeat of an appeal already answered")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    FAIRLY_SATISFIED = "fairly_satisfied", _("Fairly satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class WorkOrderQuerySet(models.QuerySet):
    def handling(self):
        return self.filter(state__in=HANDLING_STATES)

    def overdue(self, now=None):
        """Handling work orders past their reply deadline, or with an acceptance overdue."""
        now = now or timezone.now()
        late_acceptance = Q(
            assignments__replaced_at__isnull=True,
            assignments__status=Assignment.Status.PENDING,
            assignments__accept_due__lt=now,
        )
        return self.handling().filter(Q(reply_due__lt=now) | late_acceptance).distinct()


class WorkOrder(models.Model):
    """The handling of one appeal (and any joined to it) by departments, with deadlines.

    Several appeals share one work order when the dispatch centre joins a near-duplicate
    to an earlier appeal's (并入工单); each keeps its own resident, tracking page and
    follow-up.  Its fields change only through huying.workorders.actions.
    """

    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DISPATCHED, db_index=True)
    state_changed = models.DateTimeField(_("state changed"), default=timezone.now)
    # The appeal it was dispatched for; joined appeals hang on the same work order.
    main_appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name=_("appeal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="main_work_order",
    )
    # Kept equal to the active lead assignment's department, for quick filtering.
    lead_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("lead department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_work_orders",
    )
    category = models.ForeignKey(
        "taxonomy.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dispatched by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The deadline for the lead's reply; set by dispatch, moved only by extension and reopen.
    reply_due = models.DateTimeField(_("reply due"), null=True, blank=True, db_index=True)
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    # Answered by the dispatch centre itself (an enquiry), without dispatching.
    answered_directly = models.BooleanField(_("answered by the dispatch centre"), default=False)
    solved = models.BooleanField(_("solved"), null=True, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["state", "reply_due"], name="workorder_state_due_idx")]

    def __str__(self):
        return f"WO-{self.pk}"

    def active_assignments(self):
        # Uses the prefetch when there is one: lists must not query per row.
        return [a for a in self.assignments.all() if a.replaced_at is None]

    @property
    def lead_assignment(self):
        return next((a for a in self.active_assignments() if a.is_lead), None)

    @property
    def co_assignments(self):
        return [a for a in self.active_assignments() if not a.is_lead]


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(replaced_at__isnull=True)

    def for_departments(self, department_ids):
        """Assignments a department works on: its own, or forwarded to it by its street."""
        return self.filter(Q(department_id__in=department_ids) | Q(forwarded_to_id__in=department_ids))


class Assignment(models.Model):
    """One department's part in a work order: the lead or a co-handler, and whether it accepted."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead department")
        CO_HANDLER = "co_handler", _("Co-handling department")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for acceptance")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    dispatched_at = models.DateTimeField(_("dispatched"), default=timezone.now)
    accept_due = models.DateTimeField(_("acceptance due"), null=True, blank=True)
    # Co-handlers owe their input by this deadline; after it the lead may reply without it.
    input_due = models.DateTimeField(_("input due"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # A street may forward its part to one of its communities (二级派单) and stays responsible.
    forwarded_to = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("forwarded to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    # Set when a re-dispatch takes the part away; the row stays for the record.
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["work_order", "-role", "id"]
        indexes = [
            models.Index(fields=["department", "status"], name="assignment_dept_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["work_order"],
                condition=Q(role="lead", replaced_at__isnull=True),
                name="assignment_one_active_lead",
            ),
            models.UniqueConstraint(
                fields=["work_order", "department"],
                condition=Q(replaced_at__isnull=True),
                name="assignment_department_once",
            ),
        ]

    def __str__(self):
        return f"{self.work_order} {self.department} ({self.role})"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED


class CoHandlerInput(models.Model):
    """What a co-handling department contributes; the lead reads it before replying."""

    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="inputs"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("department"), on_delete=models.CASCADE, related_name="inputs"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("input"))
    created = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("co-handler input")
        verbose_name_plural = _("co-handler inputs")
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.assignment}: {self.created:%Y-%m-%d}"


class ExtensionRequest(models.Model):
    """The lead asks for more working days; the dispatch centre decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")
        WITHDRAWN = "withdrawn", _("Withdrawn by the reply")

    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField(_("more working days"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)
    old_due = models.DateTimeField(_("previous deadline"), null=True, blank=True)
    new_due = models.DateTimeField(_("new deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["work_order"], condition=Q(status="pending"), name="extension_one_pending"),
        ]

    def __str__(self):
        return f"{self.work_order} +{self.days}"


class Reply(models.Model):
    """The lead's answer to the resident; the dispatch centre reviews it before it is published."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        SENT_BACK = "sent_back", _("Sent back")

    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="replies"
    )
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("reply"))
    created = models.DateTimeField(_("written"), default=timezone.now)
    # 0 for the first handling, then one more for each reopen.
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    # Co-handling departments whose input was still missing when the lead replied.
    missing_input_from = models.TextField(_("input missing from"), blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.work_order} reply {self.pk}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Note(models.Model):
    """An internal note between staff.  Never public, never shown to the resident."""

    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("note"))
    created = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.work_order} note {self.pk}"


class FollowUp(models.Model):
    """Whether it was solved and how satisfied the resident is: recorded by the dispatch
    centre after calling, or given by the resident on the tracking page."""

    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    # The appeal whose resident answered: each appeal of a shared work order has its own.
    appeal = models.ForeignKey(
        "appeals.Appeal", verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_resident = models.BooleanField(_("given by the resident"), default=False)
    solved = models.BooleanField(_("solved"), null=True, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    created = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.work_order} {self.satisfaction}"


class Rejection(models.Model):
    """Why the dispatch centre did not take an appeal up; the resident sees the reason."""

    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="rejection"
    )
    reason = models.CharField(_("reason"), max_length=30, choices=RejectionReason.choices)
    note = models.TextField(_("note"), blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("rejected"), default=timezone.now)

    class Meta:
        verbose_name = _("rejection")
        verbose_name_plural = _("rejections")

    def __str__(self):
        return f"{self.appeal_id}: {self.reason}"


def rejection_wording(reason: str, note: str, repeats=None) -> list:
    """Why it was not taken up, as the resident reads it (huying.audit.wording)."""
    if repeats is not None:
        shown = said(
            _("This repeats appeal %(ticket)s, which has already been answered: it is not taken up again."),
            ticket=repeats.ticket_number,
        )
    else:
        shown = said(RejectionReason(reason).label)
    return [shown, typed(note)]


def current_due(work_order):
    """The deadline that matters now: the lead's acceptance while it waits, else the reply."""
    if work_order is None or work_order.state not in HANDLING_STATES:
        return None
    if work_order.state == State.DISPATCHED:
        lead = work_order.lead_assignment
        if lead is not None and lead.accept_due is not None:
            return lead.accept_due
    return work_order.reply_due
