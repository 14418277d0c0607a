from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from huying.taxonomy.loading import DEFAULT_TAXONOMY, load_taxonomy


class Command(BaseCommand):
    help = "Load the three-level category taxonomy (the shipped default, or a JSON file)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_TAXONOMY))

    def handle(self, path, **options):
        with tqdm(desc="categories", unit="", disable=options["verbosity"] == 0) as bar:
            created = load_taxonomy(Path(path), progress=bar.update)
        self.stdout.write(f"{created} categories created")
