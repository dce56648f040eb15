import subprocess
import sys

from django.core.management import call_command, get_commands


def test_naptrack_command_is_the_manage_command_with_project_subcommands():
    commands = get_commands()
    assert {"migrate", "createsuperuser", "worker", "load_demo"} <= set(commands)


def test_worker_stops_in_batch_mode_once_the_queue_is_empty(transactional_db, settings):
    # The worker closes database connections between jobs, which a test transaction cannot survive.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("worker", "--batch", "--interval", "0", verbosity=0)


def test_console_script_runs_help():
    result = subprocess.run(
        [sys.executable, "-m", "naptrack", "help", "worker"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "background jobs" in result.stdout
