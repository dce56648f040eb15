"""`naptrack worker`: run background jobs from the database queue until stopped."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = "Run NAPtrack's background jobs (documents, exports, roll-ups, reminders) from the database queue."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-reminders",
            action="store_false",
            dest="reminders",
            help="Do not start the daily reminder run (when cron calls `naptrack send_reminders`).",
        )

    def handle(self, *args, reminders: bool = True, **options) -> None:
        if reminders:
            # The queue has no cron: the reminder job re-enqueues itself each day; start it once.
            from naptrack.notifications.tasks import start_reminder_schedule

            start_reminder_schedule()
        super().handle(*args, **options)
