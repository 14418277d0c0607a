from huying.demo.appeals import create_demo_appeals
from huying.demo.organisation import create_organisation
from huying.duplicates.demo import RESTATEMENTS, create_demo_duplicates
from huying.duplicates.models import AppealSketch, DuplicateCandidate


def test_the_demo_district_has_restated_appeals_found_as_likely_duplicates(db):
    create_organisation()
    appeals = create_demo_appeals(count=30)
    assert create_demo_duplicates() == RESTATEMENTS
    assert AppealSketch.objects.count() == appeals + RESTATEMENTS
    found = DuplicateCandidate.objects.select_related("appeal", "candidate")
    assert found.count() >= RESTATEMENTS
    assert all(c.appeal.created >= c.candidate.created for c in found)
