import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from huying.accounts.models import Department
from huying.appeals.models import Kind, SubmitterType
from huying.appeals.validators import normalise_id_number, normalise_phone
from huying.core.fields import SafeModelChoiceField
from huying.taxonomy.models import Category

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def new_upload_token() -> str:
    return secrets.token_urlsafe(32)


def valid_upload_token(value) -> str:
    """The form's token if it looks like one of ours, else a fresh one."""
    value = value if isinstance(value, str) else ""
    return value if TOKEN_PATTERN.fullmatch(value) else new_upload_token()


class CategoryChoiceField(forms.TypedChoiceField):
    """Level-1 categories as groups, each offering itself and its level-2 children."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)

    def load_choices(self):
        categories = list(Category.objects.active().filter(level__lte=2).order_by("level", "sort_order", "id"))
        roots = [c for c in categories if c.level == 1]
        children: dict[int, list] = {}
        for c in categories:
            if c.level == 2:
                children.setdefault(c.parent_id, []).append(c)
        choices = [("", _("Not sure (the dispatch centre will choose)"))]
        for root in roots:
            group = [(root.pk, _("%(name)s (general)") % {"name": root.label})]
            group += [(c.pk, c.label) for c in children.get(root.pk, [])]
            choices.append((root.label, group))
        self.choices = choices
        self._by_id = {c.pk: c for c in categories}

    def clean(self, value):
        pk = super().clean(value)
        return self._by_id.get(pk) if pk is not None else None


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of appeal is it?"), choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Title"),
        min_length=4,
        max_length=100,
        help_text=_("One line, e.g. “Street lamps broken on Weigong Road”."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say what, where and since when, and what you would like done. Up to 3000 characters."),
    )
    category = CategoryChoiceField(label=_("Subject"), required=False)
    street = SafeModelChoiceField(
        label=_("Street or town"), queryset=Department.objects.none(), empty_label=_("Choose a street")
    )
    community = SafeModelChoiceField(
        label=_("Community"), queryset=Department.objects.none(), empty_label=_("Choose a community")
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=200,
        help_text=_("Road, building or landmark. Only staff see the exact address."),
    )
    submitter_type = forms.ChoiceField(
        label=_("You are writing as"),
        choices=SubmitterType.choices,
        initial=SubmitterType.RESIDENT,
        widget=forms.RadioSelect,
    )
    enterprise_name = forms.CharField(label=_("Enterprise name"), required=False, max_length=100)
    contact_name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("A mobile number or a landline with its area code. Only staff see it."),
    )
    id_number = forms.CharField(
        label=_("ID-card number (optional)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Only needed for some matters, such as social insurance or housing records."),
    )
    id_number_consent = forms.BooleanField(
        label=_("I agree that my ID-card number is kept, encrypted, for handling this appeal."),
        required=False,
    )
    allow_publish = forms.BooleanField(
        label=_("My appeal may be shown on the public board (name and numbers are masked)."),
        required=False,
    )
    # Honeypot: hidden from people, filled in by form-filling robots.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this empty"))
    upload_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].load_choices()
        places = list(
            Department.objects.active()
            .filter(kind__in=[Department.Kind.STREET, Department.Kind.COMMUNITY])
            .select_related("parent")
            .order_by("sort_order", "id")
        )
        streets = [d for d in places if d.kind == Department.Kind.STREET]
        self.fields["street"].queryset = Department.objects.active().streets()
        self.fields["community"].queryset = (
            Department.objects.active().communities().filter(parent__in=[s.pk for s in streets])
        )
        self.fields["street"].choices = [("", _("Choose a street"))] + [(s.pk, s.label) for s in streets]
        grouped = [("", _("Choose a community"))]
        for street in streets:
            members = [
                (d.pk, d.label) for d in places if d.kind == Department.Kind.COMMUNITY and d.parent_id == street.pk
            ]
            if members:
                grouped.append((street.label, members))
        self.fields["community"].choices = grouped
        self.street_names = {s.pk: s.name for s in streets}

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_id_number(self):
        raw = self.cleaned_data.get("id_number") or ""
        return normalise_id_number(raw) if raw.strip() else ""

    def clean_contact_name(self):
        name = self.cleaned_data["contact_name"].strip()
        if any(ch.isdigit() for ch in name):
            raise ValidationError(_("Write your name without digits."))
        return name

    def clean(self):
        data = super().clean()
        street, community = data.get("street"), data.get("community")
        if street is not None and community is not None and community.parent_id != street.pk:
            self.add_error("community", _("This community is not in the chosen street."))
        if data.get("id_number") and not data.get("id_number_consent"):
            self.add_error(
                "id_number_consent", _("Tick this box to give your ID-card number, or leave the number empty.")
            )
        if data.get("submitter_type") == SubmitterType.ENTERPRISE and not (data.get("enterprise_name") or "").strip():
            self.add_error("enterprise_name", _("Enter the enterprise's name."))
        return data

    @property
    def is_robot(self) -> bool:
        return bool((self.data.get("website") or "").strip())


class TrackForm(forms.Form):
    ticket_number = forms.CharField(
        label=_("Ticket number"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "20261129-000123"}),
    )
    query_code = forms.CharField(
        label=_("Query code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
