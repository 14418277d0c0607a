"""Text as the duplicate finder compares it: normalised, cut into character bigrams.

For analysis only; what residents and staff see is never altered.  Full-width forms become
half-width (NFKC), traditional characters become simplified (OpenCC t2s, so an appeal typed
in zh-Hant matches its zh-Hans twin), letters are lower-cased and everything that is not a
letter or digit goes.  Bigrams made only of letter-writing boilerplate ("尊敬的领导您好",
"希望有关部门尽快解决") are dropped: they make unrelated letters look alike.
"""

import functools
import re
import unicodedata

import numpy as np

from huying.lib.chinese import to_simplified

_NOT_WORD = re.compile(r"[\W_]+")

# Words every appeal may contain whatever it is about: greetings, the addressees, the
# asking, the linking words.  Their bigrams carry no sign of the place or the problem.
_BOILERPLATE = """
我们 你们 他们 小区 业主 居民 领导 您好 你好 尊敬 书记 市长 局长 县长 希望 相关 部门 有关
问题 反映 投诉 严重 影响 解决 请求 政府 已经 没有 一个 什么 为什么 这个 那个 可以 进行 情况
目前 现在 多次 要求 以及 但是 而且 由于 因为 所以 如果 还是 就是 这样 时候 谢谢 感谢 百忙
之中 是否 能否 请问 咨询 建议 尽快 处理 市民 群众 百姓 生活 工作 不能 不是 本人 我家 一下
大家 真的 非常 特别 很多 为了 对于 关于 通过 按照 根据 规定 国家 地方 各级 主管 单位 直接
导致 造成 存在 发生 出现 办理 管理 了解 知道 表示 认为 发现 恳请 重视 关注 回复 答复 联系
电话 加快 力度 刻不容缓 大力 倡导 背景 具体 行动 政策 市委 市政府 一直 不知 何时 多年 至今
今年 去年 每天 晚上 白天 期间 之前 以后 之后 其中 其他 这些 那些 这里 那里 自己 为何 怎么
如何 到底 应该 需要 必须
"""
BOILERPLATE_WORDS = tuple(_BOILERPLATE.split())


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = to_simplified(text).lower()
    return _NOT_WORD.sub("", text)


def codepoints(text: str) -> np.ndarray:
    """The normalised text as an array of code points (uint64), ready for shingling."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def bigram_codes(text: str) -> np.ndarray:
    """Distinct character bigrams of a normalised text, each packed in one integer.

    A code point needs 21 bits, so (first << 21) | second is exact: no hashing yet, and
    the same bigram gives the same number in every process.
    """
    cps = codepoints(text)
    if cps.size < 2:
        return cps if cps.size else np.empty(0, dtype=np.uint64)
    codes = np.unique((cps[:-1] << np.uint64(21)) | cps[1:])
    return codes[~np.isin(codes, _boilerplate_codes(), assume_unique=True)]


@functools.cache
def _boilerplate_codes() -> np.ndarray:
    codes = set()
    for word in BOILERPLATE_WORDS:
        for first, second in zip(word, word[1:], strict=False):
            codes.add((ord(first) << 21) | ord(second))
    return np.array(sorted(codes), dtype=np.uint64)


# Words ---------------------------------------------------------------------------------
# Two letters about one problem share its words (搅拌站, 停车费, 油烟) and its place's name
# even when written independently; their bigram sets barely overlap.  So the finder also
# compares the content words (jieba), weighted by how rare they are among the deployment's
# own appeals (see index.py).  Function words and letter-writing words carry nothing.
_FUNCTION_WORDS = """
的 了 是 在 和 与 及 或 也 都 就 还 又 被 把 让 给 对 从 向 到 为 以 于 而 但 并 且 等 之 其
这 那 我 你 他 她 它 您 啊 吗 呢 吧 呀 哦 嘛 请 望 盼 能 会 要 想 该 可 不 没 无 有 很 太 最 更
再 才 已 将 所 如 若 则 因 故 此 各 每 某 个 位 些 么 怎 谁 哪 几 多 少 一些 一直 一下 还有 不要
只有 是不是 这么 那么 怎么办 怎样 能够 可能 恳请 非常感谢 万分感谢 请问 问题 反映 解决
"""
STOP_WORDS = frozenset(BOILERPLATE_WORDS) | frozenset(_FUNCTION_WORDS.split())
# Analysis reads the start of very long texts only: time per appeal stays bounded.
MAX_ANALYSED_CHARS = 3000
_HAS_WORD_CHAR = re.compile(r"[\u4e00-\u9fffa-z0-9]")


def prepare(text: str) -> str:
    """Normalised like `normalise`, but punctuation kept: jieba cuts better at sentence ends."""
    text = unicodedata.normalize("NFKC", (text or "")[:MAX_ANALYSED_CHARS])
    return to_simplified(text).lower()


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def content_words(text: str) -> list[str]:
    """The words of a prepared text that may say what and where: no function or boilerplate
    words, no single characters, no short numbers; repeated as often as they occur."""
    out = []
    for word in _jieba().lcut(text):
        if len(word) < 2 or word in STOP_WORDS or not _HAS_WORD_CHAR.search(word):
            continue
        if word.isdigit() and len(word) < 3:
            continue
        out.append(word)
    return out


# Places --------------------------------------------------------------------------------
# A name followed by what kind of place it is: 柏家塘小区, 望仙路, 丽发新城, 青山新村社区.
_PLACE_KINDS = (
    "小区|花园|家园|新城|新村|公寓|大厦|广场|社区|村|路|街|大道|学校|小学|中学|幼儿园|医院|公园|"
    "山庄|镇|乡|街道|楼盘|商城|市场|湾|苑|府|庭|郡|城|国际|中心"
)
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,7}?)(?:" + _PLACE_KINDS + ")")
# What may stand before a name: the district or street (A3区, 天顶街道), the asking.
_PLACE_ADMIN = re.compile(r"^.*?(?:街道|办事处|[区县市省镇乡])(?=[\u4e00-\u9fff]{2})")
_PLACE_LEAD = re.compile(
    r"^(?:关于|投诉|举报|反映|请问|咨询|建议|请求|恳请|强烈|要求|希望|解决|问问|我是|位于|地处|住在|在|对|的|请|和|与|及|是|了|有)+"
)
_NOT_A_NAME_WORDS = (
    "本 该 我们 我 这个 周边 附近 整个 全 各 老 新 县 市 区 省 东 西 南 北 中 大 小 这 那 其他 所在 同 本地"
)
_NOT_A_NAME = frozenset(_NOT_A_NAME_WORDS.split())
# Places are looked for in the title and the start of the description, where letters say
# where they are about.
PLACE_CHARS = 300


def place_names(text: str) -> set[str]:
    """Names of estates, roads, villages, schools... in a prepared text (rough: a name's
    characters are compared two by two, so a stray character or two does no harm)."""
    names = set()
    for chunk in re.split(r"[^\u4e00-\u9fff]+", text):
        position = 0
        while match := _PLACE.search(chunk, position):
            name = match.group(1)
            if len(name) > 2:
                name = _PLACE_ADMIN.sub("", name)
            name = _PLACE_LEAD.sub("", name)
            if len(name) >= 2 and name not in _NOT_A_NAME:
                names.add(name)
            position = match.end()
    return names


def place_bigrams(names) -> set[str]:
    return {name[i : i + 2] for name in names for i in range(len(name) - 1)}
