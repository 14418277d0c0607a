"""Personal data in free text: find it and mask it.

One module for every place that masks: the public board, feeds, public JSON, the audit
trail and the staff view before "show contact".  Display text is never altered in the
database; masking happens on the way out.

`find_personal_data` returns findings on the offsets of the text as typed.  Matching runs
on a normalised copy (NFKC: full-width digits, letters and punctuation become ASCII;
zero-width characters dropped) with a map from every normalised character back to the
character it came from, so a finding always covers exactly what the resident typed.

Kinds: mobile, landline, id_card, bank_card, email, plate, name.  Public masking
(`mask_text`) also hides every run of 7 or more digits, valid or not (issue 3), which
the detector does not report as personal data (order numbers, amounts ...).
"""

from __future__ import annotations

import bisect
import datetime
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from huying.lib.chinese import to_simplified
from huying.lib.numbers import LANDLINE, MOBILE, PROVINCE_CODES, birth_date, id_check_character

KINDS = ("mobile", "landline", "id_card", "bank_card", "email", "plate", "name")
NUMBER_KINDS = frozenset({"mobile", "landline", "id_card", "bank_card"})
# What mask_text and the staff view hide besides findings: a long digit run of no known kind.
OTHER_NUMBER = "number"
# Masked on public pages, though not personal data on its own (not a detector finding).
HOUSE_NUMBER = "house_number"
_HOUSE_NUMBER = re.compile(
    r"(?<=[路街巷道园苑城寓厦村院区楼栋幢座元])\d{1,5}(?=\s*(?:号楼|号院|号|栋|幢|座|单元|室|层|楼|户))"
)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


# ---------------------------------------------------------------------------
# Simple maskers (also used directly for contact fields)


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


COMPOUND_SURNAMES = {
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "轩辕",
    "令狐",
    "端木",
    "独孤",
    "南宫",
    "西门",
    "百里",
    "呼延",
    "单于",
    "太史",
    "申屠",
    "东郭",
    "澹台",
    "拓跋",
    "万俟",
    "闻人",
    "赫连",
    "钟离",
    "第五",
    "司空",
    # zh-Hant forms, so that masking a name typed in traditional characters keeps both.
    "歐陽",
    "司馬",
    "諸葛",
    "東方",
    "尉遲",
    "公孫",
    "長孫",
    "軒轅",
    "獨孤",
    "南宮",
    "單于",
    "聞人",
    "赫連",
    "鍾離",
    "東郭",
    "萬俟",
}

# The common single-character surnames: a name found by jieba or by a pattern must start
# with one of these, which keeps most words out.  Rare surnames that are mostly plain
# words in appeals (区, 和, 位, 阿, 路, 单, 师 ...) are left out on purpose.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿关兰焦俞左柳甘祝包"
    "宁尚符舒阮柯纪梅童凌毕季裴霍涂成苗谷盛曲翁冉骆蓝辛靳管柴鲍华喻祁蒲房滕屈饶解牟艾尤阳穆卓古吉"
    "缪项芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩明佘"
    "迟邝谈匡鞠荆乐冀郁胥栗燕鄢谌奚粟冼蔺厉仝郜阚屠朴禹漆丰狄云扈晁芮邸辜裘亓邰赫杭逯茹诸慕嵇哈"
    "湛宾戎勾茅檀昝雒蔚钮佀逄綦荀訾谯"
)

# Also surnames, but mostly plain words in appeals: accepted only after 我叫, 姓名 and the like.
RARE_SURNAMES = frozenset(
    "位区和时都由原全花来那但干信初相国平容敬普公利计索支井巴伏戈居衣元斯危母阿乌羊鲜印战隆玉银海权"
    "强帅豆盘满闻楼麻查池官封南师商沙车农司单路苑应伊边党连申於呼揭尉冶束阴植闭况宿修亢富展晋盖练廉"
    "祖皮劳班储惠卿宣禄靖智幸奉衡尧汝薄浦阙鹿雍简蒙游楚"
)


