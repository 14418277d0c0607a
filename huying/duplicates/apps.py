from django.apps import AppConfig


def _enqueue_indexing(sender, appeal_id, **kwargs):
    # The signal comes on commit, while the resident waits for the response: enqueue only.
    from huying.duplicates.tasks import index_appeal

    index_appeal(appeal_id)


class DuplicatesConfig(AppConfig):
    name = "huying.duplicates"
    label = "duplicates"

    def ready(self):
        from huying.appeals.signals import appeal_submitted

        appeal_submitted.connect(_enqueue_indexing, dispatch_uid="huying.duplicates.index_on_submit")
