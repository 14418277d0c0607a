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


@functools.cache
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = _converter().convert(text).lower()
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
