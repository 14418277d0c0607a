"""An erasure that leaves nothing behind: canary values planted through the normal actions
everywhere an appeal's personal data can end up, the retention task run, and then every
column of every table (encrypted ones decrypted) scanned for them.

Later apps that keep an appeal's personal data (supporters, comments, enterprise contacts)
plant their canaries here too.
"""

import datetime
import io

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from PIL import Image

from huying.appeals.actions import stage_attachments, submit_appeal
from huying.appeals.tasks import erase_expired_personal_data
from huying.appeals.tests.factories import appeal_data
from huying.duplicates.models import AppealBand, AppealSketch
from huying.lib import crypto
from huying.lib.numbers import id_check_character
from huying.notifications.models import Outbox
from huying.workorders import actions
from huying.workorders.models import State

NAME = "欧阳梦琪"
PHONE = "13947218365"
ID_NUMBER = "61030219900101123" + id_check_character("61030219900101123")
EMAIL = "ouyang.mengqi@example.com"
ADDRESS = "清渭花园7号楼2单元1503室"
CANARIES = [NAME, PHONE, ID_NUMBER, EMAIL, ADDRESS, "1503室", PHONE[3:7] + PHONE[7:]]
SAID = f"我是{NAME}，电话{PHONE}，身份证{ID_NUMBER}，邮箱{EMAIL}，住{ADDRESS}。"


def _jpeg(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def scan_for(canaries) -> list[str]:
    """Every value in the database holding a canary, as 'table.column'."""
    found = []
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model._base_manager.values_list(*[f.attname for f in fields]) if fields else ():
            for field, value in zip(fields, row, strict=True):
                text = str(value or "")
                if field.name.endswith("_encrypted"):
                    text = crypto.decrypt(text)
                if any(c in text for c in canaries):
                    found.append(f"{model._meta.db_table}.{field.column}")
    return found


def test_erasure_leaves_no_personal_data_in_any_table(world, settings, django_capture_on_commit_callbacks):
    settings.HUYING_RETENTION_DAYS = 365
    then = datetime.datetime(2021, 3, 1, 9, 0, tzinfo=datetime.UTC)

    def at(hours):
        return then + datetime.timedelta(hours=hours)

    token = "erasure-canary-token"
    assert stage_attachments(token, [_jpeg(f"{NAME}-{PHONE}.jpg")]) == []
    data = appeal_data(
        world.org, title=f"{NAME}反映小区问题", description=SAID, contact_name=NAME, phone=PHONE,
        id_number=ID_NUMBER, id_number_consent=True, address=ADDRESS, category=world.category,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit_appeal(data, enforce_limits=False, submitted_at=at(0), upload_token=token).appeal
    assert appeal.attachments.exists() and scan_for(CANARIES)  # planted

    with django_capture_on_commit_callbacks(execute=True):
        world.dispatch(appeal, now=at(1))
        actions.accept(world.co_a, appeal, now=at(2))
        actions.accept(world.lead, appeal, now=at(3))
        actions.accept(world.co_c, appeal, now=at(3))
        actions.give_input(world.co_a, appeal, text=f"已联系{NAME}（{PHONE}）上门。", now=at(4))
        actions.give_input(world.co_c, appeal, text="配合处理。", now=at(4))
        actions.add_note(world.lead, appeal, text=f"{NAME}住{ADDRESS}，身份证{ID_NUMBER}。", now=at(5))
        actions.request_extension(world.lead, appeal, days=3, reason=f"{NAME}不在家", now=at(6))
        actions.approve_extension(world.dispatcher, appeal, note=f"已电话{PHONE}确认", now=at(7))
        actions.reply(world.lead, appeal, text=f"{NAME}您好，已到{ADDRESS}处理，如有问题发邮件{EMAIL}。", now=at(8))
        actions.publish_reply(world.dispatcher, appeal, note=f"核实了{PHONE}", now=at(9))
        actions.rate(world.refresh(appeal), satisfaction="satisfied", comment=f"谢谢，{NAME} {PHONE}", now=at(10))
        actions.close(world.dispatcher, appeal, now=at(11))
    assert world.refresh(appeal).status == State.CLOSED
    # Planted everywhere the issue names, through the actions.
    planted = set(scan_for(CANARIES))
    for where in (
        "appeals_appeal.contact_name", "appeals_appeal.title", "appeals_appeal.description",
        "appeals_appeal.phone_encrypted", "appeals_appeal.id_number_encrypted", "appeals_appeal.address",
        "appeals_attachment.original_name", "workorders_reply.text", "workorders_reply.review_note",
        "workorders_cohandlerinput.text", "workorders_note.text", "workorders_followup.comment",
        "workorders_extensionrequest.reason", "workorders_extensionrequest.decision_note",
        "notifications_outbox.recipient_encrypted",
    ):  # fmt: skip
        assert where in planted, where

    assert AppealSketch.objects.filter(pk=appeal.pk).exists()  # indexed on submission
    with django_capture_on_commit_callbacks(execute=True):
        erase_expired_personal_data.call_local()
    assert world.refresh(appeal).personal_data_erased_at is not None
    assert scan_for(CANARIES) == []
    # Hashes of its words are its words too; its messages keep only their record.
    assert not AppealSketch.objects.filter(pk=appeal.pk).exists()
    assert not AppealBand.objects.filter(appeal_id=appeal.pk).exists()
    assert not Outbox.objects.filter(appeal=appeal).exclude(recipient_encrypted="").exists()


def test_a_joined_appeal_becomes_due_with_its_work_order(world, settings):
    from huying.appeals.actions import appeals_due_for_erasure

    settings.HUYING_RETENTION_DAYS = 365
    then = datetime.datetime(2021, 3, 1, 9, 0, tzinfo=datetime.UTC)
    earlier = world.dispatch(world.appeal(), now=then, co_handlers=[])
    later = world.appeal(phone="13800005678")
    actions.join(world.dispatcher, later, into=earlier, now=then)
    actions.accept(world.lead, earlier, now=then)
    actions.reply(world.lead, earlier, text="已处理。", now=then)
    actions.publish_reply(world.dispatcher, earlier, now=then)
    for appeal in (earlier, later):
        actions.follow_up(world.dispatcher, world.refresh(appeal), satisfaction="satisfied", solved=True, now=then)
    actions.close(world.dispatcher, earlier, now=then)
    assert set(appeals_due_for_erasure().values_list("pk", flat=True)) >= {earlier.pk, later.pk}
