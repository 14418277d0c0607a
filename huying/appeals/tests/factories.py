"""Appeals for tests, made the way residents make them: through submit_appeal."""

from huying.appeals.actions import submit_appeal
from huying.appeals.models import Kind


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


def make_appeal(org, *, published=False, **overrides):
    submitted = submit_appeal(appeal_data(org, **overrides), enforce_limits=False)
    appeal = submitted.appeal
    if published:
        appeal.is_published = True
        appeal.save()
    appeal.query_code = submitted.query_code
    return appeal


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
