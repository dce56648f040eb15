"""Time the national progress report as PDF, Word and Excel. Prints JSON.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/naptrack_bench   # or sqlite:////tmp/….sqlite3
    .venv/bin/python benchmarks/documents.py [--plan gen-national-1] [--period FY2568]
        [--lang th] [--formats pdf,docx,xlsx] [--runs 3]

Each document is made by `naptrack report` in its own subprocess, exactly as an officer's request
is made by the worker: the wall time of the command and the peak memory (maxrss) of that process.
Chromium runs in processes of its own; their memory is not in the figure. When the plan has no
stored progress yet (a freshly generated database), `naptrack rebuild_progress PLAN` runs first and
is not timed. Median of --runs runs. Goal: each document within 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naptrack.settings")

NAPTRACK = [sys.executable, "-m", "naptrack"]
GOAL_SECONDS = 10.0

# Peak memory of the child, read back through a tiny wrapper (RUSAGE_CHILDREN is cumulative).
WRAPPER = (
    "import resource, subprocess, sys; "
    "code = subprocess.call(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


def ensure_progress(plan: str) -> None:
    import django

    django.setup()
    from naptrack.analytics.models import IndicatorProgress

    if not IndicatorProgress.objects.filter(indicator__plan__code=plan).exists():
        subprocess.run([*NAPTRACK, "rebuild_progress", plan], check=True)


def run_once(plan: str, period: str, lang: str, fmt: str, folder: Path) -> dict:
    output = folder / f"report.{fmt}"
    command = [*NAPTRACK, "report", plan, "--period", period, "--lang", lang]
    command += ["--format", fmt, "--output", str(output)]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{fmt}: {done.stdout}{done.stderr}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "bytes": output.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default="gen-national-1")
    parser.add_argument("--period", default="FY2568")
    parser.add_argument("--lang", default="th")
    parser.add_argument("--formats", default="pdf,docx,xlsx")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    ensure_progress(args.plan)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            runs = [
                run_once(args.plan, args.period, args.lang, fmt, Path(tmp))
                for _ in range(args.runs)
            ]
            seconds = statistics.median(r["seconds"] for r in runs)
            results[fmt] = {
                "median_seconds": round(seconds, 2),
                "runs_seconds": [round(r["seconds"], 2) for r in runs],
                "peak_mb": round(max(r["peak_mb"] for r in runs), 1),
                "size_mb": round(runs[-1]["bytes"] / 1e6, 2),
                "meets_goal": seconds <= GOAL_SECONDS,
            }
    print(
        json.dumps(
            {
                "database": os.environ.get("DATABASE_URL", "sqlite (default)").split("@")[-1],
                "plan": args.plan,
                "period": args.period,
                "language": args.lang,
                "load_average": os.getloadavg(),
                "goal_seconds": GOAL_SECONDS,
                "documents": results,
                "cpu_children_seconds": round(
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime, 1
                ),
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
