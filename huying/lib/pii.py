"""Personal data in free text: find it and mask it.

One module for every place that masks: the public board, feeds, public JSON, the audit
trail and the staff view before "show contact".  Display text is never altered in the
database; masking happens on the way out.
"""

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b-\u200d\ufeff]+")
# A run of digits possibly broken by spaces, dashes or dots, as people type phone numbers.
_DIGIT_RUN = re.compile(r"\d(?:[\s\u3000\-\.·_/]*\d)+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_ID_TAIL = re.compile(r"\d{17}[\dXx]")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def mask_name(name: str) -> str:
    """张三 -> 张某; a compound surname keeps two characters (欧阳某)."""
    name = (name or "").strip()
    if not name:
        return ""
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2] + "某"
    if name[0].isascii():
        return name[0].upper() + "."
    return name[0] + "某"


COMPOUND_SURNAMES = {
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "百里", "呼延", "单于",
}


def mask_digits(digits: str) -> str:
    """Keep the first three and last four of a long number: 13812345678 -> 138****5678."""
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", to_halfwidth(phone or ""))
    return mask_digits(digits) if digits else ""


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return (local[:1] or "*") + "***@" + domain


def mask_text(text: str) -> str:
    """Mask every run of 7 or more digits (however written) and every e-mail address.

    The text is width-normalised first so that full-width digits and spaced-out numbers
    are caught; the result is in half-width form.
    """
    if not text:
        return ""
    text = to_halfwidth(text)
    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    text = re.sub(r"(?<=\d)[Xx](?!\w)", "*", text) if _ID_TAIL.search(text) else text

    def _mask_run(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) < 7:
            return match.group(0)
        return mask_digits(digits)

    return _DIGIT_RUN.sub(_mask_run, text)
