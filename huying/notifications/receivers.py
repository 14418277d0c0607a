"""What the outbox does when other apps tell it something; connected in NotificationsConfig.ready()."""

from huying.notifications.actions import forget_appeal_messages


def erase_personal_data(sender, appeal_id, **kwargs):
    forget_appeal_messages(appeal_id)
