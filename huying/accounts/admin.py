from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from huying.accounts.models import Department, User
from huying.lib.admin import ModelAdmin, SafeLookups


@admin.register(Department)
class DepartmentAdmin(ModelAdmin):
    list_display = ["name", "kind", "parent", "public_phone", "is_active", "sort_order"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(SafeLookups, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "department", "is_active"]
    list_filter = ["role", "is_active", "department__kind"]
    autocomplete_fields = ["department"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Huying"), {"fields": ("role", "department")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Huying"), {"fields": ("role", "department")}),
    )
