"""The life of an appeal is one thing: one enum, one writer of state, reached only through
the actions.  These hold the shape that the two-enum design broke, by reading the code."""

import ast
from pathlib import Path

from django.conf import settings

from huying.appeals.models import Appeal
from huying.appeals.states import State
from huying.workorders.models import WorkOrder

ROOT = Path(settings.BASE_DIR) / "huying"
SHIPPED = [p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
# The one writer of a changed state, and the two places that create a row in its first state.
STATE_WRITERS = {"workorders/actions/base.py", "workorders/actions/dispatch.py", "appeals/actions.py"}


def test_the_appeal_and_its_work_order_hold_the_one_state():
    assert Appeal._meta.get_field("status").choices == State.choices
    assert set(dict(WorkOrder._meta.get_field("state").choices)) <= set(State.values)


def _calls_writing_state(tree):
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in {"update", "create", "update_or_create", "bulk_update"}:
            continue
        receiver = ast.unparse(node.func.value)
        if not any(model in receiver for model in ("Appeal.objects", "WorkOrder.objects", ".appeals")):
            continue
        if any(k.arg in {"status", "state"} for k in node.keywords):
            yield node.lineno


def test_only_the_lifecycle_writes_an_appeals_or_work_orders_state():
    offenders = []
    for path in SHIPPED:
        relative = str(path.relative_to(ROOT))
        if relative in STATE_WRITERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{relative}:{line}" for line in _calls_writing_state(tree)]
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr in {"status", "state"}:
                        owner = ast.unparse(target.value)
                        if "appeal" in owner or "work_order" in owner:
                            offenders.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == [], "state is written by huying.workorders.actions.base.write_state only"


def _module_names(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {a.asname or a.name for a in node.names}
    return names


def test_shipped_code_never_patches_another_modules_attributes():
    # The demo once swapped timezone.now and a private function of notifications.
    offenders = []
    for path in SHIPPED:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = _module_names(tree)
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                patched = isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                if patched and target.value.id in modules and target.value.id[0].islower():
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
            if isinstance(node, ast.Call) and ast.unparse(node.func) in {"setattr", "monkeypatch.setattr"}:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == []


def test_the_planted_violations_are_caught():
    planted = ast.parse(
        "Appeal.objects.filter(pk=1).update(status='closed')\nappeal.status = 'closed'\n"
        "from django.utils import timezone\ntimezone.now = lambda: None\n"
    )
    assert list(_calls_writing_state(planted)) == [1]
    assert "timezone" in _module_names(planted)
