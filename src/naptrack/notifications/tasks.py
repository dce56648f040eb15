"""Background jobs of the notifications: the daily reminder run.

The database queue has no cron, so the job keeps its own schedule: each run enqueues the next one
for the following morning (run_after), and `naptrack worker` starts the chain when none is waiting.
Runs are idempotent (a reminder is sent once, see reminders.py), so an extra run, a restart or a
cron line beside the worker never sends anything twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task

# Local hour at which the daily run starts (Asia/Bangkok by default).
DEFAULT_REMINDER_HOUR = 7


def reminder_hour() -> int:
    return int(getattr(settings, "NAPTRACK_REMINDER_HOUR", DEFAULT_REMINDER_HOUR))


@task()
def send_daily_reminders() -> dict:
    """Send today's reminders, then plan tomorrow's run."""
    from naptrack.notifications.reminders import send_due_reminders
    from naptrack.seal.tasks import send_seal_reminders_now

    try:
        today = timezone.localdate()
        counts = send_due_reminders(today).counts()
        # The Seal's benchmarks due soon, to their units (each reminder once, like the reports').
        counts["seal_reminders"] = send_seal_reminders_now(today)
        return counts
    finally:
        # Even a failed run plans the next one: one bad day must not stop the reminders for good.
        schedule_next_reminders()


def next_run_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next time the daily run is due: today at the reminder hour, or tomorrow if past."""
    now = timezone.localtime(now or timezone.now())
    at = now.replace(hour=reminder_hour(), minute=0, second=0, microsecond=0)
    if at <= now:
        at = timezone.make_aware(
            dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(reminder_hour())),
            now.tzinfo,
        )
    return at


def _waiting_run_exists() -> bool:
    """Whether a run is already queued (not yet started) in the database queue."""
    backend = send_daily_reminders.get_backend()
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is a dependency
        return False
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=send_daily_reminders.module_path,
        backend_name=backend.alias,
        status=TaskResultStatus.READY,
    ).exists()


def schedule_next_reminders(now: dt.datetime | None = None):
    """Enqueue tomorrow's run if the backend can defer jobs and none is waiting; return it."""
    backend = send_daily_reminders.get_backend()
    if not backend.supports_defer or _waiting_run_exists():
        return None
    return send_daily_reminders.using(run_after=next_run_at(now)).enqueue()


def start_reminder_schedule():
    """Enqueue a run now unless one is waiting; the run then schedules the following days."""
    if _waiting_run_exists():
        return None
    return send_daily_reminders.enqueue()
