"""The rules of mainland phone and ID-card numbers, written once: the submit form checks
what residents type by them (huying.appeals.validators) and the personal-data detector
finds numbers in free text by them (huying.lib.pii)."""

import datetime
import re

MOBILE = re.compile(r"1[3-9]\d{9}")
# 010 and 02x have three-digit area codes and 8-digit numbers; the rest four and 7 or 8.
LANDLINE = re.compile(r"(?:010|02\d)[2-9]\d{7}|0[3-9]\d{2}[2-9]\d{6,7}")

# GB 11643: 17 digits, weighted, and a check character.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# The first two digits: a province, or 71/81/82/83 (Taiwan, Hong Kong, Macau residence permits).
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)


def id_check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def birth_date(number: str) -> datetime.date | None:
    """The date of birth an 18-character (or a 15-digit legacy) ID number holds, if it is a date."""
    try:
        if len(number) == 15:
            return datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


# SQLite and PostgreSQL keys are signed 64-bit: a larger number never names a row, and
# handing it to the database raises OverflowError instead of "not found".
MAX_KEY = 2**63 - 1


def as_key(value) -> int | None:
    """`value` as a database key, or None. Only ASCII digits count: str.isdigit() also accepts
    ², ① and other digits that int() refuses, and int() refuses thousands of digits."""
    text = value.strip() if isinstance(value, str) else str(value) if isinstance(value, int) else ""
    if not (text.isascii() and text.isdigit() and len(text) <= 19):
        return None
    key = int(text)
    return key if 0 < key <= MAX_KEY else None
