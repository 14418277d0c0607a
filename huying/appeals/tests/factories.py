"""Appeals for tests, made the way residents make them (submit_appeal), and brought on
by the lifecycle's own actions: no state is written by hand."""

from huying.accounts.models import Role, User
from huying.appeals.actions import submit_appeal
from huying.appeals.models import Kind
from huying.taxonomy.models import Category


def appeal_data(org, **overrides):
    data = {
        "kind": Kind.COMPLAINT,
        "title": "小区门口路灯坏了",
        "description": "渭工路小区门口的三盏路灯坏了一个多月，晚上很黑，老人出门不方便。",
        "category": None,
        "street": org.street,
        "community": org.community,
        "address": "渭工路18号院3号楼",
        "contact_name": "张建华",
        "phone": "13900001234",
        "id_number": "",
        "id_number_consent": False,
        "submitter_type": "resident",
        "enterprise_name": "",
        "allow_publish": True,
    }
    data.update(overrides)
    return data


def make_appeal(org, *, published=False, triage=False, **overrides):
    """A resident's appeal.  `published=True` takes it through dispatch, a reply and onto the
    public board; `triage=True` runs the background analysis (suggestion, abuse score,
    duplicate index) that every real submission gets, which most tests need not wait for."""
    submitted = submit_appeal(appeal_data(org, **overrides), enforce_limits=False, background=triage)
    appeal = submitted.appeal
    if published:
        appeal = publish_on_board(org, appeal)
    appeal.query_code = submitted.query_code
    return appeal


def _staff(username, role, department):
    user, _created = User.objects.get_or_create(
        username=username, defaults={"role": role, "department": department, "last_name": "测"}
    )
    return user


def publish_on_board(org, appeal, *, reply="经核实，问题已处理完毕。"):
    """Dispatch, accept, reply, approve and publish, as the dispatch centre and bureau A would."""
    from huying.board.actions import publish
    from huying.workorders import actions

    dispatcher = _staff("factory-dispatcher", Role.DISPATCHER, org.dispatch_centre)
    handler = _staff("factory-handler", Role.HANDLER, org.bureau_a)
    category = appeal.category or Category.objects.filter(level=1).order_by("id").first()
    if category is None:
        category = Category.objects.create(name="综合事项", level=1)
    actions.dispatch(dispatcher, appeal, category=category, lead=org.bureau_a, confirm_named=True)
    actions.accept(handler, appeal)
    actions.reply(handler, appeal, text=reply)
    actions.publish_reply(dispatcher, appeal)
    return publish(dispatcher, appeal)


def form_data(org, **overrides):
    """What a resident's browser posts for a valid appeal."""
    data = {
        "kind": "complaint",
        "title": "小区门口路灯坏了",
        "description": "渭工路小区门口的三盏路灯坏了一个多月，晚上很黑，老人出门不方便。",
        "category": "",
        "street": str(org.street.pk),
        "community": str(org.community.pk),
        "address": "渭工路18号院3号楼",
        "submitter_type": "resident",
        "enterprise_name": "",
        "contact_name": "张建华",
        "phone": "139 0000 1234",
        "id_number": "",
        "allow_publish": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
