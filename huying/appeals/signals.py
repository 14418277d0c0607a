"""What the appeals app tells others, so that it need not know them.

Sent from `transaction.on_commit`, with ids only, by `send_robust`: receivers enqueue
Huey tasks and must never do slow work inline (the resident is waiting for the response).
"""

from django.dispatch import Signal

# An appeal was created (by a resident online or by staff from a phone call); kwargs: appeal_id.
appeal_submitted = Signal()
