from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "huying.taxonomy"
    label = "taxonomy"
    verbose_name = _("Categories")

    def ready(self):
        from huying.taxonomy import receivers  # ready() runs once the models are loaded

        for signal in (post_save, post_delete):
            signal.connect(receivers.category_changed, sender="taxonomy.Category", dispatch_uid=f"taxonomy.{signal}")
