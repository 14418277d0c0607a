"""Project conventions, enforced by tests as Zulip enforces its own with linters."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "huying"
VIEW_FILES = [p for p in ROOT.rglob("views*.py") if "tests" not in p.parts]


def test_views_reach_objects_only_through_access_helpers():
    bare = re.compile(r"\.objects\.get\(|get_object_or_404\(|\.objects\.filter\([^)]*pk=")
    offenders = []
    for path in VIEW_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if bare.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "use a get_..._for_user() helper from huying.access"


def test_views_do_not_save_or_delete_models():
    writes = re.compile(r"\.save\(|\.delete\(|\.objects\.create\(|\.update\(")
    offenders = []
    for path in VIEW_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if writes.search(line) and "form.save" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "state changes belong in the app's actions.py"


def test_migrations_have_meaningful_names():
    auto = [p.name for p in ROOT.glob("*/migrations/*_auto_*.py")]
    assert auto == []


# Conventions read from the code itself (by AST), each shown to catch a planted violation --------
import ast  # noqa: E402

from huying.appeals.states import State  # noqa: E402
from huying.audit.events import EventName  # noqa: E402

SHIPPED = sorted(p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts)
WRITES = {"create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
# Configuration the demo enters as an administrator would in Django admin.
WRITES_ALLOWED = {"demo/organisation.py"}


def _app(path: Path) -> str:
    return path.relative_to(ROOT).parts[0] if len(path.relative_to(ROOT).parts) > 1 else ""


def writes_to_other_apps(tree: ast.AST, app: str) -> list[int]:
    """Lines writing, through a manager or queryset, to a model imported from another app."""
    owners = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and (m := re.fullmatch(r"huying\.(\w+)\.models", node.module))
        ):
            owners |= {alias.asname or alias.name: m.group(1) for alias in node.names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            root = node.func.value
            while isinstance(root, ast.Attribute | ast.Call | ast.Subscript):
                root = root.func if isinstance(root, ast.Call) else root.value
            if isinstance(root, ast.Name) and owners.get(root.id, app) != app:
                found.append(node.lineno)
    return found


def test_no_app_writes_another_apps_models_outside_that_apps_actions():
    offenders = []
    for path in SHIPPED:
        if str(path.relative_to(ROOT)) in WRITES_ALLOWED:
            continue
        lines = writes_to_other_apps(ast.parse(path.read_text(encoding="utf-8")), _app(path))
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n in lines]
    assert offenders == [], "write another app's models through that app's actions"


def inner_project_imports(source: str) -> list[int]:
    """Project imports inside functions without a comment naming the cycle (or the ready())
    they wait for, on the import or in the comments and imports just above it."""
    lines = source.splitlines()
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if not (module or "").startswith("huying"):
                continue
            number, said = node.lineno - 1, False
            while number >= 0 and not said:
                line = lines[number].strip()
                said = "cycle" in line or "ready()" in line
                if number < node.lineno - 1 and not (line.startswith(("#", "from ", "import ")) or line == ""):
                    break
                number -= 1
            if not said:
                found.append(node.lineno)
    return found


def test_project_imports_sit_at_the_top_unless_a_comment_names_the_cycle():
    offenders = []
    for path in SHIPPED:
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n in inner_project_imports(path.read_text(encoding="utf-8"))]
    assert offenders == []


ENUM_VALUES = set(State.values) | set(EventName.values)


STATE_KEYWORDS = {"status", "state", "to_state", "from_state", "action", "event", "target", "to"}
# Calls whose first string argument names a transition or an event.
NAMING_CALLS = {"step", "check", "record_event", "record_standalone_event", "EventName", "State"}


def enum_literals(tree: ast.AST) -> list[int]:
    """String literals spelling a state or an event name where one is compared, passed as a
    state or event, or named to the lifecycle: use State or EventName."""

    def spelled(node) -> bool:
        return isinstance(node, ast.Constant) and node.value in ENUM_VALUES

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for operand in operands:
                items = operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) else [operand]
                found += [item.lineno for item in items if spelled(item)]
        elif isinstance(node, ast.Call):
            found += [k.value.lineno for k in node.keywords if k.arg in STATE_KEYWORDS and spelled(k.value)]
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in NAMING_CALLS:
                found += [arg.lineno for arg in node.args if spelled(arg)]
    return found


def test_no_string_spells_a_state_or_an_event_name():
    offenders = []
    for path in SHIPPED:
        if path.name in {"states.py", "events.py"}:
            continue
        offenders += [
            f"{path.relative_to(ROOT)}:{n}" for n in enum_literals(ast.parse(path.read_text(encoding="utf-8")))
        ]
    assert offenders == [], "use State or EventName"


QUERYING = {"objects", "filter", "exclude", "all", "get", "first", "last", "exists", "count", "values", "values_list"}


def queries_in(tree: ast.AST) -> list[int]:
    # register.filter and context.get are the template library's, not queries.
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in QUERYING
        and not (isinstance(node.value, ast.Name) and node.value.id in {"register", "context"})
    ]


def test_template_tags_run_no_queries():
    offenders = []
    for path in ROOT.glob("*/templatetags/*.py"):
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n in queries_in(ast.parse(path.read_text(encoding="utf-8")))]
    assert offenders == [], "views hand templates what they show (an app's readers)"


def project_imports(tree: ast.AST) -> set[str]:
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
    return {m for m in modules if m.startswith("huying")}


def _outside(modules: set[str], allowed: tuple[str, ...]) -> set[str]:
    return {m for m in modules if not m.startswith(allowed)}


def test_the_lowest_layers_import_no_app_above_them():
    offenders = {}
    for path in sorted((ROOT / "lib").rglob("*.py")):
        offenders[str(path)] = _outside(project_imports(ast.parse(path.read_text(encoding="utf-8"))), ("huying.lib",))
    for path in sorted(p for p in (ROOT / "core").rglob("*.py") if "tests" not in p.parts):
        found = project_imports(ast.parse(path.read_text(encoding="utf-8")))
        offenders[str(path)] = _outside(found, ("huying.lib", "huying.core", "huying.settings"))
    access = ROOT / "access.py"
    offenders[str(access)] = _outside(project_imports(ast.parse(access.read_text())), ("huying.accounts.models",))
    assert {path: found for path, found in offenders.items() if found} == {}


def test_each_rule_catches_a_planted_violation():
    planted = ast.parse(
        "from huying.appeals.models import Appeal\n"
        "Appeal.objects.filter(pk=1).update(status=State.CLOSED)\n"
        "def f():\n    from huying.workorders import actions\n"
        "x = 'closed'\n"
        "y = Appeal.objects.first()\n"
        "import huying.workorders.models\n"
    )
    assert writes_to_other_apps(planted, "workorders") == [2]
    assert writes_to_other_apps(planted, "appeals") == []
    source = "def f():\n    from huying.workorders import actions\n\ndef g():\n    # breaks the cycle a <-> b\n    from huying.x import y\n"
    assert inner_project_imports(source) == [2]
    assert sorted(enum_literals(ast.parse("if a.status == 'closed': step('review', u, a)\nf(state='replied')"))) == [
        1,
        1,
        2,
    ]
    assert 6 in queries_in(planted)
    assert _outside(project_imports(planted), ("huying.lib",)) == {
        "huying.appeals.models",
        "huying.workorders",
        "huying.workorders.models",
    }


def test_one_refusal_and_one_converter_of_each_script():
    defining_message, building_converters = [], []
    for path in SHIPPED:
        source = path.read_text(encoding="utf-8")
        if "self.message = message" in source:
            defining_message.append(str(path.relative_to(ROOT)))
        if "OpenCC(" in source:
            building_converters.append(str(path.relative_to(ROOT)))
    assert defining_message == ["lib/refusals.py"], "subclass huying.lib.refusals.Refused"
    assert building_converters == ["lib/chinese.py"], "use huying.lib.chinese"


def test_the_phone_and_id_rules_are_written_once():
    for path in SHIPPED:
        if path.name == "numbers.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert "10X98765432" not in source and "1[3-9]\\d{9}" not in source, path


# The apps in the order docs/architecture.md draws them: each imports only those before it.
LAYERS = [
    "lib", "core", "accounts", "audit", "signin", "taxonomy", "appeals", "notifications", "workdays",
    "workorders", "board", "duplicates", "triage", "hot", "matters", "backups", "demo",
]  # fmt: skip
# Where a page shows another app's part (the file, and the app it reaches up to).
REACHING_UP = {
    ("appeals/views.py", "workorders"),
    ("workorders/views.py", "board"),
    ("board/views.py", "hot"),  # the board's appeal page offers "我也遇到了"
    ("workorders/views.py", "hot"),  # the appeal's page names its hot issue
}


def imports_above(path: Path) -> set[str]:
    app = path.relative_to(ROOT).parts[0]
    found = set()
    for module in project_imports(ast.parse(path.read_text(encoding="utf-8"))):
        other = module.split(".")[1] if module.count(".") else ""
        if other in LAYERS and LAYERS.index(other) > LAYERS.index(app):
            found.add(other)
    return found


def test_each_app_imports_only_the_layers_below_it():
    offenders = {}
    for path in SHIPPED:
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or parts[0] not in LAYERS:
            continue
        relative = str(path.relative_to(ROOT))
        above = {app for app in imports_above(path) if (relative, app) not in REACHING_UP}
        if above:
            offenders[relative] = above
    assert offenders == {}
    assert imports_above(ROOT / "appeals" / "views.py") == {"workorders"}  # the rule sees it
