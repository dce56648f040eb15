"""`naptrack send_reminders [--date YYYY-MM-DD]`: send the reminders due today (for cron)."""

import argparse
import datetime as dt

from django.core.management.base import BaseCommand

from naptrack.notifications.reminders import send_due_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Send the reminders due today to agencies that have not submitted their report "
        "(each reminder once; safe to run several times a day)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up or to test.",
        )

    def handle(self, *args, date: dt.date | None = None, **options):
        run = send_due_reminders(date)
        for item in run.sent:
            self.stdout.write(
                f"{item.agency} · {item.round}: {item.days_before}-day reminder "
                f"(due {item.due_on.isoformat()}, {item.days_left} days left) "
                f"to {item.recipients} recipient(s)"
            )
        counts = run.counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['date']}: {counts['reminders']} reminder(s) sent to "
                f"{counts['recipients']} recipient(s); {counts['reports_checked']} report(s) checked."
            )
        )
