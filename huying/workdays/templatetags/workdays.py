"""`{% load workdays %}`: the calendar banner and due-date marks for any page."""

from django import template

from huying.workdays import calendar

register = template.Library()


@register.inclusion_tag("workdays/calendar_banner.html", takes_context=True)
def calendar_banner(context):
    """`{% calendar_banner %}`: a banner when the known calendar ends within 60 days."""
    user = context.get("user")
    return {
        "warning": calendar.calendar_warning(),
        "can_enter": bool(user and user.is_authenticated and user.is_staff),
    }


@register.simple_tag
def calendar_warning():
    """`{% calendar_warning as warning %}`: the banner's text, or None."""
    return calendar.calendar_warning()


@register.filter
def due_status(due):
    """`{{ work_order.reply_due|due_status }}`: "ok", "due_soon" or "overdue"."""
    return calendar.due_status(due)


@register.inclusion_tag("workdays/due_badge.html")
def due_badge(due):
    """`{% due_badge work_order.reply_due %}`: the due time with a yellow or red mark."""
    return {"due": due, "status": calendar.due_status(due) if due else None}
