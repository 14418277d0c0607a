from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from huying.appeals.models import REQUEUE_BATCH, Appeal
from huying.triage import actions
from huying.triage.models import RouterModel, TrainingExample
from huying.triage.router import forget_erased_text, live_models, place_of, predict, train_router


@db_task(retries=2, retry_delay=30)
def analyse_appeal(appeal_id: int):
    """Suggest a category and lead department for a newly submitted appeal. Queued twice
    (the sweep below), it suggests once."""

    appeal = Appeal.objects.filter(pk=appeal_id, suggestion__isnull=True).select_related("street", "community").first()
    if appeal is None:
        return
    models = live_models()
    if not models:
        return
    actions.store_suggestion(appeal_id, predict(appeal.title, appeal.description, models, place_of(appeal)))


@db_periodic_task(crontab(minute="*/5"))
def requeue_lost_analyses():
    if not live_models():  # no router: no appeal gets a suggestion, none is lost
        return
    waiting = Appeal.objects.awaiting_background_work().filter(suggestion__isnull=True)
    for appeal_id in waiting.values_list("pk", flat=True)[:REQUEUE_BATCH]:
        analyse_appeal(appeal_id)


@db_task(retries=3, retry_delay=30)
def learn_from_dispatch(appeal_id: int, category_id, department_id, user_id=None):
    actions.record_confirmed_choice(appeal_id, category_id, department_id, user_id)


@db_periodic_task(crontab(minute="7", hour="3", day_of_week="0"), retries=1, retry_delay=600)
def retrain_router():
    """Weekly: learn from the week's confirmed choices; the new model goes live only if not worse."""
    from django.conf import settings

    last = RouterModel.objects.order_by("-created").values_list("created", flat=True).first()
    new = TrainingExample.objects.confirmed()
    if last is not None:
        new = new.filter(created__gt=last)
    if new.count() >= settings.HUYING_ROUTER_RETRAIN_AFTER:
        train_router(progress=False, jobs=1)


@db_periodic_task(crontab(minute="17", hour="4"), retries=1, retry_delay=600)
def forget_erased_text_in_models():
    """Daily, after the retention task (02:41): no model keeps an erased appeal's words."""
    forget_erased_text()
