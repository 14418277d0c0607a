from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from huying.audit.models import Event
from huying.lib.clientip import client_ip
from huying.lib.pii import mask_text

RESIDENT = "resident"
SYSTEM = "system"


def record_event(
    obj,
    action: str,
    *,
    actor=None,
    actor_role: str | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    request=None,
) -> Event:
    """Write one audit event for `obj`, in the transaction of the change it records.

    Called outside a transaction it refuses: an event must never outlive a change that
    rolled back, nor a change be kept without its event.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change")
    if actor is not None and not actor.is_authenticated:
        actor = None
    if actor_role is None:
        actor_role = (actor.role if actor is not None else RESIDENT) or SYSTEM
    event = Event(
        actor=actor,
        actor_role=actor_role,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        reason=mask_text(reason or ""),
        ip_address=client_ip(request) if request is not None else None,
    )
    event.save()
    return event


@transaction.atomic
def record_standalone_event(obj, action: str, **kwargs) -> Event:
    """For an event that is itself the whole change (e.g. "show contact")."""
    return record_event(obj, action, **kwargs)
