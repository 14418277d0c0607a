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
