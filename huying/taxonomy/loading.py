import json
from pathlib import Path

from django.db import transaction

from huying.taxonomy.models import Category

DEFAULT_TAXONOMY = Path(__file__).parent / "data" / "default_taxonomy.json"


@transaction.atomic
def load_taxonomy(path: Path = DEFAULT_TAXONOMY, progress=None) -> int:
    """Create the categories in `path` that do not exist yet; return how many were created."""
    tree = json.loads(Path(path).read_text(encoding="utf-8"))
    created = 0

    def walk(nodes, parent, level):
        nonlocal created
        for order, node in enumerate(nodes):
            category, was_created = Category.objects.get_or_create(
                parent=parent, name=node["name"], defaults={"level": level, "sort_order": order}
            )
            created += was_created
            if progress:
                progress()
            walk(node.get("children", []), category, level + 1)

    walk(tree, None, 1)
    return created
