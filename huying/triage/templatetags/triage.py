from django import template

from huying.triage.presenting import suggestion_for

register = template.Library()


@register.inclusion_tag("triage/suggestions.html")
def triage_suggestions(appeal):
    """The router's top-3 for `appeal` as one-click choices; put it inside the dispatch form."""
    return {"appeal": appeal, "triage": suggestion_for(appeal)}


@register.filter
def percent(value):
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return "—"
