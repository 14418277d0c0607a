"""The abuse score: each signal, the word-list setting, the badge; nothing is ever dropped."""

import os

import pytest
from django.utils import translation

from huying.lib import abuse
from huying.lib.abuse import (
    FLAG_THRESHOLD,
    AbuseResult,
    abuse_badge_html,
    abuse_score,
    load_word_lists,
)

PLAIN = "小区东门的路灯坏了两个月，晚上出行很不方便，请尽快维修。"


def test_an_ordinary_appeal_scores_zero_without_reasons():
    result = abuse_score(PLAIN)
    assert result == AbuseResult(score=0.0, reasons=[])
    assert not result.flagged


def test_an_angry_but_honest_appeal_is_not_flagged():
    text = "物业到底管不管？？？已经反映了五次了！！！请领导重视！！！"
    assert not abuse_score(text).flagged


@pytest.mark.parametrize(
    ("phone", "ip", "reasons", "flagged"),
    [
        (1, 0, [], False),
        (3, 0, ["repeated_phone"], False),
        (5, 0, ["repeated_phone"], True),
        (0, 10, ["repeated_ip"], False),
        (0, 20, ["repeated_ip"], True),
        (4, 12, ["repeated_phone", "repeated_ip"], True),
    ],
)
def test_repeated_submissions_raise_the_score(phone, ip, reasons, flagged):
    result = abuse_score(PLAIN, recent_submissions_same_phone=phone, recent_submissions_same_ip=ip)
    assert result.reasons == reasons
    assert result.flagged is flagged


def test_one_link_is_a_reason_but_a_short_link_with_a_promotion_is_flagged():
    one = abuse_score(PLAIN + "详情见 www.example.gov.cn/notice")
    assert one.reasons == ["links"] and not one.flagged
    spam = abuse_score("扫码进群领红包 http://t.cn/AbC123")
    assert spam.reasons == ["links", "promotion"] and spam.flagged


def test_an_email_address_is_not_a_link():
    assert abuse_score(PLAIN + "邮箱wangli@163.com").reasons == []


def test_promotions_are_found_in_any_width_and_spelling():
    assert "promotion" in abuse_score("有需要的加ＶＸ：ａｂｃ１２３４５").reasons
    assert "promotion" in abuse_score("欢迎加微信咨询").reasons


def test_spam_words_are_found_through_spaces_symbols_and_traditional_characters():
    assert abuse_score("代 开 发 票").reasons == ["spam_words"]
    assert abuse_score("代*开*发*票，贷款秒批").reasons == ["spam_words"]
    assert abuse_score("代開發票").reasons == ["spam_words"]
    assert abuse_score("代开发票，贷款秒批，网赌，代孕").flagged


def test_a_scam_victims_appeal_mentions_a_spam_word_without_being_flagged():
    result = abuse_score("我被网络刷单诈骗了两万元，请公安机关立案侦查。")
    assert result.reasons == ["spam_words"]
    assert not result.flagged


def test_abusive_words_and_threats_are_flagged_with_their_own_reasons():
    result = abuse_score("你们这些狗官，傻逼，再不解决我就炸了你们")
    assert result.reasons == ["abusive_words", "threat_words"]
    assert result.flagged
    assert abuse_score("不给解决我就跳楼").flagged


def test_ascii_words_match_whole_words_only():
    assert abuse_score("你就是个SB").reasons == ["abusive_words"]
    assert abuse_score("USB接口坏了，电脑用不了了，希望学校机房修一下").reasons == []


def test_capital_letters_and_symbol_floods_count():
    assert "caps_flood" in abuse_score("CLICK HERE NOW FOR FREE MONEY").reasons
    assert "symbol_flood" in abuse_score("😡😡😡😡😡😡😡😡😡😡😡😡").reasons
    assert abuse_score("😡😡😡😡😡😡😡😡😡😡😡😡").flagged
    assert abuse_score("Please fix the light near Gate 3, thanks").reasons == []


