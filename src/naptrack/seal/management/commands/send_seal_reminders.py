"""`naptrack send_seal_reminders [--date YYYY-MM-DD]`: remind units of the Seal benchmarks they
have not answered, 7, 3 and 1 days before they are due (for cron; each reminder goes once)."""

import argparse
import datetime as dt

from django.core.management.base import BaseCommand

from naptrack.seal.services import send_seal_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Remind the units of the Gender Equality Seal benchmarks they have not answered yet, "
        "before their due date (each reminder once; safe to run several times a day)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up or to test.",
        )

    def handle(self, *args, date: dt.date | None = None, **options):
        from django.utils import timezone

        today = date or timezone.localdate()
        count = send_seal_reminders(today)
        self.stdout.write(
            self.style.SUCCESS(f"{today.isoformat()}: {count} reminder(s) for Seal benchmarks.")
        )
