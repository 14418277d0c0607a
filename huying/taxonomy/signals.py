"""What the taxonomy app tells others."""

from django.dispatch import Signal

# A category was added, renamed or removed (the text pipeline's dictionary holds the names).
category_names_changed = Signal()
