"""The demo district trains its router from its own dispatched appeals during `make run`."""

from huying.appeals.models import Appeal
from huying.demo.appeals import create_demo_appeals
from huying.demo.organisation import create_organisation
from huying.demo.router import train_demo_router
from huying.demo.workorders import create_demo_work_orders
from huying.triage.models import Head, RouterModel, Suggestion, TrainingExample


def test_the_demo_router_learns_from_the_demos_dispatches_and_suggests_for_waiting_appeals(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    create_organisation()
    create_demo_appeals(count=40)
    create_demo_work_orders(total=200)
    learnt = train_demo_router()
    assert learnt > 100 and TrainingExample.objects.confirmed().count() == learnt
    live = RouterModel.objects.get(kind=Head.CATEGORY, is_live=True)
    assert live.metrics["cv"]["macro_f1"] >= 0.5  # 15 classes from about 130 dispatches
    waiting = Appeal.objects.filter(status__in=["submitted", "reviewed"])
    assert waiting.exists()
    assert Suggestion.objects.filter(appeal__in=waiting).count() == waiting.count()
