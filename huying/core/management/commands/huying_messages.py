"""Update and compile every Huying app's translation catalogues.

`huying_messages` runs makemessages in each app (GNU gettext needed: a developer's tool)
and lists what is still untranslated; `huying_messages --compile` writes the .mo files
with polib, so neither deployments nor CI need gettext.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LOCALES = ["zh_Hans"]


def app_dirs() -> list[Path]:
    root = settings.BASE_DIR / "huying"
    return sorted(p.parent for p in root.glob("*/apps.py"))


def catalogues() -> list[Path]:
    return sorted((settings.BASE_DIR / "huying").glob("*/locale/*/LC_MESSAGES/django.po"))


def compile_catalogue(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    po.save_as_mofile(str(po_path.with_suffix(".mo")))


class Command(BaseCommand):
    help = "Update (makemessages) or compile (--compile) the apps' translation catalogues."

    def add_arguments(self, parser):
        parser.add_argument("--compile", action="store_true")

    def handle(self, compile=False, **options):
        if compile:
            for po_path in catalogues():
                compile_catalogue(po_path)
                self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
            return
        for app in app_dirs():
            if not any((app / sub).exists() for sub in ("templates", "views.py", "models.py")):
                continue
            (app / "locale").mkdir(exist_ok=True)
            for locale in LOCALES:
                result = subprocess.run(  # noqa: S603
                    [
                        sys.executable,
                        str(settings.BASE_DIR / "manage.py"),
                        "makemessages",
                        "-l",
                        locale,
                        "--no-obsolete",
                        "--ignore",
                        "tests/*",
                        "--ignore",
                        "migrations/*",
                    ],
                    cwd=app,
                    env={**os.environ},
                    capture_output=True,
                    text=True,
                )
                if result.returncode != 0:
                    raise CommandError(result.stderr)
        missing = 0
        for po_path in catalogues():
            po = polib.pofile(str(po_path))
            for entry in po.untranslated_entries() + po.fuzzy_entries():
                missing += 1
                self.stdout.write(f"{po_path.relative_to(settings.BASE_DIR)}: {entry.msgid!r}")
        self.stdout.write(f"{missing} entries need a translation")
