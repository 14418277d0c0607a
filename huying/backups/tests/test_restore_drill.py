"""The restore drill, on the suite's own database (SQLite or PostgreSQL): back up, wipe,
restore, compare the rows of every table, track a canary appeal with its code, read its
phone number, and find an appeal erased after the backup still erased."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from huying.appeals.actions import erase_personal_data
from huying.appeals.models import Appeal
from huying.appeals.tests.factories import appeal_data
from huying.backups.archive import MANIFEST, BackupError, backup, restore, row_counts
from huying.workorders import actions as workorder_actions

LONG_AGO = datetime.datetime(2021, 3, 1, 9, 0, tzinfo=datetime.UTC)
# A backup reads committed rows, as it does in production: no test transaction around it.
pytestmark = pytest.mark.django_db(transaction=True)


def test_back_up_wipe_restore_and_nothing_erased_comes_back(tmp_path, settings, org, dispatcher):
    from huying.appeals.actions import submit_appeal

    settings.HUYING_RETENTION_DAYS = 365
    canary = submit_appeal(appeal_data(org, phone="13912345678", title="金台区路灯坏了"), background=False)
    old = submit_appeal(appeal_data(org, phone="13887654321", contact_name="李秀英"), background=False).appeal
    workorder_actions.reject(dispatcher, old, reason="out_of_scope", now=LONG_AGO)
    media = Path(settings.MEDIA_ROOT)
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 a photo")

    manifest = backup(tmp_path / "backup")
    assert json.loads((tmp_path / "backup" / MANIFEST).read_text())["counts"]["appeals_appeal"] == 2
    assert "media/attachments/photo.jpg" in manifest["files"]
    # After the backup the old appeal's retention ends: its personal data is erased.
    assert erase_personal_data(old.pk)

    call_command("flush", "--noinput")
    (media / "attachments" / "photo.jpg").unlink()
    assert not Appeal.objects.exists()

    restored = restore(tmp_path / "backup")
    assert restored.counts == manifest["counts"]  # every table, before the erasure again
    assert restored.erased_again == [old.pk]
    assert row_counts() == {**manifest["counts"], "audit_event": manifest["counts"]["audit_event"] + 1}
    again = Appeal.objects.get(pk=old.pk)
    assert again.personal_data_erased_at is not None and again.contact_name == "" and again.phone == ""
    assert (media / "attachments" / "photo.jpg").read_bytes() == b"\xff\xd8\xff\xe0 a photo"
    back = Appeal.objects.get(pk=canary.appeal.pk)
    assert back.phone == "13912345678"
    tracked = Client().post("/appeals/track/", {"ticket_number": back.ticket_number, "query_code": canary.query_code})
    assert tracked.status_code == 302 and back.ticket_number in tracked["Location"]


def test_a_damaged_backup_is_refused_before_anything_is_replaced(tmp_path, org):
    backup(tmp_path / "backup")
    name = next(
        n for n in json.loads((tmp_path / "backup" / MANIFEST).read_text())["files"] if n.startswith("database")
    )
    with (tmp_path / "backup" / name).open("ab") as file:
        file.write(b"damage")
    with pytest.raises(BackupError, match="checksum"):
        restore(tmp_path / "backup")


def test_a_restore_with_other_field_keys_is_refused(tmp_path, settings, org):
    backup(tmp_path / "backup")
    settings.HUYING_FIELD_KEYS = ["bG9uZy1yYW5kb20tcHJvZHVjdGlvbi1rZXktMzJieXQ="]
    with pytest.raises(BackupError, match="keys"):
        restore(tmp_path / "backup")


def test_a_backup_goes_only_into_a_new_or_empty_folder(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(BackupError, match="not empty"):
        backup(tmp_path / "full")


def test_the_commands(tmp_path, org, capsys):
    call_command("backup", str(tmp_path / "b"))
    assert "Backed up" in capsys.readouterr().out
    call_command("restore", str(tmp_path / "b"), "--yes")
    assert "Restored" in capsys.readouterr().out
