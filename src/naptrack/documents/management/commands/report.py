"""`naptrack report PLAN --period FY2568 --format pdf --output FILE`: make a progress report."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from naptrack.documents.contracts import DocumentSpec
from naptrack.documents.render import render_document
from naptrack.documents.report_data import DocumentError


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


class Command(BaseCommand):
    help = (
        "Make a plan's progress report for a period as PDF, Word or Excel: the whole plan or one "
        "agency's part, on accepted figures or with provisional ones marked."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("plan", metavar="PLAN_CODE", help="The plan's code.")
        parser.add_argument(
            "--period",
            default="",
            help="A period with figures, such as FY2568 (not needed with --end-of-plan).",
        )
        parser.add_argument("--agency", default="", help="One agency's report: its code.")
        parser.add_argument("--lang", choices=("th", "en", "vi"), default="th")
        parser.add_argument("--format", choices=("pdf", "docx", "xlsx"), default="pdf")
        parser.add_argument(
            "--output",
            default="",
            help="The file to write (default: a name such as PLAN_FY2568_th.pdf, here).",
        )
        parser.add_argument(
            "--provisional",
            action="store_true",
            help="Include submitted and approved figures not yet accepted, marked as such.",
        )
        parser.add_argument(
            "--thai-digits", action="store_true", help="Write numbers and dates in Thai digits."
        )
        parser.add_argument(
            "--end-of-plan",
            action="store_true",
            help="The end-of-plan report: the whole plan span against life-of-plan targets.",
        )

    def handle(self, *args, **options) -> None:
        if not options["period"] and not options["end_of_plan"]:
            raise CommandError("Give a period with --period (such as FY2568), or --end-of-plan.")
        spec = DocumentSpec(
            plan_code=options["plan"],
            period_code=options["period"],
            format=options["format"],
            language=options["lang"],
            agency_code=options["agency"],
            provisional=options["provisional"],
            thai_digits=options["thai_digits"],
            end_of_plan=options["end_of_plan"],
        )
        output = Path(options["output"]) if options["output"] else None
        if output is not None:
            if output.is_dir():
                raise CommandError(f"{output} is a folder: give a file name with --output.")
            if not output.parent.is_dir():
                raise CommandError(f"The folder {output.parent} does not exist.")
            if not os.access(output.parent, os.W_OK):
                raise CommandError(f"The folder {output.parent} cannot be written to.")
        started = time.monotonic()

        def progress(percent: int, step: str) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{percent:3d} % {step}")

        try:
            rendered = render_document(spec, progress)
        except DocumentError as exc:
            raise CommandError(str(exc)) from exc
        if output is None:
            output = Path(rendered.filename)
        try:
            output.write_bytes(rendered.content)
        except OSError as exc:
            raise CommandError(f"Could not write {output}: {exc.strerror}.") from exc
        self.stdout.write(
            f"{output.resolve()} · {_size(len(rendered.content))} · "
            f"{time.monotonic() - started:.1f} s"
        )
