"""Bulk import of 1,000,000 values on PostgreSQL and SQLite, next to PostgreSQL's COPY of the same
file into a plain table (the floor). Prints JSON, then a summary table.

    .venv/bin/python benchmarks/bulk_import.py [--values 1000000] [--only postgresql|sqlite]
        [--pg postgres://postgres@127.0.0.1:5432/naptrack_bench] [--sqlite /tmp/naptrack_bench.sqlite3]
        [--keep] [--profile]

Both databases must hold the generated national plan (`naptrack generate --scale national --seed 1`,
see docs/performance.md; --no-progress is enough). Never point this at the test suite's databases.

What is measured. The script opens four quarterly rounds of gen-national-1 (FY2569-Q1 … Q4) through
reporting.services.round_open — every report a draft, so that the plan's coordinator may fill it —
and writes a CSV of N values for them: every cell an indicator allows (the total, each option of
each breakdown, the full cross), round after round, agency after agency. Then, each run in a fresh
process (`naptrack import_values`' own code path, transfers.services_bulk.bulk_import, as the
platform itself, which coordinates every plan), timed from the file's first byte to the commit:

1. `new`: the first import: every value new, with its history row;
2. `unchanged`: the same file again: every row checked, nothing written (idempotence);
3. `changed`: every value one more: every row updated, with its history row;
4. `dry_run`: the changed file checked again without writing.

Peak memory is the child process's maximum resident set size (ru_maxrss), Django included. The
floor is `COPY … FROM STDIN` of the same CSV into an unindexed table of text columns, from Python.
The rounds and everything in them are deleted at the end (--keep leaves them), and the value tables
are vacuumed before the runs and after the clean-up (PostgreSQL), so that runs start alike.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naptrack.settings")

PLAN = "gen-national-1"
PERIODS = ["FY2569-Q1", "FY2569-Q2", "FY2569-Q3", "FY2569-Q4"]
GOALS = {"values_per_second_postgresql": 50_000, "peak_memory_mb": 300}
PG_URL = "postgres://postgres@127.0.0.1:5432/naptrack_bench"
SQLITE_PATH = "/tmp/naptrack_bench.sqlite3"
DIMENSIONS = ["sex", "age-group", "province"]


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- Children: each runs in its own process with DATABASE_URL set ---------------------------------


def child_prepare(args) -> dict:
    """Open the benchmark's rounds (if missing) and write the CSV files for them."""
    import django

    django.setup()
    import datetime as dt

    from naptrack.core.services import SYSTEM
    from naptrack.frameworks.models import IndicatorDimension, Plan
    from naptrack.periods.services import period_get_or_create
    from naptrack.reporting import services
    from naptrack.reporting.models import ReportLine, Round

    plan = Plan.objects.filter(code=PLAN).first()
    if plan is None:
        raise SystemExit(
            f"No plan {PLAN}: run `naptrack generate --scale national --seed 1` first."
        )
    today = dt.date.today()
    rounds = []
    for code in PERIODS:
        period = period_get_or_create(code)
        round_ = Round.objects.filter(plan=plan, period=period).first()
        if round_ is None:
            round_ = services.round_open(
                actor=SYSTEM,
                plan=plan,
                period=period,
                opens_on=today,
                due_on=today + dt.timedelta(days=30),
                closes_on=today + dt.timedelta(days=60),
                titles={"en": f"Bulk import benchmark {code}"},
            )
        rounds.append(round_)
    vacuum()
    if not args.write:
        return {"rounds": [r.pk for r in rounds]}
    # The cells each indicator allows: total, each option of each dimension, the full cross.
    cells: dict[int, list[dict]] = {}
    links = IndicatorDimension.objects.filter(indicator__plan=plan).select_related("dimension")
    by_indicator: dict[int, list] = {}
    for link in links.prefetch_related("options", "dimension__options").order_by(
        "indicator_id", "sort_order"
    ):
        by_indicator.setdefault(link.indicator_id, []).append(
            (link.dimension.code, [o.code for o in link.allowed_options()])
        )
    import itertools

    for indicator_id, dims in by_indicator.items():
        combos = [{}]
        combos += [{d: o} for d, options in dims for o in options]
        if len(dims) > 1:
            combos += [
                dict(zip([d for d, _ in dims], pick, strict=True))
                for pick in itertools.product(*(options for _, options in dims))
            ]
        cells[indicator_id] = combos
    header = ["indicator", "period", "agency", *DIMENSIONS, "value", "numerator", "denominator"]
    written = 0
    files = {
        "new": open(args.file, "w", encoding="utf-8", newline=""),
        "changed": open(args.changed_file, "w", encoding="utf-8", newline=""),
    }
    import csv

    writers = {k: csv.writer(f) for k, f in files.items()}
    for writer in writers.values():
        writer.writerow(header)
    for round_ in rounds:
        lines = (
            ReportLine.objects.filter(report__round=round_)
            .order_by("report__organization__code", "indicator__sort_order", "indicator__code")
            .values_list(
                "report__organization__code",
                "indicator_id",
                "indicator__code",
                "indicator__value_type",
            )
        )
        for agency, indicator_id, code, value_type in lines.iterator():
            for cell in cells.get(indicator_id, [{}]):
                if written >= args.values:
                    break
                seed = (written * 2654435761) % 1000
                dims = [cell.get(d, "") for d in DIMENSIONS]
                key = [code, round_.period.code, agency, *dims]
                if value_type == "percentage":
                    rows = {
                        "new": [*key, "", seed % 50, 50],
                        "changed": [*key, "", seed % 50 + 1, 51],
                    }
                elif value_type == "yes_no":
                    rows = {
                        "new": [*key, seed % 2, "", ""],
                        "changed": [*key, 1 - seed % 2, "", ""],
                    }
                else:
                    rows = {"new": [*key, seed, "", ""], "changed": [*key, seed + 1, "", ""]}
                for name, row in rows.items():
                    writers[name].writerow(row)
                written += 1
    for f in files.values():
        f.close()
    return {
        "rounds": [r.pk for r in rounds],
        "values": written,
        "bytes": os.path.getsize(args.file),
    }


