"""Demo data: practical matters in every status, written through the actions.

One is modelled on the 36 retired workers' property certificates, one on the renovation of
old communities, one is taken up from the hottest hot issue; they are started, their
milestones completed or moved (with a public reason), done and accepted, at dates in the past.
"""

import datetime

from django.utils import timezone

from huying.accounts.models import Department, Role, User
from huying.hot.models import HotIssue
from huying.matters import actions
from huying.matters.models import PracticalMatter


def _user(role, department=None):
    users = User.objects.filter(role=role, is_active=True)
    if department is not None:
        users = users.filter(department=department)
    return users.order_by("pk").first()


def create_demo_matters(progress=None) -> int:
    if PracticalMatter.objects.exists():
        return 0
    now = timezone.now()
    today = timezone.localdate(now)
    leader, supervisor = _user(Role.LEADER), _user(Role.SUPERVISOR)
    housing = Department.objects.get(name="区住房和城乡建设局")
    property_centre = Department.objects.get(name="区不动产登记管理中心")
    handler_of = {d.pk: _user(Role.HANDLER, d) for d in (housing, property_centre)}

    def day(n):
        return today + datetime.timedelta(days=n)

    def at(n):
        return now + datetime.timedelta(days=n)

    made = []

    def make(title, problem, lead, completion, milestones, **extra):
        matter = actions.create_matter(
            user=leader,
            title=title,
            problem=problem,
            lead=lead,
            planned_completion=completion,
            milestones=milestones,
            now=at(-120),
            **extra,
        )
        made.append(matter)
        if progress:
            progress()
        return matter

    # Done and accepted: the retired workers' property certificates.
    certificates = make(
        "为36名退休职工办理不动产权证",
        "原厂区住宅建成20年，36名退休职工一直没有拿到房产证。",
        property_centre,
        day(-20),
        [("摸清产权遗留问题", day(-90), 1), ("补齐土地和规划手续", day(-50), 2), ("集中发放不动产权证", day(-25), 1)],
        beneficiaries=36,
        beneficiaries_who="36名退休职工",
        co_handlers=[housing],
    )
    lead = handler_of[property_centre.pk]
    actions.start(certificates, lead, now=at(-100))
    for n, milestone in enumerate(certificates.milestones.all()):
        actions.complete_milestone(milestone, lead, note="已按期完成", on=milestone.planned_date, now=at(-85 + 30 * n))
    actions.complete(certificates, lead, now=at(-24))
    actions.accept(certificates, supervisor, reason="现场核验，证书已全部发放", now=at(-15))

    # In progress, one date moved: the old communities' renovation.
    renovation = make(
        "老旧小区改造",
        "全区432个老旧小区管网老化、楼道破损、缺少停车和照明。",
        housing,
        day(200),
        [("改造方案征求居民意见", day(-60), 1), ("首批小区开工", day(-10), 2), ("全部完工验收", day(190), 3)],
        beneficiaries=432,
        beneficiaries_who="432个老旧小区的居民",
        budget=12000000,
    )
    lead = handler_of[housing.pk]
    actions.start(renovation, lead, now=at(-70))
    first, second, _last = renovation.milestones.all()
    actions.complete_milestone(first, lead, note="收集意见1200余条", on=first.planned_date, now=at(-59))
    actions.move_milestone(second, lead, to=day(1), reason="雨季推迟开工，避免影响居民出行", now=at(-12))

    # From the hottest hot issue: planned.
    hot = HotIssue.objects.active().order_by("-heat_90", "pk").first()
    if hot is not None:
        make(
            f"解决{hot.title[:30]}",
            "多位群众反映同一问题，列入办实事清单集中解决。",
            housing,
            day(60),
            [("现场调查", day(10), 1), ("整改完成", day(50), 2)],
            hot_issue=hot,
        )
    # Done, awaiting acceptance; and a plain planned one.
    lighting = make(
        "背街小巷路灯全覆盖",
        "部分背街小巷没有路灯，夜间出行不安全。",
        housing,
        day(-5),
        [("安装路灯", day(-30), 1)],
        beneficiaries=5000,
        beneficiaries_who="沿线居民",
    )
    actions.start(lighting, lead, now=at(-40))
    actions.complete_milestone(lighting.milestones.first(), lead, on=day(-31), now=at(-31))
    actions.complete(lighting, lead, now=at(-6))
    make("社区老年食堂", "老年人就餐难。", housing, day(120), [("选址", day(30), 1), ("开业", day(110), 1)])
    return len(made)
