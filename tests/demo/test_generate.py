"""`naptrack generate`: a synthetic plan at scale, the same for the same seed, with its progress.

Only the small scale runs here. The reference data (areas, organizations, breakdowns) and the plan
gen-small-1 are made once for this module inside a transaction rolled back at the end; each test
runs in its own savepoint within it.
"""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from naptrack.analytics.models import IndicatorProgress, NodeProgress, Status
from naptrack.analytics.selectors import plan_progress
from naptrack.core.services import SYSTEM
from naptrack.demo.services import demo_load
from naptrack.frameworks.models import ALLOWED_AGGREGATIONS, Indicator, Plan, PlanStatus
from naptrack.organizations.models import Organization
from naptrack.periods.models import Period
from naptrack.reporting import services
from naptrack.reporting.models import Report, ReportState, RoundState, Value

CODE = "gen-small-1"


def _generate(*args: str) -> str:
    out = StringIO()
    call_command("generate", "--scale", "small", "--seed", "1", *args, stdout=out)
    return out.getvalue()


def _fingerprint(plan: Plan) -> dict:
    """Everything that must come out the same for the same seed, whatever the database ids."""
    rows = sorted(
        (
            code,
            period,
            org,
            key or "",
            str(value),
            str(numerator),
            str(denominator),
        )
        for code, period, org, key, value, numerator, denominator in Value.objects.filter(
            line__report__round__plan=plan
        ).values_list(
            "line__indicator__code",
            "line__report__round__period__code",
            "line__report__organization__code",
            "breakdown__key",
            "value",
            "numerator",
            "denominator",
        )
    )
    reports = sorted(
        Report.objects.filter(round__plan=plan).values_list(
            "round__period__code", "organization__code", "state", "submitted_at", "accepted_at"
        )
    )
    indicators = sorted(
        Indicator.objects.filter(plan=plan).values_list(
            "code", "value_type", "aggregation", "cumulative_mode", "direction", "life_target_value"
        )
    )
    return {
        "values": len(rows),
        "sum": sum(float(r[4]) for r in rows if r[4] != "None"),
        "digest": hashlib.sha256(repr(rows).encode()).hexdigest(),
        "reports": reports,
        "indicators": indicators,
    }


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(plans=False, accounts=False)  # the reference data the generator builds on
        output = _generate()
        plan = Plan.objects.get(code=CODE)
        yield {"output": output, "plan": plan, "fingerprint": _fingerprint(plan)}
        transaction.set_rollback(True)


def test_the_same_seed_gives_the_same_plan_and_values(generated, db):
    output = _generate("--replace")

    plan = Plan.objects.get(code=CODE)
    assert plan.pk != generated["plan"].pk
    again = _fingerprint(plan)
    assert again["values"] == generated["fingerprint"]["values"] > 5000
    assert again["sum"] == generated["fingerprint"]["sum"]
    assert again == generated["fingerprint"]
    assert "replacing the previous one" in output


def test_running_again_without_replace_refuses_and_says_how(generated, db):
    with pytest.raises(CommandError) as refused:
        _generate()

    assert str(refused.value) == (
        "The plan gen-small-1 exists already. Run again with --replace to delete it and "
        "generate it anew."
    )
    assert Plan.objects.filter(code=CODE).count() == 1


def test_without_the_reference_data_it_names_what_is_missing_and_asks_for_load_demo(generated, db):
    Organization.objects.filter(code="dwf").update(code="dwf-gone")

    with pytest.raises(CommandError) as refused:
        call_command("generate", "--scale", "small", "--seed", "2", stdout=StringIO())

    assert str(refused.value) == (
        "The demo's reference data is missing: organization “dwf”. Run `naptrack load_demo` first."
    )
    assert not Plan.objects.filter(code="gen-small-2").exists()


def test_the_summary_gives_counts_and_timings(generated, db):
    output = generated["output"]

    assert output.startswith("Generated plan gen-small-1 (scale small, seed 1) in ")
    assert "Every figure is synthetic." in output
    assert "36 indicators under 14 results" in output
    assert f"{generated['fingerprint']['values']:,} values" in output
    assert "time: plan, results, indicators, targets" in output
    assert "progress rebuild" in output


