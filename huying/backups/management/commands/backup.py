from django.core.management.base import BaseCommand, CommandError

from huying.backups.archive import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database, the media files and a manifest into DIR (new or empty). The field keys are not in it."

    def add_arguments(self, parser):
        parser.add_argument("dir")

    def handle(self, dir, **options):
        try:
            manifest = backup(dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['counts'])} tables and {len(manifest['files'])} files to {dir}."
        )
