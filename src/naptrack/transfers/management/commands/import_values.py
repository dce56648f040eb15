"""`naptrack import_values FILE`: check and import a CSV, XLSX or JSON file of values.

Exit status 0 when the file was imported (or, with --dry-run, when it has no problem), 1 when it
has problems (nothing is written; the problems are printed with their row and column).
"""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from naptrack.core.services import SYSTEM
from naptrack.frameworks.models import Plan
from naptrack.transfers import services_bulk
from naptrack.transfers.models import BatchState

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import reported values from a CSV, XLSX or JSON file: one row per value, keyed by "
        "indicator, period, agency and breakdown options. All or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and count; write nothing."
        )
        parser.add_argument(
            "--user",
            help="Import as this user, with their permissions (default: the platform itself).",
        )
        parser.add_argument("--reason", default="", help="Why the values change (kept in history).")
        parser.add_argument("--plan", help="Read indicator codes in this plan only.")
        parser.add_argument("--lang", choices=("th", "en", "vi"), default="en")
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args, **options) -> None:
        actor = SYSTEM
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user {options['user']}.")
        plan = None
        if options["plan"]:
            plan = Plan.objects.filter(code=options["plan"]).first()
            if plan is None:
                raise CommandError(f"No plan with the code {options['plan']}.")
        with translation.override(options["lang"]):
            try:
                batch = services_bulk.bulk_import(
                    actor=actor,
                    path_or_file=options["file"],
                    dry_run=options["dry_run"],
                    reason=options["reason"],
                    plan=plan,
                )
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self._report(batch, options)
        if batch.state not in (BatchState.APPLIED, BatchState.CHECKED):
            raise CommandError(
                f"{batch.summary.get('errors', 0):,} problem(s) found: nothing was written.",
                returncode=1,
            )

    def _report(self, batch, options) -> None:
        summary = batch.summary
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "state": batch.state,
                        "token": batch.token,
                        "format": batch.file_format,
                        "encoding": batch.encoding,
                        "summary": summary,
                        "errors": batch.errors,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        verb = "Checked (dry run, nothing written)" if options["dry_run"] else "Imported"
        if batch.state == BatchState.INVALID:
            verb = "Refused (nothing written)"
        encoding = f", {batch.encoding}" if batch.encoding else ""
        self.stdout.write(f"{verb}: {batch.original_name} ({batch.file_format or '?'}{encoding})")
        self.stdout.write(
            f"  rows {summary.get('rows', 0):,} · values {summary.get('values', 0):,} · "
            f"new {summary.get('new', 0):,} · changed {summary.get('changed', 0):,} · "
            f"unchanged {summary.get('unchanged', 0):,} · empty rows skipped "
            f"{summary.get('skipped_empty', 0):,} · reports {summary.get('reports', 0):,} · "
            f"{summary.get('seconds', 0)} s"
        )
        errors = batch.errors
        if errors:
            self.stdout.write(f"  problems: {summary.get('errors', len(errors)):,}")
            for error in errors[:SHOWN_ERRORS]:
                place = f"row {error.get('row')}"
                if error.get("cell"):
                    place = f"{error.get('sheet', '')}!{error['cell']}"
                column = f", column {error['column']}" if error.get("column") else ""
                self.stdout.write(f"  {place}{column}: {error['message']}")
            if summary.get("errors", 0) > SHOWN_ERRORS:
                self.stdout.write(f"  … and {summary['errors'] - SHOWN_ERRORS:,} more")
