"""What the lifecycle does when other apps tell it something; connected in WorkordersConfig.ready()."""

from huying.workorders.actions.erasure import erase_personal_data_of


def erase_personal_data(sender, appeal_id, values, **kwargs):
    erase_personal_data_of(appeal_id, values)
