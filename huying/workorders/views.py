"""The staff workbench: each role's home, the lists, an appeal's page and its action forms.

Views only read and call huying.workorders.actions; a refusal (TransitionRefused,
ActionInvalid) comes back as a message beside the form, with what was typed kept.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from huying.access import is_dispatcher, require_role
from huying.accounts.models import Department, Role
from huying.appeals.access import get_appeal_for_user, get_tracked_appeal
from huying.appeals.forms import new_upload_token, valid_upload_token
from huying.appeals.models import Appeal
from huying.audit.events import EventName
from huying.audit.models import Event
from huying.board import actions as board_actions
from huying.hot.readers import hot_issue_of
from huying.lib.abuse import abuse_badge_html
from huying.lib.pii import highlight_for_staff, mask_name, mask_phone
from huying.taxonomy.models import Category
from huying.workorders import actions, lists
from huying.workorders.forms import (
    DispatchForm,
    EmptyForm,
    EnterAppealForm,
    ExtensionForm,
    FilterForm,
    FollowUpForm,
    ForwardForm,
    JoinForm,
    OptionalNoteForm,
    PublishReplyForm,
    RateForm,
    ReasonForm,
    RedispatchForm,
    RejectDuplicateForm,
    RejectForm,
    RequiredNoteForm,
    TextForm,
)
from huying.workorders.models import State, current_due
from huying.workorders.transitions import (
    TRANSITIONS,
    NeedsConfirmation,
    Subject,
    WorkflowError,
    offered,
    state_of,
)

PAGE_SIZE = 20
TAB_LABELS = {
    "new": gettext_lazy("To review"),
    "returned": gettext_lazy("Returned"),
    "replies": gettext_lazy("Replies to review"),
    "extensions": gettext_lazy("Extension requests"),
    "to_follow_up": gettext_lazy("To follow up"),
    "to_close": gettext_lazy("To close"),
    "overdue": gettext_lazy("Overdue"),
    "decisions": gettext_lazy("Waiting for a supervisor"),
    "to_accept": gettext_lazy("To accept"),
    "in_progress": gettext_lazy("In progress"),
    "due_soon": gettext_lazy("Due soon"),
}


# Lists ---------------------------------------------------------------------------------------
def _filter_form(request):
    departments = list(
        Department.objects.active()
        .exclude(kind__in=[Department.Kind.DISTRICT, Department.Kind.DISPATCH_CENTRE, Department.Kind.COMMUNITY])
        .order_by("kind", "sort_order", "id")
    )
    categories = list(Category.objects.active().filter(level=1).order_by("sort_order", "id"))
    form = FilterForm(request.GET or None, departments=departments, categories=categories)
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return form, filters


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _tab(request, tabs):
    tab = request.GET.get("tab")
    return tab if tab in tabs else tabs[0]


def _appeal_list_page(
    request, template, queryset, *, tabs=None, tab=None, counts=None, title="", extra=None, suggestions=False
):
    form, filters = _filter_form(request)
    queryset = lists.with_rows(queryset.filter(lists.appeal_filter(filters)))
    if suggestions:
        queryset = lists.with_suggestions(queryset)
    page, query = _page(request, lists.newest_first(queryset))
    context = {
        "title": title,
        "filter_form": form,
        "filtered": bool(filters),
        "page": page,
        "rows": [_row(appeal, suggestions=suggestions) for appeal in page.object_list],
        "show_suggestions": suggestions,
        "query": query,
        "tabs": [(t, TAB_LABELS[t], (counts or {}).get(t)) for t in (tabs or [])],
        "tab": tab,
        **(extra or {}),
    }
    return render(request, template, context)


def _row(appeal, *, suggestions=False):
    work_order = appeal.work_order
    row = {
        "appeal": appeal,
        "state": state_of(appeal),
        "due": current_due(work_order),
        "lead": work_order.lead_department if work_order else None,
        "title": highlight_for_staff(appeal.title),
        # Flagged appeals stay in the list like any other, marked for a person to judge.
        "abuse_badge": abuse_badge_html(appeal.abuse) if appeal.abuse.flagged else "",
    }
    if suggestions:
        row["suggestion"] = _suggestion_summary(appeal)
    return row


def _suggestion_summary(appeal) -> dict | None:
    """The router's top category and lead department for a queue row (fetched with the page)."""
    suggestion = getattr(appeal, "suggestion", None)
    if suggestion is None or not (suggestion.categories or suggestion.departments):
        return None
    category = suggestion.categories[0] if suggestion.categories else None
    department = suggestion.departments[0] if suggestion.departments else None
    return {
        "category": category,
        "department": department,
        "uncertain": suggestion.uncertain,
        "one_click": category is not None and department is not None,
    }


