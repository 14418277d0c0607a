"""What the accounts app tells others."""

from django.dispatch import Signal

# A department was added, renamed or removed (the text pipeline's dictionary holds the names).
department_names_changed = Signal()
