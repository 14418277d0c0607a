from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from huying.appeals.access import TRACKED_SESSION_KEY, get_attachment_for_user, get_tracked_appeal
from huying.appeals.actions import (
    SubmissionRefused,
    TrackingResult,
    remove_staged_attachments,
    stage_attachments,
    submit_appeal,
    try_tracking,
)
from huying.appeals.forms import AppealForm, TrackForm, new_upload_token, valid_upload_token
from huying.appeals.models import Attachment, SubmitterType
from huying.appeals.states import resident_state
from huying.appeals.timeline import JOINED_HELP, STATUS_HELP, timeline_for
from huying.appeals.uploads import MAX_ATTACHMENTS
from huying.lib.clientip import client_ip
from huying.lib.pii import mask_text
from huying.workorders.readers import tracking_view

SUBMITTED_SESSION_KEY = "huying_submitted"
MAX_TRACKED = 20


def _grant_tracking(request, ticket_number: str) -> None:
    tickets = [t for t in request.session.get(TRACKED_SESSION_KEY, []) if t != ticket_number]
    request.session[TRACKED_SESSION_KEY] = (tickets + [ticket_number])[-MAX_TRACKED:]


def _render_submit(request, form, token, upload_errors=(), status=200):
    staged = list(Attachment.objects.pending(token))
    return render(
        request,
        "appeals/submit.html",
        {
            "form": form,
            "staged": staged,
            "upload_errors": list(upload_errors),
            "upload_room": max(MAX_ATTACHMENTS - len(staged), 0),
            "max_attachments": MAX_ATTACHMENTS,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method != "POST":
        token = new_upload_token()
        form = AppealForm(initial={"upload_token": token, "submitter_type": SubmitterType.RESIDENT})
        return _render_submit(request, form, token)

    token = valid_upload_token(request.POST.get("upload_token"))
    data = request.POST.copy()
    data["upload_token"] = token
    form = AppealForm(data)
    if form.is_robot:
        form.is_valid()
        form.add_error(None, _("Your appeal could not be sent. Please check the form and try again."))
        return _render_submit(request, form, token)

    ip = client_ip(request)
    remove_staged_attachments(token, request.POST.getlist("remove_attachment"))
    upload_errors = stage_attachments(token, request.FILES.getlist("attachments"), ip=ip)
    if form.is_valid() and not upload_errors:
        try:
            # The form's token also makes its sending one appeal, however often it is sent.
            submitted = submit_appeal(
                form.cleaned_data, request=request, ip=ip, upload_token=token, submission_token=token
            )
        except SubmissionRefused as refused:
            form.add_error(None, refused.message)
        else:
            ticket = submitted.appeal.ticket_number
            request.session[SUBMITTED_SESSION_KEY] = {"ticket": ticket, "code": submitted.query_code}
            _grant_tracking(request, ticket)
            return redirect("appeals:submitted")
    elif form.is_valid():
        form.add_error(None, _("Some files could not be attached; see the attachments below."))
    else:
        form.add_error(None, _("Please correct the marked fields. Everything you typed has been kept."))
    return _render_submit(request, form, token, upload_errors)


@never_cache
@require_GET
def submitted(request):
    receipt = request.session.get(SUBMITTED_SESSION_KEY)
    if not isinstance(receipt, dict):
        return redirect("appeals:submit")
    return render(request, "appeals/submitted.html", {"receipt": receipt})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            result, appeal = try_tracking(
                form.cleaned_data["ticket_number"], form.cleaned_data["query_code"], ip=client_ip(request)
            )
            if result is TrackingResult.FOUND:
                _grant_tracking(request, appeal.ticket_number)
                return redirect("appeals:track_detail", ticket_number=appeal.ticket_number)
            if result is TrackingResult.LOCKED:
                form.add_error(
                    None,
                    _(
                        "Too many wrong tries from your network. Please wait %(minutes)s minutes and try again, "
                        "or call the 12345 hotline."
                    )
                    % {"minutes": settings.HUYING_TRACKING_LOCK_MINUTES},
                )
            else:
                form.add_error(None, _("The ticket number or the query code is not correct."))
    else:
        ticket = request.GET.get("ticket", "")
        form = TrackForm(initial={"ticket_number": ticket[:32] if isinstance(ticket, str) else ""})
    tracked = list(reversed(request.session.get(TRACKED_SESSION_KEY, [])))
    return render(request, "appeals/track.html", {"form": form, "tracked": tracked})


@never_cache
@require_GET
def track_detail(request, ticket_number):
    """Status and timeline; reachable only after the query code was given in this session."""
    try:
        appeal = get_tracked_appeal(request, ticket_number)
    except Http404:
        messages.info(request, _("Enter the query code to see this appeal."))
        return redirect(reverse("appeals:track") + "?" + urlencode({"ticket": ticket_number[:32]}))
    return render(
        request,
        "appeals/track_detail.html",
        {
            "appeal": appeal,
            "title": mask_text(appeal.title),
            "description": mask_text(appeal.description),
            "status_help": JOINED_HELP if appeal.is_joined else STATUS_HELP.get(resident_state(appeal.status), ""),
            "timeline": timeline_for(appeal),
            "work_order_view": tracking_view(appeal),
        },
    )


@require_GET
def privacy(request):
    return render(request, "appeals/privacy.html")


@require_GET
@login_required
def attachment_download(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.download_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
