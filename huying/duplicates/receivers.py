"""What the duplicate finder does when other apps tell it something; connected in ready()."""

from huying.duplicates import tasks


def enqueue_indexing(sender, appeal_id, **kwargs):
    # The signal comes on commit, while the resident waits for the response: enqueue only.
    tasks.index_appeal(appeal_id)
