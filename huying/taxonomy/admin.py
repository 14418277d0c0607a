from django.contrib import admin

from huying.lib.admin import ModelAdmin
from huying.taxonomy.models import Category


@admin.register(Category)
class CategoryAdmin(ModelAdmin):
    list_display = ["name", "level", "parent", "default_lead_department", "reply_days", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "default_lead_department"]
