"""The taxonomy app's own listeners, connected in TaxonomyConfig.ready()."""

from huying.taxonomy.signals import category_names_changed


def category_changed(sender, **kwargs):
    category_names_changed.send_robust(sender=sender)
