from django.contrib import admin

from huying.lib.admin import ReadOnlyModelAdmin
from huying.triage.models import RouterModel, Suggestion, TrainingExample


@admin.register(RouterModel)
class RouterModelAdmin(ReadOnlyModelAdmin):
    """To look at: models go live through `router train` or the triage page (both audited)."""

    list_display = ["version", "kind", "created", "trained_on", "is_live", "forced"]
    list_filter = ["kind", "is_live"]


@admin.register(TrainingExample)
class TrainingExampleAdmin(ReadOnlyModelAdmin):
    list_display = ["id", "source", "category", "department", "created", "category_rank", "department_rank"]
    list_filter = ["source"]
    list_select_related = ["category", "department"]
    raw_id_fields = ["appeal", "suggestion"]
    # Imported texts may hold personal data: not shown in lists.
    exclude = ["text"]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyModelAdmin):
    list_display = ["appeal", "created", "top_category_name", "uncertain", "category_version"]
    list_filter = ["uncertain"]
    raw_id_fields = ["appeal"]
