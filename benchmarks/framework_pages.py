"""Measure the framework pages on a large plan: time and queries per page. Prints JSON.

    .venv/bin/python benchmarks/framework_pages.py [--indicators 1000] [--repeat 5]

Runs on a fresh SQLite database in a temporary folder (or DATABASE_URL if set to a scratch database).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naptrack.settings")
os.environ.setdefault("NAPTRACK_STATIC_MANIFEST", "false")
if "DATABASE_URL" not in os.environ:
    os.environ["NAPTRACK_VAR"] = tempfile.mkdtemp(prefix="naptrack-bench-")


def build_plan(indicator_count: int):
    import datetime as dt

    from naptrack.core.services import SYSTEM
    from naptrack.frameworks import services
    from naptrack.frameworks.models import PlanStatus
    from naptrack.organizations.models import Organization
    from naptrack.periods.services import period_get_or_create

    owner, _ = Organization.objects.get_or_create(
        code="bench-owner", defaults={"kind": "department", "name_en": "Owner"}
    )
    agencies = [
        Organization.objects.get_or_create(
            code=f"bench-agency-{n}",
            defaults={"kind": "agency", "name_en": f"Agency {n}", "abbreviation_en": f"A{n}"},
        )[0]
        for n in range(20)
    ]
    plan = services.plan_create(
        actor=SYSTEM,
        code="bench-plan",
        owner=owner,
        kind="nap",
        title_en="Benchmark plan",
        title_th="แผนทดสอบ",
        start_date=dt.date(2023, 10, 1),
        end_date=dt.date(2027, 9, 30),
        status=PlanStatus.PUBLISHED,
        level_names=[{"en": "Pillar"}, {"en": "Outcome"}, {"en": "Output"}],
    )
    periods = [period_get_or_create(f"FY{fy}") for fy in range(2567, 2571)]
    per_output = 10
    outputs_needed = max(1, indicator_count // per_output)
    made = 0
    for p in range(1, 5):
        pillar = services.node_create(actor=SYSTEM, plan=plan, code=str(p), title_en=f"Pillar {p}")
        for o in range(1, 6):
            outcome = services.node_create(
                actor=SYSTEM, plan=plan, parent=pillar, code=f"{p}.{o}", title_en=f"Outcome {p}.{o}"
            )
            for q in range(1, (outputs_needed // 20) + 2):
                output = services.node_create(
                    actor=SYSTEM,
                    plan=plan,
                    parent=outcome,
                    code=f"{p}.{o}.{q}",
                    title_en=f"Output {p}.{o}.{q}",
                )
                for i in range(1, per_output + 1):
                    if made >= indicator_count:
                        break
                    made += 1
                    ind = services.indicator_create(
                        actor=SYSTEM,
                        node=output,
                        code=f"{p}.{o}.{q}.{i}",
                        name_en=f"Indicator {made}",
                        name_th=f"ตัวชี้วัด {made}",
                    )
                    services.assignment_set(
                        actor=SYSTEM, indicator=ind, organization=agencies[made % 20], role="lead"
                    )
                    services.assignment_set(
                        actor=SYSTEM,
                        indicator=ind,
                        organization=agencies[(made + 7) % 20],
                        role="support",
                    )
                    for period in periods:
                        services.target_set(actor=SYSTEM, indicator=ind, period=period, value=made)
    return plan, made


def measure(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {
        "url": url,
        "median_ms": round(statistics.median(timings), 1),
        "max_ms": round(max(timings), 1),
        "queries": len(ctx.captured_queries),
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    plan, made = build_plan(args.indicators)
    build_seconds = time.perf_counter() - started
    client = Client()
    results = [
        measure(client, "/th/", args.repeat),
        measure(client, f"/th/plans/{plan.code}/", args.repeat),
        measure(client, f"/en/plans/{plan.code}/?q=Indicator+99", args.repeat),
        measure(client, f"/th/plans/{plan.code}/indicators/1.1.1.1/", args.repeat),
        measure(client, f"/api/v1/plans/{plan.code}/tree/", args.repeat),
        measure(client, "/api/v1/indicators/?plan=bench-plan&limit=100", args.repeat),
    ]
    # Memory is measured on its own: tracing allocations slows every request several times over.
    tracemalloc.start()
    client.get(f"/th/plans/{plan.code}/")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "indicators": made,
                "build_seconds": round(build_seconds, 1),
                "plan_page_peak_memory_mb": round(peak / 1e6, 1),
                "pages": results,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
