"""The demo reporting rounds: a past accepted round and an open round for the Thai NAP and SOMSWD.

The demo is loaded once for this module inside a transaction that is rolled back at the end;
each test runs in its own savepoint within it.
"""

import datetime as dt
import logging
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from naptrack.demo.loaders import LoadStats
from naptrack.demo.reporting_loader import load_rounds
from naptrack.demo.services import demo_load
from naptrack.frameworks.models import Aggregation, Target, ValueType
from naptrack.notifications.models import Notification
from naptrack.reporting import rules, services
from naptrack.reporting.models import (
    Event,
    EventKind,
    Rating,
    Report,
    ReportLine,
    ReportState,
    Round,
    RoundState,
    Value,
    ValueChange,
)

NAP, SOMSWD = "th-nap-wps-2567", "asean-somswd-2021"
THAI = re.compile(r"[\u0e00-\u0e7f]")
BEYOND_DRAFT = (
    ReportState.SUBMITTED,
    ReportState.APPROVED,
    ReportState.ACCEPTED,
    ReportState.LOCKED,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        result = demo_load()
        yield result
        transaction.set_rollback(True)


def _round(plan: str, period: str) -> Round:
    return Round.objects.select_related("plan", "period").get(plan__code=plan, period__code=period)


def _states(round_: Round) -> dict[str, str]:
    return dict(round_.reports.values_list("organization__code", "state"))


# --- Rounds and states ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plan, past, current", [(NAP, "FY2567", "FY2568"), (SOMSWD, "CY2024", "CY2025")]
)
def test_each_plan_has_a_closed_past_round_of_locked_reports_and_an_open_round(
    demo, db, plan, past, current
):
    closed, open_ = _round(plan, past), _round(plan, current)

    assert closed.state == RoundState.CLOSED and closed.closed_at is not None
    assert set(_states(closed).values()) == {ReportState.LOCKED}
    assert not closed.reports.filter(accepted_at__isnull=True).exists()
    assert open_.state == RoundState.OPEN
    assert Round.objects.filter(plan__code=plan).count() == 2


def test_the_open_nap_round_has_reports_in_every_state(demo, db):
    states = _states(_round(NAP, "FY2568"))

    assert set(states.values()) == {
        ReportState.DRAFT,
        ReportState.SUBMITTED,
        ReportState.RETURNED,
        ReportState.APPROVED,
        ReportState.ACCEPTED,
    }
    # The demo accounts find something to do: the reporter of ศอ.บต. a draft half done, the
    # approver of ตร. a report to approve, the reporter of มท. feedback, สค.'s coordinator a report
    # to accept.
    assert states["sbpac"] == ReportState.DRAFT
    assert states["rtp"] == ReportState.SUBMITTED
    assert states["moi"] == ReportState.RETURNED
    assert states["dwf"] == ReportState.APPROVED


def test_the_open_somswd_round_has_a_mix_of_states(demo, db):
    states = set(_states(_round(SOMSWD, "CY2025")).values())

    assert {ReportState.DRAFT, ReportState.SUBMITTED, ReportState.ACCEPTED} <= states
    assert len(states) >= 5


def test_the_open_rounds_are_due_a_few_days_from_today_and_close_a_month_later(demo, db):
    today = timezone.localdate()
    for round_ in Round.objects.filter(state=RoundState.OPEN):
        assert round_.opens_on < today
        assert 1 <= (round_.due_on - today).days <= 10
        assert (round_.closes_on - round_.due_on).days == 30
    assert _round(NAP, "FY2568").opens_on == dt.date(2025, 10, 1)


def test_the_past_nap_round_ran_in_2024(demo, db):
    round_ = _round(NAP, "FY2567")
    assert (round_.opens_on.year, round_.due_on.year, round_.closes_on.year) == (2024, 2024, 2024)
    assert round_.closed_at.date() == round_.closes_on


def test_a_partly_filled_draft_has_values_and_gaps(demo, db):
    report = Report.objects.get(round=_round(NAP, "FY2568"), organization__code="sbpac")
    lines = list(report.lines.all())
    filled = [line for line in lines if line.values.exists()]

    assert 0 < len(filled) < len(lines)
    assert report.progress and not report.problems
    assert services.report_problems(report)


# --- Figures meet the rules --------------------------------------------------------------------------


def test_every_report_beyond_draft_meets_the_submission_rules(demo, db):
    reports = Report.objects.filter(
        round__plan__code__in=(NAP, SOMSWD), state__in=BEYOND_DRAFT
    ).select_related("round__plan", "round__period")
    assert reports.count() >= 30

    for report in reports:
        assert services.report_problems(report) == [], report


