from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from huying.lib.pii import to_halfwidth
from huying.signin import actions

# django-otp's recovery codes: five random bytes in base32.
RECOVERY_CODE_LENGTH = 8


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code; spaces, hyphens and full-width
    digits as people type them are accepted."""

    code = forms.CharField(label=_("Code"), max_length=40)

    def clean_code(self) -> str:
        code = to_halfwidth(self.cleaned_data["code"]).lower()
        code = "".join(ch for ch in code if ch.isalnum())
        if not code:
            raise forms.ValidationError(_("Enter the code."))
        if not ((len(code) == 6 and code.isdigit()) or len(code) == RECOVERY_CODE_LENGTH):
            raise forms.ValidationError(
                _("Enter the six-digit code from the app, or one of your recovery codes (eight letters and digits).")
            )
        return code


class ChangePasswordForm(PasswordChangeForm):
    def clean(self):
        cleaned = super().clean()
        new = self.cleaned_data.get("new_password1")
        if new and self.user.check_password(new):
            self.add_error("new_password1", _("Choose a password different from the one you have now."))
        return cleaned


class ResetPasswordForm(SetPasswordForm):
    """Django's form for the new password from a reset link; saving goes through our action."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def save(self, commit=True):
        actions.reset_password(self.user, self.cleaned_data["new_password1"], request=self.request)
        return self.user
