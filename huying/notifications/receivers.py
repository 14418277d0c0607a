"""What the outbox does when other apps tell it something; connected in NotificationsConfig.ready()."""

from django.db import transaction

from huying.notifications.actions import forget_appeal_messages, notify_resident
from huying.notifications.texts import Message


def send_receipt(sender, appeal, **kwargs):
    """Every new appeal, typed online or entered by staff, gets its receipt by SMS, written
    in the appeal's own transaction: once, and never for a submission that failed."""
    with transaction.atomic():
        notify_resident(appeal, Message.REGISTERED)


def erase_personal_data(sender, appeal_id, **kwargs):
    forget_appeal_messages(appeal_id)
