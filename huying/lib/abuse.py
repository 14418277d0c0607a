"""Abuse score of an appeal: repeats, links and promotions, word lists, floods.

`abuse_score` returns a score from 0 to 1 and the reasons behind it, as short codes with
a label in the catalogues (huying/lib/locale).  A high score flags the appeal in the review
queue for a person to judge; nothing is ever dropped because of it (angry residents curse,
and a desperate one may threaten: both still need an answer).

Each signal gives a probability-like weight and the score combines them as a noisy OR,
1 - (1 - w1)(1 - w2)..., so that one strong signal or several weak ones cross the flag
threshold, and no number of signals passes 1.

Word lists: built-in defaults (below), extended or trimmed by the file named in the
setting HUYING_ABUSE_WORDS (re-read when it changes):

    # comments
    [spam]
    代开发票
    -发票          (a leading minus removes a default word)
    [abusive]
    [threat]
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from huying.lib.chinese import to_traditional

FLAG_THRESHOLD = 0.5
# Texts longer than this are judged on their start: the score must stay cheap.
MAX_CHARS = 10_000

REASON_LABELS = {
    "repeated_phone": _("Many recent submissions from the same phone"),
    "repeated_ip": _("Many recent submissions from the same IP address"),
    "links": _("Contains links"),
    "promotion": _("Promotes a QR code, WeChat contact or chat group"),
    "spam_words": _("Contains advertising or scam words"),
    "abusive_words": _("Contains abusive language"),
    "threat_words": _("Contains threats or extreme statements"),
    "caps_flood": _("Mostly capital letters"),
    "symbol_flood": _("A flood of symbols or emoji"),
    "repeated_text": _("Long runs of repeated characters or text"),
}

DEFAULT_WORDS: dict[str, tuple[str, ...]] = {
    "spam": (
        "代开发票",
        "发票代开",
        "开发票联系",
        "贷款秒批",
        "无抵押贷款",
        "网贷口子",
        "信用卡套现",
        "套现",
        "刷单",
        "兼职日结",
        "日赚",
        "躺赚",
        "稳赚不赔",
        "高额回报",
        "博彩",
        "彩票预测",
        "六合彩",
        "百家乐",
        "棋牌充值",
        "网赌",
        "菠菜网",
        "代孕",
        "裸聊",
        "约炮",
        "代办证件",
        "出售银行卡",
        "收购银行卡",
        "出租银行卡",
        "收银行卡",
        "枪支出售",
        "迷药",
        "私家侦探",
        "黑客接单",
        "刷粉",
        "增粉",
        "免费领取",
        "点击领取",
        "恭喜您中奖",
        "恭喜你中奖",
        "招代理",
        "加盟代理",
        "低价出售",
        "限时抢购",
        "代写论文",
        "代考",
        "办假证",
        "casino",
    ),
    "abusive": (
        "傻逼",
        "傻b",
        "煞笔",
        "沙比",
        "脑残",
        "弱智",
        "智障",
        "狗官",
        "狗东西",
        "王八蛋",
        "混蛋",
        "他妈的",
        "tmd",
        "操你",
        "草泥马",
        "cnm",
        "nmsl",
        "去死",
        "滚蛋",
        "贱人",
        "畜生",
        "人渣",
        "废物东西",
        "sb",
    ),
    "threat": (
        "炸了你们",
        "炸掉",
        "炸药",
        "杀了你",
        "杀人",
        "同归于尽",
        "报复社会",
        "放火烧",
        "烧了你们",
        "弄死",
        "砍死",
        "跳楼",
        "自杀",
        "泼汽油",
    ),
}
_WORD_REASONS = {"spam": "spam_words", "abusive": "abusive_words", "threat": "threat_words"}

_URL = re.compile(
    r"(?:https?://|www\.)[^\s\u4e00-\u9fff，。！？]+"
    r"|(?<![@\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|vip|cc|info|club|site|shop"
    r"|online|me|io|ltd|wang|ink|icu|fun|live|tk|ly)(?![a-z0-9])(?:/[^\s\u4e00-\u9fff，。！？]*)?"
)
_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_SHORTENERS = ("t.cn", "dwz.cn", "url.cn", "bit.ly", "tinyurl", "suo.im", "s.click")
_PROMOTION = re.compile(
    r"扫码|扫一扫|二维码|加微信|加我微信|加v|加vx|加wx|\+v|\+vx|v信|薇信|威信|加群|进群|入群|qq群|微信群|私聊|私信我"
    r"|(?:微信|vx|wx|qq)\s*(?:号)?\s*[:：]\s*[a-z0-9_-]{5,}"
)
_LETTER = re.compile(r"[A-Za-z]")
_SAME_CHAR = re.compile(r"(.)\1{7,}")
_SAME_CHUNK = re.compile(r"(.{2,20}?)\1{3,}", re.DOTALL)
_SENTENCES = re.compile(r"[。！？!?；;\n]+")
_COMPACT = re.compile(r"[\W_]+")
# Punctuation every appeal has: not a flood.
_PLAIN_PUNCT = frozenset("，。、；：？！“”‘’（）《》,.;:?!\"'()-—…·")


@dataclass(frozen=True)
class AbuseResult:
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        """High enough to be flagged in the review queue (never to be dropped)."""
        return self.score >= FLAG_THRESHOLD

    @property
    def labels(self) -> list[str]:
        return [reason_label(code) for code in self.reasons]


def reason_label(code: str, language: str | None = None) -> str:
    """The label of a reason code in the active language (or the one given)."""
    label = REASON_LABELS.get(code)
    if label is None:
        return code
    if language is None:
        return str(label)
    with translation.override(language):
        return str(label)


# ---------------------------------------------------------------------------
# Word lists

_lock = threading.Lock()
_loaded: dict[str, object] = {"key": None, "lists": None}


def _parse_word_file(text: str) -> dict[str, tuple[set[str], set[str]]]:
    """{list: (words to add, words to remove)} from the file format in the module docstring."""
    changes: dict[str, tuple[set[str], set[str]]] = {}
    current = "spam"
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip().lower()
            continue
        added, removed = changes.setdefault(current, (set(), set()))
        if line.startswith("-"):
            removed.add(line[1:].strip())
        else:
            added.add(line)
    return changes


def load_word_lists(path: str | None = None) -> dict[str, tuple[str, ...]]:
    """The defaults changed by the HUYING_ABUSE_WORDS file, if any (cached until it changes)."""
    if path is None:
        from django.conf import settings

        path = getattr(settings, "HUYING_ABUSE_WORDS", "") or ""
    stamp: int | str | None = None
    if path:
        try:
            stamp = Path(path).stat().st_mtime_ns
        except OSError:
            stamp = "missing"  # a wrong path must not break submissions: defaults apply
    key = (path, stamp)
    with _lock:
        if _loaded["key"] == key:
            return _loaded["lists"]  # type: ignore[return-value]
        lists = {name: set(words) for name, words in DEFAULT_WORDS.items()}
        if path and stamp != "missing":
            changes = _parse_word_file(Path(path).read_text(encoding="utf-8"))
            for name, (added, removed) in changes.items():
                lists.setdefault(name, set()).update(added)
                lists[name].difference_update(removed)
        result = {name: tuple(sorted(words)) for name, words in lists.items()}
        _loaded["key"], _loaded["lists"] = key, result
        return result


_variants_cache: dict[tuple[str, ...], tuple[tuple[str, re.Pattern[str] | None], ...]] = {}


def _matchers(words: Iterable[str]) -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    """Each word with its traditional-character form; ASCII words match as whole words."""
    key = tuple(words)
    cached = _variants_cache.get(key)
    if cached is not None:
        return cached
    out: list[tuple[str, re.Pattern[str] | None]] = []
    for word in key:
        word = unicodedata.normalize("NFKC", word).lower().strip()
        if not word:
            continue
        if word.isascii():
            out.append((word, re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")))
            continue
        compact = _COMPACT.sub("", word)
        out.append((compact, None))
        traditional = to_traditional(compact)
        if traditional != compact:
            out.append((traditional, None))
    result = tuple(out)
    if len(_variants_cache) > 64:
        _variants_cache.clear()
    _variants_cache[key] = result
    return result


def _hits(words: Iterable[str], norm: str, compact: str) -> set[str]:
    found = set()
    for word, pattern in _matchers(words):
        if pattern.search(norm) if pattern else word in compact:
            found.add(word)
    return found


# ---------------------------------------------------------------------------
# The score


def _repeats(n: int, free: int, step: float) -> float:
    return min(0.9, step * max(0, n - free))


def abuse_score(
    text: str,
    *,
    recent_submissions_same_phone: int = 0,
    recent_submissions_same_ip: int = 0,
    word_lists: Mapping[str, Iterable[str]] | None = None,
) -> AbuseResult:
    """Score an appeal's text (title and description together) and its sender's recent activity.

    recent_submissions_same_phone / _ip: other appeals from the same phone (last day) or the
    same address (last hour), as the caller counts them.
    word_lists: {"spam": [...], "abusive": [...], "threat": [...]}, replacing the configured lists.
    """
    text = (text or "")[:MAX_CHARS]
    norm = unicodedata.normalize("NFKC", text).lower()
    compact = _COMPACT.sub("", norm)
    weights: dict[str, float] = {}

    weights["repeated_phone"] = _repeats(recent_submissions_same_phone, 1, 0.15)
    weights["repeated_ip"] = _repeats(recent_submissions_same_ip, 3, 0.05)

    without_emails = _EMAIL.sub(" ", norm)
    links = _URL.findall(without_emails)
    if links:
        short = any(s in link for link in links for s in _SHORTENERS)
        weights["links"] = 0.6 if len(links) > 1 or short else 0.35
    if _PROMOTION.search(norm):
        weights["promotion"] = 0.4

    lists = word_lists if word_lists is not None else load_word_lists()
    per_word = {"spam": (0.3, 0.25), "abusive": (0.3, 0.2), "threat": (0.5, 0.2)}
    for name, words in lists.items():
        hits = _hits(words, norm, compact)
        if hits and name in _WORD_REASONS:
            first, more = per_word[name]
            weights[_WORD_REASONS[name]] = min(0.9, first + more * (len(hits) - 1))

    letters = _LETTER.findall(text)
    visible = [c for c in text if not c.isspace()]
    if len(letters) >= 12:
        upper = sum(c.isupper() for c in letters) / len(letters)
        if upper >= 0.7:
            weights["caps_flood"] = 0.35 if len(letters) >= len(visible) / 2 else 0.25

    if len(visible) >= 10:
        symbols = sum(1 for c in visible if c not in _PLAIN_PUNCT and unicodedata.category(c)[0] in "SP")
        share = symbols / len(visible)
        punct_run = re.search(r"([^\w\s])\1{5,}", text)
        if share >= 0.5:
            weights["symbol_flood"] = 0.5
        elif share >= 0.3:
            weights["symbol_flood"] = 0.3
        elif punct_run:
            weights["symbol_flood"] = 0.15

    repeated = 0.0
    if _SAME_CHAR.search(compact):
        repeated = 0.3
    if _SAME_CHUNK.search(compact):
        repeated = max(repeated, 0.35)
    sentences = [s.strip() for s in _SENTENCES.split(norm) if len(s.strip()) >= 6]
    if sentences and max(sentences.count(s) for s in set(sentences)) >= 3:
        repeated = max(repeated, 0.4)
    if len(compact) >= 40 and len(set(compact)) / len(compact) < 0.15:
        repeated = max(repeated, 0.5)
    if repeated:
        weights["repeated_text"] = repeated

    remaining = 1.0
    reasons = []
    for code in REASON_LABELS:  # a stable order: the labels' order
        weight = weights.get(code, 0.0)
        if weight > 0:
            reasons.append(code)
            remaining *= 1 - weight
    return AbuseResult(score=round(1 - remaining, 2), reasons=reasons)


def abuse_badge_html(result: AbuseResult) -> SafeString:
    """A badge for the review queue: nothing when there is no reason, else score and reasons."""
    if not result.reasons:
        return mark_safe("")  # noqa: S308 - empty
    level = "high" if result.flagged else "low"
    heading = _("Possible abuse") if result.flagged else _("Worth a look")
    separator = ", " if (translation.get_language() or "").lower().startswith("en") else "、"
    reasons = format_html_join(separator, "{}", ((label,) for label in result.labels))
    score = f"{result.score:.2f}"
    return format_html(
        '<span class="abuse-badge abuse-{}" data-abuse-score="{}"><strong>{}</strong> {} · {}</span>',
        level,
        score,
        heading,
        score,
        reasons,
    )
