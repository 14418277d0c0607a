"""The demo district's work orders: appeals taken through the lifecycle by the real actions.

Runs after the residents' appeals step.  It adds appeals (web and staff-entered) so the
district holds at least 300, then moves them, and the residents' ones, through review,
dispatch, acceptance, returns, co-handling, extensions, replies, follow-ups, reopens,
closing and publishing on the board, over the past eight weeks: every action is called
with the moment it happened (`now=`), so every state is reached the way staff reach it,
including overdue work, appeals joined to an earlier one's work order (each followed up
on its own), repeats rejected with a link, and a confidential report.
"""

import datetime
import random

from django.utils import timezone

from huying.accounts.models import Department, Role, User
from huying.appeals.models import Appeal
from huying.appeals.validators import normalise_phone
from huying.board import actions as board_actions
from huying.demo.appeals import generate_appeal_texts
from huying.notifications.actions import recorded_as_sent
from huying.taxonomy.models import Category
from huying.workorders import actions as workorder_actions
from huying.workorders.actions import enter_appeal
from huying.workorders.models import Assignment, Reply, State, WorkOrder
from huying.workorders.transitions import JOINABLE, WorkflowError

DEMO_SEED = 4
TOTAL_APPEALS = 320
WEEKS = 8
# What the demo aims each appeal at; the clock may stop it earlier (recent appeals).
TARGETS = [
    ("submitted", 5),
    ("reviewed", 3),
    ("rejected", 4),
    ("joined", 5),
    ("repeat", 2),
    ("answered", 4),
    ("dispatched", 6),
    ("returned", 4),
    ("accepted", 4),
    ("in_progress", 12),
    ("reply_review", 6),
    ("replied", 8),
    ("followed_up", 7),
    ("reopened", 5),
    ("awaiting_decision", 2),
    ("closed", 30),
]
ORDER = [name for name, _weight in TARGETS]
ENTRY_CHANNELS = ["phone", "phone", "phone", "phone", "letter", "walk_in", "grid_worker", "leader_mailbox"]
REPLIES = [
    "经核实，您反映的问题属实。我单位已安排工作人员现场处理，目前已整改完毕，感谢您对我们工作的监督。",
    "收到您的诉求后，我单位立即联系相关责任单位现场查看，已制定整改方案，预计两周内完成。",
    "您反映的情况我们已了解。经调查，相关政策规定如下，具体可到政务服务中心窗口咨询办理。",
    "经协调，相关单位已于本周完成维修，后续将加强日常巡查，防止类似问题再次发生。",
    "您好，您咨询的事项可通过“清渭政务服务”网上办理，也可携带身份证到区政务服务中心二楼窗口办理。",
]
INPUTS = [
    "经我单位核查，该事项涉及的管线归属已明确，我们将配合承办单位现场处置。",
    "我单位已派员参加现场会商，同意承办单位提出的处理方案。",
    "根据职责分工，我单位负责后续监管，已纳入日常巡查。",
]


class Demo:
    def __init__(self, rng, real_now):

        self.rng = rng
        self.real_now = real_now
        self.dispatcher = User.objects.get(username="dispatcher")
        self.supervisor = User.objects.filter(role=Role.SUPERVISOR).first()
        self.departments = list(Department.objects.handling())
        self.by_short = {d.short_name: d for d in self.departments if d.short_name}
        self.streets = [d for d in self.departments if d.is_street]
        self.handlers = {}
        for user in User.objects.filter(role=Role.HANDLER, is_active=True).order_by("id"):
            self.handlers.setdefault(user.department_id, user)
        self.Department, self.User, self.Role = Department, User, Role

    def handler(self, department):
        """The department's handler: each has a demo login (DEPARTMENT_LOGINS), so the demo's
        work can be walked through as that department."""
        user = self.handlers.get(department.pk)
        if user is None:
            raise LookupError(f"{department.name} has no demo login: add it to demo/logins.py DEPARTMENT_LOGINS")
        return user

    def choose_departments(self, appeal):
        rng = self.rng
        category = appeal.category
        lead = category.effective_lead_department() if category else None
        # Local matters go to the street more often than not: it forwards them to communities.
        if appeal.street_id and (lead is None or rng.random() < 0.35):
            lead = appeal.street
        if lead is None:
            lead = rng.choice(self.departments)
        co_handlers = []
        if rng.random() < 0.35:
            co_handlers = [rng.choice([d for d in self.departments if d.pk != lead.pk])]
        return lead, co_handlers


def _category_for(appeal, text, roots, subs, rng):
    if appeal.category_id:
        return appeal.category
    text = text or {}
    name = text.get("category")
    return subs.get((name, text.get("subcategory"))) or roots.get(name) or rng.choice(list(roots.values()))