def surname_of(name: str) -> str:
    """The surname of a Chinese name: two characters for a compound surname."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def mask_name(name: str) -> str:
    """张三 -> 张某; a compound surname keeps two characters (欧阳某)."""
    name = (name or "").strip()
    if not name:
        return ""
    if name[0].isascii():
        return name[0].upper() + "."
    return surname_of(name) + "某"


def mask_digits(digits: str) -> str:
    """Keep the first three and last four of a long number: 13812345678 -> 138****5678."""
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) >= 5:
        return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]
    return "*" * len(digits)


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", to_halfwidth(phone or ""))
    return mask_digits(digits) if digits else ""


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return (local[:1] or "*") + "***@" + domain


def mask_plate(plate: str) -> str:
    """陕C·12345 -> 陕C·1***5: the province and city letter stay, the number is hidden."""
    compact = re.sub(r"[\s·・.\-]", "", to_halfwidth(plate))
    head, body = compact[:2], compact[2:]
    if len(body) < 3:
        return head + "·" + "*" * len(body)
    return head.upper() + "·" + body[0] + "*" * (len(body) - 2) + body[-1]


def _mask_landline(digits: str) -> str:
    area = 3 if digits[1] in "12" else 4
    if not digits.startswith("0"):
        area = 0
    local = digits[area:]
    masked_local = "*" * (len(local) - 4) + local[-4:]
    return (digits[:area] + "-" if area else "") + masked_local


def mask_finding(finding: Finding) -> str:
    """The public form of one finding."""
    text = finding.text
    if finding.kind == "name":
        return mask_name(text)
    if finding.kind == "email":
        return mask_email(to_halfwidth(text))
    if finding.kind == "plate":
        return mask_plate(text)
    digits = re.sub(r"[^0-9Xx]", "", _digits_of(text)).upper()
    if finding.kind == "mobile":
        digits = digits[-11:]
    elif finding.kind == "landline":
        main, _, ext = re.sub(r"[^0-9转x]", "", _digits_of(text).lower()).partition("转")
        digits = re.sub(r"\D", "", main)
        masked = _mask_landline(digits[: _landline_length(digits)])
        extension = digits[_landline_length(digits) :] + re.sub(r"\D", "", ext)
        return masked + ("-" + "*" * len(extension) if extension else "")
    return mask_digits(digits)


# ---------------------------------------------------------------------------
# Normalisation with an offset map

_DROPPED = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@lru_cache(maxsize=4096)
def _nfkc_char(ch: str) -> str:
    if ch in _DROPPED:
        return ""
    return unicodedata.normalize("NFKC", ch)


# ASCII and the CJK ideographs are their own NFKC form; only the rest needs looking at.
_MAYBE_UNSTABLE = re.compile(r"[^\x00-\x7f\u4e00-\u9fff]")


# Digits written as Chinese numerals (一三九…, 幺 for one, 两 for two): in a run of seven or
# more numerals, each counts as its digit, one character for one, so offsets stay.
_NUMERALS = "〇零一幺二两兩三四五六七八九"
CHINESE_DIGITS = str.maketrans(_NUMERALS, "00112223456789")
_NUMERAL_RUN = re.compile(r"[〇零一幺二两兩三四五六七八九0-9](?:[\s\-]*[〇零一幺二两兩三四五六七八九0-9]){6,}")


def _digits_of(text: str) -> str:
    return to_halfwidth(text).translate(CHINESE_DIGITS)


def _with_numerals_as_digits(norm: str) -> str:
    if not any(ch in norm for ch in _NUMERALS):
        return norm

    def digits(m: re.Match[str]) -> str:
        run = m.group()
        # A numeral or two beside a number (九110105…, 1300…两五) are words, not digits of it;
        # inside one (133〇0330330), or three and more (一三九…), they are digits.
        inner = run.strip(_NUMERALS)
        numeral = sum(ch in _NUMERALS for ch in run) >= 3 or any(ch in _NUMERALS for ch in inner)
        return run.translate(CHINESE_DIGITS) if numeral else run

    return _NUMERAL_RUN.sub(digits, norm)


def _normalise(text: str) -> tuple[str, Sequence[int]]:
    """The matching copy and, for every character of it, the index of its source character."""
    norm, origin = _normalise_characters(text)
    return _with_numerals_as_digits(norm), origin


def _normalise_characters(text: str) -> tuple[str, Sequence[int]]:
    if not _MAYBE_UNSTABLE.search(text):
        return text, range(len(text))
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for m in _MAYBE_UNSTABLE.finditer(text):
        i = m.start()
        pieces.append(text[last:i])
        origin.extend(range(last, i))
        norm = _nfkc_char(text[i])
        pieces.append(norm)
        origin.extend([i] * len(norm))
        last = i + 1
    pieces.append(text[last:])
    origin.extend(range(last, len(text)))
    return "".join(pieces), origin


# ---------------------------------------------------------------------------
# Numbers


def _plausible_birth(number: str) -> bool:
    born = birth_date(number)
    # A generous upper bound: the detector must not depend on today's date.
    return born is not None and datetime.date(1900, 1, 1) <= born <= datetime.date(2100, 1, 1)


def is_id_number(number: str) -> bool:
    """An 18-character resident ID (GB 11643, check digit and birth date) or a 15-digit legacy one."""
    number = number.upper()
    if number[:2] not in PROVINCE_CODES:
        return False
    if len(number) == 18 and number[:17].isdigit() and (number[17].isdigit() or number[17] == "X"):
        return _plausible_birth(number) and id_check_character(number[:17]) == number[17]
    if len(number) == 15 and number.isdigit():
        return _plausible_birth(number)
    return False


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_MOBILE = re.compile(r"(?:0086|86)?" + MOBILE.pattern)
# 010 and 02x have three-digit area codes and 8-digit numbers; the rest four and 7 or 8.
_LANDLINE = LANDLINE
_LOCAL_LANDLINE = re.compile(r"[2-9]\d{6,7}")
_PHONE_CONTEXT = re.compile(r"(?:电话|座机|固话|号码|联系方式|拨打|致电|热线|tel|传真)", re.IGNORECASE)
_CARD_CONTEXT = re.compile(r"(?:卡号|银行卡|储蓄卡|信用卡|借记卡|账号|帐号|账户|帐户|工资卡|社保卡)")
# Card numbers start with a network's digit: 3 (JCB, Amex), 4 (Visa), 5 (Mastercard),
# 6 (UnionPay, most Chinese cards), 9 (older domestic cards such as 9558...).
_CARD_PREFIX = frozenset("34569")


def _landline_length(digits: str) -> int:
    if not digits.startswith("0") or len(digits) < 3:
        return len(digits)
    area = 3 if digits[1] in "12" else 4
    local = digits[area:]
    # Local numbers are 8 digits after 010/02x, 7 or 8 elsewhere; the rest is an extension.
    if area == 3:
        return area + min(8, len(local))
    return area + (8 if len(local) >= 8 and _LANDLINE.fullmatch(digits[: area + 8]) else 7)


def _classify(digits: str, before: str) -> str | None:
    """The kind of a candidate number (digits with separators removed), or None."""
    if "X" in digits or "x" in digits:
        return "id_card" if len(digits) == 18 and is_id_number(digits) else None
    n = len(digits)
    if n in (11, 13, 15) and _MOBILE.fullmatch(digits):
        return "mobile"
    if n in (15, 18) and is_id_number(digits):
        return "id_card"
    if 10 <= n <= 12 and _LANDLINE.fullmatch(digits):
        return "landline"
    if n in (7, 8) and _LOCAL_LANDLINE.fullmatch(digits) and _PHONE_CONTEXT.search(before):
        return "landline"
    if 13 <= n <= 19 and luhn_ok(digits) and (digits[0] in _CARD_PREFIX or _CARD_CONTEXT.search(before)):
        return "bank_card"
    return None


# Digit chunks joined by the separators people type inside numbers.  An X may end an ID.
_SEP = r"[ \t\u00a0\-\u2010-\u2015\u2212_.·・/()]"
_X = r"[Xx](?![A-Za-z0-9])"
_NUMBER_GROUP = re.compile(rf"\d+(?:{_X})?(?:{_SEP}{{1,3}}(?:\d+(?:{_X})?|{_X}))*")
_CHUNK = re.compile(rf"\d+(?:{_X})?|{_X}")
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|-)\s*(\d{1,5})(?![\d])", re.IGNORECASE)
# Letters glued to a number make it a code (order or model numbers), except these labels.
_LABEL_BEFORE = re.compile(r"(?:tel|phone|mobile|mob|call|vx|wx|v)$", re.IGNORECASE)
_PRIORITY = {"id_card": 0, "mobile": 1, "landline": 2, "bank_card": 3}


def _find_numbers(norm: str, taken: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    for group in _NUMBER_GROUP.finditer(norm):
        gs = group.start()
        chunks = [(m.start() + gs, m.end() + gs, m.group()) for m in _CHUNK.finditer(group.group())]
        # Digits inside an e-mail address or a plate split the group (陕A12345 13812345678).
        segment: list[tuple[int, int, str]] = []
        for chunk in chunks:
            if any(s < chunk[1] and chunk[0] < e for s, e in taken):
                found.extend(_numbers_in(norm, segment))
                segment = []
            else:
                segment.append(chunk)
        found.extend(_numbers_in(norm, segment))
    return found


def _numbers_in(norm: str, chunks: list[tuple[int, int, str]]) -> list[tuple[str, int, int]]:
    """Numbers made of consecutive chunks of one group: the longest first, then by kind."""
    candidates = []
    for i, (cs, _ce, _cd) in enumerate(chunks):
        glued = norm[cs - 1 : cs] if cs else ""
        if glued.isascii() and glued.isalpha():
            head = re.search(r"[A-Za-z]+$", norm[max(0, cs - 8) : cs])
            if not (head and _LABEL_BEFORE.search(head.group())):
                continue
        before = norm[max(0, cs - 12) : cs]
        digits = ""
        dotted = False
        for j in range(i, len(chunks)):
            digits += chunks[j][2]
            if len(digits) > 19:
                break
            if j > i:
                dotted = dotted or any(c in "./" for c in norm[chunks[j - 1][1] : chunks[j][0]])
            after = norm[chunks[j][1] : chunks[j][1] + 1]
            if after.isascii() and after.isalpha():
                continue
            # Dots and slashes also write decimals and dates (69.80.27.92, 2018.08.09): a dotted
            # number counts only when it is the whole group (138.1234.5678).
            if dotted and (i > 0 or j < len(chunks) - 1):
                continue
            kind = _classify(digits, before)
            if kind:
                candidates.append((-len(digits), _PRIORITY[kind], i, j, kind))
    found: list[tuple[str, int, int]] = []
    used: set[int] = set()
    for _neg_len, _prio, i, j, kind in sorted(candidates):
        if used.intersection(range(i, j + 1)):
            continue
        used.update(range(i, j + 1))
        start, end = chunks[i][0], chunks[j][1]
        if kind == "mobile" and norm[start - 1 : start] == "+":
            start -= 1
        if kind == "landline" and norm[start - 1 : start] == "(" and ")" in norm[start:end]:
            start -= 1  # (029)88886666
        if kind == "landline" and (ext := _EXTENSION.match(norm, end)):
            end = ext.end()
            used.update(k for k in range(len(chunks)) if ext.start(1) <= chunks[k][0] < end)
        found.append((kind, start, end))
    return found


def _date_shaped(run: str) -> bool:
    return bool(
        _DATE_RUN.fullmatch(run)
        or _YEAR_RANGE.fullmatch(run)
        or _TICKET_RUN.fullmatch(run)
        or _DATE_HOUR_RUN.fullmatch(run)
    )


_DASHES = "\\-\u2010-\u2015\u2212~"
_DATE_RUN = re.compile(
    rf"(?:19|20)\d\d[\s{_DASHES}]{{1,3}}(?:0?[1-9]|1[0-2])[\s{_DASHES}]{{1,3}}(?:0?[1-9]|[12]\d|3[01])"
)
_YEAR_RANGE = re.compile(rf"(?:19|20)\d\d\s*[{_DASHES}]\s*(?:19|20)\d\d")
# Huying's own numbers, which staff and residents quote: a ticket number (YYYYMMDD-NNNNNN)
# and a date followed by its hour (2026-12-08 23:59, the colon ends the run).
_TICKET_RUN = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d{6,7}")
_DATE_HOUR_RUN = re.compile(rf"{_DATE_RUN.pattern}\s+(?:[01]?\d|2[0-3])")
# For issue 3's rule: digits joined by spaces or dashes only (dots and commas are decimals
# and thousands, slashes are dates).
_LONG_RUN = re.compile(rf"\d(?:[\s_{_DASHES}]*\d)*")


# ---------------------------------------------------------------------------
# E-mail and plates

_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(rf"[{_PROVINCES}] ?[A-Za-z](?: ?[·・.\-] ?| )?([A-Za-z0-9]{{4,6}})(?![A-Za-z0-9])([学警挂领港澳]?)")


def _plate_body_ok(body: str, suffix: str = "") -> bool:
    upper = body.upper()
    if len(upper) == 4:  # coach, police, trailer ... plates: 4 characters then 学/警/挂
        return bool(suffix) and sum(c.isdigit() for c in upper) >= 3
    if len(upper) == 6:  # new-energy: D or F then a letter or digit and 4 digits, or 5 digits then D/F
        return bool(re.fullmatch(r"[DF][A-Z0-9]\d{4}|\d{5}[DF]", upper))
    return sum(c.isdigit() for c in upper) >= 2 and "I" not in upper and "O" not in upper


# ---------------------------------------------------------------------------
# Names
#
# jieba's person-name tag alone is not enough: its dictionary tags many plain words nr
# (谢谢, 高峰, 银行卡), and it often cuts an unknown name in two (周/海涛).  A candidate is
# therefore a common surname plus one or two characters that are common in given names,
# proposed by jieba (a name token, or a surname token and what follows), by a cue before it
# (我叫, 联系人, 房东, 我母亲), or by a personal title after it (先生, 阿姨), and then
# kept out of place and organisation names.

_TITLES = (
    "先生",
    "女士",
    "小姐",
    "师傅",
    "阿姨",
    "大爷",
    "大妈",
    "大娘",
    "大姐",
    "大哥",
    "叔叔",
    "奶奶",
    "爷爷",
    "伯伯",
    "婆婆",
    "老师",
    "同学",
    "老太太",
    "老太",
    "老汉",
)
_TITLE_SET = frozenset(_TITLES)
_TITLE_RE = re.compile("|".join(sorted(_TITLES, key=len, reverse=True)))
# Posts, not persons: 王书记 names a post holder the way 书记 does; with a full name it is a name.
_POSTS = (
    "书记",
    "主任",
    "局长",
    "处长",
    "科长",
    "所长",
    "站长",
    "院长",
    "校长",
    "经理",
    "队长",
    "组长",
    "村长",
    "镇长",
    "区长",
    "市长",
    "县长",
    "部长",
    "厅长",
    "警官",
    "医生",
    "护士",
    "律师",
    "老板",
    "总",
    "工",
)
GIVEN_NAME_CHARS = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红梅兰凤洁琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇"
    "菁梦岚婕馨瑗琰韵融艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思慧巧美淑惠珠翠雅芝娥玲芬燕彩春菊毅俊峰东文辉力永健世广志义兴良海山仁波贵福生"
    "龙元全国胜学祥才发武新利清飞彬富顺信子昌成康星光天达安岩中茂进林坚和彪博诚先敬震振壮群豪心邦承乐绍功松善厚庆民友裕河哲江浩亮政谦亨奇固翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士建"
    "家致树炎德泰盛雄琛钧冠策腾楠榕风航弘宇轩涵梓睿然晗诗雨萱依语琪铭皓逸昊宸霖奕烨煜烁阳凯锐恒铮铁镇钢金银夏冬雷霜森晖卫兵立忠孝贤礼智俭喜财宝小一大少长宗继耀鑫淼焱垚犇骏驰骁勋巍岭峻崇"
    "嵩岳峥嵘坤乾宙颢灏瀚潇涌溪沛润湘渊沐淳澄浚汉沫泓源洪滨汐漫妮娇媚嫣嫦婧姝娉妲姗姿嫒娆姮妙妤嫱婳嬿妃莹萌茹蕾芊芷芮苗蕙芙葳菱荟蔓菡苒茵蓝彤晴晏晞曦晔昕昀暄暖晟昱旻昶显暮瑜瑛璇琨瑄璟璞"
    "珂珏玥珞珑瑷佩俐佑傲仕侨俏仲谊谨鸿鹤鹃迪远遥迎帆帅绿紫纪纬绮绚缘祺禄祯禧穗治泉淇澍泳漪兆定宪宽容寅寿甫扬拓挺捷舟舫奎奋庚彦彰恩恺恬慈懿旦晋景望杏柏柳桐桦棋槐樱檀正汀池沁洲灿炜"
    "炫焕煊熙瑟璋甜皎盈益砚竣童端笑笛箫芹苓虹贝赫越郁锋雯霏霓靖高魁黎鼎令设援跃保根旺柱"
)
# Compound surnames that are far more often plain words (东方 the east, 西门 a west gate).
_COMPOUND_WORDS = frozenset({"东方", "西门", "南宫", "百里", "第五", "长孙", "公孙", "单于", "司空", "闻人"})
# What follows a place or an organisation, never a person.
_PLACE_AFTER = re.compile(
    r"(?:[东南西北中]?(?:路|街|巷|道|大街|大道|桥|门|村|庄|里|坊|寨|堡|营|屯|湾|沟|坡|塬|集|镇|乡|县|区|市|省)"
    r"|街道|社区|小区|花园|家园|公寓|大厦|广场|公司|集团|有限|厂|店|医院|诊所|学校|中学|小学|大学|学院|幼儿园"
    r"|市场|超市|酒店|宾馆|饭店|餐厅|面馆|物业|新村|村委|居委|派出所|中心|商场|银行|园|苑|府|城|站|局|委|办"
    r"|楼盘|项目|片区|地块|工地|车站|公园|体育|景区|水库|河道|山庄|农庄|家属院|安置|回迁|故居|纪念|祠堂|小卖部|副食"
    r"|记|牌|号楼|号院|大桥|隧道|遗址|古镇|老街|商城|商店|书店|药店|药房|火锅|烧烤|面|饭|菜|鸭|鸡|鱼|茶|酒|超|网|线|口"
    r"|塘|坳|湖|洲|岛|滩|房地产|科技|担保|培训|机构|实业|置业|地产|建筑|工程|劳务|物流|商贸|贸易|电器|家具|装饰|传媒"
    r"|教育|医疗|药业|食品|餐饮|林业|农业|生物|能源|汽修|驾校|律所|事务所|商行|批发|门诊"
    r"|[^的在是和与及了说到去给、，。,.]?(?:厂|园|店|馆|业(?!主|务))|[一二三四五六七八九十]中)"
)
# Words that end places and organisations, never a given name (建国 and 海军 are names).
_ORG_WORDS = frozenset(
    {
        "小学",
        "中学",
        "大学",
        "中心",
        "国际",
        "广场",
        "大道",
        "公园",
        "世纪",
        "时代",
        "天地",
        "名城",
        "财富",
        "金融",
        "花园",
        "家园",
        "大厦",
        "华府",
        "豪庭",
        "山庄",
        "新城",
        "科技",
        "商城",
        "商场",
        "市场",
        "学校",
        "医院",
        "公司",
        "集团",
        "小区",
        "社区",
        "街道",
        "公馆",
        "雅苑",
        "名苑",
    }
)
# Last characters of place names that jieba sometimes tags as person names (张家堡, 周家庄).
_PLACE_END = frozenset("庄村堡寨屯营镇沟坡湾桥店铺园苑坊巷门城港峪洼滩塬集楼院府街路里区县乡坟窑嘴咀埠岗寺庙岭")
# Words that pass every test above and still are not persons in appeals.
_NOT_NAMES = frozenset(
    {
        "高新",
        "文明",
        "安全",
        "平安",
        "和谐",
        "明确",
        "华为",
        "万达",
        "龙湖",
        "万科",
        "雷锋",
        "中山",
        "白鹿",
        "向阳",
        "朝阳",
        "黄河",
        "长江",
        "温馨",
        "高达",
        "成本",
        "金融",
        "金额",
        "卫生",
        "程序",
        "明显",
        "明天",
        "全面",
        "国家",
        "温度",
        "温泉",
        "花园",
        "乐园",
        "高中",
        "高考",
        "高楼",
        "高层",
        "高速",
        "高架",
        "高峰",
        "高温",
        "高铁",
        "江山",
        "金华",
        "和平",
        "安康",
        "安宁",
        "宁静",
        "祥和",
        "康乐",
        "康宁",
        "方正",
        "石林",
        "关爱",
        "关心",
        "关怀",
        "常青",
        "常春",
        "夏天",
        "冬天",
        "秋天",
        "春天",
        "左右",
        "严格",
        "严重",
        "成立",
        "成功",
        "成长",
        "成熟",
        "成都",
        "包容",
        "包工",
        "明星",
        "明亮",
        "黎明",
        "晓得",
        "谢谢",
        "宋体",
        "楚楚",
        "丰富",
        "丰盛",
        "万一",
        "万元",
        "全民",
        "全力",
        "全新",
        "全体",
        "周全",
        "周到",
        "周一",
        "周二",
        "周三",
        "周四",
        "周五",
        "周六",
        "周日",
        "周末",
        "周边",
        "周围",
        "周年",
        "任意",
        "任性",
        "毛坯",
        "方便",
        "齐全",
        "公正",
        "公平",
        "公开",
        "公安",
        "公德",
        "欧美",
        "申报",
        "申请",
        "时光",
        "祝福",
        "祝贺",
        "华丽",
        "荣誉",
        "荣耀",
        "荣获",
        "叶子",
        "孔明",
        "牛仔",
        "马上",
        "马达",
        "苗木",
        "苗子",
        "甘心",
        "华山",
        "秦岭",
        "曲江",
        "明德",
        "华润",
        "金茂",
        "荣盛",
        "金地",
        "阳光城",
        "蓝光",
        "白鹭",
        "马月",
        "农家乐",
        "全家福",
        "高中生",
        "安静",
        "冷静",
        "平静",
        "幸福",
        "高兴",
        "单元",
        "居民",
        "公民",
        "农民",
        "平民",
        "全国",
        "利益",
        "权利",
        "权力",
        "权益",
        "公益",
        "元旦",
        "白天",
        "凌晨",
        "富强",
        "高端",
        "白云",
        "蓝天",
        "阳光",
        "安心",
        "燕子",
        "宁可",
        "许可",
        "查明",
        "明智",
        "殷勤",
        "盛世",
    }
)
# A strong cue: a name follows (我叫张伟, 联系人：李娜, 姓名 王芳).
_STRONG_CUE = re.compile(
    r"(?:我叫|我的名字叫|我的名字是|我名叫|名叫|名字叫|本人叫|本人姓名|联系人|姓名|署名|落款|户主姓名|业主姓名"
    r"|投诉人|反映人|举报人|申请人|求助人|来信人|来电人|收件人|收货人|当事人|法定代表人|委托人|户名|开户名)"
    r"(?:[是为叫]|姓名)?[:：\s]*"
)
# A role before a person: a name may follow (本人王芳, 房东蒋秀英, 我母亲刘桂兰).
_ROLE_CUE = re.compile(
    r"(?:本人|我是|业主|户主|房东|租户|住户|居民|村民|邻居|爱人|丈夫|妻子|老公|老婆|儿子|女儿|儿媳|女婿|父亲|母亲"
    r"|爸爸|妈妈|爷爷|奶奶|外婆|外公|婆婆|公公|孩子|孙子|孙女|哥哥|姐姐|弟弟|妹妹|同事|员工|职工|工人|司机|老人"
    r"|负责人|法人|老板|店主|包工头|承包商|经理|主任|书记|局长|科长|队长|组长|村长|村干部|网格员|楼长|班主任|老师"
    r"|医生|护士|民警|警官|律师|会计|保安|教练|客服|中介|代表|志愿者|队员|同志|同学|学生|患者|病人|被执行人)"
    r"[:：\s]?"
)
# Characters that cannot start a given name typed after a cue, and that end one.
_NAME_STOP = frozenset(
    "的住在是今电手联反投向于和与及男女先师阿现因从到身号年岁说等系为已也都就又还对给把被让请要想能会了着过来去"
    "我你他她它们这那有没不很最更再将曾由经同个位名某"
)
_COMPOUND_FIRST = frozenset(c[0] for c in COMPOUND_SURNAMES)
_COUNTING = frozenset("一二三四五六七八九十百千几两多每各该这那此某")
_NAME_STOP_LAST = _NAME_STOP | frozenset("家老夫妻母父儿女")
_BRACKETED = re.compile(r"[(\[【]([\u4e00-\u9fff]{2,4})[)\]】]")

_jieba_lock = threading.Lock()
_jieba_ready = False


def _jieba():
    """jieba and its tagger, loaded once per process on first use (loading takes about a second)."""
    global _jieba_ready
    import jieba
    import jieba.posseg as pseg

    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(60)
                jieba.initialize()
                _jieba_ready = True
    return jieba, pseg


def _tokens(norm: str) -> list[tuple[int, int, str, str]]:
    """(start, end, word, flag) for every jieba token of the normalised text.

    jieba's HMM (which finds names missing from its dictionary) is most of its cost, and it
    only ever looks at runs of characters that form no dictionary word.  So the text is
    cut without it, and only the part of such a run from a possible name on is cut again with it.
    """
    _jb, pseg = _jieba()
    out: list[tuple[int, int, str, str]] = []
    run: list[tuple[int, int, str, str]] = []

    def flush() -> None:
        # Where a name could start: a surname followed by a given-name character.
        first = next(
            (
                i
                for i, t in enumerate(run[:-1])
                if (t[2] in SURNAMES and run[i + 1][2] in GIVEN_NAME_CHARS)
                or (t[2] in _COMPOUND_FIRST and t[2] + run[i + 1][2] in COMPOUND_SURNAMES)
            ),
            None,
        )
        if len(run) < 2 or first is None:
            out.extend(run)
        else:
            out.extend(run[:first])
            pos = run[first][0]
            for word, flag in _hmm_cut("".join(t[2] for t in run[first:])):
                out.append((pos, pos + len(word), word, flag))
                pos += len(word)
        run.clear()

    pos = 0
    for pair in pseg.cut(norm, HMM=False):
        word = pair.word
        token = (pos, pos + len(word), word, pair.flag)
        pos += len(word)
        if len(word) == 1 and _is_cjk(word):
            run.append(token)
            continue
        flush()
        out.append(token)
    flush()
    return out


@lru_cache(maxsize=8192)
def _hmm_cut(run: str) -> tuple[tuple[str, str], ...]:
    _jb, pseg = _jieba()
    return tuple((pair.word, pair.flag) for pair in pseg.cut(run))


def _dictionary_word(word: str) -> tuple[int, str]:
    """jieba's frequency and tag for a dictionary word (0, "") otherwise."""
    jb, pseg = _jieba()
    return jb.dt.FREQ.get(word, 0), pseg.dt.word_tag_tab.get(word, "")