def test_repeated_characters_and_copied_sentences_count():
    assert abuse_score("啊啊啊啊啊啊啊啊啊啊").reasons == ["repeated_text"]
    assert abuse_score("还我血汗钱！还我血汗钱！还我血汗钱！还我血汗钱！").reasons == ["repeated_text"]
    copied = "请尽快处理小区停车问题。" * 3
    assert abuse_score(copied).reasons == ["repeated_text"]
    assert abuse_score("哈" * 60).flagged


def test_the_score_stays_between_zero_and_one_and_the_reasons_keep_one_order():
    result = abuse_score(
        "傻逼狗官 代开发票 贷款秒批 网赌 炸了你们 http://t.cn/x http://bit.ly/y 加微信 " + "！" * 40,
        recent_submissions_same_phone=50,
        recent_submissions_same_ip=500,
    )
    assert 0.99 <= result.score <= 1.0
    assert result.reasons == [
        "repeated_phone",
        "repeated_ip",
        "links",
        "promotion",
        "spam_words",
        "abusive_words",
        "threat_words",
        "symbol_flood",
    ]


def test_empty_text_scores_zero():
    assert abuse_score("").score == 0.0
    assert abuse_score(None).score == 0.0


def test_word_lists_given_by_the_caller_replace_the_configured_ones():
    lists = {"spam": ["团购优惠"], "abusive": [], "threat": []}
    assert abuse_score("团购优惠，欢迎咨询", word_lists=lists).reasons == ["spam_words"]
    assert abuse_score("傻逼", word_lists=lists).reasons == []


def test_the_word_file_setting_extends_and_trims_the_defaults(settings, tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# local words\n[spam]\n团购优惠\n-刷单\n[abusive]\n蠢货\n", encoding="utf-8")
    settings.HUYING_ABUSE_WORDS = str(path)
    assert "团购优惠" in load_word_lists()["spam"]
    assert "刷单" not in load_word_lists()["spam"]
    assert abuse_score("你这个蠢货").reasons == ["abusive_words"]
    assert abuse_score("刷单").reasons == []
    path.write_text("[spam]\n清仓甩卖\n", encoding="utf-8")
    stat = path.stat()  # an edit within the same clock tick still counts as a change
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert abuse_score("清仓甩卖").reasons == ["spam_words"]


def test_a_missing_word_file_falls_back_to_the_defaults(settings, tmp_path):
    settings.HUYING_ABUSE_WORDS = str(tmp_path / "nowhere.txt")
    assert load_word_lists()["spam"] == tuple(sorted(abuse.DEFAULT_WORDS["spam"]))
    assert abuse_score("代开发票").reasons == ["spam_words"]


def test_labels_are_in_simplified_chinese_or_english():
    result = abuse_score("代开发票 http://t.cn/x")
    with translation.override("zh-hans"):
        assert result.labels == ["含网址链接", "含广告或诈骗用语"]
    with translation.override("en"):
        assert result.labels == ["Contains links", "Contains advertising or scam words"]


def test_the_badge_shows_level_score_and_reasons_and_is_empty_without_reasons():
    assert abuse_badge_html(abuse_score(PLAIN)) == ""
    with translation.override("zh-hans"):
        high = abuse_badge_html(abuse_score("傻逼 代开发票 http://t.cn/x"))
        low = abuse_badge_html(abuse_score(PLAIN + " www.example.com"))
    assert high == (
        '<span class="abuse-badge abuse-high" data-abuse-score="0.80"><strong>疑似滥用</strong> 0.80 · '
        "含网址链接、含广告或诈骗用语、含辱骂用语</span>"
    )
    assert 'class="abuse-badge abuse-low"' in low and "需留意" in low


def test_the_badge_escapes_what_it_shows():
    html = abuse_badge_html(AbuseResult(score=0.9, reasons=["<script>"]))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_flag_threshold_is_a_half():
    assert FLAG_THRESHOLD == 0.5
    assert AbuseResult(0.5, ["links"]).flagged
    assert not AbuseResult(0.49, ["links"]).flagged
