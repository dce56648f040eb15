"""gunicorn settings for `make run`: the web server starts the background worker and stops it.

Roll-ups refresh seconds after an acceptance only if a worker runs; in the demo the web server
owns one, so a single command gives a working platform. In production run `naptrack worker` as
its own service instead (docs/operations.md) and start gunicorn without this file.
"""

import os
import shutil
import subprocess
import sys

_worker: subprocess.Popen | None = None


def _worker_command() -> list[str]:
    command = shutil.which("naptrack", path=os.path.dirname(sys.executable)) or "naptrack"
    # Half a second between polls of an empty queue keeps an acceptance on the dashboard within 2 s.
    return [command, "worker", "--interval", os.environ.get("NAPTRACK_WORKER_INTERVAL", "0.5")]


def on_starting(server) -> None:
    global _worker
    if os.environ.get("NAPTRACK_RUN_WORKER", "1") != "0":
        _worker = subprocess.Popen(_worker_command())
        server.log.info("Background worker started (pid %s)", _worker.pid)


def on_exit(server) -> None:
    if _worker is not None and _worker.poll() is None:
        _worker.terminate()
        try:
            _worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _worker.kill()
