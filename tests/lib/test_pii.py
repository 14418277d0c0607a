"""The personal-data detector and the maskers of huying.lib.pii, kind by kind."""

import pytest

from huying.lib.pii import (
    Finding,
    find_personal_data,
    highlight_for_staff,
    is_id_number,
    mask_email,
    mask_name,
    mask_phone,
    mask_text,
    reveal_for_staff,
    to_halfwidth,
)

# GB 11643's own example (check character X) and two made with the check-digit rule.
ID_X = "11010519491231002X"
ID_A = "610113199003071237"
ID_15 = "610113900307123"
CARD_19 = "6222021234567890128"
CARD_16 = "4111111111111111"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_personal_data(text)]


def test_the_example_ids_are_valid_and_one_changed_digit_is_not():
    assert is_id_number(ID_X)
    assert is_id_number(ID_A)
    assert is_id_number(ID_15)
    for i in range(17):
        changed = ID_A[:i] + str((int(ID_A[i]) + 1) % 10) + ID_A[i + 1 :]
        assert not is_id_number(changed), changed


def test_an_id_number_with_an_impossible_birth_date_is_not_an_id_number():
    assert not is_id_number("610113199002301234")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电话13812345678。", "13812345678"),
        ("联系方式139 2918 6655，谢谢", "139 2918 6655"),
        ("手机186-0291-7788", "186-0291-7788"),
        ("手机号１３７１２３４５６７８请回电", "１３７１２３４５６７８"),
        ("电话　１８９　９２３４　５６７８", "１８９　９２３４　５６７８"),
        ("请打+86 177 9123 4456", "+86 177 9123 4456"),
        ("本人电话0086-135-7200-1188", "0086-135-7200-1188"),
        ("号码是1 3 8 9 2 0 0 5 6 7 8呀", "1 3 8 9 2 0 0 5 6 7 8"),
        ("tel:13572889900", "13572889900"),
        ("请拨138.1234.5678", "138.1234.5678"),
    ],
)
def test_mobile_numbers_are_found_however_they_are_typed(text, expected):
    assert kinds(text) == [("mobile", expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("物业电话029-88451234没人接", "029-88451234"),
        ("座机(029)86127788", "(029)86127788"),
        ("家里02988776655", "02988776655"),
        ("村委会0917-3456789", "0917-3456789"),
        ("单位电话029-87654321转8012，找办公室", "029-87654321转8012"),
        ("固话：０２９－８８２２３３４４", "０２９－８８２２３３４４"),
        ("请电话联系，座机88554433。", "88554433"),
    ],
)
def test_landline_numbers_are_found_with_area_code_and_extension(text, expected):
    assert kinds(text) == [("landline", expected)]


def test_id_numbers_are_found_with_x_spaces_and_the_legacy_length():
    assert kinds(f"身份证号{ID_X}，") == [("id_card", ID_X)]
    assert kinds(f"身份证号{ID_X.lower()}，") == [("id_card", ID_X.lower())]
    spaced = f"{ID_A[:6]} {ID_A[6:14]} {ID_A[14:]}"
    assert kinds(f"证件号{spaced}，手机") == [("id_card", spaced)]
    assert kinds(f"老号码{ID_15}还没换") == [("id_card", ID_15)]


def test_an_id_number_with_a_wrong_check_digit_is_not_reported():
    wrong = ID_A[:17] + "5"
    assert kinds(f"身份证号{wrong}") == []


def test_bank_card_numbers_pass_luhn_and_start_like_a_card():
    spaced = " ".join(CARD_19[i : i + 4] for i in range(0, 19, 4))
    assert kinds(f"工资卡{CARD_19}没到账") == [("bank_card", CARD_19)]
    assert kinds(f"卡号：{spaced}。") == [("bank_card", spaced)]
    assert kinds(f"信用卡{CARD_16}被盗刷") == [("bank_card", CARD_16)]
    assert kinds("卡号6222021234567890127") == []  # Luhn fails


