"""Measure how soon stored progress follows an acceptance, with the worker running. Prints JSON.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/naptrack_bench   # or sqlite:////tmp/….sqlite3
    .venv/bin/python benchmarks/progress_freshness.py [--plan gen-national-1] [--runs 5]
        [--refresh] [--rebuild] [--profile]

Freshness: `naptrack worker --interval 0.5 --no-startup-delay --no-reminders` runs as a subprocess on
the same database with the settings' task backend (django_tasks_db, never the tests' immediate
one). A report of the plan's open round is set back to "approved" and its progress refreshed (so
the stored figures leave it out), then accepted with reporting.services.report_accept by SYSTEM
(the platform, which coordinates every plan). The clock runs from just before the acceptance until
the stored progress of one of the report's indicators for the round's period (IndicatorProgress,
total, accepted basis) has a computed_at after it. The worker's queue wait and run time are read
from its task row. Median of --runs runs.

--refresh times analytics.services.report_progress_refresh for that report in this process;
--rebuild times `naptrack rebuild_progress <plan>` as a subprocess (wall time and peak memory);
--profile adds the top functions of a cProfile of the refresh (and of the rebuild with --rebuild).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naptrack.settings")

ROOT = Path(__file__).resolve().parent.parent
NAPTRACK = [sys.executable, "-m", "naptrack"]
GOAL_SECONDS = 2.0


def profile_top(profiler: cProfile.Profile, limit: int = 25) -> list[str]:
    """The functions that took the most time, cumulative, as pstats prints them."""
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(limit)
    lines = [line.rstrip() for line in text.getvalue().splitlines()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return [line for line in lines[start:] if line.strip()]


def progress_row(indicator_id: int, period_id: int):
    from naptrack.analytics.models import IndicatorProgress

    return (
        IndicatorProgress.objects.filter(
            indicator_id=indicator_id,
            period_id=period_id,
            provisional=False,
            option__isnull=True,
            organization__isnull=True,
        )
        .values("computed_at", "value", "agencies_reporting")
        .first()
    )


def choose_report(plan):
    """The open round's report to accept: an approved one, else an accepted one, the largest."""
    from django.db.models import Count

    from naptrack.reporting.models import Report, ReportState, RoundState

    reports = (
        Report.objects.filter(round__plan=plan, round__state=RoundState.OPEN)
        .annotate(lines_count=Count("lines"))
        .select_related("round__period", "organization")
    )
    for state in (ReportState.APPROVED, ReportState.ACCEPTED):
        report = reports.filter(state=state).order_by("-lines_count", "organization__code").first()
        if report is not None:
            return report
    return None


def set_back_to_approved(report) -> None:
    """Undo an earlier run: the report approved again and the stored progress without it."""
    from naptrack.analytics.services import report_progress_refresh
    from naptrack.reporting.models import Report, ReportState

    Report.objects.filter(pk=report.pk).update(state=ReportState.APPROVED, accepted_at=None)
    report_progress_refresh(report.pk)


