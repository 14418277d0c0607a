"""The steps `seed_demo` runs, in order.  Each app that adds demo data adds a step here."""

from huying.demo.appeals import create_demo_appeals
from huying.demo.organisation import create_organisation

# (label, function taking a `progress` callable)
DEMO_STEPS = [
    ("organisation", create_organisation),
    ("appeals", create_demo_appeals),
]
