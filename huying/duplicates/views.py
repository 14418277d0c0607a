from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huying.access import require_role
from huying.accounts.models import Role
from huying.appeals.access import get_appeal_for_user
from huying.duplicates.panel import later_and_earlier, leaver, panel_for
from huying.workorders import actions
from huying.workorders.transitions import WorkflowError


def _dispatcher_appeal(request, pk):
    require_role(request.user, Role.DISPATCHER)
    return get_appeal_for_user(request.user, pk)


def _panel_response(request, pk, *, notice="", error=""):
    """The panel again after a change: in place for HTMX, else by redirecting to its page."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        return redirect("duplicates:panel", pk=pk)
    appeal = get_appeal_for_user(request.user, pk)
    context = {"panel": panel_for(appeal), "notice": notice, "error": error}
    response = render(request, "duplicates/_panel_body.html", context)
    if notice and "/staff/appeals/" in request.headers.get("HX-Current-URL", ""):
        # On the appeal's own page its state and forms changed too: show them anew.
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def panel(request, pk):
    """The appeal beside its likely duplicates (an HTMX fragment, or a page of its own)."""
    appeal = _dispatcher_appeal(request, pk)
    template = "duplicates/_panel_body.html" if request.htmx else "duplicates/page.html"
    return render(request, template, {"panel": panel_for(appeal)})


@login_required
@require_POST
def merge(request, pk, other):
    """The later of the two joins the earlier one's work order (并入工单)."""
    appeal = _dispatcher_appeal(request, pk)
    later, earlier = later_and_earlier(appeal, get_appeal_for_user(request.user, other))
    try:
        actions.join(request.user, later, into=earlier, note=_note(request), request=request)
    except WorkflowError as refused:
        return _panel_response(request, pk, error=refused.message)
    notice = _("Appeal %(later)s now shares the work order of appeal %(earlier)s.") % {
        "later": later.ticket_number,
        "earlier": earlier.ticket_number,
    }
    return _panel_response(request, pk, notice=notice)


@login_required
@require_POST
def unmerge(request, pk, other):
    """The one of the two that joined the other's work order leaves it."""
    appeal = _dispatcher_appeal(request, pk)
    other_appeal = get_appeal_for_user(request.user, other)
    joined = leaver(appeal, other_appeal)
    if joined is None:
        return _panel_response(request, pk, error=_("These appeals do not share a work order."))
    try:
        actions.leave(request.user, joined, note=_note(request), request=request)
    except WorkflowError as refused:
        return _panel_response(request, pk, error=refused.message)
    notice = _("Appeal %(ticket)s is handled on its own again.") % {"ticket": joined.ticket_number}
    return _panel_response(request, pk, notice=notice)


def _note(request) -> str:
    """The dispatcher's note, cut to a sane length; NUL cannot be stored in PostgreSQL text."""
    return request.POST.get("note", "").replace("\x00", "")[:2000]
