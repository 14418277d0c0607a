import datetime

import pytest
from django.core.exceptions import ValidationError

from huying.appeals.validators import id_check_character, normalise_id_number, normalise_phone

TODAY = datetime.date(2026, 11, 29)


def make_id(region="610302", born="19850412", seq="123"):
    first17 = region + born + seq
    return first17 + id_check_character(first17)


VALID_IDS = [
    "11010519491231002X",  # the GB 11643 standard's own example
    make_id(),
    make_id("440305", "20000229", "456"),
    make_id("650102", "19010101", "001"),
    make_id("310101", TODAY.strftime("%Y%m%d"), "888"),
]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_id_numbers_are_accepted(number):
    assert normalise_id_number(number, today=TODAY) == number


def test_an_id_number_is_accepted_in_full_width_lower_case_and_with_spaces():
    assert normalise_id_number("１１０１０５ １９４９１２３１ ００２ｘ", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize("number", VALID_IDS)
def test_every_one_digit_change_of_a_valid_id_number_is_rejected(number):
    for position in range(18):
        for replacement in "0123456789X":
            if replacement == number[position] or (replacement == "X" and position != 17):
                continue
            changed = number[:position] + replacement + number[position + 1 :]
            with pytest.raises(ValidationError):
                normalise_id_number(changed, today=TODAY)


@pytest.mark.parametrize(
    "born",
    ["19990230", "20230229", "19851301", "19850001", "19850432", "18991231", "20261130", "21000101", "00000000"],
)
def test_id_numbers_with_impossible_or_future_birth_dates_are_rejected(born):
    with pytest.raises(ValidationError) as raised:
        normalise_id_number(make_id(born=born), today=TODAY)
    assert raised.value.code == "invalid_id_date"


@pytest.mark.parametrize(
    "number",
    ["", "1234", "61030219850412123", "6103021985041212345", "A10302198504121234", "610302198504121X34", "０" * 18],
)
def test_id_numbers_of_the_wrong_shape_are_rejected(number):
    with pytest.raises(ValidationError):
        normalise_id_number(number, today=TODAY)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13900001234", "13900001234"),
        ("139 0000 1234", "13900001234"),
        ("139-0000-1234", "13900001234"),
        ("１３９００００１２３４", "13900001234"),
        ("+86 139 0000 1234", "13900001234"),
        ("0086-13900001234", "13900001234"),
        ("8613900001234", "13900001234"),
        ("029-88881234", "02988881234"),
        ("(029) 8888 1234", "02988881234"),
        ("010-62345678", "01062345678"),
        ("0917-3216547", "09173216547"),
        ("0917－32165478", "091732165478"),
        ("０２９－８８８８１２３４", "02988881234"),
    ],
)
def test_mobile_and_landline_numbers_are_accepted_and_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345",
        "12900001234",  # no mobile network starts 12
        "1390000123",  # ten digits
        "139000012345",  # twelve digits
        "88881234",  # a landline without its area code
        "029-08881234",  # local numbers do not start with 0
        "0917-321654",  # too short
        "abc13900001234",
        "13900001234 ext",
        "1" * 500,
    ],
)
def test_malformed_phone_numbers_are_rejected(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)
