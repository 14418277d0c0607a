from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huying.access import require_role
from huying.accounts.models import Role
from huying.appeals.access import get_appeal_for_user
from huying.triage import actions
from huying.triage.access import ROUTER_ROLES, get_router_model_for_user
from huying.triage.models import RouterModel, TrainingExample
from huying.triage.presenting import model_charts, suggestion_for

HISTORY_LENGTH = 30


@require_GET
@login_required
def models_page(request):
    """Which router models are live, how well they did, and how often dispatchers took their advice."""
    require_role(request.user, *ROUTER_ROLES)
    live = list(RouterModel.objects.live().order_by("kind"))
    return render(
        request,
        "triage/models.html",
        {
            "title": _("Smart triage"),
            "live": [(model, model_charts(model)) for model in live],
            "history": RouterModel.objects.newest_first()[:HISTORY_LENGTH],
            "accuracy": TrainingExample.objects.suggestion_accuracy(),
            "examples": TrainingExample.objects.count(),
        },
    )


@require_GET
@login_required
def model_detail(request, pk):
    model = get_router_model_for_user(request.user, pk)
    return render(
        request,
        "triage/model_detail.html",
        {
            "title": _("Router model v%(version)s") % {"version": model.version},
            "model": model,
            "charts": model_charts(model),
        },
    )


@require_POST
@login_required
def make_live(request, pk):
    model = get_router_model_for_user(request.user, pk)
    actions.force_live(model, request.user, request=request)
    messages.success(request, _("Version %(version)s is now live.") % {"version": model.version})
    return redirect(reverse("triage:models"))


@require_GET
@login_required
def suggestions(request, pk):
    """The suggestions fragment for the dispatch form; polled until the analysis is done."""
    require_role(request.user, Role.DISPATCHER, Role.ADMIN)
    appeal = get_appeal_for_user(request.user, pk)
    try:
        polls = max(0, int(request.GET.get("poll", "0")))
    except ValueError:
        polls = 0
    return render(request, "triage/suggestions.html", {"appeal": appeal, "triage": suggestion_for(appeal, polls)})
