from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from huying.lib.pii import to_halfwidth
from huying.signin import actions


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code; spaces, hyphens and full-width
    digits as people type them are accepted."""

    code = forms.CharField(label=_("Code"), max_length=40)

    def clean_code(self) -> str:
        code = to_halfwidth(self.cleaned_data["code"]).lower()
        code = "".join(ch for ch in code if ch.isalnum())
        if not code:
            raise forms.ValidationError(_("Enter the code."))
        return code


class ResetPasswordForm(SetPasswordForm):
    """Django's form for the new password from a reset link; saving goes through our action."""

    def save(self, commit=True):
        actions.reset_password(self.user, self.cleaned_data["new_password1"])
        return self.user
