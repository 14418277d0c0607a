import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from huying.access import require_role
from huying.appeals.validators import normalise_phone
from huying.board.access import get_published_appeal
from huying.board.public import public_appeal
from huying.hot import actions
from huying.hot.access import HOT_ROLES, get_hot_issue_for_user, may_regroup
from huying.hot.models import WINDOWS
from huying.hot.readers import BROWSER_COOKIE, chosen_window, hot_detail, hot_page, member_ids, support_panel
from huying.lib.clientip import client_ip
from huying.lib.numbers import MOBILE
from huying.workorders.readers import board_replies

BROWSER_COOKIE_AGE = 365 * 24 * 3600


class SupportForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("Phone number (optional)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=gettext_lazy("Counts your support once, whichever phone or browser you use. Only staff see it."),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "Tell me by SMS when this problem is taken up as a practical matter (every message has a link to "
            "stop them)."
        ),
        required=False,
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalise_phone(value) if value else ""

    def clean(self):
        data = super().clean()
        if "phone" in self.errors or not data.get("consent"):
            return data
        if not data.get("phone"):
            self.add_error("phone", _("Give a phone number to be told by SMS."))
        elif not MOBILE.fullmatch(data["phone"]):
            self.add_error("phone", _("Messages go by SMS: give a mobile number."))
        return data


class SplitForm(forms.Form):
    appeals = forms.TypedMultipleChoiceField(
        coerce=int,
        label=gettext_lazy("Appeals to take out"),
        error_messages={
            "required": gettext_lazy("Tick the appeals to take out."),
            "invalid_choice": gettext_lazy("Tick only appeals of this hot issue."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Why they are a different problem"),
        max_length=500,
        error_messages={"required": gettext_lazy("Say why these appeals are a different problem.")},
    )

    def __init__(self, *args, appeal_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appeals"].choices = [(pk, pk) for pk in appeal_ids]


class JoinForm(forms.Form):
    other = forms.CharField(
        label=gettext_lazy("Hot issue number to join with"),
        max_length=12,
        error_messages={"required": gettext_lazy("Give the number of the hot issue to join with.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Why they are one problem"),
        max_length=500,
        error_messages={"required": gettext_lazy("Say why these are one problem.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_other(self):
        try:
            return get_hot_issue_for_user(self.user, self.cleaned_data["other"].strip().lstrip("#"))
        except Http404:
            raise forms.ValidationError(_("There is no hot issue with this number.")) from None


@require_GET
@login_required
def hot_list(request):
    require_role(request.user, *HOT_ROLES)
    window = chosen_window(request.GET.get("window"))
    return render(
        request,
        "hot/list.html",
        {"title": _("Hot issues"), "window": window, "windows": WINDOWS, **hot_page(window)},
    )


def _detail(request, issue, *, split_form=None, join_form=None, status=200):
    window = chosen_window(request.GET.get("window") or request.POST.get("window"))
    return render(
        request,
        "hot/detail.html",
        {
            "title": _("Hot issue #%(number)s") % {"number": issue.pk},
            "issue": issue,
            "window": window,
            "windows": WINDOWS,
            "may_regroup": may_regroup(request.user),
            "can_split": may_regroup(request.user) and issue.is_active and issue.appeal_count > 1,
            "split_form": split_form or SplitForm(),
            "join_form": join_form or JoinForm(),
            **hot_detail(issue, window),
        },
        status=status,
    )


@require_GET
@login_required
def hot_issue(request, pk):
    return _detail(request, get_hot_issue_for_user(request.user, pk))


def _regroup(request, pk, make_form, form_key, decide):
    """A split or a join: the dispatch centre's form, refused with what was typed kept.

    `decide(issue, form)` makes the change and returns (the issue to show, the message).
    """
    issue = get_hot_issue_for_user(request.user, pk)
    if request.method == "GET":  # a refused form's address, reloaded or switched to another language
        return redirect(reverse("hot:detail", args=[issue.pk]))
    if not may_regroup(request.user):
        raise PermissionDenied
    form = make_form(issue)
    if form.is_valid():
        try:
            shown, message = decide(issue, form)
        except actions.HotRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, message)
            return redirect(reverse("hot:detail", args=[shown.pk]))
    return _detail(request, issue, **{form_key: form}, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def split(request, pk):
    def decide(issue, form):
        data = form.cleaned_data
        new = actions.split(issue, data["appeals"], user=request.user, reason=data["reason"], request=request)
        return issue, _("The appeals were split into hot issue #%(number)s.") % {"number": new.pk}

    return _regroup(
        request, pk, lambda issue: SplitForm(request.POST, appeal_ids=member_ids(issue)), "split_form", decide
    )


@require_http_methods(["GET", "POST"])
@login_required
def join(request, pk):
    def decide(issue, form):
        data = form.cleaned_data
        keeper = actions.join(issue, data["other"], user=request.user, reason=data["reason"], request=request)
        return keeper, _("The hot issues were joined as #%(number)s.") % {"number": keeper.pk}

    return _regroup(request, pk, lambda issue: JoinForm(request.POST, user=request.user), "join_form", decide)


# The board's "我也遇到了" ------------------------------------------------------------------------
def render_support(request, appeal_id, *, form=None, message="", counted=None, status=200):
    context = {**support_panel(appeal_id, request), "form": form or SupportForm(), "message": message}
    context["counted"] = counted
    return render(request, "hot/_support.html", context, status=status)


def _refused_support(request, appeal, form, message, status):
    if request.htmx:
        return render_support(request, appeal.pk, form=form, message=message, status=status)
    # Without JavaScript: the whole board page again, the form with what was typed.
    shown = public_appeal(appeal)
    context = {
        "appeal": shown,
        "replies": board_replies(shown.work_order_id),
        **support_panel(appeal.pk, request),
        "form": form,
        "message": message,
    }
    return render(request, "board/detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def support(request, pk):
    appeal = get_published_appeal(pk)
    if request.method == "GET":
        return redirect(reverse("board:detail", args=[appeal.pk]))
    form = SupportForm(request.POST)
    token = request.COOKIES.get(BROWSER_COOKIE) or secrets.token_urlsafe(16)
    # htmx swaps no 4xx response: a refused form comes back with 200 there, 400 otherwise.
    refused = 200 if request.htmx else 400
    if not form.is_valid():
        return _refused_support(request, appeal, form, "", refused)
    try:
        result = actions.support(
            appeal,
            browser=token,
            phone=form.cleaned_data["phone"],
            consent=form.cleaned_data["consent"],
            ip=client_ip(request),
        )
    except actions.HotRefused as refusal:
        return _refused_support(request, appeal, form, refusal.message, refused)
    request.COOKIES[BROWSER_COOKIE] = token
    text = _("Your support was counted already.") if result.again else _("Thank you: your support is counted.")
    if request.htmx:
        response = render_support(request, appeal.pk, message=text, counted=result.counted)
    else:
        messages.success(request, text)
        response = redirect(reverse("board:detail", args=[appeal.pk]))
    response.set_cookie(
        BROWSER_COOKIE, token, max_age=BROWSER_COOKIE_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
    )
    return response


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """退订: the link in every message to a supporter.  A GET asks; a POST stops the messages."""
    if request.method == "POST":
        done = actions.unsubscribe(token)
        return render(request, "hot/unsubscribed.html", {"done": done}, status=200 if done else 404)
    return render(request, "hot/unsubscribe.html", {"token": token})
