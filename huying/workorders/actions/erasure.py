"""Erasing what the lifecycle keeps of a resident once their appeal's retention is over."""

from huying.appeals.actions import erase_values
from huying.appeals.models import Appeal
from huying.workorders.models import Assignment, CoHandlerInput, ExtensionRequest, FollowUp, Note, Rejection, Reply


def _erase(queryset, values, *fields) -> None:
    for row in queryset.only("pk", *fields):
        changed = {f: erase_values(getattr(row, f), values) for f in fields}
        if any(changed[f] != getattr(row, f) for f in fields):
            type(row).objects.filter(pk=row.pk).update(**changed)


def erase_personal_data_of(appeal_id: int, values: list[str]) -> None:
    """Replies and their review notes, co-handlers' input, internal notes, return and
    extension reasons of its work order, and its resident's follow-up comments and rejection
    note: the resident's data removed and every other personal datum masked.

    A shared work order's appeals become due together (they close together), so masking
    the shared texts takes nothing from a resident whose appeal is still kept.
    """
    _erase(FollowUp.objects.filter(appeal_id=appeal_id), values, "comment")
    _erase(Rejection.objects.filter(appeal_id=appeal_id), values, "note")
    work_order_id = Appeal.objects.filter(pk=appeal_id).values_list("work_order_id", flat=True).first()
    if work_order_id is None:
        return
    _erase(Reply.objects.filter(work_order_id=work_order_id), values, "text", "review_note")
    _erase(CoHandlerInput.objects.filter(work_order_id=work_order_id), values, "text")
    _erase(Note.objects.filter(work_order_id=work_order_id), values, "text")
    _erase(ExtensionRequest.objects.filter(work_order_id=work_order_id), values, "reason", "decision_note")
    _erase(Assignment.objects.filter(work_order_id=work_order_id), values, "return_reason")
