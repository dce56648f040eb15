"""Measure a plan dashboard's data at scale against the hand-written SQL floor. Prints JSON.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/naptrack_bench   # or sqlite:////tmp/….sqlite3
    .venv/bin/python benchmarks/progress_dashboard.py --setup            # migrate, load_demo, generate
    .venv/bin/python benchmarks/progress_dashboard.py [--plan gen-national-1] [--small gen-small-1]
        [--period FY2568] [--repeat 30]

Four ways to get every result's roll-up for one period, each timed over --repeat requests after two
warm-up requests (p50 and p95 of the server time, no network):

- selector: analytics.selectors.plan_progress(plan, period) alone;
- api: GET /api/v1/plans/<code>/progress/?period=… through Django's test client;
- html: GET /en/plans/<code>/dashboard/?period=… through Django's test client;
- floor: one hand-written SQL query over reporting_value ⨝ reporting_reportline ⨝ reporting_report ⨝
  reporting_round summing each indicator's typed totals for the period from the accepted reports:
  the least any approach without stored roll-ups must do. A second query (floor_all_cells) sums
  every value of the period, breakdown cells included, which is what deriving totals from the
  cells would have to read.

A page that is not there yet (404 from a stub view, or the API's catch-all) is reported as missing,
not timed. Query counts come from CaptureQueriesContext, for the national and the small plan: they
must be equal, whatever the number of indicators. Anonymous requests: a published plan's accepted
progress is public.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naptrack.settings")
os.environ.setdefault("NAPTRACK_STATIC_MANIFEST", "false")

GOALS = {"p95_ms": 150, "times_floor": 3, "queries": "the same at every scale"}


def machine() -> dict:
    """CPU, memory, Python and database versions of the machine measured."""
    import sqlite3

    from django.db import connection

    memory_gb = None
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            cpu = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                cpu,
            )
    except OSError:
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        database = f"SQLite {sqlite3.sqlite_version}"
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "database": database,
        "os": platform.platform(),
        # Other work on the machine while measuring (1, 5 and 15 minutes): figures are noisier above
        # the number of CPUs.
        "load_average": [round(n, 2) for n in os.getloadavg()],
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(timings: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "min_ms": round(min(timings), 1),
        "max_ms": round(max(timings), 1),
        "runs": len(timings),
    }


def timed(call, repeat: int, warmup: int = 2) -> tuple[list[float], object]:
    result = None
    for _ in range(warmup):
        result = call()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings, result


def queries_of(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def page_exists(client, url: str) -> tuple[bool, int]:
    """Whether an address answers 200 (a stub that raises 404 or the API's catch-all does not)."""
    response = client.get(url)
    return response.status_code == 200, response.status_code


def floor_sql(all_cells: bool = False) -> str:
    """Per-indicator totals for one period from the raw values of accepted reports."""
    from naptrack.reporting.models import Report, ReportLine, Round, Value

    where_total = "" if all_cells else "AND v.breakdown_id IS NULL"
    return f"""
        SELECT l.indicator_id, SUM(v.value), SUM(v.numerator), SUM(v.denominator), COUNT(*)
        FROM {Value._meta.db_table} v
        JOIN {ReportLine._meta.db_table} l ON l.id = v.line_id
        JOIN {Report._meta.db_table} r ON r.id = l.report_id
        JOIN {Round._meta.db_table} rd ON rd.id = r.round_id
        WHERE rd.plan_id = %s AND rd.period_id = %s
          AND (r.state = 'accepted' OR (r.state = 'locked' AND r.accepted_at IS NOT NULL))
          {where_total}
        GROUP BY l.indicator_id
    """


def run_floor(plan, period, all_cells: bool = False) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(floor_sql(all_cells), [plan.pk, period.pk])
        return cursor.fetchall()


def floor_agrees(plan, period, rows: list[tuple]) -> dict:
    """How many per-period sums and ratios the floor query gets exactly as the stored roll-ups."""
    from decimal import Decimal

    from naptrack.analytics.models import IndicatorProgress

    stored = {
        row[0]: row[1:]
        for row in IndicatorProgress.objects.filter(
            indicator__plan=plan,
            period=period,
            provisional=False,
            option__isnull=True,
            organization__isnull=True,
            indicator__cumulative_mode="per_period",
            indicator__aggregation__in=("sum", "ratio"),
        ).values_list("indicator_id", "indicator__aggregation", "value", "numerator")
    }
    floor = {row[0]: row for row in rows}
    same = 0
    for indicator_id, (aggregation, stored_value, stored_numerator) in stored.items():
        row = floor.get(indicator_id)
        if row is None:  # no accepted value in the period: no data on both sides
            same += stored_value is None
        elif aggregation == "sum":
            same += Decimal(str(row[1])) == stored_value
        else:
            same += Decimal(str(row[2])) == stored_numerator
    return {"compared": len(stored), "equal": same}


def data_sizes(plan) -> dict:
    from naptrack.analytics.models import Contribution, IndicatorProgress, NodeProgress
    from naptrack.frameworks.models import Indicator
    from naptrack.reporting.models import Report, Value

    return {
        "plan": plan.code,
        "indicators": Indicator.objects.filter(plan=plan).count(),
        "reports": Report.objects.filter(round__plan=plan).count(),
        "values": Value.objects.filter(line__report__round__plan=plan).count(),
        "contributions": Contribution.objects.filter(report__round__plan=plan).count(),
        "indicator_progress_rows": IndicatorProgress.objects.filter(indicator__plan=plan).count(),
        "node_progress_rows": NodeProgress.objects.filter(plan=plan).count(),
    }


def setup(scales: list[str]) -> dict:
    """Migrate, load the demo and generate the plans that are missing; return how long each took."""
    from django.core.management import call_command

    from naptrack.demo.scale import generate, plan_code
    from naptrack.frameworks.models import Plan

    took = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    took["migrate_and_load_demo_s"] = round(time.perf_counter() - started, 1)
    for scale in scales:
        if Plan.objects.filter(code=plan_code(scale, 1)).exists():
            continue
        result = generate(scale, 1, log=lambda m: print(m, file=sys.stderr))
        took[f"generate_{scale}"] = {
            "seconds": {k: round(v, 1) for k, v in result.timings.items()},
            "peak_memory_mb": round(result.peak_memory_mb or 0),
            "values": result.counts["values"],
        }
    return took


def measure_plan(plan, period, client, repeat: int, *, timing: bool) -> dict:
    from naptrack.analytics.selectors import plan_progress

    api = f"/api/v1/plans/{plan.code}/progress/?period={period.code}"
    html = f"/en/plans/{plan.code}/dashboard/?period={period.code}"
    ways = {
        "selector": lambda: plan_progress(plan, period, language="en"),
        "api": lambda: client.get(api),
        "html": lambda: client.get(html),
        "floor": lambda: run_floor(plan, period),
        "floor_all_cells": lambda: run_floor(plan, period, all_cells=True),
    }
    result: dict = {"period": period.code, "urls": {"api": api, "html": html}}
    for name, url in (("api", api), ("html", html)):
        exists, status = page_exists(client, url)
        if not exists:
            result[name] = {"missing": True, "status": status}
            ways.pop(name)
    for name, call in ways.items():
        entry = result.setdefault(name, {})
        entry["queries"] = queries_of(call)
        if timing:
            timings, answer = timed(call, repeat)
            entry.update(summary(timings))
            if name in ("api", "html"):
                entry["bytes"] = len(answer.content)
            if name == "selector":
                entry["nodes"] = len(answer.nodes)
                entry["indicators"] = len(answer.indicators)
            if name.startswith("floor"):
                entry["rows"] = len(answer)
                entry["values_read"] = sum(row[4] for row in answer)
    if timing:
        result["floor"]["agrees_with_stored"] = floor_agrees(plan, period, run_floor(plan, period))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", default="gen-national-1")
    parser.add_argument("--small", default="gen-small-1", help="A small plan to compare queries.")
    parser.add_argument("--period", help="A period code; default: the plan's default period.")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--setup",
        action="store_true",
        help="Migrate, load the demo and generate gen-small-1 and gen-national-1 if missing.",
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        parser.error(
            "set DATABASE_URL to a scratch database (never the test suite's), e.g. "
            "sqlite:////tmp/naptrack_bench.sqlite3"
        )

    import django

    django.setup()
    from django.test import Client

    from naptrack.analytics.selectors import default_period
    from naptrack.frameworks.models import Plan
    from naptrack.periods.models import Period

    output: dict = {"machine": machine(), "goals": GOALS}
    if args.setup:
        output["setup"] = setup(["small", "national"])
    plans = {code: Plan.objects.filter(code=code).first() for code in (args.plan, args.small)}
    missing = [code for code, plan in plans.items() if plan is None]
    if missing:
        print(
            f"No plan {', '.join(missing)} in this database: run `naptrack generate` first "
            "(or this script with --setup).",
            file=sys.stderr,
        )
        return 2
    client = Client()
    results = {}
    for code, plan in plans.items():
        period = Period.objects.get(code=args.period) if args.period else default_period(plan)
        if period is None:
            print(f"The plan {code} has no stored progress: run rebuild_progress.", file=sys.stderr)
            return 2
        results[code] = {
            "data": data_sizes(plan),
            **measure_plan(plan, period, client, args.repeat, timing=code == args.plan),
        }
    output["plans"] = results
    big, small = results[args.plan], results[args.small]
    verdict = {}
    for name in ("selector", "api", "html"):
        if big.get(name, {}).get("missing"):
            verdict[name] = "missing"
            continue
        p95 = big[name]["p95_ms"]
        verdict[name] = {
            "p95_within_150_ms": p95 <= GOALS["p95_ms"],
            "times_floor_p50": round(big[name]["p50_ms"] / max(big["floor"]["p50_ms"], 0.001), 2),
            "within_3x_floor": big[name]["p50_ms"] <= GOALS["times_floor"] * big["floor"]["p50_ms"],
            "queries_national": big[name]["queries"],
            "queries_small": small[name]["queries"],
            "queries_constant": big[name]["queries"] == small[name]["queries"],
        }
    output["verdict"] = verdict
    print(json.dumps(output, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
