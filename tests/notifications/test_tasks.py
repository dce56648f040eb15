"""The daily reminder job: it runs the reminders and keeps its own schedule in the database queue."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from naptrack.notifications import tasks
from naptrack.notifications.models import ReminderSent

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued():
    return list(
        DBTaskResult.objects.filter(
            task_path=tasks.send_daily_reminders.module_path, status=TaskResultStatus.READY
        )
    )


def test_the_next_run_is_the_next_morning_in_bangkok():
    before = dt.datetime(2025, 11, 8, 6, 30, tzinfo=BANGKOK)
    after = dt.datetime(2025, 11, 8, 7, 0, tzinfo=BANGKOK)
    assert tasks.next_run_at(before) == dt.datetime(2025, 11, 8, 7, tzinfo=BANGKOK)
    assert tasks.next_run_at(after) == dt.datetime(2025, 11, 9, 7, tzinfo=BANGKOK)


def test_the_job_sends_the_reminders_and_plans_tomorrows_run(world, database_queue):
    with time_machine.travel(dt.datetime(2025, 11, 8, 7, 0, 5, tzinfo=BANGKOK), tick=False):
        counts = tasks.send_daily_reminders.call()
    assert counts == {
        "date": "2025-11-08",
        "reports_checked": 2,
        "reminders": 2,
        "recipients": 5,
        "seal_reminders": 0,
    }
    assert ReminderSent.objects.filter(days_before=7).count() == 2
    (next_run,) = queued()
    assert next_run.run_after == dt.datetime(2025, 11, 9, 7, tzinfo=BANGKOK)


def test_a_failed_run_still_plans_the_next_one(world, database_queue, monkeypatch):
    from naptrack.notifications import reminders

    def broken(today=None):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(reminders, "send_due_reminders", broken)
    with pytest.raises(RuntimeError):
        tasks.send_daily_reminders.call()
    assert len(queued()) == 1


def test_starting_the_schedule_twice_queues_one_run(db, database_queue):
    assert tasks.start_reminder_schedule() is not None
    assert tasks.start_reminder_schedule() is None
    assert tasks.schedule_next_reminders() is None  # a run is waiting already
    assert len(queued()) == 1


def test_the_worker_starts_the_schedule_and_runs_the_job(transactional_db, database_queue):
    # The worker closes database connections between jobs, which a test transaction cannot survive.
    call_command("worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)
    finished = DBTaskResult.objects.filter(
        task_path=tasks.send_daily_reminders.module_path, status=TaskResultStatus.SUCCESSFUL
    )
    assert finished.count() == 1
    (tomorrow,) = queued()
    assert tomorrow.run_after > finished.get().finished_at
    # A second start finds tomorrow's run waiting and queues nothing more.
    call_command("worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)
    assert len(queued()) == 1


def test_the_worker_can_leave_reminders_to_cron(transactional_db, database_queue):
    call_command("worker", "--batch", "--no-reminders", "--interval", "0", verbosity=0)
    assert not DBTaskResult.objects.filter(
        task_path=tasks.send_daily_reminders.module_path
    ).exists()


def test_with_the_immediate_backend_the_job_runs_once_and_does_not_requeue(world):
    # Tests and the demo run jobs immediately; a self-enqueueing job must not loop.
    result = tasks.start_reminder_schedule()
    assert result.status == TaskResultStatus.SUCCESSFUL
