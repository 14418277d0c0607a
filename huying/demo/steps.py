"""The steps `seed_demo` runs, in order.  Each app that adds demo data adds a step here."""

from huying.demo.organisation import create_organisation

# (label, function taking a `progress` callable)
DEMO_STEPS = [
    ("organisation", create_organisation),
]