def test_every_round_report_line_and_value_passes_full_clean(demo, db):
    checked = 0
    for model in (Round, Report, ReportLine, Value):
        for obj in model.objects.all():
            obj.full_clean()
            checked += 1
    assert checked > 800


def test_sex_and_age_grids_add_up_to_the_total(demo, db):
    lines = ReportLine.objects.filter(indicator__code="1.1.1.1", values__isnull=False).distinct()
    assert lines.count() >= 4
    for line in lines:
        values = {
            (v.breakdown.key if v.breakdown_id else None): v.value
            for v in line.values.select_related("breakdown")
        }
        cross = [v for k, v in values.items() if k and "age-group=" in k and "sex=" in k]
        by_sex = [v for k, v in values.items() if k and k.startswith("sex=")]
        assert len(cross) == 12 and len(by_sex) == 3
        assert sum(cross) == sum(by_sex) == values[None]


def test_percentages_come_with_numerator_and_denominator(demo, db):
    values = Value.objects.filter(
        line__indicator__value_type=ValueType.PERCENTAGE, line__report__round__plan__code=NAP
    )
    assert values.count() > 20
    for value in values:
        assert value.numerator is not None and value.denominator > 0
        assert value.numerator <= value.denominator
        assert value.value == (value.numerator * 100 / value.denominator).quantize(
            Decimal("0.0001")
        )


def test_accepted_totals_are_close_to_the_plan_targets(demo, db):
    """Added over the agencies, a summed count lands near the period's target."""
    checked = 0
    for period in ("FY2567", "CY2024"):
        targets = Target.objects.filter(
            period__code=period,
            breakdown__isnull=True,
            indicator__value_type=ValueType.NUMBER,
            indicator__aggregation=Aggregation.SUM,
            indicator__plan__code__in=(NAP, SOMSWD),
            value__gte=10,
        )
        for target in targets:
            total = Value.objects.filter(
                breakdown__isnull=True,
                line__indicator=target.indicator,
                line__report__round__period__code=period,
            ).aggregate(total=Sum("value"))["total"]
            assert Decimal("0.6") <= total / target.value <= Decimal("1.3"), target
            checked += 1
    assert checked >= 8


def test_ratings_follow_the_figures_and_give_reasons(demo, db):
    lines = ReportLine.objects.filter(report__state__in=BEYOND_DRAFT)
    ratings = set(lines.values_list("rating", flat=True))

    assert {Rating.ACHIEVED, Rating.ON_TRACK, Rating.AT_RISK, Rating.OFF_TRACK} <= ratings
    for line in lines.filter(rating__in=(Rating.AT_RISK, Rating.OFF_TRACK, Rating.NO_DATA)):
        assert line.rating_reason.strip(), line


def test_a_second_period_never_needs_a_confirmed_swing(demo, db):
    """No open-round figure is more than double or less than half the agency's last accepted one."""
    for report in Report.objects.filter(round__state=RoundState.OPEN).exclude(
        state=ReportState.DRAFT
    ):
        warnings = [p for p in services.report_problems(report) if p.warning]
        assert warnings == [], report
    assert rules.SWING_FACTOR == 2


# --- Words ---------------------------------------------------------------------------------------------


def test_nap_narratives_are_in_thai_and_somswd_narratives_in_english(demo, db):
    fields = ("progress", "problems", "next_steps", "support_needed")
    finished = Report.objects.filter(state__in=BEYOND_DRAFT + (ReportState.RETURNED,))
    for report in finished.filter(round__plan__code=NAP):
        for name in fields:
            text = getattr(report, name)
            assert THAI.search(text), (report, name)
            assert not text.startswith("{")
    for report in finished.filter(round__plan__code=SOMSWD):
        for name in fields:
            text = getattr(report, name)
            assert text and text.isascii() and "{" not in text, (report, name)


def test_returned_reports_carry_the_feedback(demo, db):
    returned = Event.objects.filter(kind=EventKind.RETURNED).select_related("report", "actor")
    assert returned.count() >= 3
    assert all(event.comment.strip() for event in returned)
    moi = returned.get(report__round__period__code="FY2568", report__organization__code="moi")
    assert moi.actor.username == "coordinator.dwf"
    assert THAI.search(moi.comment)


# --- History -------------------------------------------------------------------------------------------


def test_the_history_names_the_demo_users(demo, db):
    actors = set(
        Event.objects.filter(actor__isnull=False).values_list("actor__username", flat=True)
    )

    assert {
        "reporter.sbpac",
        "approver.sbpac",
        "reporter.rtp",
        "approver.rtp",
        "reporter.moi",
        "coordinator.dwf",
        "coordinator.somswd",
        "reporter.somswd-th",
    } <= actors
    changed_by = set(
        ValueChange.objects.filter(changed_by__isnull=False).values_list(
            "changed_by__username", flat=True
        )
    )
    assert {"reporter.sbpac", "reporter.rtp", "reporter.moi", "reporter.somswd-th"} <= changed_by


