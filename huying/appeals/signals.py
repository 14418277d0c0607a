"""What the appeals app tells others, so that it need not know them.

Sent from `transaction.on_commit`, with ids only, by `send_robust`: receivers enqueue
Huey tasks and must never do slow work inline (the resident is waiting for the response).
"""

from django.dispatch import Signal

# An appeal was created (by a resident online or by staff from a phone call); kwargs: appeal_id.
appeal_submitted = Signal()

# An appeal is being created, inside its creating transaction (not on commit): what must be
# written with it or not at all, as the resident's receipt SMS in the outbox; a repeated
# sending of the same form creates nothing and so sends nothing.  Sent by `send_robust`:
# each receiver writes in a savepoint of its own (`transaction.atomic()`).  kwargs: appeal.
appeal_receiving = Signal()

# An appeal's retention period is over and its personal data is being erased, inside the
# erasing transaction (not on commit): every app erases what it keeps of it, or the whole
# erasure rolls back.  kwargs: appeal_id, values (the personal data as it was: name, phone,
# ID number, address, e-mail addresses found in the text), to be removed wherever quoted.
personal_data_erasing = Signal()
