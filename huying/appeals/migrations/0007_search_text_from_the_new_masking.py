from django.db import migrations


def rebuild_search_text(apps, schema_editor):
    """The board searches what it shows: rebuild each appeal's search text with the masking
    that now also catches zh-Hant addresses and numbers written in Chinese numerals."""
    from huying.appeals.models import build_search_text  # the masking as it is now

    Appeal = apps.get_model("appeals", "Appeal")
    batch = []
    for appeal in Appeal.objects.only("pk", "title", "description").iterator(chunk_size=1000):
        appeal.search_text = build_search_text(appeal.title, appeal.description)
        batch.append(appeal)
        if len(batch) == 1000:
            Appeal.objects.bulk_update(batch, ["search_text"])
            batch = []
    Appeal.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0006_one_lifecycle_state"),
        ("accounts", "0002_department_public_phone"),
    ]

    operations = [migrations.RunPython(rebuild_search_text, migrations.RunPython.noop)]
