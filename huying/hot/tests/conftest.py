import pytest

from huying.appeals.tests.factories import make_appeal

# Residents writing, each in their own words, about one problem at one place.
NOISE = [
    ("柳湖小区旁搅拌站夜间噪音扰民", "柳湖小区东侧的搅拌站每天晚上施工到凌晨，噪音很大，粉尘也多，居民无法休息。"),
    ("投诉柳湖小区附近搅拌站噪音", "柳湖小区附近新建的搅拌站日夜作业，搅拌机噪音和粉尘严重影响柳湖小区居民休息。"),
    ("柳湖小区搅拌站粉尘噪音问题", "我们柳湖小区旁边的搅拌站晚上不停工，噪音扰民，粉尘落满阳台，请尽快整治搅拌站。"),
]
# The first of them, as a resident typing in traditional characters writes it.
NOISE_TRADITIONAL = (
    "柳湖小區旁攪拌站夜間噪音擾民",
    "柳湖小區東側的攪拌站每天晚上施工到凌晨，噪音很大，粉塵也多，居民無法休息。",
)
# Another problem in the same street.
PARKING = ("渭工路停车收费标准不透明", "渭工路两侧的停车位收费没有公示标准，收费员随意收取停车费，请物价部门核查。")


@pytest.fixture
def write(org, django_capture_on_commit_callbacks):
    """`write(title, description, phone=…)`: an appeal submitted and indexed as a resident's is."""
    numbers = iter(range(13900002000, 13900009000))

    def make(title, description, *, phone=None, **extra):
        # The background work queued on commit (indexing, then placing) runs as it would.
        with django_capture_on_commit_callbacks(execute=True):
            return make_appeal(
                org, title=title, description=description, phone=phone or str(next(numbers)), triage=True, **extra
            )

    return make
