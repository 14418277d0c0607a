"""`huying backup DIR` and `huying restore DIR`: the database (SQLite by its online backup
API, PostgreSQL by pg_dump and pg_restore), the media files, and a manifest with the row
count of every table and a checksum of every file. The field keys are never in a backup.

A restore checks the checksums first, and afterwards erases again the personal data of
appeals erased since the backup was taken (the erasure log is outside the database), so a
restore never brings erased personal data back."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from huying.appeals.actions import erase_personal_data, erasures_since
from huying.lib import crypto

MANIFEST = "manifest.json"
SQLITE_FILE, POSTGRES_FILE, MEDIA_DIR = "database.sqlite3", "database.dump", "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass
class Restored:
    counts: dict[str, int]
    erased_again: list[int]


def row_counts() -> dict[str, int]:
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST)


def key_fingerprint() -> str:
    # Which keys wrote the data, without the keys: a restore with other keys is refused.
    return hashlib.sha256(("huying-key-fingerprint:" + crypto.keyed_hash("fingerprint")).encode()).hexdigest()[:16]


def _postgres_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--host", db.get("HOST") or "", "--port", str(db.get("PORT") or 5432), "--username", db.get("USER") or ""]
    args = [a for pair in zip(args[::2], args[1::2], strict=True) if pair[1] for a in pair]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def backup(target: Path) -> dict:
    """Write a backup into the empty or new folder `target`; returns the manifest."""
    if connection.in_atomic_block:
        raise BackupError("a backup reads committed rows: not inside a transaction")
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new folder")
    target.mkdir(parents=True, exist_ok=True)
    taken = timezone.now()
    counts = row_counts()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        destination = sqlite3.connect(target / SQLITE_FILE)
        with destination:
            connection.connection.backup(destination)
        destination.close()
    else:
        args, env = _postgres_args()
        name = connection.settings_dict["NAME"]
        dump = ["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(target / POSTGRES_FILE), name]
        done = subprocess.run(dump, env=env, capture_output=True, text=True)  # noqa: S603
        if done.returncode:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, target / MEDIA_DIR)
    manifest = {
        "taken": taken.isoformat(),
        "database": connection.vendor,
        "keys": key_fingerprint(),
        "counts": counts,
        "files": {str(p.relative_to(target)): _sha256(p) for p in _files(target)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> dict:
    path = Path(source) / MANIFEST
    if not path.exists():
        raise BackupError(f"{source} holds no {MANIFEST}: not a Huying backup")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for name, checksum in manifest["files"].items():
        file = Path(source) / name
        if not file.exists() or _sha256(file) != checksum:
            raise BackupError(f"{name} is missing or damaged: its checksum does not match the manifest")
    return manifest


def restore(source: Path) -> Restored:
    """Replace the database and the media files with the backup in `source`."""
    if connection.in_atomic_block:
        raise BackupError("a restore replaces the database: not inside a transaction")
    source = Path(source)
    manifest = read_manifest(source)
    if manifest["database"] != connection.vendor:
        raise BackupError(f"the backup is of {manifest['database']}, this database is {connection.vendor}")
    if manifest["keys"] != key_fingerprint():
        raise BackupError("HUYING_FIELD_KEYS are not the keys the backup was written with: keep those keys")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        backed_up = sqlite3.connect(source / SQLITE_FILE)
        with backed_up:
            backed_up.backup(connection.connection)
        backed_up.close()
    else:
        args, env = _postgres_args()
        name = connection.settings_dict["NAME"]
        connection.close()
        load = [
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--dbname",
            name,
            str(source / POSTGRES_FILE),
        ]
        done = subprocess.run(load, env=env, capture_output=True, text=True)  # noqa: S603
        if done.returncode:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    if (source / MEDIA_DIR).exists():
        shutil.copytree(source / MEDIA_DIR, media)
    counts = row_counts()
    if counts != manifest["counts"]:
        wrong = sorted(t for t in set(counts) | set(manifest["counts"]) if counts.get(t) != manifest["counts"].get(t))
        raise BackupError(f"after the restore these tables do not hold the backup's rows: {', '.join(wrong)}")
    taken = datetime.datetime.fromisoformat(manifest["taken"])
    again = [pk for pk in erasures_since(taken) if erase_personal_data(pk, again=True)]
    return Restored(counts=counts, erased_again=again)
