from django.core.management.base import BaseCommand, CommandError

from huying.backups.archive import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database and the media files with the backup in DIR. Needs the field keys it was written "
        "with; appeals erased since the backup are erased again."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir")
        parser.add_argument("--yes", action="store_true", help="do not ask: everything now in the database is replaced")

    def handle(self, dir, yes=False, **options):
        if not yes and input("Everything in the database now is replaced by the backup. Type yes: ").strip() != "yes":
            raise CommandError("nothing restored")
        try:
            restored = restore(dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(restored.counts.values())
        self.stdout.write(
            f"Restored {rows} rows in {len(restored.counts)} tables; "
            f"erased again the personal data of {len(restored.erased_again)} appeals erased since the backup."
        )
