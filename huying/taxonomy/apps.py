from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "huying.taxonomy"
    label = "taxonomy"
