"""`huying router train [--csv FILE] [--force]` and `huying router evaluate FILE.csv`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from huying.taxonomy.models import Category
from huying.triage.metrics import format_report
from huying.triage.models import Head
from huying.triage.router import REASONS, CsvError, evaluate_csv, train_router


def not_ready() -> str:
    """What to run before the router can be trained or evaluated, in one line ("" if nothing)."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return "the database is not migrated: run `huying migrate` first"
    # Training examples and a CSV's labels are categories: without them nothing can be learnt.
    if not Category.objects.exists():
        return "no categories are loaded: run `huying load_taxonomy` first"
    return ""


class Command(BaseCommand):
    help = "Train the router from confirmed appeals (and a labelled CSV), or evaluate it on a CSV."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        train = sub.add_parser("train", help="Train, report, and put the new models live if not worse.")
        train.add_argument(
            "--csv", dest="csv_path", help="A CSV with columns 留言主题, 留言详情, 一级标签 to learn from too."
        )
        train.add_argument("--force", action="store_true", help="Put the new models live even if worse.")
        train.add_argument("--jobs", type=int, default=2, help="Processes for cross-validation (default 2).")
        evaluate = sub.add_parser("evaluate", help="Score the live category model on a labelled CSV.")
        evaluate.add_argument("csv_path", metavar="FILE.csv")

    def handle(self, *args, subcommand, csv_path=None, force=False, jobs=2, verbosity=1, **options):
        problem = not_ready()
        if problem:
            raise CommandError(problem)
        try:
            if subcommand == "evaluate":
                self.stdout.write(format_report(evaluate_csv(csv_path), f"Live category model on {csv_path}"))
                return
            results = train_router(
                csv_path=csv_path, force=force, stdout=self.stdout, progress=verbosity > 0, jobs=jobs
            )
        except CsvError as exc:
            raise CommandError(str(exc)) from exc
        for result in results:
            label = Head(result.kind).label
            if result.skipped:
                self.stdout.write(f"\n{label}: not trained ({result.skipped}).")
                continue
            self.stdout.write("")
            self.stdout.write(format_report(result.cv, f"{label}: cross-validated on {result.cv['rows']} rows"))
            if result.holdout:
                self.stdout.write(format_report(result.holdout, f"{label}: new model on the held-out rows"))
            if result.live_holdout:
                self.stdout.write(
                    format_report(result.live_holdout, f"{label}: live model (its fit without them) on the same rows")
                )
            version = result.model.version
            style = self.style.SUCCESS if result.promoted else self.style.WARNING
            state = "is live" if result.promoted else "saved, not live"
            if result.promoted and result.held_out:
                rows = f"trained on all {result.rows} rows, the {result.held_out} held out included"
            else:
                rows = f"trained on {result.rows} rows, {result.held_out} held out"
            self.stdout.write(
                style(f"{label} v{version} {state}: {REASONS[result.reason]}; {rows}. File: {result.model.file_path}")
            )
