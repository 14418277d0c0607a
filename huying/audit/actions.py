from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from huying.audit.events import EventName
from huying.audit.models import Event
from huying.audit.wording import in_site_language
from huying.lib.clientip import client_ip
from huying.lib.pii import mask_text

RESIDENT = "resident"
SYSTEM = "system"


def record_event(
    obj,
    action: EventName,
    *,
    actor=None,
    actor_role: str | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str | list = "",
    request=None,
    now=None,
) -> Event:
    """Write one audit event for `obj`, in the transaction of the change it records.

    `reason` is what a person typed, or the pieces of a reason the system composed
    (`huying.audit.wording`): those are kept to be read in each reader's language.

    Called outside a transaction it refuses: an event must never outlive a change that
    rolled back, nor a change be kept without its event.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change")
    # One vocabulary: a name outside it is a bug, not a new kind of event.
    action = EventName(action)
    if actor is not None and not actor.is_authenticated:
        actor = None
    wording = reason if isinstance(reason, list) else []
    text = in_site_language(wording) if wording else str(reason or "")
    if actor_role is None:
        actor_role = (actor.role if actor is not None else RESIDENT) or SYSTEM
    event = Event(
        created=now or timezone.now(),
        actor=actor,
        actor_role=actor_role,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action.value,
        from_state=from_state or "",
        to_state=to_state or "",
        reason=mask_text(text),
        wording=wording,
        ip_address=client_ip(request) if request is not None else None,
    )
    event.save()
    return event


@transaction.atomic
def record_standalone_event(obj, action: EventName, **kwargs) -> Event:
    """For an event that is itself the whole change (e.g. "show contact")."""
    return record_event(obj, action, **kwargs)
