"""Converting between the two scripts, with one OpenCC converter of each kind per process.

Only character conversion (`t2s`, `s2t`), never the phrase-localising variants (`s2tw`,
`s2twp`, `s2hk`): those change words (智能 → 智慧, 审核 → 稽核).
"""

import os
import re
from functools import cache, lru_cache

import opencc
from django.utils import translation
from opencc import OpenCC


@cache
def converter(config: str) -> OpenCC:
    # Building a converter reads its dictionaries: once per process.
    return OpenCC(config)


@cache
def _traditional_characters() -> frozenset[str]:
    """Characters of which a text must hold at least one for t2s to change it.

    For each dictionary entry that changes something, one character of its key (a
    traditional one where possible): a text can match the key only if it holds that character.
    """
    folder = os.path.join(os.path.dirname(opencc.__file__), "dictionary")

    def entries(name):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            for line in handle:
                key, _tab, values = line.rstrip("\n").partition("\t")
                if key:
                    yield key, values.split(" ")[0]

    singles = {key for key, value in entries("TSCharacters.txt") if key != value}
    found = set(singles)
    for key, value in entries("TSPhrases.txt"):
        if key == value:
            continue
        differing = [k for k, v in zip(key, value, strict=True) if k != v] if len(key) == len(value) else list(key)
        found.add(next((ch for ch in key if ch in singles), differing[0]))
    return frozenset(found)


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC t2s); simplified text passes unchanged."""
    trigger = _traditional_characters()
    if not text or trigger.isdisjoint(text):
        return text or ""  # most texts: skip the (slow, pure-Python) converter
    t2s = converter("t2s")
    # OpenCC converts between its separators: convert only the pieces that need it.
    pieces = t2s.split_chars_re.split(text)
    return "".join(
        t2s.convert(piece) if index % 2 == 0 and not trigger.isdisjoint(piece) else piece
        for index, piece in enumerate(pieces)
    )


# Where s2t picks the wrong one of several traditional characters for a simplified one,
# reviewed by hand over every interface string: 审核 is 審核 (not 審覈), 发布 is 發布
# throughout (s2t writes 發佈 and 發布 by context), 才 is never 纔, and 并 before 发布
# means "and" (並), not "merge" (併).  Each fix converts back (t2s) to the same text.
REVIEWED = {
    "覈": "核",
    "發佈": "發布",
    "纔": "才",
    "併發布": "並發布",
    # A category name (玩忽职守): OpenCC's 翫 is an archaic form.  (无着 stays 無着: 無著
    # would read back as 无著, and search compares text in simplified characters.)
    "翫忽": "玩忽",
}
_REVIEWED = re.compile("|".join(sorted(map(re.escape, REVIEWED), key=len, reverse=True)))


@cache
def ambiguous_characters() -> dict[str, tuple[str, ...]]:
    """Simplified characters that s2t may write as one of several traditional ones."""
    folder = os.path.join(os.path.dirname(opencc.__file__), "dictionary")
    found = {}
    with open(os.path.join(folder, "STCharacters.txt"), encoding="utf-8") as handle:
        for line in handle:
            key, _tab, values = line.rstrip("\n").partition("\t")
            choices = tuple(values.split(" "))
            if key and len(choices) > 1:
                found[key] = choices
    return found


def to_traditional(text: str) -> str:
    """Simplified characters to traditional (OpenCC s2t, with the reviewed fixes above)."""
    if not text:
        return ""
    return _REVIEWED.sub(lambda match: REVIEWED[match.group()], converter("s2t").convert(text))


def reads_traditional(language: str | None = None) -> bool:
    """Whether the reader (the active language unless given) reads zh-Hant."""
    return (language or translation.get_language() or "").lower().startswith("zh-hant")


def for_reader(text: str) -> str:
    """A name the system owns (a department, a street, a category), in the reader's script.

    What residents and staff typed is never passed through this: it is shown as typed.
    """
    return _name_in_traditional(text) if text and reads_traditional() else text or ""


# The names are few and shown on every page (a dispatch form lists hundreds of categories),
# and the pure-Python converter costs about 50 µs a name: convert each name once per process.
_name_in_traditional = lru_cache(maxsize=16384)(to_traditional)
