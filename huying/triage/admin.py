from django.contrib import admin

from huying.triage.models import RouterModel, Suggestion, TrainingExample


class ReadOnly(admin.ModelAdmin):
    """To look at: models go live through `router train` or the triage page (both audited)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RouterModel)
class RouterModelAdmin(ReadOnly):
    list_display = ["version", "kind", "created", "trained_on", "is_live", "forced"]
    list_filter = ["kind", "is_live"]


@admin.register(TrainingExample)
class TrainingExampleAdmin(ReadOnly):
    list_display = ["id", "source", "category", "department", "created", "category_rank", "department_rank"]
    list_filter = ["source"]
    list_select_related = ["category", "department"]
    raw_id_fields = ["appeal", "suggestion"]
    # Imported texts may hold personal data: not shown in lists.
    exclude = ["text"]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnly):
    list_display = ["appeal", "created", "top_category_name", "uncertain", "category_version"]
    list_filter = ["uncertain"]
    raw_id_fields = ["appeal"]
