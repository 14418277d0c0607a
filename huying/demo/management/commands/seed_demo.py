from django.core.management.base import BaseCommand
from tqdm import tqdm

from huying.accounts.models import Department, User
from huying.demo.logins import DEMO_LOGINS_TEXT, DEMO_USERS
from huying.demo.organisation import create_department_logins
from huying.demo.steps import DEMO_STEPS
from huying.notifications.actions import recorded_as_sent


class Command(BaseCommand):
    help = "Load the demo district: departments, users, categories and appeals."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load nothing when the database already has departments (a demo's missing logins only).",
        )

    def handle(self, *args, if_empty=False, verbosity=1, **options):
        if if_empty and Department.objects.exists():
            self.stdout.write("The database already holds a district; demo not loaded.")
            if User.objects.filter(username__in=[u for u, *_rest in DEMO_USERS]).exists():
                # A demo loaded before every department had a login gets the missing ones.
                create_department_logins()
                self.stdout.write(DEMO_LOGINS_TEXT)
            return
        # The demo district's messages belong to its past: recorded as sent, never sent.
        with recorded_as_sent():
            for label, step in DEMO_STEPS:
                with tqdm(desc=f"demo: {label}", unit=" items", disable=verbosity == 0) as bar:
                    step(progress=bar.update)
        self.stdout.write(self.style.SUCCESS("Demo district loaded."))
        self.stdout.write(DEMO_LOGINS_TEXT)
