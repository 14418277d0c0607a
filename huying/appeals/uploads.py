"""Checking and cleaning what residents upload: JPEG, PNG or PDF, judged by content.

The name and the browser's content type are not believed.  Images are verified by Pillow,
refused above a pixel limit before any decoding (image bombs), and re-encoded so that EXIF
(camera, time, GPS position) never reaches the disk.
"""

import io
import os
import re
import warnings
from dataclasses import dataclass

import filetype
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from huying.lib.refusals import Refused

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# About a 50-megapixel phone photo; a 10 MB file claiming more is a decompression bomb.
MAX_IMAGE_PIXELS = 50_000_000
ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


class UploadRefused(Refused):
    """The file was not kept; `message` says why, in words for the resident."""


@dataclass
class CleanFile:
    content: ContentFile
    name: str
    content_type: str
    size: int


def safe_display_name(name: str, ext: str) -> str:
    """A short file name for staff to recognise; never used as a path."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = re.sub(r"[\x00-\x1f\x7f\"<>:/\\|?*]+", "", base).strip(" .") or "attachment"
    stem = base.rsplit(".", 1)[0][:80] or "attachment"
    return f"{stem}.{ext}"


def clean_upload(uploaded) -> CleanFile:
    """Return a cleaned copy of an uploaded file, or raise UploadRefused with a message."""
    if uploaded.size is None or uploaded.size > MAX_ATTACHMENT_BYTES:
        raise UploadRefused(_("“%(name)s” is larger than 10 MB.") % {"name": _short(uploaded.name)})
    if uploaded.size == 0:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": _short(uploaded.name)})
    uploaded.seek(0)
    head = uploaded.read(8192)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED:
        raise UploadRefused(
            _("“%(name)s” is not a JPEG or PNG photo or a PDF document.") % {"name": _short(uploaded.name)}
        )
    uploaded.seek(0)
    data = uploaded.read()
    if mime == "application/pdf":
        if not data.startswith(b"%PDF-"):
            raise UploadRefused(_("“%(name)s” is not a valid PDF document.") % {"name": _short(uploaded.name)})
        content = data
    else:
        content = _reencode_image(data, mime, uploaded.name)
    ext = ALLOWED[mime]
    return CleanFile(
        content=ContentFile(content, name=f"upload.{ext}"),
        name=safe_display_name(uploaded.name, ext),
        content_type=mime,
        size=len(content),
    )


def _short(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/"))
    return name if len(name) <= 40 else name[:37] + "…"


def _reencode_image(data: bytes, mime: str, name: str) -> bytes:
    broken = UploadRefused(_("“%(name)s” is not a readable photo.") % {"name": _short(name)})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise UploadRefused(
                    _("“%(name)s” has too many pixels (at most %(limit)s million).")
                    % {"name": _short(name), "limit": MAX_IMAGE_PIXELS // 1_000_000}
                )
            probe.verify()
            # verify() leaves the image unusable: open it again to decode.
            image = Image.open(io.BytesIO(data))
            image.load()
            image = ImageOps.exif_transpose(image)
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused(
            _("“%(name)s” has too many pixels (at most %(limit)s million).")
            % {"name": _short(name), "limit": MAX_IMAGE_PIXELS // 1_000_000}
        ) from None
    except Exception:  # Pillow raises many types on damaged files
        raise broken from None
    image.info = {}
    out = io.BytesIO()
    if mime == "image/jpeg":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=88, optimize=True)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, format="PNG")
    return out.getvalue()
