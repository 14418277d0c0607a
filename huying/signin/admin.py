from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from huying.accounts.admin import UserAdmin
from huying.accounts.models import User
from huying.lib.admin import ReadOnlyModelAdmin, SafeLookups
from huying.signin import actions
from huying.signin.models import AddressGuard
from huying.signin.readers import address_key

# Second factors change only through the actions (enrolment, the reset below), each audited:
# django-otp's own device pages would let them change unrecorded.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.action(description=_("Reset two-factor sign-in (a lost phone)"))
def reset_second_factor(modeladmin, request, queryset):
    reset = [user for user in queryset if actions.reset_second_factor(request.user, user, request=request)]
    if reset:
        modeladmin.message_user(
            request,
            ngettext(
                "Two-factor sign-in reset for %(count)d user: signed out now, they set it up again at their next sign-in.",
                "Two-factor sign-in reset for %(count)d users: signed out now, they set it up again at their next sign-in.",
                len(reset),
            )
            % {"count": len(reset)},
            messages.SUCCESS,
        )
    else:
        modeladmin.message_user(request, _("None of them had two-factor sign-in: nothing to reset."), messages.INFO)


class SignInUserAdmin(UserAdmin):
    actions = [*(UserAdmin.actions or []), reset_second_factor]
    list_display = [*UserAdmin.list_display, "second_factor"]

    def get_queryset(self, request):
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_second_factor=Exists(devices))

    @admin.display(boolean=True, description=_("Two-factor"), ordering="has_second_factor")
    def second_factor(self, user):
        return user.has_second_factor

    def user_change_password(self, request, id, form_url=""):
        # Django's form sets the password; the event that records who did it is written here.
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                actions.record_password_set_by_admin(request.user, user, request=request)
        return response


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


@admin.action(description=_("Lift the lock"))
def lift_lock(modeladmin, request, queryset):
    for guard in queryset:
        actions.lift_address_lock(request.user, guard.pk, request=request)
    modeladmin.message_user(request, _("The address can sign in again."), messages.SUCCESS)


@admin.register(AddressGuard)
class AddressGuardAdmin(ReadOnlyModelAdmin):
    """Addresses that failed to sign in on many usernames. Only a hash of each address is
    kept: search by the address itself to find its row."""

    list_display = ["__str__", "failures", "window_start", "locked_until"]
    search_fields = ["client"]
    actions = [lift_lock]

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(client=address_key(search_term.strip())), False
