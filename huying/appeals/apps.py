from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "huying.appeals"
    label = "appeals"

    def ready(self):
        from huying.appeals.receivers import enqueue_abuse_scoring
        from huying.appeals.signals import appeal_submitted

        appeal_submitted.connect(enqueue_abuse_scoring, dispatch_uid="huying.appeals.score_abuse_on_submit")