@require_GET
@login_required
def review_queue(request):
    """The dispatcher's home: new appeals newest first, returned work orders, replies and
    extension requests to decide."""
    require_role(request.user, Role.DISPATCHER)
    tab = _tab(request, lists.REVIEW_TABS)
    counts = {t: lists.review_tab(request.user, t).count() for t in lists.REVIEW_TABS}
    return _appeal_list_page(
        request,
        "workorders/review_queue.html",
        lists.review_tab(request.user, tab),
        tabs=lists.REVIEW_TABS,
        tab=tab,
        counts=counts,
        title=_("Review queue"),
        suggestions=tab == "new",
    )


@require_POST
@login_required
def dispatch_as_suggested(request, pk):
    """One click in the review queue: dispatch with the router's top category and lead.
    Refused (e.g. a report naming the department) -> the reason and a link to the full page."""
    require_role(request.user, Role.DISPATCHER)
    appeal = get_appeal_for_user(request.user, pk)
    error = needs_page = None
    try:
        work_order = actions.dispatch_as_suggested(request.user, appeal, request=request)
    except NeedsConfirmation as warning:
        error = _("%(reason)s Please confirm on the appeal's page.") % {"reason": warning.message}
        needs_page = True
    except WorkflowError as refused:
        error = refused.message
        needs_page = True
    if error is None:
        done = _("Dispatched to %(lead)s as suggested.") % {"lead": work_order.lead_department.label}
    if not request.htmx:
        if error is None:
            messages.success(request, done)
        else:
            messages.error(request, error)
            return redirect("workorders:appeal", pk=pk)
        return redirect(request.POST.get("next") if _safe_next(request) else reverse("workorders:review_queue"))
    context = {"appeal": appeal, "error": error, "needs_page": needs_page}
    if error is None:
        context |= {"done": done, "work_order": work_order}
    return render(request, "workorders/_suggested_dispatch.html", context, status=200)


@require_GET
@login_required
def follow_up_queue(request):
    require_role(request.user, Role.DISPATCHER)
    tab = _tab(request, lists.FOLLOW_UP_TABS)
    counts = {t: lists.follow_up_tab(request.user, t).count() for t in lists.FOLLOW_UP_TABS}
    return _appeal_list_page(
        request,
        "workorders/appeal_list.html",
        lists.follow_up_tab(request.user, tab),
        tabs=lists.FOLLOW_UP_TABS,
        tab=tab,
        counts=counts,
        title=_("Follow-up"),
    )


@require_GET
@login_required
def overdue(request):
    """Everything overdue, for supervisors and leaders (and the dispatch centre)."""
    require_role(request.user, Role.SUPERVISOR, Role.LEADER, Role.DISPATCHER)
    tab = _tab(request, lists.OVERDUE_TABS)
    now = timezone.now()
    counts = {t: lists.overdue_tab(request.user, t, now).count() for t in lists.OVERDUE_TABS}
    return _appeal_list_page(
        request,
        "workorders/appeal_list.html",
        lists.overdue_tab(request.user, tab, now),
        tabs=lists.OVERDUE_TABS,
        tab=tab,
        counts=counts,
        title=_("Overdue"),
    )


