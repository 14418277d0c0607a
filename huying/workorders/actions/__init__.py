"""Every change in an appeal's life, one function each, by stage.

Each function runs `base.step`: it locks the appeal and its work order, checks the table
(huying.workorders.transitions), makes the change, writes its audit event and its state
through `base.write_state` in the same transaction, queues its notifications in the
outbox there too (they are sent after commit), and sends signals on commit.  They raise
TransitionRefused (not in the table) or ActionInvalid (a requirement is missing), whose
`message` the views show.  Publishing on the public board is the board's
(huying.board.actions).
"""

from huying.workorders.actions.base import TEXT_LIMIT
from huying.workorders.actions.contact import Contact, show_contact
from huying.workorders.actions.dispatch import (
    MAX_CO_HANDLER_DAYS,
    answer_directly,
    deadline_preview,
    departments_named_in,
    dispatch,
    dispatch_as_suggested,
    redispatch,
    suggested_dispatch,
)
from huying.workorders.actions.follow_ups import (
    close,
    follow_up,
    rate,
    supervisor_close,
    supervisor_reopen,
)
from huying.workorders.actions.handling import (
    MAX_EXTENSION_DAYS,
    accept,
    add_note,
    approve_extension,
    deny_extension,
    forward,
    give_input,
    request_extension,
    return_work_order,
)
from huying.workorders.actions.replies import missing_inputs, publish_reply, reply, send_back_reply
from huying.workorders.actions.review import (
    Entered,
    enter_appeal,
    find_appeal_by_ticket,
    join,
    join_refusal,
    leave,
    reject,
    reject_duplicate,
    review,
)
from huying.workorders.transitions import ActionInvalid, NeedsConfirmation, TransitionRefused

__all__ = [
    "MAX_CO_HANDLER_DAYS",
    "MAX_EXTENSION_DAYS",
    "TEXT_LIMIT",
    "ActionInvalid",
    "Contact",
    "Entered",
    "NeedsConfirmation",
    "TransitionRefused",
    "accept",
    "add_note",
    "answer_directly",
    "approve_extension",
    "close",
    "deadline_preview",
    "deny_extension",
    "departments_named_in",
    "dispatch",
    "dispatch_as_suggested",
    "enter_appeal",
    "find_appeal_by_ticket",
    "follow_up",
    "forward",
    "give_input",
    "join",
    "join_refusal",
    "leave",
    "missing_inputs",
    "publish_reply",
    "rate",
    "redispatch",
    "reject",
    "reject_duplicate",
    "reply",
    "request_extension",
    "return_work_order",
    "review",
    "send_back_reply",
    "show_contact",
    "suggested_dispatch",
    "supervisor_close",
    "supervisor_reopen",
]
