"""`naptrack worker`: run background jobs from the database queue until stopped."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = "Run NAPtrack's background jobs (documents, exports, roll-ups, reminders) from the database queue."