def _common_word(word: str) -> bool:
    """A frequent dictionary word: frequent words are rarely a resident's name."""
    freq, _tag = _dictionary_word(word)
    return freq >= 300


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _has_surname(text: str, *, rare: bool = False) -> int:
    """Length of the surname text starts with (2 for a compound one), 0 if none."""
    if text[:2] in COMPOUND_SURNAMES:
        return 2
    return 1 if text[:1] in SURNAMES or (rare and text[:1] in RARE_SURNAMES) else 0


def _name_ok(name: str, after: str, *, strict: bool = True) -> bool:
    """Whether a candidate (surname + given name, no title) can be a person's name.

    Not strict (after 我叫): the last character need not be a usual given-name character,
    and a word such as 祝福 may still be a name.
    """
    if not 2 <= len(name) <= 4 or not all(_is_cjk(c) for c in name):
        return False
    slen = _has_surname(name, rare=not strict)
    given = name[slen:]
    if not slen or not 1 <= len(given) <= 2:
        return False
    if given[0] not in GIVEN_NAME_CHARS or (strict and any(c not in GIVEN_NAME_CHARS for c in given)):
        return False
    if given in _ORG_WORDS:
        return False  # 望岳小学, 国金中心, 楚天财富
    if (strict and name in _NOT_NAMES) or name in _TITLE_SET or given in _TITLE_SET or given[-1] in _NAME_STOP_LAST:
        return False
    if name[-1] in _PLACE_END or (len(name) == 3 and name[1] == "家" and name[2] in _PLACE_END):
        return False
    return not _PLACE_AFTER.match(after)


