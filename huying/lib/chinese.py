"""Converting between the two scripts, with one OpenCC converter of each kind per process.

Only character conversion (`t2s`, `s2t`), never the phrase-localising variants (`s2tw`,
`s2twp`, `s2hk`): those change words (智能 → 智慧, 审核 → 稽核).
"""

import os
from functools import cache

import opencc
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


def to_traditional(text: str) -> str:
    """Simplified characters to traditional (OpenCC s2t)."""
    return converter("s2t").convert(text) if text else ""
