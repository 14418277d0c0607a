"""Form fields that turn impossible input into a form error instead of a database error."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from huying.lib.numbers import as_key


def _is_possible_key(value) -> bool:
    return as_key(str(value)) is not None


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and not _is_possible_key(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value if isinstance(value, list | tuple) else [value]:
                if not _is_possible_key(pk):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)


class BoundedDateField(forms.DateField):
    """A date a person could mean here: years 1900 to 2999 (no overflow at time zone edges)."""

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not (datetime.date(1900, 1, 1) <= day <= datetime.date(2999, 12, 31)):
            raise ValidationError(_("Enter a date between 1900 and 2999."), code="invalid")
        return day
