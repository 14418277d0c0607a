from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from huying.lib.urls import safe_next
from huying.signin import actions
from huying.signin.forms import ChangePasswordForm, CodeForm, ResetPasswordForm
from huying.signin.qr import qr_svg
from huying.signin.readers import address_lock_left, has_second_factor, must_have_second_factor, recovery_codes_left

# Django's login view names the site after the host; ours is 呼应.
login = auth_views.LoginView.as_view(
    template_name="signin/login.html", redirect_authenticated_user=True, extra_context={"site_name": _lazy("Huying")}
)
_logout = auth_views.LogoutView.as_view()


@require_http_methods(["GET", "POST"])
def logout(request):
    """Signing out is a POST; a GET (a bookmark, a typed address) asks for it."""
    if request.method == "POST":
        return _logout(request)
    return render(request, "signin/logout.html")


def locked_out(request, response=None, credentials=None):
    """What django-axes answers a locked username and address, or a locked address."""
    minutes = settings.HUYING_SIGNIN_LOCK_MINUTES
    left = address_lock_left(request)
    if left is not None:
        minutes = max(1, int(left.total_seconds() // 60) + 1)
    context = {"minutes": minutes, "address": left is not None}
    return render(request, "signin/locked_out.html", context, status=429)


def _next(request) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), reverse(settings.LOGIN_REDIRECT_URL))


@require_http_methods(["GET", "POST"])
@login_required
def verify(request):
    """The second step of signing in: a code from the authenticator app or a recovery code."""
    if request.session.get(actions.PENDING_STEP) != actions.VERIFY:
        return HttpResponseRedirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.verify(request, form.cleaned_data["code"])
            return HttpResponseRedirect(_next(request))
        except actions.CodeRefused as refused:
            form.add_error("code", refused.message)
    return render(request, "signin/verify.html", {"form": form, "next": _next(request)})


@require_http_methods(["GET", "POST"])
@login_required
def enrol(request):
    """Set up the authenticator app: scan the QR code, type the code it shows."""
    if has_second_factor(request.user):
        return redirect("signin:security")
    device = actions.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.enrol(request, device.pk, form.cleaned_data["code"])
            return render(request, "signin/recovery_codes.html", {"codes": codes, "next": _next(request)})
        except actions.CodeRefused as refused:
            form.add_error("code", refused.message)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": must_have_second_factor(request.user),
        "next": _next(request),
    }
    return render(request, "signin/enrol.html", context)


@require_http_methods(["GET"])
@login_required
def security(request):
    """The signed-in user's password and second factor."""
    user = request.user
    context = {
        "has_second_factor": has_second_factor(user),
        "must_have": must_have_second_factor(user),
        "codes_left": recovery_codes_left(user),
    }
    return render(request, "signin/security.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def renew_recovery_codes(request):
    if request.method == "GET":  # the codes are shown once, after the POST; a reload comes here
        return redirect("signin:security")
    if not (has_second_factor(request.user) and request.user.is_verified()):
        messages.error(request, _("Sign in with your second factor first, then make new recovery codes."))
        return redirect("signin:security")
    codes = actions.renew_recovery_codes(request)
    return render(request, "signin/recovery_codes.html", {"codes": codes, "next": reverse("signin:security")})


@require_http_methods(["GET", "POST"])
@login_required
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.change_password(request, form.cleaned_data["new_password1"])
        messages.success(request, _("Your password has been changed. Your other sessions have been signed out."))
        return redirect("signin:security")
    return render(request, "signin/password_change.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Ask for a reset link by e-mail; the answer is the same whether or not an account has it."""
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.request_password_reset(form.cleaned_data["email"])
        return redirect("signin:password_reset_done")
    return render(request, "signin/password_reset.html", {"form": form})


@require_http_methods(["GET"])
def password_reset_done(request):
    return render(request, "signin/password_reset_done.html")


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    form_class = ResetPasswordForm
    template_name = "signin/password_reset_confirm.html"
    success_url = reverse_lazy("signin:password_reset_complete")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


password_reset_confirm = PasswordResetConfirm.as_view()


@require_http_methods(["GET"])
def password_reset_complete(request):
    return render(request, "signin/password_reset_complete.html")