def test_the_plan_is_published_and_labelled_synthetic(generated, db):
    plan = generated["plan"]

    assert plan.status == PlanStatus.PUBLISHED
    assert plan.has_demo_figures
    assert plan.title_en == "Synthetic small plan (generated data, seed 1)"
    assert "ข้อมูลสังเคราะห์" in plan.title_th
    assert [p.code for p in Period.objects.filter(kind="fiscal_year", start__gte=plan.start_date)][
        :3
    ] == ["FY2567", "FY2568", "FY2569"]


def test_the_indicators_are_varied_and_each_combines_as_its_type_allows(generated, db):
    indicators = list(Indicator.objects.filter(plan=generated["plan"]))

    assert len(indicators) == 36
    assert {i.value_type for i in indicators} >= {"number", "percentage"}
    assert {i.cumulative_mode for i in indicators} == {"per_period", "cumulative", "latest"}
    assert {i.direction for i in indicators} == {"increase", "decrease"}
    assert len({i.aggregation for i in indicators}) >= 3
    for indicator in indicators:
        assert indicator.aggregation in ALLOWED_AGGREGATIONS[indicator.value_type], indicator.code
        assert indicator.life_target_value is not None
    breakdowns = {
        tuple(sorted(link.dimension.code for link in i.indicator_dimensions.all()))
        for i in indicators
    }
    assert ("age-group", "province", "sex") in breakdowns  # the full cross
    assert ("province",) in breakdowns and () in breakdowns


def test_past_rounds_are_closed_and_the_last_is_open_with_reports_at_several_steps(generated, db):
    plan = generated["plan"]
    rounds = list(plan.rounds.order_by("period__start"))

    assert [r.state for r in rounds] == [RoundState.CLOSED, RoundState.CLOSED, RoundState.OPEN]
    closed = Report.objects.filter(round__in=rounds[:2])
    assert set(closed.values_list("state", flat=True)) == {ReportState.LOCKED}
    assert closed.filter(accepted_at__isnull=False).exists()
    assert len(set(rounds[2].reports.values_list("state", flat=True))) >= 2
    late = Report.objects.filter(round__plan=plan, submitted_at__isnull=False)
    assert any(r.submitted_at.date() > r.round.due_on for r in late.select_related("round"))


def test_submitted_reports_meet_the_submission_rules(generated, db):
    submitted = Report.objects.filter(
        round__plan=generated["plan"], submitted_at__isnull=False
    ).select_related("round__plan", "round__period", "organization")
    # One report of each state, and one with province breakdowns (the full cross among them).
    reports = {report.state: report for report in submitted.order_by("-pk")}
    reports["province"] = submitted.filter(
        lines__indicator__indicator_dimensions__dimension__code="province"
    ).first()
    assert len(reports) >= 3

    for report in reports.values():
        errors = [p for p in services.report_problems(report) if not p.warning]
        assert errors == [], (report.organization.code, report.round.period.code, errors[:3])


def test_progress_is_stored_for_every_year(generated, db):
    plan = generated["plan"]

    assert IndicatorProgress.objects.filter(indicator__plan=plan).count() > 36 * 4
    overall = NodeProgress.objects.filter(plan=plan, node__isnull=True, provisional=False)
    assert set(overall.values_list("period__code", flat=True)) >= {"FY2567", "FY2568", "FY2569"}
    first_year = overall.get(period__code="FY2567")
    assert first_year.indicators == 36
    assert first_year.no_data < 36
    progress = plan_progress(plan, Period.objects.get(code="FY2567"), language="en")
    assert len(progress.indicators) == 36
    assert {row.status for row in progress.indicators} - {Status.NO_DATA}


def test_a_generated_approved_report_can_be_accepted_the_normal_way(
    generated, db, django_capture_on_commit_callbacks
):
    report = (
        Report.objects.filter(round__plan=generated["plan"], state=ReportState.APPROVED)
        .select_related("organization", "round__period")
        .order_by("organization__code")
        .first()
    )
    assert report is not None
    line = report.lines.filter(indicator__cumulative_mode="per_period").first()
    total = line.values.get(breakdown__isnull=True).value
    agency_row = IndicatorProgress.objects.filter(
        indicator_id=line.indicator_id,
        period=report.round.period,
        provisional=False,
        option__isnull=True,
        organization=report.organization,
    )
    assert not agency_row.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(actor=SYSTEM, report=report)

    assert agency_row.get().value == total
