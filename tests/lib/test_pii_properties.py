"""Issue 3: no generated phone or ID number survives public masking, however it is typed.

Numbers are generated in half or full width, with spaces, dashes or full-width spaces
between any digits, inside random Chinese text (which has no digits of its own, so every
digit left in the output comes from the number).
"""

import datetime
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huying.lib.pii import find_personal_data, highlight_for_staff, mask_text

PROPERTY = settings(
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

chinese = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from(list("，。！？、：；（）“” \u3000")),
    ),
    max_size=25,
)
separator = st.sampled_from(["", "", "", "", " ", "-", "\u3000", "－", "  ", " - ", "\u3000\u3000"])


def digits_of(n: int):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@st.composite
def mobiles(draw):
    return "1" + draw(st.sampled_from("3456789")) + draw(digits_of(9))


@st.composite
def landlines(draw):
    area = draw(
        st.sampled_from(["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"])
        | st.builds(lambda a, b: "0" + a + b, st.sampled_from("3456789"), digits_of(2))
    )
    local_length = 8 if len(area) == 3 else draw(st.sampled_from([7, 8]))
    return area + draw(st.sampled_from("23456789")) + draw(digits_of(local_length - 1))


ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


@st.composite
def id_numbers(draw):
    region = draw(st.sampled_from(["110105", "310104", "440305", "610113", "610402", "650102"]))
    born = draw(st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2025, 12, 31)))
    body = region + born.strftime("%Y%m%d") + draw(digits_of(3))
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
    return body + check


@st.composite
def typed(draw, number: str) -> str:
    """The number as a resident might type it: any width, any spacing."""
    out = []
    for i, ch in enumerate(number):
        if i:
            out.append(draw(separator))
        full = draw(st.booleans())
        out.append(chr(ord(ch) + 0xFEE0) if full and ch.isascii() else ch)
    return "".join(out)


def visible_digits(masked: str) -> str:
    return re.sub(r"[^0-9X]", "", unicodedata.normalize("NFKC", masked).upper())


@st.composite
def embedded(draw, numbers):
    number = draw(numbers)
    written = draw(typed(number))
    before, after = draw(chinese), draw(chinese)
    return number, before, written, after


@PROPERTY
@given(embedded(mobiles()), st.sampled_from(["", "+86 ", "+86", "0086-", "＋８６　"]))
def test_no_mobile_number_survives_public_masking(case, prefix):
    number, before, written, after = case
    masked = mask_text(before + prefix + written + after)
    shown = visible_digits(masked)
    assert number not in shown
    assert len(shown) <= 7


@PROPERTY
@given(embedded(landlines()))
def test_no_landline_number_survives_public_masking(case):
    number, before, written, after = case
    shown = visible_digits(mask_text(before + written + after))
    assert number not in shown
    assert len(shown) <= 8


@PROPERTY
@given(embedded(id_numbers()))
def test_no_id_number_survives_public_masking(case):
    number, before, written, after = case
    shown = visible_digits(mask_text(before + written + after))
    assert number not in shown
    assert len(shown) <= 7


@PROPERTY
@given(embedded(st.one_of(mobiles(), landlines(), id_numbers())))
def test_the_detector_finds_every_generated_number_on_its_typed_span(case):
    number, before, written, after = case
    text = before + written + after
    start = len(before)
    found = [f for f in find_personal_data(text) if f.kind in ("mobile", "landline", "id_card")]
    assert any(f.start <= start and start + len(written) <= f.end for f in found), (text, found)
    for f in found:
        assert text[f.start : f.end] == f.text


@PROPERTY
@given(embedded(st.one_of(mobiles(), landlines(), id_numbers())))
def test_the_staff_view_before_show_contact_never_contains_the_number(case):
    number, before, written, after = case
    html = str(highlight_for_staff(before + written + after))
    assert number not in visible_digits(re.sub(r"<[^>]+>", "", html))


@PROPERTY
@given(chinese, digits_of(7) | digits_of(9) | digits_of(12), separator, chinese)
def test_any_run_of_seven_or_more_digits_is_masked(before, digits, sep, after):
    written = sep.join([digits[:3], digits[3:]])
    shown = visible_digits(mask_text(before + written + after))
    assert digits not in shown
    assert len(shown) < len(digits)