def child_import(args) -> dict:
    import django

    django.setup()
    from naptrack.core.services import SYSTEM
    from naptrack.transfers import services_bulk

    started = time.perf_counter()
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    batch = services_bulk.bulk_import(
        actor=SYSTEM, path_or_file=args.file, dry_run=args.dry_run, reason="benchmark"
    )
    seconds = time.perf_counter() - started
    out = {
        "state": batch.state,
        "seconds": round(seconds, 2),
        "values": batch.summary.get("values"),
        "values_per_second": round((batch.summary.get("values") or 0) / seconds),
        "peak_memory_mb": peak_mb(),
        "summary": batch.summary,
        "first_errors": batch.errors[:3],
    }
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(20)
        out["profile"] = text.getvalue().splitlines()[-30:]
    return out


def child_copy(args) -> dict:
    """The floor: COPY of the same CSV into a plain table of text columns (PostgreSQL)."""
    import django

    django.setup()
    from django.db import connection, transaction

    columns = ", ".join(
        f'"{c}" text'
        for c in ["indicator", "period", "agency", *DIMENSIONS, "value", "numerator", "denominator"]
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_bulk_copy_floor")
            cursor.execute(f"CREATE TABLE bench_bulk_copy_floor ({columns})")
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            with open(args.file, "rb") as source:
                with cursor.cursor.copy(
                    "COPY bench_bulk_copy_floor FROM STDIN WITH (FORMAT csv, HEADER true)"
                ) as copy:
                    while chunk := source.read(1 << 20):
                        copy.write(chunk)
            cursor.execute("SELECT COUNT(*) FROM bench_bulk_copy_floor")
            count = cursor.fetchone()[0]
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_bulk_copy_floor")
    return {
        "seconds": round(seconds, 2),
        "values": count,
        "values_per_second": round(count / seconds),
        "peak_memory_mb": peak_mb(),
    }


def child_cleanup(args) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction

    from naptrack.reporting.models import Event, Report, ReportLine, Round, Value, ValueChange

    started = time.perf_counter()
    rounds = Round.objects.filter(plan__code=PLAN, period__code__in=PERIODS)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Deferred checks of millions of deleted rows at commit take minutes; these take seconds.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        ValueChange.objects.filter(report__round__in=rounds)._raw_delete("default")
        Value.objects.filter(line__report__round__in=rounds)._raw_delete("default")
        Event.objects.filter(report__round__in=rounds)._raw_delete("default")
        ReportLine.objects.filter(report__round__in=rounds)._raw_delete("default")
        Report.objects.filter(round__in=rounds).delete()
        count = rounds.count()
        rounds.delete()
    vacuum()
    return {"rounds_deleted": count, "seconds": round(time.perf_counter() - started, 1)}


def vacuum() -> None:
    """Clear the dead rows of earlier runs (PostgreSQL), so that every run starts alike."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ("reporting_value", "reporting_valuechange", "reporting_reportline"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def child_machine(args) -> dict:
    import django

    django.setup()
    from benchmarks.progress_dashboard import machine

    return machine()


CHILDREN = {
    "prepare": child_prepare,
    "import": child_import,
    "copy": child_copy,
    "cleanup": child_cleanup,
    "machine": child_machine,
}


def run_child(name: str, url: str, *extra: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "NAPTRACK_LOG_LEVEL": "WARNING"}
    command = [sys.executable, __file__, "--child", name, *extra]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--pg", default=PG_URL)
    parser.add_argument("--sqlite", default=SQLITE_PATH)
    parser.add_argument("--file", default="/tmp/naptrack_bulk_values.csv")
    parser.add_argument("--changed-file", default="/tmp/naptrack_bulk_values_changed.csv")
    parser.add_argument("--keep", action="store_true", help="Keep the rounds and their values.")
    parser.add_argument("--profile", action="store_true", help="cProfile the first import.")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--write", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dry-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args), default=str))
        return 0

    databases = {"postgresql": args.pg, "sqlite": f"sqlite:///{args.sqlite}"}
    if args.only:
        databases = {args.only: databases[args.only]}
    output: dict = {"goals": GOALS, "values_asked": args.values, "databases": {}}
    written = False
    for name, url in databases.items():
        runs: dict = {"machine": run_child("machine", url)}
        prepare_args = [
            "--values",
            str(args.values),
            "--file",
            args.file,
            "--changed-file",
            args.changed_file,
        ]
        runs["prepare"] = run_child(
            "prepare", url, *prepare_args, *([] if written else ["--write"])
        )
        written = True
        if name == "postgresql":
            runs["copy_floor"] = run_child("copy", url, "--file", args.file)
        plan = [
            ("new", args.file, []),
            ("unchanged", args.file, []),
            ("changed", args.changed_file, []),
            ("dry_run", args.changed_file, ["--dry-run"]),
        ]
        for label, path, extra in plan:
            profile = ["--profile"] if args.profile and label == "new" else []
            runs[label] = run_child("import", url, "--file", path, *extra, *profile)
            print(
                f"{name} {label}: {runs[label]['values_per_second']:,} values/s, "
                f"{runs[label]['seconds']} s, {runs[label]['peak_memory_mb']} MB",
                file=sys.stderr,
            )
        if not args.keep:
            runs["cleanup"] = run_child("cleanup", url)
        output["databases"][name] = runs
    print(json.dumps(output, indent=2, default=str))
    print("\n| database | run | values | seconds | values/s | peak MB |", file=sys.stderr)
    print("|---|---|---|---|---|---|", file=sys.stderr)
    for name, runs in output["databases"].items():
        if "copy_floor" in runs:
            r = runs["copy_floor"]
            print(
                f"| {name} | COPY floor | {r['values']:,} | {r['seconds']} | "
                f"{r['values_per_second']:,} | {r['peak_memory_mb']} |",
                file=sys.stderr,
            )
        for label in ("new", "unchanged", "changed", "dry_run"):
            r = runs[label]
            print(
                f"| {name} | {label} | {r['values'] or 0:,} | {r['seconds']} | "
                f"{r['values_per_second']:,} | {r['peak_memory_mb']} |",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