class _At:
    """The lifecycle's actions, each called with the demo clock's moment as `now`."""

    def __init__(self, clock, *modules):
        self.clock, self.modules = clock, modules

    def __getattr__(self, name):
        fn = next(getattr(m, name) for m in self.modules if hasattr(m, name))
        return lambda *args, **kwargs: fn(*args, now=self.clock["now"], **kwargs)


def _run(demo, appeal, target, clock, *, text=None, roots=None, subs=None, duplicate_of=None):
    """Move one appeal towards `target`, a step at a time, while the demo's clock allows."""

    actions = _At(clock, workorder_actions, board_actions)
    rng = demo.rng
    d = demo.dispatcher

    def later(low_hours, high_hours) -> bool:
        clock["now"] += datetime.timedelta(hours=rng.uniform(low_hours, high_hours))
        return clock["now"] < demo.real_now - datetime.timedelta(minutes=10)

    try:
        if target == State.SUBMITTED or not later(0.5, 8):
            return
        if target == State.REJECTED:
            reason = rng.choice(["spam", "out_of_scope", "not_enough_information"])
            notes = {
                "spam": "",
                "out_of_scope": "该事项属于市级部门职责，请拨打12345转市级热线。",
                "not_enough_information": "请补充具体地点和时间后重新反映。",
            }
            actions.reject(d, appeal, reason=reason, note=notes[reason])
            return
        if target == "repeat" and duplicate_of is not None:
            actions.reject_duplicate(
                d, appeal, duplicate_of=duplicate_of, note="您反映的问题已答复，请查看原诉求的答复。"
            )
            return
        if target == "joined" and duplicate_of is not None:
            actions.join(d, appeal, into=duplicate_of, note="同一问题已有群众反映，并入办理。")
            # Each resident of the shared work order is followed up on their own.
            if appeal.__class__.objects.get(pk=appeal.pk).status == State.REPLIED and later(20, 60):
                if rng.random() < 0.5:
                    actions.rate(appeal, satisfaction=rng.choice(["satisfied", "fairly_satisfied"]))
                else:
                    actions.follow_up(d, appeal, satisfaction="satisfied", solved=True)
                if appeal.__class__.objects.get(pk=appeal.pk).work_order.state == State.FOLLOWED_UP and later(2, 20):
                    actions.close(d, appeal)
            return
        if target == "answered" and appeal.kind == "enquiry":
            actions.answer_directly(d, appeal, text=rng.choice(REPLIES[2:]))
            if later(20, 60):
                actions.follow_up(d, appeal, satisfaction="satisfied", solved=True)
                if later(2, 20):
                    actions.close(d, appeal)
            return
        if appeal.status == State.SUBMITTED:
            actions.review(d, appeal)
        if target == State.REVIEWED or not later(0.5, 6):
            return
        category = _category_for(appeal, text, roots, subs, rng)
        lead, co_handlers = demo.choose_departments(appeal)
        actions.dispatch(d, appeal, category=category, lead=lead, co_handlers=co_handlers, confirm_named=True)
        lead_user = demo.handler(lead)
        if target == State.DISPATCHED:
            return
        # Some go back to the dispatch centre first: the wrong department was chosen.
        if target == State.RETURNED or rng.random() < 0.1:
            if not later(1, 20):
                return
            actions.return_work_order(lead_user, appeal, reason="经核实，该事项不属于本单位职责范围，请重新派单。")
            if target == State.RETURNED or not later(1, 8):
                return
            others = [x for x in demo.departments if x.pk != lead.pk and x not in co_handlers]
            lead = rng.choice(others)
            actions.redispatch(
                d, appeal, lead=lead, co_handlers=co_handlers, confirm_named=True, reason="按退单意见改派。"
            )
            lead_user = demo.handler(lead)
        if not later(1, 20):
            return
        actions.accept(lead_user, appeal)
        if target == State.ACCEPTED and co_handlers:
            return
        for co in co_handlers:
            if later(1, 16):
                actions.accept(demo.handler(co), appeal)
        if lead.is_street and rng.random() < 0.7:
            communities = list(lead.children.filter(is_active=True))
            if communities:
                actions.forward(lead_user, appeal, community=rng.choice(communities))
                actions.add_note(demo.handler(lead), appeal, text="已转社区网格员上门核实。")
        if target == State.IN_PROGRESS:
            # Some stay in progress long enough to be overdue; some ask for more time.
            if rng.random() < 0.3 and later(24, 72):
                actions.request_extension(
                    lead_user, appeal, days=rng.choice([3, 5, 10]), reason="涉及多个部门协调，需要更多时间。"
                )
            return
        for co in co_handlers:
            if later(10, 60):
                part = Assignment.objects.filter(
                    work_order__appeals=appeal, department=co, replaced_at__isnull=True
                ).first()
                if part is not None and part.status == Assignment.Status.ACCEPTED:
                    actions.give_input(demo.handler(co), appeal, text=rng.choice(INPUTS))
        if rng.random() < 0.15 and later(10, 40):
            actions.request_extension(lead_user, appeal, days=rng.choice([3, 5]), reason="需等待检测报告。")
            if later(2, 20):
                if rng.random() < 0.8:
                    actions.approve_extension(d, appeal, note="同意延期。")
                else:
                    actions.deny_extension(d, appeal, note="该事项可在原期限内办结。")
        if not later(24, 110):
            return
        answer = rng.choice(REPLIES)
        if lead.public_phone and rng.random() < 0.5:
            answer += f"如有疑问，可拨打{lead.short_name or lead.name}电话{lead.public_phone}咨询。"
        actions.reply(lead_user, appeal, text=answer)
        if target == State.REPLY_REVIEW or not later(2, 24):
            return
        actions.publish_reply(d, appeal)
        if appeal.allow_publish and not appeal.is_report and not appeal.is_published and rng.random() < 0.75:
            actions.publish(d, appeal)
        if target == State.REPLIED or not later(20, 70):
            return
        rounds = {"reopened": 1, "awaiting_decision": 99}.get(target, 0)
        while True:
            if rounds > 0:
                actions.follow_up(d, appeal, satisfaction="unsatisfied", solved=False, comment="群众表示问题仍未解决。")
                rounds -= 1
                state = appeal.__class__.objects.get(pk=appeal.pk).work_order.state
                if state == State.AWAITING_DECISION:
                    if demo.supervisor is not None and rng.random() < 0.4 and later(10, 40):
                        actions.supervisor_close(demo.supervisor, appeal, reason="已多次办理，诉求超出政策范围。")
                    return
                if target == State.REOPENED or not later(24, 90):
                    return
                actions.reply(
                    lead_user, appeal, text="针对群众再次反映的问题，已重新组织现场处理。" + rng.choice(REPLIES)
                )
                if not later(2, 20):
                    return
                actions.publish_reply(d, appeal)
                if not later(20, 60):
                    return
                continue
            break
        satisfaction = rng.choice(["satisfied", "satisfied", "satisfied", "fairly_satisfied"])
        if rng.random() < 0.25:
            actions.rate(appeal, satisfaction=satisfaction, comment="")
        else:
            actions.follow_up(d, appeal, satisfaction=satisfaction, solved=True)
        if target == State.FOLLOWED_UP or not later(2, 30):
            return
        # Closed once every resident of the work order was followed up.
        if appeal.__class__.objects.get(pk=appeal.pk).work_order.state == State.FOLLOWED_UP:
            actions.close(d, appeal)
    except WorkflowError:
        # A demo path the table refuses (say, a merge target that was rejected) just stops.
        return


