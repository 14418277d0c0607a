import io
import re
import struct
import zlib

import pytest
from PIL import Image

from huying.appeals.models import Appeal, Attachment
from huying.appeals.tests.factories import form_data
from huying.appeals.uploads import MAX_ATTACHMENT_BYTES

URL = "/appeals/submit/"


def png_bytes(size=(40, 30), color=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps():
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:11:01 08:00:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (34.0, 21.0, 30.0)
    gps[3] = "E"
    gps[4] = (107.0, 8.0, 15.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    return data


def png_bomb(width=30000, height=30000):
    """A tiny PNG whose header claims a huge picture."""
    data = bytearray(png_bytes((1, 1)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def test_photos_and_pdfs_are_attached_and_photos_lose_their_exif(client, org):
    files = [
        upload("门口.jpg", jpeg_with_gps(), "image/jpeg"),
        upload("路灯.png", png_bytes(), "image/png"),
        upload("证明.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"),
    ]
    response = client.post(URL, {**form_data(org), "attachments": files})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    stored = {a.original_name: a for a in appeal.attachments.all()}
    assert set(stored) == {"门口.jpg", "路灯.png", "证明.pdf"}
    photo = stored["门口.jpg"]
    assert photo.content_type == "image/jpeg"
    with photo.file.open("rb") as fh:
        data = fh.read()
    exif = Image.open(io.BytesIO(data)).getexif()
    assert len(exif) == 0 and not exif.get_ifd(0x8825)
    assert b"PhoneMaker" not in data
    assert not photo.file.name.endswith("门口.jpg")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"just some text pretending to be a photo"),
        ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100),
        ("anim.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("broken.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50),
        ("empty.png", b""),
    ],
)
def test_files_are_judged_by_content_not_by_name(client, org, name, content):
    response = client.post(URL, {**form_data(org), "attachments": [upload(name, content, "image/png")]})
    assert response.status_code == 200
    assert not Appeal.objects.exists() and not Attachment.objects.exists()
    html = response.content.decode()
    assert "附件" in html or "文件" in html
    assert 'id="field-attachments"' in html and "errorlist" in html.split('id="field-attachments"')[1][:2000]


def test_a_file_over_ten_megabytes_is_refused(client, org):
    big = b"%PDF-1.4\n" + b"0" * (MAX_ATTACHMENT_BYTES + 1 - 9)
    response = client.post(URL, {**form_data(org), "attachments": [upload("big.pdf", big)]})
    assert response.status_code == 200
    assert "10MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_image_bomb_is_refused_before_it_is_decoded(client, org):
    response = client.post(URL, {**form_data(org), "attachments": [upload("bomb.png", png_bomb(), "image/png")]})
    assert response.status_code == 200
    assert "像素" in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachments_that_passed_are_kept_while_the_form_is_corrected(client, org):
    first = client.post(URL, {**form_data(org, phone="123"), "attachments": [upload("a.png", png_bytes())]})
    html = first.content.decode()
    assert first.status_code == 200 and "a.png" in html
    token = re.search(r'name="upload_token" value="([^"]+)"', html).group(1)
    assert Attachment.objects.pending(token).count() == 1
    # The corrected form is sent without choosing the file again.
    second = client.post(URL, form_data(org, upload_token=token))
    assert second.status_code == 302
    appeal = Appeal.objects.get()
    assert [a.original_name for a in appeal.attachments.all()] == ["a.png"]
    assert not Attachment.objects.filter(appeal__isnull=True).exists()


def test_a_kept_attachment_can_be_removed(client, org):
    html = client.post(
        URL, {**form_data(org, phone="1"), "attachments": [upload("a.png", png_bytes())]}
    ).content.decode()
    token = re.search(r'name="upload_token" value="([^"]+)"', html).group(1)
    staged = Attachment.objects.pending(token).get()
    client.post(URL, form_data(org, upload_token=token, remove_attachment=str(staged.pk)))
    assert Appeal.objects.get().attachments.count() == 0
    assert not Attachment.objects.exists()


def test_at_most_five_attachments(client, org):
    files = [upload(f"p{n}.png", png_bytes(color=(n, n, n))) for n in range(6)]
    response = client.post(URL, {**form_data(org), "attachments": files})
    assert response.status_code == 200
    assert "最多5个" in response.content.decode()
    token = re.search(r'name="upload_token" value="([^"]+)"', response.content.decode()).group(1)
    assert Attachment.objects.pending(token).count() == 5


def test_another_forms_token_cannot_claim_or_remove_attachments(client, org):
    html = client.post(
        URL, {**form_data(org, phone="1"), "attachments": [upload("a.png", png_bytes())]}
    ).content.decode()
    token = re.search(r'name="upload_token" value="([^"]+)"', html).group(1)
    staged = Attachment.objects.pending(token).get()
    client.post(URL, form_data(org, remove_attachment=str(staged.pk)))
    assert Attachment.objects.filter(pk=staged.pk, appeal__isnull=True).exists()


def test_abandoned_uploads_are_purged(client, org, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from huying.appeals.actions import purge_stale_rows

    client.post(URL, {**form_data(org, phone="1"), "attachments": [upload("a.png", png_bytes())]})
    staged = Attachment.objects.get()
    storage, name = staged.file.storage, staged.file.name
    assert storage.exists(name)
    purge_stale_rows(now=timezone.now() + datetime.timedelta(hours=1))
    assert Attachment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        purge_stale_rows(now=timezone.now() + datetime.timedelta(days=2))
    assert not Attachment.objects.exists()
    assert not storage.exists(name)


def test_a_file_named_after_the_resident_is_shown_masked_and_downloads_under_a_neutral_name(client, org, client_for):
    from conftest import _user

    response = client.post(
        URL, {**form_data(org), "attachments": [upload("欧阳梦琪-13947218365.png", png_bytes(), "image/png")]}
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    attachment = appeal.attachments.get()
    assert "13947218365" not in attachment.masked_name and "梦琪" not in attachment.masked_name
    download = client_for(_user("dispatcher", "dispatcher", org.dispatch_centre)).get(
        f"/appeals/attachments/{attachment.pk}/"
    )
    disposition = download["Content-Disposition"]
    assert appeal.ticket_number in disposition and "13947218365" not in disposition and "%E6%AC%A7" not in disposition
