"""The workbench's forms: one per action, plus the list filters and the phone-entry form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from huying.accounts.models import Department
from huying.appeals.forms import AppealForm
from huying.appeals.models import Channel, Kind
from huying.core.fields import BoundedDateField, SafeModelChoiceField, SafeModelMultipleChoiceField
from huying.taxonomy.models import Category
from huying.workorders.models import RejectionReason, Satisfaction, State

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class CategoryField(forms.TypedChoiceField):
    """Every active category, loaded in one query, grouped under its parent.

    A category with children is a group (labelled by its path): itself first, then its
    children that have none; a child with children of its own follows as its own group,
    so a level-3 category sits under its level-2 parent.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Category"))
        super().__init__(coerce=int, empty_value=None, **kwargs)
        self._by_id = {}

    def __deepcopy__(self, memo):
        # Each form instance deep-copies its fields: load the categories then, never at
        # import time (the table may not exist yet, and admins edit categories).
        field = super().__deepcopy__(memo)
        field.load_choices()
        return field

    def load_choices(self):
        categories = list(Category.objects.active().order_by("level", "sort_order", "id"))
        children: dict[int, list[Category]] = {}
        for c in categories:
            if c.parent_id is not None:
                children.setdefault(c.parent_id, []).append(c)

        def groups(node, path):
            # An option names its parent below the root: the closed select shows only the
            # option, and many level-3 categories are called 其他.
            options = [(node.pk, _("%(name)s (general)") % {"name": node.label})]
            nested = []
            for child in children.get(node.pk, []):
                if child.pk in children:
                    nested += groups(child, [*path, child.label])
                else:
                    options.append((child.pk, " > ".join([*path[1:], child.label])))
            return [(" > ".join(path), options), *nested]

        choices: list = [("", _("Choose a category"))]
        for root in (c for c in categories if c.level == 1):
            choices += groups(root, [root.label])
        self.choices = choices
        self._by_id = {c.pk: c for c in categories}

    def clean(self, value):
        pk = super().clean(value)
        return self._by_id.get(pk) if pk is not None else None


def handling_departments():
    """Where work orders go: bureaus, centres and streets (communities get them from their street)."""
    return Department.objects.handling().order_by("kind", "sort_order", "id")


class DispatchForm(forms.Form):
    category = CategoryField()
    lead = SafeModelChoiceField(
        label=_("Lead department"), queryset=Department.objects.none(), empty_label=_("Choose a department")
    )
    co_handlers = SafeModelMultipleChoiceField(
        label=_("Co-handling departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Optional. Hold Ctrl (or long-press on a phone) to choose several."),
    )
    co_handler_days = forms.IntegerField(
        label=_("Co-handlers' input due in (working days)"), min_value=1, max_value=30, initial=3, required=False
    )
    confirm_named = forms.BooleanField(
        label=_("I have read the warning and still send it to this department."), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = handling_departments()
        self.fields["lead"].queryset = departments
        self.fields["co_handlers"].queryset = departments
        # One query for both selects.
        choices = [(d.pk, d.label) for d in departments]
        self.fields["lead"].choices = [("", _("Choose a department")), *choices]
        self.fields["co_handlers"].choices = choices

    def action_kwargs(self):
        data = self.cleaned_data
        return {
            "category": data["category"],
            "lead": data["lead"],
            "co_handlers": list(data["co_handlers"]),
            "co_handler_days": data.get("co_handler_days"),
            "confirm_named": data.get("confirm_named", False),
        }


class RedispatchForm(DispatchForm):
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].required = False

    def action_kwargs(self):
        return super().action_kwargs() | {"reason": self.cleaned_data.get("reason", "")}


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[(v, label) for v, label in RejectionReason.choices if v != RejectionReason.DUPLICATE],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note for the resident"), required=False, widget=TEXTAREA)


class RejectDuplicateForm(forms.Form):
    duplicate_of = forms.CharField(label=_("Ticket number of the appeal it repeats"), max_length=32)
    note = forms.CharField(label=_("Note for the resident"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class JoinForm(forms.Form):
    into = forms.CharField(label=_("Ticket number of the earlier appeal"), max_length=32)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=TEXTAREA, max_length=5000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class EmptyForm(forms.Form):
    pass


class ForwardForm(forms.Form):
    community = SafeModelChoiceField(
        label=_("Community"), queryset=Department.objects.none(), empty_label=_("Choose a community")
    )

    def __init__(self, *args, street=None, **kwargs):
        super().__init__(*args, **kwargs)
        if street is not None:
            self.fields["community"].queryset = Department.objects.active().communities().filter(parent=street)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("More working days"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class PublishReplyForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    also_publish = forms.BooleanField(label=_("Also show the appeal and its reply on the public board"), required=False)


class FollowUpForm(forms.Form):
    solved = forms.TypedChoiceField(
        label=_("Was it solved?"),
        choices=[("yes", _("Solved")), ("no", _("Not solved"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("What the resident said"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you with the reply?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EnterAppealForm(AppealForm):
    """The resident's form, as dispatch-centre staff fill it in during a call."""

    channel = forms.ChoiceField(
        label=_("How did it arrive?"),
        choices=[(v, label) for v, label in Channel.choices if v != Channel.WEB],
        initial=Channel.PHONE,
    )

    # One appeal per sending of this form, however often it is sent (see appeals.Submission).
    submission_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    field_order = ["channel"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff enter what the caller said; the honeypot and uploads are for the web form.
        for name in ("website", "upload_token"):
            self.fields.pop(name, None)
        self.fields["contact_name"].label = _("Caller's name")
        self.fields["phone"].label = _("Caller's phone number")
        self.fields["allow_publish"].label = _("The caller agrees that the appeal may be shown on the public board.")
        self.fields["id_number_consent"].label = _("The caller agrees that the ID-card number is kept.")

    @property
    def is_robot(self) -> bool:
        return False


class FilterForm(forms.Form):
    """What every list can be filtered by.  Invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Ticket or title"), required=False, max_length=50)
    state = forms.ChoiceField(label=_("State"), required=False)
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    street = forms.TypedChoiceField(label=_("Street"), required=False, coerce=int, empty_value=None)
    date_from = BoundedDateField(
        label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = BoundedDateField(
        label=_("Submitted until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    abuse = forms.ChoiceField(label=_("Possible abuse"), required=False)

    def __init__(self, *args, departments=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["state"].choices = every + list(State.choices)
        self.fields["kind"].choices = every + list(Kind.choices)
        self.fields["channel"].choices = every + list(Channel.choices)
        self.fields["department"].choices = every + [(d.pk, d.label) for d in departments if not d.is_community]
        self.fields["street"].choices = every + [(d.pk, d.label) for d in departments if d.is_street]
        self.fields["category"].choices = every + [(c.pk, c.label) for c in categories]
        self.fields["abuse"].choices = [*every, ("flagged", _("Flagged only"))]

    def filters(self) -> dict:
        if not self.is_valid():
            # Keep the valid parts of a half-wrong query.
            return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
