"""What the work-order lifecycle tells others.

Sent from `transaction.on_commit` by `send_robust`, with ids only.
"""

from django.dispatch import Signal

# The dispatch centre confirmed an appeal's category and lead department (dispatch or
# re-dispatch); kwargs: appeal_id, category_id, department_id, user_id.  The router learns from it.
appeal_dispatched = Signal()
