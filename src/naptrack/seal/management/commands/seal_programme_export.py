"""`naptrack seal_programme_export CODE VERSION FILE`: write a Seal programme as an .xlsx workbook."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from naptrack.seal.models import Programme
from naptrack.seal.programme_io import programme_export


class Command(BaseCommand):
    help = (
        "Write the benchmarks of a Seal programme version to an Excel workbook (.xlsx): one row "
        "per benchmark, and the programme's names and thresholds on a second sheet."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="The programme's code.")
        parser.add_argument("version", help="The programme's version, e.g. 2024.")
        parser.add_argument("file", help="Where to write the workbook (.xlsx).")

    def handle(self, *args, code, version, file, **options):
        programme = Programme.objects.filter(code=code, version=version).first()
        if programme is None:
            known = ", ".join(
                f"{c} {v}" for c, v in Programme.objects.values_list("code", "version")
            )
            raise CommandError(
                f"No programme {code} version {version}. Programmes: {known or 'none yet'}."
            )
        path = Path(file)
        try:
            path.write_bytes(programme_export(programme))
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}") from None
        count = programme.benchmarks.count()
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {count} benchmarks of {code} {version} to {path}.")
        )
