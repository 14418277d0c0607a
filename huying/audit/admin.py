from django.contrib import admin

from huying.audit.models import Event
from huying.lib.admin import ReadOnlyModelAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ["created", "actor", "actor_role", "content_type", "object_id", "action", "from_state", "to_state"]
    list_filter = ["action", "actor_role", "content_type"]
    date_hierarchy = "created"
