"""`naptrack seal_programme_import FILE --code CODE --version VERSION`: load a benchmark list."""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from naptrack.core.services import SYSTEM
from naptrack.seal.programme_io import ProgrammeImportError, programme_import


def _percentage(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CommandError(f"{text!r} is not a percentage.") from None


class Command(BaseCommand):
    help = (
        "Create a Seal programme version from an Excel workbook (.xlsx) with a sheet "
        "'benchmarks' (one row per benchmark) and optionally a sheet 'programme'. Every problem "
        "is listed by sheet and cell and nothing is created unless the whole file is right."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the programme's version here, not Django's: the later option wins.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help="The workbook (.xlsx).")
        parser.add_argument("--code", default="", help="Programme code (else the file's).")
        parser.add_argument("--version", default="", help="Version, e.g. 2025 (else the file's).")
        parser.add_argument("--name-th", default="", help="Name in Thai (else the file's).")
        parser.add_argument("--name-en", default="", help="Name in English (else the file's).")
        parser.add_argument("--name-vi", default="", help="Name in Vietnamese (else the file's).")
        parser.add_argument("--bronze", type=_percentage, help="Bronze from (%%).")
        parser.add_argument("--silver", type=_percentage, help="Silver from (%%).")
        parser.add_argument("--gold", type=_percentage, help="Gold from (%%).")
        parser.add_argument("--award-years", type=int, help="Years an award lasts.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the programme for enrolment."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            programme = programme_import(
                actor=SYSTEM,
                file=path,
                code=options["code"],
                version=options["version"],
                name_th=options["name_th"],
                name_en=options["name_en"],
                name_vi=options["name_vi"],
                bronze_threshold=options["bronze"],
                silver_threshold=options["silver"],
                gold_threshold=options["gold"],
                award_years=options["award_years"],
                is_published=options["publish"],
            )
        except ProgrammeImportError as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(f"Nothing was imported from {path}:\n{lines}") from None
        count = programme.benchmarks.count()
        previous = f" (previous version {programme.previous.version})" if programme.previous else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {programme.code} {programme.version}{previous}: "
                f"{programme.dimensions.count()} dimensions, {count} benchmarks."
            )
        )
