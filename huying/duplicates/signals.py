"""What the duplicate finder tells others, so that it need not know them."""

from django.dispatch import Signal

# An appeal was indexed (its sketch stored), in the background task that indexes it, after
# that task's transaction: receivers may do their own indexing work inline.  Sent by
# `send_robust`.  kwargs: appeal_id, sketch (huying.duplicates.index.Sketch, weighed).
appeal_indexed = Signal()
