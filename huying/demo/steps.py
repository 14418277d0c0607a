"""The steps `seed_demo` runs, in order.  Each app that adds demo data adds a step here."""

from huying.demo.appeals import create_demo_appeals
from huying.demo.organisation import create_organisation
from huying.demo.router import train_demo_router
from huying.demo.workorders import create_demo_work_orders
from huying.duplicates.demo import create_demo_duplicates
from huying.hot.demo import create_demo_supports
from huying.matters.demo import create_demo_matters

# (label, function taking a `progress` callable)
DEMO_STEPS = [
    ("organisation", create_organisation),
    ("appeals", create_demo_appeals),
    ("work orders", create_demo_work_orders),
    ("duplicates", create_demo_duplicates),
    ("hot issues", create_demo_supports),
    ("practical matters", create_demo_matters),
    ("router", train_demo_router),
]