@require_GET
@login_required
def appeal_list(request):
    """Every appeal the user may see, filtered."""
    require_role(request.user, Role.DISPATCHER, Role.HANDLER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
    return _appeal_list_page(
        request, "workorders/appeal_list.html", Appeal.objects.visible_to(request.user), title=_("All appeals")
    )


@require_GET
@login_required
def inbox(request):
    """A department's work: to accept, in progress, due soon, overdue, returned."""
    require_role(request.user, Role.HANDLER)
    tab = _tab(request, lists.INBOX_TABS)
    now = timezone.now()
    form, filters = _filter_form(request)
    scope = lists.inbox_scope(request.user)
    counts = {t: lists.inbox_tab(scope, t, now).count() for t in lists.INBOX_TABS}
    rows = lists.inbox_tab(scope, tab, now).filter(lists.appeal_filter(filters, prefix="work_order__main_appeal__"))
    page, query = _page(request, rows)
    return render(
        request,
        "workorders/inbox.html",
        {
            "title": _("Inbox"),
            "filter_form": form,
            "filtered": bool(filters),
            "page": page,
            "rows": [_inbox_row(a) for a in page.object_list],
            "query": query,
            "tabs": [(t, TAB_LABELS[t], counts[t]) for t in lists.INBOX_TABS],
            "tab": tab,
        },
    )


def _inbox_row(assignment):
    appeal = assignment.work_order.main_appeal
    return {
        "part": assignment,
        "appeal": appeal,
        "title": highlight_for_staff(appeal.title) if appeal else "",
        "due": assignment.due,
        "state": State(assignment.work_order.state),
    }


# An appeal's page -------------------------------------------------------------------------
@dataclass
class Spec:
    form: type
    run: Callable
    done: str


def _kw(**names):
    """Call an action with the form's cleaned fields renamed as it expects."""

    def run(fn):
        def call(user, appeal, data, request):
            return fn(user, appeal, **{arg: data[field] for arg, field in names.items()}, request=request)

        return call

    return run


def _publish_reply(user, appeal, data, request):
    actions.publish_reply(user, appeal, note=data["note"], request=request)
    if data.get("also_publish"):
        board_actions.publish(user, appeal, request=request)


SPECS = {
    "review": Spec(EmptyForm, _kw()(actions.review), gettext_lazy("Marked as reviewed.")),
    "reject": Spec(RejectForm, _kw(reason="reason", note="note")(actions.reject), gettext_lazy("Rejected.")),
    "reject_duplicate": Spec(
        RejectDuplicateForm,
        _kw(duplicate_of="duplicate_of", note="note")(actions.reject_duplicate),
        gettext_lazy("Rejected as a repeat and linked."),
    ),
    "join": Spec(
        JoinForm,
        _kw(into="into", note="note")(actions.join),
        gettext_lazy("Joined the earlier appeal's work order; its resident keeps their own follow-up."),
    ),
    "leave": Spec(OptionalNoteForm, _kw(note="note")(actions.leave), gettext_lazy("Left the shared work order.")),
    "dispatch": Spec(
        DispatchForm, lambda u, a, d, r: actions.dispatch(u, a, **d, request=r), gettext_lazy("Dispatched.")
    ),
    "answer_directly": Spec(
        TextForm, _kw(text="text")(actions.answer_directly), gettext_lazy("Answered and published to the resident.")
    ),
    "accept": Spec(EmptyForm, _kw()(actions.accept), gettext_lazy("Accepted.")),
    "return": Spec(
        ReasonForm, _kw(reason="reason")(actions.return_work_order), gettext_lazy("Returned to the dispatch centre.")
    ),
    "redispatch": Spec(
        RedispatchForm,
        lambda u, a, d, r: actions.redispatch(u, a, **d, request=r),
        gettext_lazy("Re-dispatched; the reply deadline is kept."),
    ),
    "forward": Spec(ForwardForm, _kw(community="community")(actions.forward), gettext_lazy("Forwarded.")),
    "give_input": Spec(TextForm, _kw(text="text")(actions.give_input), gettext_lazy("Input given.")),
    "request_extension": Spec(
        ExtensionForm,
        _kw(days="days", reason="reason")(actions.request_extension),
        gettext_lazy("Extension requested."),
    ),
    "approve_extension": Spec(
        OptionalNoteForm,
        _kw(note="note")(actions.approve_extension),
        gettext_lazy("Extension approved; the deadline has moved."),
    ),
    "deny_extension": Spec(
        RequiredNoteForm, _kw(note="note")(actions.deny_extension), gettext_lazy("Extension denied.")
    ),
    "reply": Spec(
        TextForm, _kw(text="text")(actions.reply), gettext_lazy("Reply sent to the dispatch centre for review.")
    ),
    "publish_reply": Spec(PublishReplyForm, _publish_reply, gettext_lazy("Reply published to the resident.")),
    "send_back_reply": Spec(
        ReasonForm, _kw(reason="reason")(actions.send_back_reply), gettext_lazy("Reply sent back to the department.")
    ),
    "follow_up": Spec(
        FollowUpForm,
        _kw(satisfaction="satisfaction", solved="solved", comment="comment")(actions.follow_up),
        gettext_lazy("Follow-up recorded."),
    ),
    "close": Spec(EmptyForm, _kw()(actions.close), gettext_lazy("Closed.")),
    "supervisor_close": Spec(ReasonForm, _kw(reason="reason")(actions.supervisor_close), gettext_lazy("Closed.")),
    "supervisor_reopen": Spec(ReasonForm, _kw(reason="reason")(actions.supervisor_reopen), gettext_lazy("Reopened.")),
    "publish": Spec(EmptyForm, _kw()(board_actions.publish), gettext_lazy("Shown on the public board.")),
    "unpublish": Spec(
        OptionalNoteForm, _kw(reason="note")(board_actions.unpublish), gettext_lazy("Removed from the public board.")
    ),
    "add_note": Spec(TextForm, _kw(text="text")(actions.add_note), gettext_lazy("Note added.")),
}
# The order the forms appear in on the page.
FORM_ORDER = [
    "accept",
    "return",
    "give_input",
    "forward",
    "reply",
    "request_extension",
    "dispatch",
    "answer_directly",
    "review",
    "join",
    "reject_duplicate",
    "reject",
    "leave",
    "redispatch",
    "publish_reply",
    "send_back_reply",
    "approve_extension",
    "deny_extension",
    "follow_up",
    "close",
    "supervisor_reopen",
    "supervisor_close",
    "publish",
    "unpublish",
    "add_note",
]


WIDE_FORMS = {"dispatch", "redispatch", "reply", "answer_directly", "follow_up", "publish_reply"}


def _form_for(name, user, appeal, data=None):
    spec = SPECS[name]
    if spec.form is ForwardForm:
        return ForwardForm(data, street=user.department if user.department_id else None, prefix=name)
    if spec.form in (DispatchForm, RedispatchForm) and data is None:
        return spec.form(initial=_dispatch_initial(appeal), prefix=name)
    return spec.form(data, prefix=name)


def _dispatch_initial(appeal):
    work_order = appeal.work_order if appeal.work_order_id else None
    category = (work_order.category if work_order else None) or appeal.category
    initial = {"category": category.pk if category else None}
    if work_order is not None:
        parts = [a for a in work_order.active_assignments() if not a.is_returned]
        initial["lead"] = next((a.department_id for a in parts if a.is_lead), None)
        initial["co_handlers"] = [a.department_id for a in parts if not a.is_lead]
    elif category is not None:
        lead = category.effective_lead_department()
        initial["lead"] = lead.pk if lead else None
    return initial


def _resident_text(title, description, *, reveal=False):
    """The resident's words with personal data marked: masked until "show contact"."""
    return {
        "title": highlight_for_staff(title, reveal=reveal),
        "description": highlight_for_staff(description, reveal=reveal),
    }


# Appeal-level events show on the appeal's page; an appeal's copy of a work-order event
# (written for each resident's trail) would repeat the work order's own.
WORK_ORDER_EVENTS = [t.name for t in TRANSITIONS.values() if t.on == Subject.WORK_ORDER] + [
    "reopened_by_other",
]


def _staff_timeline(appeal, work_order):
    subjects = Q(content_type__model="appeal", content_type__app_label="appeals", object_id=str(appeal.pk)) & ~Q(
        action__in=WORK_ORDER_EVENTS
    )
    if work_order is not None:
        subjects |= Q(content_type__model="workorder", content_type__app_label="workorders",
                      object_id=str(work_order.pk))  # fmt: skip
    events = list(
        Event.objects.filter(subjects)
        .select_related("actor", "actor__department", "content_type")
        .order_by("created", "id")
    )
    # An appeal-level change that also wrote its work order's trail (dispatch, a follow-up)
    # shows once.
    on_appeal = {(e.action, e.created) for e in events if e.content_type.model == "appeal"}
    return [e for e in events if e.content_type.model == "appeal" or (e.action, e.created) not in on_appeal]


def _detail_context(request, appeal, *, bound=None, error=None, revealed=None):
    user = request.user
    work_order = appeal.work_order if appeal.work_order_id else None
    if work_order is not None:
        # What the table and the preconditions read, fetched once for every form they weigh.
        prefetch_related_objects([work_order], "assignments__department", "extensions", "replies")
    can_do = offered(user, appeal)
    names = [n for n in FORM_ORDER if n in can_do]
    if bound is not None and bound.prefix not in names:
        names.append(bound.prefix)
    forms = {n: (bound if bound is not None and bound.prefix == n else _form_for(n, user, appeal)) for n in names}
    can_see_reporter = not appeal.is_report or is_dispatcher(user)
    # After the reveal, the text exactly as the audited reveal returned it.
    text_of = revealed if revealed is not None else appeal
    context = {
        "appeal": appeal,
        "work_order": work_order,
        "state": state_of(appeal),
        "due": current_due(work_order),
        **_resident_text(text_of.title, text_of.description, reveal=revealed is not None),
        "abuse_badge": abuse_badge_html(appeal.abuse),
        "masked_name": mask_name(appeal.contact_name) if can_see_reporter else "",
        "masked_phone": mask_phone(appeal.phone) if can_see_reporter else "",
        "can_see_reporter": can_see_reporter,
        "can_show_contact": EventName.SHOW_CONTACT in can_do,
        "revealed": revealed,
        "attachments": list(appeal.attachments.all()),
        # The other appeals of a shared work order (each with its own resident).
        "joined": list(
            Appeal.objects.visible_to(user).filter(work_order=work_order).exclude(pk=appeal.pk).order_by("created")
        )
        if work_order is not None
        else [],
        "timeline": _staff_timeline(appeal, work_order),
        "action_forms": [(n, TRANSITIONS[n].label, forms[n]) for n in names],
        "wide_forms": WIDE_FORMS,
        "error": error,
        "error_for": bound.prefix if bound is not None else None,
        "is_dispatcher": is_dispatcher(user),
        # The hot issue it is in (the hot issues' part of the page).
        "hot": hot_issue_of(appeal.pk, user),
    }
    if work_order is not None:
        inputs = list(work_order.inputs.select_related("assignment__department", "author"))
        waiting, overdue = actions.missing_inputs(work_order)
        context |= {
            "parts": list(
                work_order.assignments.select_related("department", "forwarded_to", "accepted_by").order_by(
                    "replaced_at", "-role", "id"
                )
            ),
            "inputs": inputs,
            # Late stays marked after the reply: the lead may reply without it once the deadline passed.
            "inputs_overdue": {a.pk for a in overdue},
            "inputs_given_late": {
                i.pk for i in inputs if i.assignment.input_due is not None and i.created > i.assignment.input_due
            },
            "replies": list(work_order.replies.select_related("department", "author")),
            "notes": list(work_order.notes.select_related("author", "department")),
            # Only this appeal's resident: the others of a shared work order have their own pages.
            "follow_ups": list(appeal.follow_ups.select_related("recorded_by")),
            "extensions": list(work_order.extensions.select_related("requested_by", "decided_by")),
            "missing": (waiting, overdue) if work_order.state in lists.HANDLING_STATES else ([], []),
        }
    if appeal.status == State.REJECTED:
        context["rejection"] = getattr(appeal, "rejection", None)
    return context


@require_GET
@login_required
def appeal_detail(request, pk):
    appeal = get_appeal_for_user(request.user, pk)
    return render(request, "workorders/appeal_detail.html", _detail_context(request, appeal))


@require_POST
@login_required
def act(request, pk, name):
    """Run one action from the appeal's page (or an inbox row); show why if it is refused."""
    appeal = get_appeal_for_user(request.user, pk)
    spec = SPECS.get(name)
    if spec is None:
        raise Http404
    form = _form_for(name, request.user, appeal, request.POST)
    error = None
    if form.is_valid():
        try:
            spec.run(request.user, appeal, form.cleaned_data, request)
        except NeedsConfirmation as warning:
            error = warning.message
            form.needs_confirmation = True
        except WorkflowError as refused:
            error = refused.message
    else:
        error = _("Please correct the marked fields.")
    if request.htmx and request.POST.get("from") == "inbox":
        return _inbox_row_response(request, appeal, error or None, done=None if error else spec.done)
    if error is None:
        messages.success(request, spec.done)
        target = request.POST.get("next") if _safe_next(request) else reverse("workorders:appeal", args=[pk])
        return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    appeal = get_appeal_for_user(request.user, pk)
    if request.htmx:
        # Just the form that was sent, to swap in place: htmx swaps no 4xx response.
        return render(request, "workorders/_action_form.html", _action_card_context(appeal, form, error))
    return render(
        request, "workorders/appeal_detail.html", _detail_context(request, appeal, bound=form, error=error), status=400
    )


def _action_card_context(appeal, form, error):
    return {
        "appeal": appeal,
        "name": form.prefix,
        "label": TRANSITIONS[form.prefix].label,
        "form": form,
        "wide_forms": WIDE_FORMS,
        "can_publish": appeal.allow_publish,
        "error": error,
        "error_for": form.prefix,
    }


def _safe_next(request) -> bool:
    target = request.POST.get("next", "")
    return target.startswith("/staff/") and "//" not in target


def _inbox_row_response(request, appeal, error, done):
    row = lists.inbox_rows(lists.inbox_scope(request.user)).filter(work_order_id=appeal.work_order_id).first()
    if row is None:
        return HttpResponse("")
    return render(
        request,
        "workorders/inbox.html#inbox-row",
        {"row": _inbox_row(row), "error": error, "done": done},
    )


@require_POST
@login_required
def show_contact(request, pk):
    """Unmask the contact and the numbers in the text; writes an audit event."""
    appeal = get_appeal_for_user(request.user, pk)
    try:
        contact = actions.show_contact(request.user, appeal, request=request)
    except WorkflowError as refused:
        if request.htmx:
            return render(
                request,
                "workorders/_contact.html",
                {
                    "appeal": appeal,
                    "contact_error": refused.message,
                    **_resident_text(appeal.title, appeal.description),
                },
            )
        messages.error(request, refused.message)
        return redirect("workorders:appeal", pk=pk)
    if request.htmx:
        return render(
            request,
            "workorders/_contact.html",
            {
                "appeal": appeal,
                "revealed": contact,
                **_resident_text(contact.title, contact.description, reveal=True),
            },
        )
    return render(request, "workorders/appeal_detail.html", _detail_context(request, appeal, revealed=contact))


@require_GET
@login_required
def dispatch_preview(request, pk):
    """The deadlines a dispatch would set now, and the warning for a report naming the department."""
    require_role(request.user, Role.DISPATCHER)
    appeal = get_appeal_for_user(request.user, pk)
    asked = request.GET.get("prefix")
    prefix = asked if asked in (EventName.DISPATCH, EventName.REDISPATCH) else EventName.DISPATCH
    form = DispatchForm(request.GET, prefix=prefix)
    form.is_valid()
    data = form.cleaned_data
    preview = actions.deadline_preview(appeal.kind, data.get("category"), data.get("co_handler_days"))
    if appeal.work_order_id and prefix == EventName.REDISPATCH:
        preview["reply_due"] = appeal.work_order.reply_due
        preview["kept"] = True
    chosen = [d for d in [data.get("lead"), *(data.get("co_handlers") or [])] if d is not None]
    named = actions.departments_named_in(appeal, chosen) if appeal.is_report else []
    return render(request, "workorders/_dispatch_preview.html", {"preview": preview, "named": named})


# Staff-entered appeals ---------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def enter(request):
    """An appeal taken by phone (or letter, walk-in, grid worker, leader's mailbox)."""
    require_role(request.user, Role.DISPATCHER)
    form = EnterAppealForm(request.POST or None, initial={"submission_token": new_upload_token()})
    error = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        channel = data.pop("channel")
        token = valid_upload_token(data.pop("submission_token", ""))
        try:
            entered = actions.enter_appeal(request.user, data, channel=channel, request=request, submission_token=token)
        except WorkflowError as refused:
            error = refused.message
        else:
            return render(request, "workorders/entered.html", {"entered": entered, "appeal": entered.appeal})
    elif request.method == "POST":
        error = _("Please correct the marked fields.")
    return render(
        request,
        "workorders/enter.html",
        {"form": form, "error": error, "title": _("Enter an appeal")},
        status=400 if error else 200,
    )


# The resident's rating on the tracking page -----------------------------------------------------
@require_POST
def rate(request, ticket_number):
    """The resident rates the reply; only in the session that gave the query code."""
    try:
        appeal = get_tracked_appeal(request, ticket_number)
    except Http404:
        return redirect(reverse("appeals:track") + "?ticket=" + ticket_number[:32])
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose how satisfied you are."))
    else:
        try:
            actions.rate(
                appeal,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except WorkflowError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Thank you: your rating has been recorded."))
    return redirect("appeals:track_detail", ticket_number=appeal.ticket_number)