def _given_after(norm: str, g: int, *, strong: bool = False) -> int:
    """How many characters from g form a given name typed after a cue (0, 1 or 2).

    After a strong cue (我叫) the second character may be any that is not a function word.
    """
    c1 = norm[g : g + 1]
    if not c1 or c1 not in GIVEN_NAME_CHARS or c1 in _NAME_STOP:
        return 0
    c2 = norm[g + 1 : g + 2]
    if not c2 or c2 in _NAME_STOP_LAST or not _is_cjk(c2) or (c2 not in GIVEN_NAME_CHARS and not strong):
        # 本人任大队…: the would-be given name starts a word.
        freq, tag = _dictionary_word(norm[g : g + 2]) if c2 else (0, "")
        return 0 if freq >= 300 and tag not in ("nr", "nrfg") else 1
    # 李强长期…: the third character starts a word of its own.
    if _common_word(norm[g + 1 : g + 3]) and not _common_word(norm[g : g + 2]):
        return 1
    return 2


def _find_names(norm: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    tokens = _tokens(norm)
    token_at = {t[0]: i for i, t in enumerate(tokens)}
    token_starts = [t[0] for t in tokens]
    spans: list[tuple[int, int]] = []

    def covering(pos: int) -> tuple[int, int, str, str] | None:
        i = bisect.bisect_right(token_starts, pos) - 1
        return tokens[i] if i >= 0 and tokens[i][0] <= pos < tokens[i][1] else None

    def add(start: int, end: int) -> None:
        if not any(s < end and start < e for s, e in taken):
            spans.append((start, end))

    def ok(start: int, end: int) -> bool:
        return _name_ok(norm[start:end], norm[end : end + 4])

    def glued(start: int) -> bool:
        """The surname is the end of a word or a count (就连女士, 元钱才, 10位同学)."""
        before = norm[start - 1 : start]
        if not before:
            return False
        if before.isdigit() or before in _COUNTING:
            return True
        return _is_cjk(before) and _dictionary_word(norm[start - 1 : start + 1])[0] >= 100

    # jieba's name tokens, and a surname token jieba left alone with what follows (周/海涛).
    for idx, (ts, te, word, flag) in enumerate(tokens):
        is_name = flag in ("nr", "nrfg")
        if is_name and 2 <= len(word) <= 5:
            post = next((p for p in _POSTS if word.endswith(p) and len(word) > len(p)), "")
            title = next((t for t in _TITLES if word.endswith(t) and len(word) > len(t)), "")
            base = word[: -len(post or title)] if (post or title) else word
            if title and _has_surname(base) == len(base):
                add(ts, te)  # 王师傅: surname and title name a person
            elif len(base) > _has_surname(base) and ok(ts, ts + len(base)) and not glued(ts):
                # jieba's dictionary tags many words nr (谢谢, 敬礼): a frequent one needs a title.
                freq, _tag = _dictionary_word(base)
                if freq < 100 or (len(base) >= 3 and freq < 1000) or title or post:
                    add(ts, ts + len(base))
        slen = _has_surname(word)
        if slen == len(word) and idx + 1 < len(tokens):
            nxt = tokens[idx + 1]
            given = nxt[2]
            if len(given) == 1 and idx + 2 < len(tokens) and len(tokens[idx + 2][2]) == 1:
                extra = tokens[idx + 2][2]
                if extra in GIVEN_NAME_CHARS and extra not in _NAME_STOP_LAST:
                    given += extra
            named = is_name or nxt[3] in ("nr", "nrfg")
            unknown = slen == 2 and word not in _COMPOUND_WORDS and len(nxt[2]) == 1
            if (named or unknown) and ok(ts, te + len(given)) and not _common_word(word + given) and not glued(ts):
                add(ts, te + len(given))

    # A personal title after a name or a surname: 余海波师傅, 赵先生 (not 保安师傅).
    for m in _TITLE_RE.finditer(norm):
        p = m.start()
        for length in (4, 3, 2):
            start = p - length
            if start < 0 or start not in token_at or not ok(start, p) or glued(start):
                continue
            add(start, p)
            break
        else:
            for slen in (2, 1):
                start = p - slen
                if start < 0 or _has_surname(norm[start:p]) != slen:
                    continue
                token = covering(start)
                # Not inside a word (保安师傅), nor a word longer than surname and title.
                if token and (token[0] < start or token[1] > m.end()):
                    break
                if not glued(start):
                    add(start, m.end())
                break

    # Cues: 我叫张伟, 联系人：李娜 (strong); 房东蒋秀英, 我母亲刘桂兰 (a role).
    for cue, strong in ((_STRONG_CUE, True), (_ROLE_CUE, False)):
        for m in cue.finditer(norm):
            start = m.end()
            slen = _has_surname(norm[start : start + 2], rare=strong)
            if not slen:
                continue
            given_length = _given_after(norm, start + slen, strong=strong)
            end = start + slen + given_length
            if not given_length:
                continue
            if strong:
                # 我叫祝福: after 我叫 even a word is a name, if it looks like one.
                if _name_ok(norm[start:end], norm[end : end + 4], strict=False):
                    add(start, end)
                continue
            name = norm[start:end]
            if (
                ok(start, end)
                and start in token_at
                and not (_common_word(name) and _dictionary_word(name)[1] not in ("nr", "nrfg"))
            ):
                add(start, end)

    # A name alone in brackets: 我母亲（刘桂兰）.
    for m in _BRACKETED.finditer(norm):
        name = m.group(1)
        if ok(m.start(1), m.end(1)) and not (_common_word(name) and _dictionary_word(name)[1] not in ("nr", "nrfg")):
            add(m.start(1), m.end(1))

    # A name found once is a name everywhere in the text (张晓燕……张晓燕的父亲).
    names = {norm[s:e] for s, e in spans if not _TITLE_RE.search(norm[s:e])}
    for name in names:
        for m in re.finditer(re.escape(name), norm):
            if not _PLACE_AFTER.match(norm, m.end()):
                add(m.start(), m.end())
    return spans


# ---------------------------------------------------------------------------
# The detector


def _merge(raw: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop duplicates and overlaps (the first, longest, wins)."""
    out: list[tuple[str, int, int]] = []
    for kind, s, e in sorted(raw, key=lambda f: (f[1], -(f[2] - f[1]))):
        if out and s < out[-1][2]:
            continue
        out.append((kind, s, e))
    return out


def _to_findings(text: str, origin: Sequence[int], raw: list[tuple[str, int, int]]) -> list[Finding]:
    findings = []
    for kind, s, e in _merge(raw):
        start, end = origin[s], origin[e - 1] + 1
        findings.append(Finding(kind, start, end, text[start:end]))
    return findings


def _simplified(norm: str) -> str:
    """The simplified form of a zh-Hant text when it keeps every offset (OpenCC t2s), else itself."""
    simplified = to_simplified(norm)  # the same text back, at once, when nothing is traditional
    return simplified if len(simplified) == len(norm) else norm


# The deployment's own words, given by the accounts app (huying.accounts.receivers): its
# place names are never a person's name, and its public numbers (a department's published
# phone, the district's service numbers) are never masked.
_deployment: dict = {"provider": None, "words": None}


def use_deployment_words(provider: Callable[[], tuple[Iterable[str], Iterable[str]]] | None) -> None:
    """`provider()` returns (place names, public phone numbers); read lazily, once."""
    _deployment["provider"] = provider
    forget_deployment_words()


@contextmanager
def deployment_words(places: Iterable[str], numbers: Iterable[str]) -> Iterator[None]:
    """These words for a while (a bench, a script without the database), then the usual ones."""
    previous = _deployment["provider"]
    use_deployment_words(lambda: (list(places), list(numbers)))
    try:
        yield
    finally:
        use_deployment_words(previous)


def forget_deployment_words() -> None:
    _deployment["words"] = None
    _analyse.cache_clear()


def _deployment_words() -> tuple[re.Pattern[str] | None, frozenset[str]]:
    words = _deployment["words"]
    if words is None:
        provider = _deployment["provider"]
        try:
            places, numbers = provider() if provider is not None else ((), ())
        except Exception:  # no database here (a worker, a check): mask as if none, and ask again later
            return None, frozenset()
        stems = sorted({p for p in places if len(p) >= 2}, key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, stems))) if stems else None
        public = frozenset(d for d in (re.sub(r"\D", "", _digits_of(n)) for n in numbers) if d)
        words = _deployment["words"] = (pattern, public)
    return words


def _outside_places(norm: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    places, _public = _deployment_words()
    if places is None:
        return spans
    known = [(m.start(), m.end()) for m in places.finditer(norm)]
    return [(s, e) for s, e in spans if not any(ks < e and s < ke for ks, ke in known)]


def _public(finding: Finding) -> bool:
    if finding.kind not in ("mobile", "landline", OTHER_NUMBER):
        return False
    _places, public = _deployment_words()
    return bool(public) and re.sub(r"\D", "", _digits_of(finding.text)) in public


def _detect(norm: str, *, names: bool = True) -> list[tuple[str, int, int]]:
    raw: list[tuple[str, int, int]] = []
    for m in _EMAIL.finditer(norm):
        raw.append(("email", m.start(), m.end()))
    for m in _PLATE.finditer(norm):
        if _plate_body_ok(m.group(1), m.group(2)):
            raw.append(("plate", m.start(), m.end()))
    taken = [(s, e) for _k, s, e in raw]
    raw.extend(_find_numbers(norm, taken))
    if names:
        taken = [(s, e) for _k, s, e in raw]
        simplified = _simplified(norm)
        raw.extend(("name", s, e) for s, e in _outside_places(simplified, _find_names(simplified, taken)))
    return raw


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in the text, in order, on the text's own offsets."""
    return list(_analyse(text)[0]) if text else []


def protected_spans(text: str) -> list[Finding]:
    """Findings plus every other run of 7 or more digits (kind "number"), for masking."""
    return list(_analyse(text)[1]) if text else []


# The same texts are masked again and again (a board page, a feed): the analysis is pure,
# so it is kept for the most recent ones.
@lru_cache(maxsize=1024)
def _analyse(text: str) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    norm, origin = _normalise(text)
    raw = _merge(_detect(norm))
    covered = [(s, e) for _k, s, e in raw]
    extra = []
    for m in _LONG_RUN.finditer(norm):
        if _date_shaped(m.group()):
            continue
        # The parts of the run no finding covers, each judged on its own digits.
        pieces = [(m.start(), m.end())]
        for s, e in covered:
            next_pieces = []
            for ps, pe in pieces:
                if e <= ps or pe <= s:
                    next_pieces.append((ps, pe))
                    continue
                if ps < s:
                    next_pieces.append((ps, s))
                if e < pe:
                    next_pieces.append((e, pe))
            pieces = next_pieces
        for ps, pe in pieces:
            piece = norm[ps:pe]
            if sum(c.isdigit() for c in piece) >= 7:
                inner = re.search(r"\d.*\d", piece, re.DOTALL)
                if inner is not None:
                    extra.append((OTHER_NUMBER, ps + inner.start(), ps + inner.end()))
    # House, building, unit and room numbers after a road or estate name: a public page shows
    # the place only down to the road or estate (渭工路**号院, 阳光城*号楼*单元***室).
    taken = covered + [(s, e) for _k, s, e in extra]
    # Found in the simplified copy (號樓, 單元 as 号楼, 单元), which keeps every offset.
    for m in _HOUSE_NUMBER.finditer(_simplified(norm)):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            extra.append((HOUSE_NUMBER, m.start(), m.end()))
    extra.sort(key=lambda item: item[1])
    findings = tuple(f for f in _to_findings(text, origin, raw) if not _public(f))
    protected = tuple(
        f for f in _to_findings(text, origin, sorted(raw + extra, key=lambda item: item[1])) if not _public(f)
    )
    return findings, protected


def _masked(finding: Finding) -> str:
    if finding.kind == HOUSE_NUMBER:
        return "*" * len(finding.text)
    if finding.kind == OTHER_NUMBER:
        return mask_digits(re.sub(r"\D", "", _digits_of(finding.text)))
    return mask_finding(finding)


def mask_text(text: str) -> str:
    """The public form of a text: every finding masked, and every run of 7+ digits.

    Only the personal data changes; the rest stays as typed.
    """
    if not text:
        return ""
    parts: list[str] = []
    pos = 0
    for f in protected_spans(text):
        parts.append(text[pos : f.start])
        parts.append(_masked(f))
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def highlight_for_staff(text: str, *, reveal: bool = False) -> SafeString:
    """HTML for staff: the text escaped, each piece of personal data in a <mark>.

    Masked unless `reveal` (after "show contact", which the caller records).
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    parts: list[str] = []
    pos = 0
    for f in protected_spans(text):
        parts.append(escape(text[pos : f.start]))
        value = f.text if reveal else _masked(f)
        parts.append(f'<mark class="pii pii-{f.kind}">{escape(value)}</mark>')
        pos = f.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def reveal_for_staff(text: str) -> SafeString:
    """highlight_for_staff with the raw values, after "show contact"."""
    return highlight_for_staff(text, reveal=True)
