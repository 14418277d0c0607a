from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huying.lib.admin import ReadOnlyModelAdmin
from huying.notifications.actions import retry
from huying.notifications.models import Outbox


@admin.register(Outbox)
class OutboxAdmin(ReadOnlyModelAdmin):
    """Read-only, masked: what was (or will be) sent, and what failed."""

    list_display = ["created", "channel", "recipient_masked", "subject", "appeal", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["appeal"]
    search_fields = ["appeal__ticket_number"]
    date_hierarchy = "created"
    fields = [
        "created",
        "channel",
        "recipient_masked",
        "subject",
        "preview",
        "appeal",
        "status",
        "attempts",
        "last_error",
        "queued_at",
        "last_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["retry_selected"]

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.change_outbox")

    @admin.action(description=_("Send the selected failed or given-up messages again"), permissions=["retry"])
    def retry_selected(self, request, queryset):
        count = retry(queryset.values_list("pk", flat=True), actor=request.user, request=request)
        self.message_user(request, gettext("%(count)s messages queued again.") % {"count": count}, messages.SUCCESS)
