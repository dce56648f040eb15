"""Background jobs of the Seal: the daily reminders before benchmarks are due.

The daily reminder run of the notifications (notifications.tasks.send_daily_reminders) calls
send_seal_reminders_now(); the task below runs it on its own, e.g. from the admin or a cron job.
Each reminder is recorded and goes once, however often the job runs.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task


def send_seal_reminders_now(today: dt.date | None = None) -> int:
    from naptrack.seal.services import send_seal_reminders

    return send_seal_reminders(today or timezone.localdate())


@task()
def send_seal_reminders_task() -> dict:
    today = timezone.localdate()
    return {"date": today.isoformat(), "reminders": send_seal_reminders_now(today)}
