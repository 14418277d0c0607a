"""Demo data: residents press "我也遇到了" on published appeals that belong to hot issues.

The demo's appeals were grouped as they were indexed (the duplicates step); here some
residents support them, over the last weeks, a few giving a phone and consent, through
the same action as the board's button.  Then the hourly regrouping runs once.
"""

import datetime
import random
from collections import Counter

from django.utils import timezone

from huying.accounts.models import Role, User
from huying.appeals.models import Appeal
from huying.hot import actions
from huying.hot.models import HotIssue

DEMO_SEED = 15


def create_demo_supports(progress=None) -> int:
    rng = random.Random(DEMO_SEED)
    now = timezone.now()
    actions.recompute(now=now)
    hot = list(HotIssue.objects.active().order_by("-heat_90", "pk")[:8])
    given = 0
    for rank, issue in enumerate(hot):
        published = list(Appeal.objects.published().filter(hot_member__hot_issue=issue).order_by("pk"))
        if not published:
            continue
        for n in range(rng.randint(2, 9 - rank // 2)):
            appeal = rng.choice(published)
            phone = f"1370000{rank:02d}{n:02d}" if n % 3 == 0 else ""
            moment = now - datetime.timedelta(days=rng.uniform(0, 20), hours=rng.uniform(0, 12))
            actions.support(
                appeal, browser=f"demo-{rank}-{n}", phone=phone, consent=bool(phone) and n % 2 == 0, now=moment
            )
            given += 1
            if progress:
                progress()
    _split_one(now)
    actions.recompute(now=now)
    actions.refresh_active(now=now)
    return given


def _split_one(now) -> None:
    """The dispatch centre splits off what was joined wrongly: the hottest hot issue whose
    appeals carry two different titles loses those with the rarer one (a kept rule)."""
    dispatcher = User.objects.filter(role=Role.DISPATCHER, is_active=True).order_by("pk").first()
    if dispatcher is None:
        return
    for issue in HotIssue.objects.active().order_by("-heat_90", "pk")[:10]:
        titles = dict(issue.members.values_list("appeal_id", "appeal__title"))
        counts = Counter(titles.values())
        if len(counts) < 2:
            continue
        rarest = min(counts, key=lambda title: (counts[title], title))
        actions.split(
            issue,
            [pk for pk, title in titles.items() if title == rarest],
            user=dispatcher,
            reason="这几件说的是另一件事，不是同一个问题",
            now=now,
        )
        return
