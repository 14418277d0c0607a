"""A router model keeps what it learnt from: once an appeal's personal data is erased, the
daily task trains the router anew on the masked text and deletes every older model file."""

import datetime
import pickle

import joblib

from huying.appeals.tasks import erase_expired_personal_data
from huying.demo.appeals import generate_appeal_texts
from huying.triage import actions, router
from huying.triage.tasks import forget_erased_text_in_models
from huying.triage.tests.conftest import submit_text
from huying.workorders import actions as workorder_actions

GIVEN_NAME = "梦琪"
PHONE = "13947218365"


def words_in_model_files() -> bytes:
    return b"".join(pickle.dumps(joblib.load(path)) for path in router.models_dir().glob("*.joblib"))


def test_no_model_file_keeps_an_erased_appeals_words(history, district, dispatcher, settings, monkeypatch):
    settings.HUYING_RETENTION_DAYS = 365
    history(100, seed=1)  # enough for every head to train, before and after the erasure
    text = {
        **generate_appeal_texts(1, seed=7)[0],
        "title": f"欧阳{GIVEN_NAME}反映路灯",
        "description": f"我叫欧阳{GIVEN_NAME}，电话{PHONE}，路灯坏了。",
    }
    canary = submit_text(district, text)
    category, lead = district.labels(text)
    example = actions.record_confirmed_choice(canary.pk, category.pk, lead.pk, dispatcher.pk)
    # One example in five is held out by its key's hash, and the gate's fit (kept in a file of
    # its own) never learns it: the canary must be in both files, or the test would prove less.
    held_out = router.is_held_out
    monkeypatch.setattr(router, "is_held_out", lambda key: key != f"example-{example.pk}" and held_out(key))
    router.train_router(progress=False, jobs=1, folds=3, force=True)
    assert GIVEN_NAME.encode() in words_in_model_files() and PHONE.encode() in words_in_model_files()

    long_ago = datetime.datetime(2021, 3, 1, 9, 0, tzinfo=datetime.UTC)
    workorder_actions.reject(dispatcher, canary, reason="out_of_scope", now=long_ago)
    erase_expired_personal_data.call_local()
    forget_erased_text_in_models.call_local()

    assert router.live_models(), "the router was trained anew"
    found = words_in_model_files()
    assert GIVEN_NAME.encode() not in found and PHONE.encode() not in found
