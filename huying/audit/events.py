"""The one vocabulary of audit events: every `record_event` names one of these.

The label is what staff read in a timeline.  The resident's timeline
(huying.appeals.timeline) words the events it shows in its own way and hides the rest;
a test walks every transition and checks both.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventName(models.TextChoices):
    # The appeal's life: one per row of huying.workorders.transitions.TABLE ...
    SUBMITTED = "submitted", _("Appeal received")
    ENTER = "enter", _("Appeal entered by staff")
    REVIEW = "review", _("Marked as reviewed")
    REJECT = "reject", _("Rejected")
    REJECT_DUPLICATE = "reject_duplicate", _("Rejected as a repeat")
    JOIN = "join", _("Joined an earlier appeal's work order")
    LEAVE = "leave", _("Left the shared work order")
    DISPATCH = "dispatch", _("Dispatched")
    ANSWER_DIRECTLY = "answer_directly", _("Answered directly")
    ACCEPT = "accept", _("Accepted")
    RETURN = "return", _("Returned to the dispatch centre")
    REDISPATCH = "redispatch", _("Re-dispatched")
    FORWARD = "forward", _("Forwarded to a community")
    GIVE_INPUT = "give_input", _("Co-handling input given")
    REQUEST_EXTENSION = "request_extension", _("Extension requested")
    APPROVE_EXTENSION = "approve_extension", _("Extension approved")
    DENY_EXTENSION = "deny_extension", _("Extension denied")
    REPLY = "reply", _("Reply written")
    PUBLISH_REPLY = "publish_reply", _("Reply approved and published")
    SEND_BACK_REPLY = "send_back_reply", _("Reply sent back")
    FOLLOW_UP = "follow_up", _("Follow-up recorded")
    RATE = "rate", _("Rated by the resident")
    CLOSE = "close", _("Closed")
    SUPERVISOR_CLOSE = "supervisor_close", _("Closed by a supervisor")
    SUPERVISOR_REOPEN = "supervisor_reopen", _("Reopened by a supervisor")
    PUBLISH = "publish", _("Shown on the public board")
    UNPUBLISH = "unpublish", _("Removed from the public board")
    ADD_NOTE = "add_note", _("Internal note added")
    SHOW_CONTACT = "show_contact", _("Contact details shown")
    # ... what a work order records when its appeals change, and what its appeals record
    # when another appeal of the same work order moved it.
    APPEAL_JOINED = "appeal_joined", _("Another appeal joined")
    APPEAL_LEFT = "appeal_left", _("An appeal left")
    ALL_FOLLOWED_UP = "all_followed_up", _("Every resident followed up")
    REOPENED_BY_OTHER = "reopened_by_other", _("Reopened after another resident's follow-up")
    # Background work and configuration.
    FLAGGED_FOR_ABUSE = "flagged_for_abuse", _("Flagged for possible abuse")
    DUPLICATES_FOUND = "duplicates_found", _("Possible duplicates found")
    ERASE_PERSONAL_DATA = "erase_personal_data", _("Personal data erased")
    NOTIFICATION_RETRIED = "notification_retried", _("Notification sent again")
    CALENDAR_DAY_ENTERED = "calendar_day_entered", _("Working-day calendar changed")
    TRAINING_EXAMPLES_IMPORTED = "training_examples_imported", _("Training examples imported")
    ROUTER_MODEL_TRAINED = "router_model_trained", _("Router model trained")
    ROUTER_MODEL_LIVE = "router_model_live", _("Router model put live")
    ROUTER_MODEL_FORCED_LIVE = "router_model_forced_live", _("Router model forced live")
    # Hot issues: recorded on the hot issue.
    HOT_ISSUE_FOUND = "hot_issue_found", _("Hot issue found")
    HOT_ISSUE_APPEAL_ADDED = "hot_issue_appeal_added", _("Appeal added to the hot issue")
    HOT_ISSUE_REGROUPED = "hot_issue_regrouped", _("Hot issue regrouped")
    HOT_ISSUE_MERGED = "hot_issue_merged", _("Hot issue merged into another")
    HOT_ISSUE_SPLIT = "hot_issue_split", _("Hot issue split by staff")
    HOT_ISSUE_JOINED = "hot_issue_joined", _("Hot issues joined by staff")
    # Practical matters: recorded on the practical matter.
    MATTER_CREATED = "matter_created", _("Practical matter set up")
    MATTER_START = "matter_start", _("Work on the practical matter started")
    MATTER_MILESTONE_DONE = "matter_milestone_done", _("Milestone completed")
    MATTER_MILESTONE_MOVED = "matter_milestone_moved", _("Milestone's planned date moved")
    MATTER_DONE = "matter_done", _("Practical matter done")
    MATTER_ACCEPTED = "matter_accepted", _("Practical matter accepted by a supervisor")
    # Staff accounts: recorded on the user.
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by e-mail")
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("Two-factor sign-in set up")
    TWO_FACTOR_RESET = "two_factor_reset", _("Two-factor sign-in reset")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("New recovery codes made")
    SIGN_IN_LOCK_LIFTED = "sign_in_lock_lifted", _("Sign-in lock of an address lifted")


def event_label(name) -> str:
    """Staff's words for an event name; an unknown (older) name is shown as it is."""
    try:
        return str(EventName(name).label)
    except ValueError:
        return str(name or "")
