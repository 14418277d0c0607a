from django.contrib import admin

from huying.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ["created", "actor", "actor_role", "content_type", "object_id", "action", "from_state", "to_state"]
    list_filter = ["action", "actor_role", "content_type"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
