"""`huying hot recompute` and `huying hot rebuild`: hot issues kept right from the command line."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from huying.hot import actions, links


class Command(BaseCommand):
    help = "Hot issues: regroup the appeals of the horizon (repairs and merges), or find their links again first."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("recompute", help="Regroup from the kept links and staff's rules; refresh every heat.")
        sub.add_parser(
            "rebuild",
            help="Find the links of every appeal of the horizon again (the first run on a district's existing "
            "appeals, or after the scoring changed), then recompute.",
        )

    def handle(self, *args, subcommand, verbosity=1, **options):
        if subcommand == "rebuild":
            since = timezone.now() - links.horizon()

            def progress(done):
                if verbosity:
                    self.stdout.write(f"  {done} appeals linked", ending="\r")
                    self.stdout.flush()

            kept = links.rebuild(since, progress=progress)
            self.stdout.write(f"{kept} links found for the appeals since {since:%Y-%m-%d}.")
        result = actions.recompute()
        refreshed = actions.refresh_active()
        self.stdout.write(
            f"{result.appeals} appeals regrouped: {result.moved} moved, {result.found} hot issues found, "
            f"{result.merged} merged, {result.ended} ended; heat refreshed for {refreshed} hot issues."
        )
