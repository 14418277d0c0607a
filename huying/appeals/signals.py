"""Signals other apps listen to, so the appeals app need not know them.

All are sent from `transaction.on_commit`, with ids only: receivers enqueue Huey tasks
and must never do slow work inline (the resident is waiting for the response).
"""

from django.dispatch import Signal

# An appeal was created (by a resident online or by staff from a phone call); kwargs: appeal_id.
appeal_submitted = Signal()

# The dispatch centre confirmed an appeal's category and lead department;
# kwargs: appeal_id, category_id, department_id, user_id.  The router learns from it.
appeal_dispatched = Signal()