def create_demo_work_orders(progress=None, total: int = TOTAL_APPEALS, seed: int = DEMO_SEED) -> int:
    """Bring the demo to `total` appeals and take them through the lifecycle; returns how many moved."""
    from huying.appeals.actions import submit_appeal

    if WorkOrder.objects.exists() or not Appeal.objects.exists():
        return 0
    rng = random.Random(seed)
    real_now = timezone.now()
    demo = Demo(rng, real_now)
    departments = {
        (d.parent.name if d.parent_id else "", d.name): d for d in demo.Department.objects.select_related("parent")
    }
    roots = {c.name: c for c in Category.objects.roots()}
    subs = {(c.parent.name, c.name): c for c in Category.objects.filter(level=2).select_related("parent")}
    existing = list(Appeal.objects.filter(work_order__isnull=True).order_by("created", "id"))
    texts = generate_appeal_texts(max(total - len(existing), 0), seed)
    start = real_now - datetime.timedelta(weeks=WEEKS)
    moments = sorted(start + datetime.timedelta(seconds=rng.uniform(0, WEEKS * 7 * 86400 - 3600)) for _ in texts)
    weights = [w for _name, w in TARGETS]
    plan = []  # (moment, appeal or text, target)
    for appeal in existing:
        target = rng.choices(ORDER, weights)[0]
        if appeal.allow_publish and appeal.kind != "report" and rng.random() < 0.6:
            # Most of the residents' consented appeals reach a reply, and so the public board.
            target = rng.choice(["replied", "followed_up", "closed", "closed"])
        plan.append((appeal.created, appeal, None, target))
    for text, moment in zip(texts, moments, strict=True):
        target = rng.choices(ORDER, weights)[0]
        if text["kind"] == "enquiry" and rng.random() < 0.4:
            target = "answered"
        elif target == "answered" and text["kind"] != "enquiry":
            target = "closed"
        plan.append((moment, None, text, target))
    plan.sort(key=lambda item: item[0])

    moved = 0
    handled = []  # appeals already through dispatch, for duplicates to point at
    clock = {"now": start}
    with recorded_as_sent():
        # One confidential report that names the department it must go to: the dispatcher
        # is warned and confirms.
        clock["now"] = real_now - datetime.timedelta(days=9)
        report = _submit(
            submit_appeal,
            normalise_phone,
            departments,
            roots,
            subs,
            rng,
            {
                "kind": "report",
                "title": "举报区市场监督管理局某执法人员吃拿卡要",
                "description": "区市场监督管理局一名执法人员在检查我店时暗示要好处费，否则就要罚款，我有录音。",
                "category": "纪检监察",
                "subcategory": "",
                "street": "金陵街道办事处",
                "community": "新民路社区居民委员会",
                "address": "新民路58号",
                "contact_name": "刘建平",
                "phone": "13809175522",
                "id_number": "",
                "submitter_type": "resident",
                "enterprise_name": "",
                "allow_publish": False,
            },
            channel="phone",
            entered_by=demo.dispatcher,
            now=clock["now"],
        )
        _run(demo, report, "in_progress", clock, roots=roots, subs=subs)
        for moment, appeal, text, target in plan:
            clock["now"] = moment
            if appeal is None:
                entered = rng.random() < 0.3
                duplicate_of = None
                if target in ("joined", "repeat"):
                    duplicate_of = _earlier_for(target, handled[-40:], rng, moment)
                if duplicate_of is not None:
                    again = "同样的问题：" if target == "joined" else "再次反映："
                    text = {
                        **text,
                        "title": duplicate_of.title,
                        "description": again + duplicate_of.description,
                        "kind": duplicate_of.kind,
                    }
                appeal = _submit(
                    submit_appeal,
                    normalise_phone,
                    departments,
                    roots,
                    subs,
                    rng,
                    text,
                    channel=rng.choice(ENTRY_CHANNELS) if entered else "web",
                    entered_by=demo.dispatcher if entered else None,
                    now=moment,
                )
            else:
                duplicate_of = None
            if target in ("joined", "repeat") and duplicate_of is None:
                target = "rejected"
            _run(demo, appeal, target, clock, text=text, roots=roots, subs=subs, duplicate_of=duplicate_of)
            appeal.refresh_from_db()
            if appeal.work_order_id and appeal.kind != "report" and not appeal.is_joined:
                handled.append(appeal)
            moved += 1
            if progress:
                progress()
    return moved


