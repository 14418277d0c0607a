"""Masking in either script and in any way of writing digits, and without over-masking the
district's own words: its place names and its public phone numbers."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huying.lib.chinese import to_traditional
from huying.lib.pii import CHINESE_DIGITS, mask_text
from tests.lib.test_pii_properties import PROPERTY, mobiles

NUMERALS = {str(d): c for c, d in zip("〇一二三四五六七八九", "0123456789", strict=True)}
SPOKEN = {"1": ["一", "幺"], "2": ["二", "两"], "0": ["〇", "零"]}


def test_an_address_typed_in_zh_hant_is_masked_like_its_zh_hans_twin():
    assert mask_text("清渭花园7号楼2单元1503室") == "清渭花园*号楼*单元****室"
    assert mask_text("清渭花園8號樓3單元602室") == "清渭花園*號樓*單元***室"
    assert mask_text("住在清渭花園8棟3單元602室，電話13947218365") == "住在清渭花園*棟*單元***室，電話139****8365"


@pytest.mark.parametrize(
    "written",
    [
        "一三九四七二一八三六八",
        "幺三九四七二幺八三六八",
        "一三九四七二一八三六八",
        "139四七二18368",
        "一三九 四七二一 八三六八",
    ],
)
def test_a_phone_number_in_chinese_numerals_is_masked(written):
    masked = mask_text(f"我的电话是{written}，请联系").translate(CHINESE_DIGITS)
    assert "4721" not in masked.replace(" ", "") and "****" in masked, masked


def test_numerals_in_ordinary_words_stay_words():
    for text in ("三三两两的人", "一五一十地说清楚", "九一八事变纪念日", "我们一起去，三个人"):
        assert mask_text(text) == text


def _in_numerals(digits: str, draw) -> str:
    return "".join(draw(st.sampled_from(SPOKEN.get(d, [NUMERALS[d]]) + [d])) for d in digits)


@PROPERTY
@given(st.data(), mobiles(), st.sampled_from(["清渭花园{b}号楼{u}单元{r}室", "金陵小区{b}栋{u}单元{r}室"]))
def test_every_form_masked_in_zh_hans_is_masked_in_zh_hant_and_in_numerals(data, mobile, address):
    b, u, r = data.draw(st.integers(1, 30)), data.draw(st.integers(1, 9)), data.draw(st.integers(101, 2899))
    place = address.format(b=b, u=u, r=r)
    spoken = _in_numerals(mobile, data.draw)
    for where in (place, to_traditional(place)):
        for text in (where[:100], f"反映问题：家住{where}，请处理"):
            assert not re.search(r"\d", mask_text(text)), text
    for text in (f"电话{mobile}", to_traditional(f"電話{mobile}"), f"电话{spoken}。", f"反映问题，请回电{spoken}"):
        masked = mask_text(text).translate(CHINESE_DIGITS)
        assert mobile not in masked.replace(" ", "") and "****" in masked, text


@pytest.fixture
def district(db):
    from huying.accounts.models import Department

    K = Department.Kind
    district = Department.objects.create(name="清渭区人民政府", kind=K.DISTRICT)
    Department.objects.create(name="清姜街道办事处", kind=K.STREET, parent=district)
    Department.objects.create(
        name="区住房和城乡建设局", kind=K.BUREAU, parent=district, short_name="住建局", public_phone="029-88886666"
    )
    return district


def test_the_districts_place_names_are_never_taken_for_a_persons_name(district):
    assert mask_text("清姜湿地公园的步道坏了") == "清姜湿地公园的步道坏了"
    assert mask_text("我叫王秀兰，住在清姜街道") == "我叫王某，住在清姜街道"


def test_a_departments_public_number_and_the_service_numbers_are_not_masked(district):
    reply = "如有疑问请拨打住建局电话029-88886666或12345热线，您的电话13947218365已登记。"
    assert mask_text(reply) == "如有疑问请拨打住建局电话029-88886666或12345热线，您的电话139****8365已登记。"


def test_a_changed_public_number_is_masked_again(district):
    from huying.accounts.models import Department

    assert "88886666" in mask_text("电话029-88886666")
    bureau = Department.objects.get(short_name="住建局")
    bureau.public_phone = ""
    bureau.save()
    assert "88886666" not in mask_text("电话029-88886666")


def test_an_estate_the_settings_list_is_never_a_persons_name(district, settings):
    from huying.lib import pii

    text = "保利林语的业主反映电梯经常故障。"
    assert mask_text(text) != text  # 林语 looks like a name
    settings.HUYING_PLACE_NAMES = ["保利林语"]
    pii.forget_deployment_words()
    assert mask_text(text) == text
