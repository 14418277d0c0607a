from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from huying.accounts.admin import UserAdmin
from huying.accounts.models import User
from huying.lib.admin import SafeLookups
from huying.signin import actions

# Second factors change only through the actions (enrolment, the reset below), each audited:
# django-otp's own device pages would let them change unrecorded.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.action(description=_("Reset two-factor sign-in (a lost phone)"))
def reset_second_factor(modeladmin, request, queryset):
    users = list(queryset)
    for user in users:
        actions.reset_second_factor(request.user, user, request=request)
    modeladmin.message_user(
        request,
        ngettext(
            "Two-factor sign-in reset for %(count)d user: they set it up again at their next sign-in.",
            "Two-factor sign-in reset for %(count)d users: they set it up again at their next sign-in.",
            len(users),
        )
        % {"count": len(users)},
        messages.SUCCESS,
    )


class SignInUserAdmin(UserAdmin):
    actions = [*(UserAdmin.actions or []), reset_second_factor]


admin.site.unregister(User)
admin.site.register(User, SignInUserAdmin)


# django-axes's lists of sign-in attempts, with the admin's safe date filters.
for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, type(model_admin.__name__, (SafeLookups, model_admin), {}))