def test_a_corrected_report_shows_its_return_and_the_changed_figure(demo, db):
    report = Report.objects.get(round=_round(NAP, "FY2567"), organization__code="rtp")
    kinds = list(report.events.order_by("created_at", "pk").values_list("kind", flat=True))

    assert kinds == [
        EventKind.OPENED,
        EventKind.SUBMITTED,
        EventKind.RETURNED,
        EventKind.SUBMITTED,
        EventKind.APPROVED,
        EventKind.ACCEPTED,
        EventKind.LOCKED,
    ]
    corrected = report.value_changes.exclude(before={})
    assert corrected.count() == 2
    assert {c.changed_by.username for c in corrected} == {"reporter.rtp"}


def test_the_history_is_dated_within_each_round(demo, db):
    now = timezone.now()
    for round_ in Round.objects.filter(plan__code__in=(NAP, SOMSWD)):
        first = dt.datetime.combine(
            round_.opens_on, dt.time(0), tzinfo=timezone.get_current_timezone()
        )
        last = dt.datetime.combine(
            round_.closes_on, dt.time(23, 59), tzinfo=timezone.get_current_timezone()
        )
        for moment in [
            *Event.objects.filter(report__round=round_).values_list("created_at", flat=True),
            *ValueChange.objects.filter(report__round=round_).values_list("changed_at", flat=True),
        ]:
            assert first <= moment <= min(last, now), round_
        steps = list(
            Event.objects.filter(report__round=round_)
            .order_by("pk")
            .values_list("report_id", "created_at")
        )
        for (report_a, at_a), (report_b, at_b) in zip(steps, steps[1:], strict=False):
            if report_a == report_b:
                assert at_a <= at_b


def test_past_reports_were_submitted_on_time_but_for_one_late_agency_each(demo, db):
    for plan, period, late in ((NAP, "FY2567", "nsc-th"), (SOMSWD, "CY2024", "somswd-la")):
        round_ = _round(plan, period)
        after_due = {
            report.organization.code
            for report in round_.reports.select_related("organization")
            if timezone.localtime(report.submitted_at).date() > round_.due_on
        }
        assert after_due == {late}


# --- Running it again ----------------------------------------------------------------------------------


def test_a_second_load_creates_and_changes_nothing(demo, db, caplog):
    models = (Round, Report, ReportLine, Value, Event, ValueChange)
    before = {model: model.objects.count() for model in models}
    versions = dict(Report.objects.values_list("pk", "version"))

    with caplog.at_level(logging.INFO, logger="naptrack.demo.reporting_loader"):
        again = demo_load()

    assert not again.stats.changed
    assert {model: model.objects.count() for model in models} == before
    assert dict(Report.objects.values_list("pk", "version")) == versions
    summary = [
        r.getMessage() for r in caplog.records if r.getMessage().startswith("Demo reporting")
    ]
    assert len(summary) == 1 and "\n" not in summary[0]
    assert "4 rounds (2 open, 2 closed; none new)" in summary[0]
    assert "locked" in summary[0] and "returned" in summary[0]


def test_the_figures_are_the_same_every_time_and_old_rounds_notify_nobody(
    demo, db, django_capture_on_commit_callbacks
):
    def figures():
        return sorted(
            Value.objects.filter(line__report__round__plan__code__in=(NAP, SOMSWD)).values_list(
                "line__report__round__period__code",
                "line__report__organization__code",
                "line__indicator__code",
                "breakdown__key",
                "value",
                "numerator",
                "denominator",
                "milestone_status",
            ),
            key=str,
        )

    first = figures()
    Round.objects.filter(plan__code__in=(NAP, SOMSWD)).delete()

    with django_capture_on_commit_callbacks(execute=True):
        summary = load_rounds(LoadStats())

    assert summary.created_rounds == 4
    assert figures() == first
    notes = Notification.objects.select_related("user", "report__round__period")
    # Only the open rounds speak, and each report only of its latest step.
    assert {n.report.round.period.code for n in notes} == {"FY2568", "CY2025"}
    to_coordinator = notes.filter(user__username="coordinator.dwf")
    assert [n.report.organization.code for n in to_coordinator] == ["dwf"]
    assert notes.filter(user__username="approver.rtp", kind="submitted").count() == 1
    assert notes.filter(user__username="reporter.moi", kind="returned").count() == 1
