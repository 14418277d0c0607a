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

        from django.db.models.signals import post_save

        from huying.duplicates.receivers import follow_up_saved

        # Merged appeals share a work order: an unsatisfied follow-up from one resident
        # reopens it, and the others are told (the work-order app need not know of merges).
        post_save.connect(follow_up_saved, sender="workorders.FollowUp", dispatch_uid="huying.duplicates.tell_others")