def test_email_addresses_are_found_in_either_width():
    assert kinds("邮箱wangli1985@163.com，谢谢") == [("email", "wangli1985@163.com")]
    assert kinds("联系邮箱ｙａｎｇｆａｎ＠１６３．ｃｏｍ。") == [("email", "ｙａｎｇｆａｎ＠１６３．ｃｏｍ")]
    assert kinds("请发到hr-service@xbjt-tech.com.cn") == [("email", "hr-service@xbjt-tech.com.cn")]


@pytest.mark.parametrize(
    "plate",
    ["陕C·12345", "陕CD12345", "陕A D58826", "粤B12345D", "陕A３Ｅ５６７", "陕A-90H21", "陕A1234学"],
)
def test_vehicle_plates_are_found_ordinary_and_new_energy(plate):
    assert kinds(f"车牌{plate}的车停在消防通道") == [("plate", plate)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫张伟，住在长安区。", "张伟"),
        ("联系人：李秀英 女士", "李秀英"),
        ("姓名：王建华，电话", "王建华"),
        ("本人欧阳明轩，反映噪音问题", "欧阳明轩"),
        ("我母亲刘桂兰今年八十岁", "刘桂兰"),
        ("物业经理周海涛态度恶劣", "周海涛"),
        ("房东蒋秀英不退押金", "蒋秀英"),
        ("余海波师傅修好了暖气", "余海波"),
        ("赵先生多次来电", "赵先生"),
        ("刘阿姨家的水管漏了", "刘阿姨"),
        ("感谢社区网格员马晓燕的帮助", "马晓燕"),
    ],
)
def test_personal_names_are_found_by_jieba_cues_and_titles(text, name):
    assert ("name", name) in kinds(text)


def test_names_typed_in_traditional_characters_are_found_and_masked_as_typed():
    text = "我叫張偉，聯繫人：歐陽明軒，我母親陳淑貞的養老金沒有發放"
    assert [(f.kind, f.text) for f in find_personal_data(text)] == [
        ("name", "張偉"),
        ("name", "歐陽明軒"),
        ("name", "陳淑貞"),
    ]
    assert mask_text(text) == "我叫張某，聯繫人：歐陽某，我母親陳某的養老金沒有發放"


def test_a_name_found_once_is_found_wherever_it_appears_again():
    text = "我叫王秀梅，补贴没有下来，王秀梅这个名字查不到。"
    assert [f.text for f in find_personal_data(text)] == ["王秀梅", "王秀梅"]


@pytest.mark.parametrize(
    "text",
    [
        "2026年11月29日晚上，水管爆裂。",
        "该项目总投资1500万元，2025年底完工。",
        "我家住在长延堡街道63号院3号楼2单元301室。",
        "1-2-301的住户在阳台上烧东西。",
        "交房时间是2021-06-30，开发商一直延期。",
        "车辆于2025.10.18被抄告，罚款200元。",
        "订单编号：202611290012345678，商家不发货。",
        "快递单号SF1234567890123的包裹丢了。",
        "我们村在张家堡街道东边，周家庄村委会不公开村务。",
        "韦曲街道和郭杜街道的夜市占道。",
        "张记面馆的油烟排到居民楼里，李家小卖部卖烟给未成年人。",
        "王书记说下周来看，李主任也答应了。",
        "保安师傅和门卫大爷都说不知道。",
        "拨打12345热线反映了好几次。",
        "这个月用了1234度电，全市有123万户参保。",
        "非常感谢，谢谢处理！",
        "活动时间2018.08.09–2018.08.12，成绩69.80.27.92.78.50。",
    ],
)
def test_dates_amounts_addresses_codes_and_places_are_not_personal_data(text):
    assert find_personal_data(text) == []


def test_findings_are_on_the_offsets_of_the_text_as_typed():
    text = "ｚ\u200b电话：１３８　１２３４　５６７８，我叫李娜"
    for f in find_personal_data(text):
        assert text[f.start : f.end] == f.text
    assert [f.kind for f in find_personal_data(text)] == ["mobile", "name"]


