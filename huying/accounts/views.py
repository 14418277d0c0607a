from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from huying.accounts.models import Role

# Each role's landing page, by URL name; the workbench apps provide them.
ROLE_HOMES = {
    Role.DISPATCHER: "workorders:review_queue",
    Role.HANDLER: "workorders:inbox",
    Role.SUPERVISOR: "workorders:overdue",
    Role.LEADER: "workorders:overdue",
    Role.MODERATOR: "accounts:home",
    Role.ADMIN: "admin:index",
}


@require_GET
@login_required
def home(request):
    """Send each member of staff to their own landing page."""
    target = ROLE_HOMES.get(request.user.role)
    if target and target != "accounts:home":
        try:
            return redirect(reverse(target))
        except NoReverseMatch:
            pass
    return render(request, "accounts/home.html")
