from django.apps import AppConfig


class WorkordersConfig(AppConfig):
    name = "huying.workorders"
    label = "workorders"

    def ready(self):
        # ready() runs once every app's models are loaded: receivers import the actions.
        from huying.appeals.signals import personal_data_erasing
        from huying.workorders import receivers

        personal_data_erasing.connect(receivers.erase_personal_data, dispatch_uid="huying.workorders.erase")
