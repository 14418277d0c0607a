"""The Chinese text pipeline: normalisation and segmentation, for analysis only.

What residents typed is stored and shown as typed; these functions make the form the
router (and anything else that compares texts) reads: half-width, simplified, without
message-board boilerplate, cut into words by jieba with the deployment's own place,
department and category names kept whole.
"""

import re
import threading
import unicodedata
from collections import OrderedDict
from functools import lru_cache

import jieba

from huying.lib.chinese import to_simplified

# Texts longer than this are cut for analysis: the start says what it is about, and
# prediction time must stay bounded whatever a resident pastes.
MAX_ANALYSED_CHARS = 3000

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b-\u200d\ufeff]+")
_REPEATED_PUNCT = re.compile(r"([!?！？。，,.、~～…—\-_=*#])\1+")

_ADDRESSEE = (
    r"(?:各位|亲爱的|敬爱的)?(?:[\u4e00-\u9fff]{0,6}?)"
    r"(?:领导|书记|市长|区长|县长|镇长|局长|主任|部门|同志|工作人员|政府|老师|有关部门|相关部门)们?"
)
_BOILERPLATE = [
    # Greetings: 尊敬的领导您好 / 领导同志们好 / 您好
    re.compile(r"^\s*(?:尊敬的|敬爱的|亲爱的)" + _ADDRESSEE + r"[,，:：!！\s]*(?:(?:您|你)们?好[,，。:：!！\s]*)?"),
    re.compile(r"^\s*" + _ADDRESSEE + r"(?:(?:您|你)们?)?好[,，。:：!！\s]+"),
    re.compile(r"^\s*(?:(?:您|你)们?好|大家好)[,，。:：!！\s]*"),
    # Closings: 此致敬礼, 谢谢, 万分感谢, 盼复 ...
    re.compile(r"此\s*致[,，\s]*敬\s*礼[!！。\s]*"),
    re.compile(
        r"(?:(?:非常|十分|万分|再次|在此)?(?:谢谢|感谢)(?:您|你|您们|你们|领导|各位领导|政府|大家)?"
        r"(?:的(?:关注|支持|帮助|回复))?|不胜感激|万分感激|盼复|望回复|期待(?:您的)?回复)"
        r"[!！。,，~～\s]*$"
    ),
    # What boards add around a message: 留言时间：2019-01-02 10:11:12, 留言用户：A0001
    re.compile(
        r"(?:留言|发布|提交|回复)时间[:：]?\s*\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    ),
    re.compile(r"留言(?:用户|编号)[:：]?\s*[A-Za-z]?\d+"),
    # A signature and date at the very end: "一位市民 2019年3月2日"
    re.compile(
        r"(?:[,，。\s]*(?:一位|一名|一个)?(?:市民|居民|群众|业主|村民|家长|职工)?)?"
        r"[,，。\s]*\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?[。.\s]*$"
    ),
]


# The one t2s conversion (huying.lib.chinese), under the name the pipeline reads.
simplify = to_simplified


def strip_boilerplate(text: str) -> str:
    for _ in range(2):  # a closing can hide another one behind it: 谢谢！此致敬礼
        before = text
        for pattern in _BOILERPLATE:
            text = pattern.sub("", text).strip()
        if text == before:
            break
    return text


def normalise(text: str) -> str:
    """The analysis form of a text: never shown, never stored in place of the original."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text[: MAX_ANALYSED_CHARS * 2])
    text = _SPACES.sub(" ", text).strip()
    text = simplify(text)
    text = _REPEATED_PUNCT.sub(r"\1", text)
    text = strip_boilerplate(text)
    return text.lower()[:MAX_ANALYSED_CHARS]


# Segmentation -------------------------------------------------------------------

_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_base_lock = threading.Lock()
_tokenizers: "OrderedDict[tuple[str, ...], jieba.Tokenizer]" = OrderedDict()


@lru_cache(maxsize=1)
def _base_tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def tokenizer_for(user_words: tuple[str, ...]) -> jieba.Tokenizer:
    """A jieba tokenizer that knows `user_words`; one per distinct word list, kept per process.

    Each list gets its own tokenizer (sharing jieba's global one would let one deployment
    dictionary leak into another model's features, and other apps use the global one).
    """
    with _base_lock:
        found = _tokenizers.get(user_words)
        if found is not None:
            _tokenizers.move_to_end(user_words)
            return found
        base = _base_tokenizer()
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ = dict(base.FREQ)
        tokenizer.total = base.total
        tokenizer.initialized = True
        for word in user_words:
            tokenizer.add_word(word, freq=None)
        _tokenizers[user_words] = tokenizer
        while len(_tokenizers) > 4:
            _tokenizers.popitem(last=False)
        return tokenizer


def segment(text: str, user_words: tuple[str, ...] = ()) -> list[str]:
    """Words of an already normalised text; punctuation and spaces dropped."""
    tokenizer = tokenizer_for(tuple(user_words))
    return [w for w in tokenizer.lcut(text, HMM=True) if w.strip() and _WORD.search(w)]


def tokens(text: str, user_words: tuple[str, ...] = ()) -> list[str]:
    """Normalise then segment: the words an analysis sees."""
    return segment(normalise(text), user_words)


# The deployment's own vocabulary ---------------------------------------------------

_NAME_SUFFIXES = ("居民委员会", "村民委员会", "办事处", "人民政府")


def name_variants(name: str, short_name: str = "") -> set[str]:
    """清姜社区居民委员会 -> also 清姜社区; 清姜街道办事处 -> also 清姜街道."""
    found = set()
    for raw in (name, short_name):
        raw = normalise(raw or "").replace(" ", "")
        if len(raw) < 2:
            continue
        found.add(raw)
        for suffix in _NAME_SUFFIXES:
            if raw.endswith(suffix) and len(raw) > len(suffix) + 1:
                stem = raw.removesuffix(suffix)
                found.add(stem)
                if suffix == "居民委员会" and not stem.endswith("社区"):
                    found.add(stem + "社区")
                if suffix == "村民委员会":
                    found.add(stem + "村")
    return found


def build_user_words(department_names, category_names) -> tuple[str, ...]:
    """Sorted, deduplicated words from (name, short_name) pairs and category names."""
    words: set[str] = set()
    for name, short_name in department_names:
        words |= name_variants(name, short_name)
    for name in category_names:
        name = normalise(name or "").replace(" ", "")
        if len(name) >= 2:
            words.add(name)
    return tuple(sorted(words))


_DB_WORDS_LOCK = threading.Lock()
_db_words: tuple[str, ...] | None = None


def deployment_words() -> tuple[str, ...]:
    """The user dictionary from this deployment's departments and categories, cached.

    Saving or deleting a department or a category clears the cache (see apps.py); training
    always rebuilds it.
    """
    global _db_words
    with _DB_WORDS_LOCK:
        if _db_words is None:
            _db_words = _load_deployment_words()
        return _db_words


def forget_deployment_words(**_kwargs) -> None:
    global _db_words
    with _DB_WORDS_LOCK:
        _db_words = None


def _load_deployment_words() -> tuple[str, ...]:
    # Not at the top: the classifier's worker processes import this module without Django
    # (a cycle with the app registry, which is not loaded there).
    from huying.accounts.models import Department
    from huying.taxonomy.models import Category

    departments = Department.objects.filter(is_active=True).values_list("name", "short_name")
    categories = Category.objects.filter(is_active=True).values_list("name", flat=True)
    return build_user_words(list(departments), list(categories))
