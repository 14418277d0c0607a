"""The text pipeline: what the router and the duplicate finder read."""

import numpy as np
import pytest

from huying.accounts.models import Department
from huying.triage.classifier import TextClassifier, prepare
from huying.triage.text import (
    build_user_words,
    deployment_words,
    forget_deployment_words,
    normalise,
    segment,
    strip_boilerplate,
    tokens,
)

HANS = "尊敬的领导：您好！我们小区的路灯坏了三个月，晚上出门很不安全，请尽快维修。谢谢！"
HANT = "尊敬的領導：您好！我們小區的路燈壞了三個月，晚上出門很不安全，請儘快維修。謝謝！"


def test_traditional_text_reads_the_same_as_its_simplified_form():
    assert normalise(HANT) == normalise(HANS)
    assert tokens(HANT) == tokens(HANS)


def test_traditional_text_gets_the_same_features_and_prediction_as_simplified():
    titles = ["路灯坏了", "学校收费", "路灯不亮", "学校乱收费", "路灯维修", "学校补课"]
    bodies = ["小区路灯坏了", "学校乱收补课费", "路灯一直不亮", "学校收取资料费", "请维修路灯", "学校周末补课"]
    labels = ["城建", "教育", "城建", "教育", "城建", "教育"]
    model = TextClassifier().fit(titles, bodies, labels)
    hans, hant = prepare("小區路燈壞了", HANT), prepare("小区路灯坏了", HANS)
    assert (model.features([hans]) != model.features([hant])).nnz == 0
    assert np.allclose(model.predict_proba_docs([hans]), model.predict_proba_docs([hant]))


def test_full_width_digits_and_letters_become_half_width():
    assert normalise("１２３号楼ＡＢ座，电话１３９") == "123号楼ab座,电话139"
    assert "123" in tokens("我家在１２３号楼")


def test_greetings_closings_and_board_stamps_are_removed():
    text = "尊敬的胡书记您好：留言时间：2019-03-02 10:11:12 楼下烧烤店油烟太大！！！！此致敬礼"
    assert normalise(text) == "楼下烧烤店油烟太大!"
    assert strip_boilerplate("您好，请问社保怎么交？万分感谢！") == "请问社保怎么交？"
    assert normalise("领导好，学校收费问题。盼复，谢谢！") == "学校收费问题。"
    assert normalise("噪音扰民严重。一位市民 2024年3月2日") == "噪音扰民严重"


def test_the_text_itself_is_kept_when_there_is_no_boilerplate():
    assert normalise("感谢政策让我们受益，但补贴还没到账") == "感谢政策让我们受益,但补贴还没到账"


def test_place_and_category_names_stay_whole_words():
    words = build_user_words([("茵香河社区居民委员会", "茵香河社区"), ("清姜街道办事处", "")], ["城市建设和市政管理"])
    cut = segment(normalise("茵香河社区门口垃圾成堆，清姜街道不管，属于城市建设和市政管理问题"), words)
    assert "茵香河社区" in cut
    assert "清姜街道" in cut
    assert "城市建设和市政管理" in cut


@pytest.mark.django_db
def test_the_dictionary_comes_from_the_deployments_departments_and_follows_their_changes(org):
    forget_deployment_words()
    assert "一社区" in deployment_words()
    assert "晁峪社区" not in deployment_words()
    Department.objects.create(name="晁峪社区居民委员会", kind=Department.Kind.COMMUNITY, parent=org.street)
    words = deployment_words()
    assert "晁峪社区居民委员会" in words and "晁峪社区" in words
    assert "晁峪社区" in segment(normalise("晁峪社区的路灯坏了"), words)


def test_a_long_body_is_read_only_as_far_as_the_router_looks():
    from huying.triage.classifier import BODY_CHARS, WORD_CHARS

    body = "小区路灯坏了很久。" * 400 + "学校乱收费"
    doc = prepare("路灯", body)
    assert len(doc.body) == BODY_CHARS
    assert "".join(doc.body_words) == normalise(body)[:WORD_CHARS].replace("。", "")
    assert "学校" not in doc.body and "学校" not in doc.body_words


def test_one_text_gets_exactly_the_features_sklearn_would_compute():
    """The hand-written single-text path (used for every prediction in the app) must agree
    with TfidfVectorizer.transform (used for batches)."""
    from huying.demo.appeals import generate_appeal_texts

    texts = generate_appeal_texts(80, seed=5)
    model = TextClassifier().fit(
        [t["title"] for t in texts], [t["description"] for t in texts], [t["category"] for t in texts]
    )
    docs = [prepare(t["title"], t["description"]) for t in generate_appeal_texts(30, seed=6)]
    docs.append(prepare("", ""))
    docs.append(prepare("没见过的字词", "全新的内容𠀀"))
    batch = model.features(docs)  # more than FAST_PATH_DOCS: sklearn's transform
    for i, doc in enumerate(docs):
        one = model.features([doc])
        assert np.array_equal(one.indices, batch[i].indices)
        assert np.allclose(one.toarray(), batch[i].toarray(), atol=1e-6)
