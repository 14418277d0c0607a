from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huying.lib.admin import ModelAdmin
from huying.workdays.actions import enter_calendar_days, parse_calendar_lines
from huying.workdays.models import CalendarDay, KindLimit

# The admin's home page shows the calendar banner; admin comes before this app in
# INSTALLED_APPS, so an admin/index.html here would never be found.
admin.site.index_template = "admin/workdays_index.html"


class EnterDaysForm(forms.Form):
    lines = forms.CharField(
        label=_("Days from the notice"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 60}),
    )

    def clean_lines(self):
        self.entries = parse_calendar_lines(self.cleaned_data["lines"])
        return self.cleaned_data["lines"]


@admin.register(CalendarDay)
class CalendarDayAdmin(ModelAdmin):
    list_display = ["date", "weekday", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["note"]
    change_list_template = "admin/workdays/calendarday/change_list.html"

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        from django.utils.formats import date_format

        return date_format(obj.date, "l")

    def get_urls(self):
        enter = self.admin_site.admin_view(self.enter_view)
        return [path("enter/", enter, name="workdays_calendarday_enter"), *super().get_urls()]

    def enter_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        form = EnterDaysForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                changed = enter_calendar_days(form.entries, actor=request.user, request=request)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, gettext("%(count)s days saved.") % {"count": changed}, messages.SUCCESS)
                return redirect("admin:workdays_calendarday_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": gettext("Enter a year from the notice"),
        }
        return TemplateResponse(request, "admin/workdays/calendarday/enter.html", context)


@admin.register(KindLimit)
class KindLimitAdmin(ModelAdmin):
    list_display = ["kind", "accept_days", "reply_days", "co_handler_days"]