def test_a_plate_next_to_a_phone_number_leaves_the_phone_number_whole():
    assert kinds("陕A12345 13812345678") == [("plate", "陕A12345"), ("mobile", "13812345678")]


# Masking -------------------------------------------------------------------


def test_the_simple_maskers_keep_their_forms():
    assert mask_name("张三") == "张某"
    assert mask_name("欧阳修") == "欧阳某"
    assert mask_name("  ") == ""
    assert mask_phone("138 1234 5678") == "138****5678"
    assert mask_phone("１３８１２３４５６７８") == "138****5678"
    assert mask_email("wangli@163.com") == "w***@163.com"
    assert to_halfwidth("１２３ＡＢＣ") == "123ABC"


def test_public_masking_hides_every_kind_and_keeps_the_rest_as_typed():
    text = (
        f"我叫张伟，电话１３８　１２３４　５６７８，座机029-88451234，身份证{ID_X}，"
        f"卡号{CARD_19}，邮箱wangli@163.com，车牌陕C·12345，联系人欧阳明轩。"
    )
    masked = mask_text(text)
    assert masked == (
        "我叫张某，电话138****5678，座机029-****1234，身份证110***********002X，"
        "卡号622************0128，邮箱w***@163.com，车牌陕C·1***5，联系人欧阳某。"
    )


def test_public_masking_hides_any_run_of_seven_digits_but_not_dates_or_short_numbers():
    assert mask_text("订单号202611290012345678") == "订单号202***********5678"
    assert mask_text("金额1234567元") == "金额12***67元"
    assert mask_text("编号 1234 567") == "编号 12***67"
    assert mask_text("2026年11月29日，1500万元，63号院，1-2-301") == "2026年11月29日，1500万元，63号院，1-2-301"
    assert mask_text("交房时间2021-06-30，2020-2023年") == "交房时间2021-06-30，2020-2023年"


def test_masking_empty_text_gives_empty_text():
    assert mask_text("") == ""
    assert find_personal_data("") == []
    assert highlight_for_staff("") == ""


def test_staff_highlight_escapes_the_text_and_shows_masked_values():
    text = "<b>我叫张伟</b>，电话13812345678 & 订单2026112900123"
    html = highlight_for_staff(text)
    assert html == (
        '&lt;b&gt;我叫<mark class="pii pii-name">张某</mark>&lt;/b&gt;，电话'
        '<mark class="pii pii-mobile">138****5678</mark> &amp; 订单'
        '<mark class="pii pii-number">202******0123</mark>'
    )
    assert "13812345678" not in html and "张伟" not in html


def test_the_reveal_variant_highlights_the_raw_values():
    html = reveal_for_staff("我叫张伟，电话13812345678，<script>")
    assert '<mark class="pii pii-name">张伟</mark>' in html
    assert '<mark class="pii pii-mobile">13812345678</mark>' in html
    assert "&lt;script&gt;" in html


def test_a_finding_is_a_plain_value():
    assert Finding("name", 0, 2, "张伟") == Finding("name", 0, 2, "张伟")


def test_public_masking_keeps_an_address_only_down_to_the_road_or_estate():
    from huying.lib.pii import mask_text

    assert mask_text("到东岭路2号现场查看") == "到东岭路*号现场查看"
    assert mask_text("金台阳光城7号楼2单元301室") == "金台阳光城*号楼*单元***室"
    assert mask_text("渭工路63号院") == "渭工路**号院"
    assert mask_text("高速路100米处，住在5楼") == "高速路100米处，住在5楼"


def test_huying_s_own_ticket_numbers_and_times_are_not_personal_data():
    # Quoted in rejection reasons and audit trails: masking them would hide which appeal is meant.
    for text in ("与受理号 20261024-000005 的诉求重复", "+3: 2026-12-08 23:59 → 2026-12-15 23:59"):
        assert mask_text(text) == text
    assert "13912345678" not in mask_text("受理号20261024-000005，电话13912345678")
