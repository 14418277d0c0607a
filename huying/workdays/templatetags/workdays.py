"""`{% load workdays %}`: due-date marks for any page (the calendar banner comes from the
`calendar_warning` context processor)."""

from django import template

from huying.workdays import calendar

register = template.Library()


@register.filter
def due_status(due):
    """`{{ work_order.reply_due|due_status }}`: "ok", "due_soon" or "overdue"."""
    return calendar.due_status(due)


@register.inclusion_tag("workdays/due_badge.html")
def due_badge(due):
    """`{% due_badge work_order.reply_due %}`: the due time with a yellow or red mark."""
    return {"due": due, "status": calendar.due_status(due) if due else None}
