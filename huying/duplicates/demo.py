"""Demo data: a few residents write again about what others (or they) already reported.

Each restatement is submitted like any appeal, a few days after the one it repeats, on the
same street; then every demo appeal is indexed, so the dispatcher's panel shows them.
"""

import datetime
import random

from django.utils import timezone

from huying.appeals.actions import submit_appeal
from huying.appeals.models import Appeal, Kind
from huying.duplicates.actions import index_appeal

DEMO_SEED = 5
RESTATEMENTS = 6
AGAIN_TITLE = ["再次反映：", "还是没解决：", "", "请尽快处理："]
AGAIN_TEXT = [
    "之前已经有人反映过，到现在还是老样子。",
    "我上周打过电话，至今没有人来处理。",
    "附近好几户居民都有同样的问题。",
]


def create_demo_duplicates(progress=None) -> int:

    rng = random.Random(DEMO_SEED)
    now = timezone.now()
    originals = list(
        Appeal.objects.exclude(kind=Kind.REPORT)
        .filter(street__isnull=False, created__lte=now - datetime.timedelta(days=8))
        .order_by("created", "id")
    )
    created = 0
    for number, original in enumerate(rng.sample(originals, min(RESTATEMENTS, len(originals)))):
        same_resident = number % 3 == 0
        data = {
            "kind": original.kind,
            "title": (rng.choice(AGAIN_TITLE) + original.title)[:100],
            "description": original.description + rng.choice(AGAIN_TEXT),
            "category": None,
            "street": original.street,
            "community": original.community,
            "address": original.address,
            "contact_name": original.contact_name if same_resident else "王秀兰",
            "phone": original.phone if same_resident else f"1390000{9000 + number:04d}",
            "id_number": "",
            "id_number_consent": False,
            "submitter_type": original.submitter_type,
            "enterprise_name": original.enterprise_name,
            "allow_publish": False,
        }
        moment = min(original.created + datetime.timedelta(days=rng.uniform(1, 7)), now)
        submit_appeal(data, channel="web", enforce_limits=False, submitted_at=moment)
        created += 1
    for pk in Appeal.objects.order_by("created", "id").values_list("pk", flat=True):
        index_appeal(pk)
        if progress:
            progress()
    return created