def _earlier_for(target, handled, rng, moment):
    """An earlier appeal to join (its work order still open to it) or to repeat (answered),
    as it stood at `moment`: every appeal's life is played forward in turn, so one whose
    work order moved after `moment` is passed over (its future must not be seen)."""
    fresh = [a.__class__.objects.select_related("work_order").get(pk=a.pk) for a in handled]
    fresh = [a for a in fresh if a.work_order_id and a.work_order.state_changed <= moment]
    if target == "joined":
        fitting = [a for a in fresh if a.work_order.state in JOINABLE and not a.is_joined]
    else:
        published = Reply.objects.filter(status=Reply.Status.PUBLISHED, reviewed_at__lte=moment)
        answered = set(published.values_list("work_order_id", flat=True))
        fitting = [a for a in fresh if a.work_order_id in answered and a.status != State.REJECTED]
    return rng.choice(fitting) if fitting else None


def _submit(submit_appeal, normalise_phone, departments, roots, subs, rng, text, *, channel, entered_by, now):
    street = next((dep for (parent, name), dep in departments.items() if name == text["street"]), None)
    community = departments.get((text["street"], text["community"]))
    category = subs.get((text["category"], text.get("subcategory"))) or roots.get(text["category"])
    data = {
        **text,
        "category": category if rng.random() < 0.8 else None,
        "street": street,
        "community": community,
        "phone": normalise_phone(text["phone"]),
        "id_number_consent": bool(text.get("id_number")),
    }
    if entered_by is not None:
        return enter_appeal(entered_by, data, channel=channel, now=now).appeal
    return submit_appeal(data, channel=channel, enforce_limits=False, submitted_at=now).appeal