def start_worker() -> subprocess.Popen:
    command = [
        *NAPTRACK,
        "worker",
        "--interval",
        "0.5",
        "--no-startup-delay",
        "--no-reminders",
        "-v",
        "0",
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def task_timing(report_id: int, since) -> dict:
    """Queue wait and run time of the worker's refresh task for this report, from its row."""
    from django_tasks_db.models import DBTaskResult

    row = (
        DBTaskResult.objects.filter(
            task_path="naptrack.analytics.tasks.refresh_report_progress", enqueued_at__gte=since
        )
        .order_by("enqueued_at")
        .values("args_kwargs", "enqueued_at", "started_at", "finished_at", "status")
    )
    for task in row:
        if (task["args_kwargs"].get("args") or [None])[0] == report_id:
            out = {"status": task["status"]}
            if task["started_at"]:
                out["queue_wait_s"] = round(
                    (task["started_at"] - task["enqueued_at"]).total_seconds(), 3
                )
            if task["finished_at"] and task["started_at"]:
                out["run_s"] = round((task["finished_at"] - task["started_at"]).total_seconds(), 3)
            return out
    return {}


def freshness(plan, runs: int, timeout: float) -> dict:
    from django.utils import timezone

    from naptrack.core.services import SYSTEM
    from naptrack.reporting.models import Report
    from naptrack.reporting.services import report_accept

    report = choose_report(plan)
    if report is None:
        return {"error": "The plan has no approved or accepted report in an open round."}
    line = report.lines.order_by("indicator__sort_order").first()
    indicator_id, period_id = line.indicator_id, report.round.period_id
    worker = start_worker()
    samples = []
    try:
        time.sleep(2)  # the worker's start-up: Django and the first poll of the queue
        if worker.poll() is not None:
            return {"error": "The worker stopped: " + worker.stderr.read().decode()[-2000:]}
        for _ in range(runs):
            set_back_to_approved(report)
            report = Report.objects.select_related("round__period").get(pk=report.pk)
            before = progress_row(indicator_id, period_id)
            started_at = timezone.now()
            started = time.perf_counter()
            report_accept(actor=SYSTEM, report=report)
            accepted = time.perf_counter()
            seen = None
            while time.perf_counter() - started < timeout:
                row = progress_row(indicator_id, period_id)
                if row and row["computed_at"] > started_at:
                    seen = time.perf_counter()
                    break
                time.sleep(0.05)
            sample = {
                "accept_call_s": round(accepted - started, 3),
                "visible_after_s": round(seen - started, 3) if seen else None,
                "agencies_reporting": [
                    before and before["agencies_reporting"],
                    row and row["agencies_reporting"],
                ],
                **task_timing(report.pk, started_at),
            }
            samples.append(sample)
            print(json.dumps(sample), file=sys.stderr)
            if seen is None:
                break
        set_back_to_approved(report)  # as it was: the next run of this script measures the same
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    seconds = [s["visible_after_s"] for s in samples if s["visible_after_s"] is not None]
    return {
        "report": {
            "organization": report.organization.code,
            "period": report.round.period.code,
            "lines": report.lines.count(),
        },
        "indicator_polled": line.indicator.code,
        "runs": samples,
        "median_s": round(statistics.median(seconds), 3) if seconds else None,
        "within_goal": bool(seconds) and statistics.median(seconds) <= GOAL_SECONDS,
        "goal_s": GOAL_SECONDS,
    }


def refresh_timing(plan, runs: int, profile: bool) -> dict:
    from naptrack.analytics.services import report_progress_refresh

    report = choose_report(plan)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = report_progress_refresh(report.pk)
        timings.append(time.perf_counter() - started)
    out = {
        "report_lines": report.lines.count(),
        "result": result,
        "seconds": [round(t, 2) for t in timings],
        "median_s": round(statistics.median(timings), 2),
    }
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        report_progress_refresh(report.pk)
        profiler.disable()
        out["profile"] = profile_top(profiler)
    return out


def rebuild_timing(plan, profile: bool) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [*NAPTRACK, "rebuild_progress", plan.code],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = {
        "command": f"naptrack rebuild_progress {plan.code}",
        "seconds": round(seconds, 1),
        "ok": done.returncode == 0,
        "output": done.stdout.strip() if done.returncode == 0 else done.stderr.strip()[-2000:],
        # The largest child so far: the worker of the freshness runs is far smaller.
        "peak_memory_mb": round(max(peak, before) / 1024),
    }
    if profile:
        from naptrack.analytics.services import plan_progress_rebuild

        profiler = cProfile.Profile()
        profiler.enable()
        plan_progress_rebuild(plan)
        profiler.disable()
        out["profile"] = profile_top(profiler)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", default="gen-national-1")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600, help="Seconds to wait for one run.")
    parser.add_argument("--no-freshness", action="store_false", dest="freshness")
    parser.add_argument("--refresh", action="store_true", help="Time report_progress_refresh.")
    parser.add_argument("--rebuild", action="store_true", help="Time rebuild_progress.")
    parser.add_argument("--profile", action="store_true", help="cProfile the refresh/rebuild.")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        parser.error(
            "set DATABASE_URL to a scratch database shared with the worker (never the test "
            "suite's), e.g. sqlite:////tmp/naptrack_bench.sqlite3"
        )

    import django

    django.setup()
    from django.conf import settings

    from naptrack.frameworks.models import Plan

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from progress_dashboard import data_sizes, machine

    backend = settings.TASKS["default"]["BACKEND"]
    if "immediate" in backend.lower() or "dummy" in backend.lower():
        parser.error(f"the task backend is {backend}: unset NAPTRACK_TASK_BACKEND")
    plan = Plan.objects.filter(code=args.plan).first()
    if plan is None:
        print(f"No plan {args.plan}: run `naptrack generate` first.", file=sys.stderr)
        return 2
    output: dict = {"machine": machine(), "task_backend": backend, "data": data_sizes(plan)}
    if args.freshness:
        output["freshness"] = freshness(plan, args.runs, args.timeout)
    if args.refresh:
        output["report_refresh"] = refresh_timing(plan, max(1, min(args.runs, 3)), args.profile)
    if args.rebuild:
        output["rebuild"] = rebuild_timing(plan, args.profile)
    print(json.dumps(output, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
