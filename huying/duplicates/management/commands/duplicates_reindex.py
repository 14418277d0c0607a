from django.core.management.base import BaseCommand
from tqdm import tqdm

from huying.appeals.models import Appeal
from huying.duplicates.actions import reindex_all


class Command(BaseCommand):
    help = "Rebuild the duplicate finder's index (sketches and band keys) of every appeal."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, verbosity=1, **options):
        total = 2 * Appeal.objects.count()  # counting the words, then indexing
        with tqdm(total=total, desc="duplicates: indexing", unit=" appeals", disable=verbosity == 0) as bar:
            done = reindex_all(batch_size=max(batch_size, 1), progress=lambda n: bar.update(n - bar.n))
        self.stdout.write(self.style.SUCCESS(f"Indexed {done} appeals."))
