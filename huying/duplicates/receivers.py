"""What the duplicate finder does when other apps tell it something; connected in ready()."""

from huying.duplicates import tasks
from huying.duplicates.actions import forget_sketch


def enqueue_indexing(sender, appeal_id, **kwargs):
    # The signal comes on commit, while the resident waits for the response: enqueue only.
    tasks.index_appeal(appeal_id)


def forget_appeal(sender, appeal_id, **kwargs):
    # Hashes of its words are still its words: an erased appeal leaves the index.
    forget_sketch(appeal_id)
