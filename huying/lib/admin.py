"""Django admin pieces shared by the apps."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters


class SafeLookups:
    """A filter in the address the database cannot run (``created__gte=0001-01-01`` cannot be
    put in UTC) sends the admin back to the unfiltered list with its "wrong filter" flag,
    as Django does for a filter it cannot build, instead of a 500."""

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)  # type: ignore[misc]
        except (OverflowError, ValueError, TypeError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class ModelAdmin(SafeLookups, admin.ModelAdmin):
    pass


class ReadOnlyModelAdmin(ModelAdmin):
    """Rows to look at, never to add, change or delete here: they are written by actions."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
