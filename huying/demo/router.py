"""The demo district's router: learnt from the demo's own dispatched appeals.

Runs last: the work-order step has dispatched appeals by then, each a choice of category
and lead department the (demo) dispatch centre confirmed.  The new appeals still waiting
for review then get their suggestions, so the review queue shows them at once.
"""

from huying.appeals.models import Appeal
from huying.appeals.states import State
from huying.triage import actions
from huying.triage.models import Suggestion
from huying.triage.router import live_models, place_of, predict, train_router
from huying.workorders.models import WorkOrder


def train_demo_router(progress=None) -> int:

    dispatched = WorkOrder.objects.filter(
        main_appeal__isnull=False, category__isnull=False, lead_department__isnull=False
    ).values_list("main_appeal_id", "category_id", "lead_department_id", "dispatched_by_id")
    learnt = 0
    for appeal_id, category_id, department_id, user_id in dispatched:
        if actions.record_confirmed_choice(appeal_id, category_id, department_id, user_id) is not None:
            learnt += 1
            if progress:
                progress()
    # Three folds: the demo should start quickly; `huying router train` uses five.
    train_router(progress=False, jobs=1, folds=3)
    models = live_models()
    if not models:
        return learnt
    waiting = (
        Appeal.objects.filter(status__in=[State.SUBMITTED, State.REVIEWED, State.RETURNED])
        .exclude(pk__in=Suggestion.objects.values("appeal_id"))
        .select_related("street", "community")
    )
    for appeal in waiting:
        actions.store_suggestion(appeal.pk, predict(appeal.title, appeal.description, models, place_of(appeal)))
        if progress:
            progress()
    return learnt
