"""Update and compile every Huying app's translation catalogues.

`huying_messages` runs makemessages in each app (GNU gettext needed: a developer's tool),
writes the zh-Hant catalogues from the zh-Hans ones, and lists what is still untranslated
or waiting for review; `huying_messages --compile` writes the .mo files with polib, so
neither deployments nor CI need gettext.

zh-Hant is made by character conversion only (`huying.lib.chinese.to_traditional`, OpenCC
s2t with reviewed fixes), never by the phrase-localising variants (s2tw, s2twp, s2hk),
which change words. A new string holding a character that s2t may write in several ways is
marked fuzzy, with the choices in a comment, until a person has read it and removed the
mark; a string already reviewed is kept while it still converts back to its zh-Hans text.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from huying.lib.chinese import ambiguous_characters, to_simplified, to_traditional

SOURCE_LOCALE = "zh_Hans"
CONVERTED_LOCALE = "zh_Hant"
REVIEW_NOTE = "review:"


def app_dirs() -> list[Path]:
    """Every app, and the shared helpers (huying/lib has strings of its own)."""
    root = settings.BASE_DIR / "huying"
    return sorted([p.parent for p in root.glob("*/apps.py")] + [root / "lib"])


def catalogues(locale: str = "*") -> list[Path]:
    return sorted((settings.BASE_DIR / "huying").glob(f"*/locale/{locale}/LC_MESSAGES/django.po"))


def compile_catalogue(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    po.save_as_mofile(str(po_path.with_suffix(".mo")))


def _strings(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]


def _choices(text: str) -> str:
    table = ambiguous_characters()
    return " ".join(f"{ch}({'/'.join(table[ch])})" for ch in dict.fromkeys(text) if ch in table)


def convert_catalogue(source_path: Path) -> Path:
    """Write the zh-Hant catalogue beside a zh-Hans one; returns its path."""
    target_path = Path(str(source_path).replace(f"/{SOURCE_LOCALE}/", f"/{CONVERTED_LOCALE}/"))
    source = polib.pofile(str(source_path))
    before = polib.pofile(str(target_path)) if target_path.exists() else polib.POFile()
    kept = {(e.msgctxt, e.msgid): e for e in before if not e.obsolete}
    target = polib.POFile(wrapwidth=source.wrapwidth)
    target.metadata = {**source.metadata, "Language": "zh_Hant"}
    for entry in source:
        if entry.obsolete:
            continue
        new = polib.POEntry(
            msgid=entry.msgid, msgid_plural=entry.msgid_plural, msgctxt=entry.msgctxt,
            occurrences=entry.occurrences, flags=[f for f in entry.flags if f != "fuzzy"],
        )  # fmt: skip
        texts = _strings(entry)
        untranslated = "fuzzy" in entry.flags or not all(texts)
        previous = kept.get((entry.msgctxt, entry.msgid))
        if untranslated:
            converted = ["" for _ in texts]
        elif previous is not None and [to_simplified(t) for t in _strings(previous)] == texts:
            converted = _strings(previous)  # reviewed before, and still says the same
            if "fuzzy" in previous.flags:
                new.flags.append("fuzzy")
                new.tcomment = previous.tcomment
        else:
            converted = [to_traditional(t) for t in texts]
            choices = _choices("".join(texts))
            if choices:
                new.flags.append("fuzzy")
                new.tcomment = f"{REVIEW_NOTE} {choices}"
        if entry.msgid_plural:
            new.msgstr_plural = dict(enumerate(converted))
        else:
            new.msgstr = converted[0]
        target.append(new)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    target.save(str(target_path))
    return target_path


class Command(BaseCommand):
    help = "Update (makemessages, then zh-Hant from zh-Hans) or compile (--compile) the catalogues."

    def add_arguments(self, parser):
        parser.add_argument("--compile", action="store_true")
        parser.add_argument(
            "--convert-only", action="store_true", help="Only write zh-Hant from zh-Hans (no gettext needed)."
        )

    def handle(self, compile=False, convert_only=False, **options):
        if compile:
            for po_path in catalogues():
                compile_catalogue(po_path)
                self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
            return
        if not convert_only:
            self._make_messages()
        for po_path in catalogues(SOURCE_LOCALE):
            convert_catalogue(po_path)
        missing = 0
        for po_path in catalogues():
            po = polib.pofile(str(po_path))
            for entry in po.untranslated_entries() + po.fuzzy_entries():
                missing += 1
                note = f"  ({entry.tcomment})" if entry.tcomment.startswith(REVIEW_NOTE) else ""
                self.stdout.write(f"{po_path.relative_to(settings.BASE_DIR)}: {entry.msgid!r}{note}")
        self.stdout.write(f"{missing} entries need a translation or a review")

    def _make_messages(self) -> None:
        for app in app_dirs():
            if app.name != "lib" and not any((app / sub).exists() for sub in ("templates", "views.py", "models.py")):
                continue
            (app / "locale").mkdir(exist_ok=True)
            result = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    str(settings.BASE_DIR / "manage.py"),
                    "makemessages",
                    "-l",
                    SOURCE_LOCALE,
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
