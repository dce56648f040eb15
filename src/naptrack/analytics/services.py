"""Refresh the stored roll-ups for exactly what a report's transition touched, or rebuild a plan.

A refresh runs in the background (analytics.tasks) after the transition commits. It replaces the
report's contributions, then the progress rows of its indicators for every period of the plan
(a back-filled year changes the cumulative figures of the later ones), then the plan's results.
The plan row is locked for the write, so two refreshes of one plan never interleave.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from naptrack.analytics import engine
from naptrack.analytics.models import (
    Contribution,
    IndicatorProgress,
    NodeProgress,
    ProgressSettings,
    Status,
)
from naptrack.frameworks.models import (
    Assignment,
    Baseline,
    Breakdown,
    Indicator,
    Option,
    Plan,
    ResultNode,
    Target,
    ValueType,
)
from naptrack.periods import calendars
from naptrack.periods.models import Period
from naptrack.periods.services import period_codes_for_calendar, period_get_or_create
from naptrack.reporting.models import Report, ReportState, Round, Value

# Which reports count. Accepted: accepted by the coordinator, or locked after being accepted.
# Provisional adds what agencies have submitted and not yet had accepted (marked so wherever shown).
ACCEPTED_Q = Q(state=ReportState.ACCEPTED) | Q(state=ReportState.LOCKED, accepted_at__isnull=False)
PROVISIONAL_Q = (
    ACCEPTED_Q
    | Q(state__in=(ReportState.SUBMITTED, ReportState.APPROVED))
    | Q(state=ReportState.LOCKED, submitted_at__isnull=False)
)
BATCH = 2000


def report_counts(report: Report, *, provisional: bool) -> bool:
    """Whether a report's data count on the accepted (or provisional) basis."""
    accepted = report.state == ReportState.ACCEPTED or (
        report.state == ReportState.LOCKED and report.accepted_at is not None
    )
    if accepted or not provisional:
        return accepted
    return report.state in (ReportState.SUBMITTED, ReportState.APPROVED) or (
        report.state == ReportState.LOCKED and report.submitted_at is not None
    )


def thresholds_for(plan: Plan) -> engine.Thresholds:
    settings = ProgressSettings.objects.filter(plan=plan).first()
    if settings is None:
        return engine.Thresholds()
    return engine.Thresholds(on_track=settings.on_track_from, at_risk=settings.at_risk_from)


# --- Contributions: one report at a time ----------------------------------------------------------


def _breakdown_options(breakdown_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    through = Breakdown.options.through
    options: dict[int, set[int]] = defaultdict(set)
    ids = list(set(breakdown_ids))
    for start in range(0, len(ids), BATCH):
        for breakdown_id, option_id in through.objects.filter(
            breakdown_id__in=ids[start : start + BATCH]
        ).values_list("breakdown_id", "option_id"):
            options[breakdown_id].add(option_id)
    return {key: frozenset(value) for key, value in options.items()}


def _fig(indicator: Indicator, value, numerator, denominator, milestone) -> engine.Fig:
    if indicator.value_type == ValueType.MILESTONE:
        return engine.Fig(engine.MILESTONE_SCORES.get(milestone), milestone=milestone or "")
    return engine.Fig(value, numerator, denominator)


def contributions_for_reports(reports: list[Report], now: dt.datetime) -> list[Contribution]:
    """Compute the contributions of some reports from their values (not saved)."""
    if not reports:
        return []
    report_ids = [r.pk for r in reports]
    rows = list(
        Value.objects.filter(line__report_id__in=report_ids).values_list(
            "line__report_id",
            "line__indicator_id",
            "breakdown_id",
            "value",
            "numerator",
            "denominator",
            "milestone_status",
        )
    )
    ratings = {
        (report_id, indicator_id): rating
        for report_id, indicator_id, rating in Report.lines.rel.related_model.objects.filter(
            report_id__in=report_ids
        ).values_list("report_id", "indicator_id", "rating")
    }
    indicators = Indicator.objects.in_bulk({row[1] for row in rows} | {k[1] for k in ratings})
    options_of = _breakdown_options(row[2] for row in rows if row[2])
    dimension_of = dict(
        Option.objects.filter(pk__in={o for key in options_of.values() for o in key}).values_list(
            "pk", "dimension_id"
        )
    )
    grouped: dict[tuple[int, int], tuple[list, dict]] = {}
    for report_id, indicator_id, breakdown_id, value, numerator, denominator, milestone in rows:
        indicator = indicators[indicator_id]
        total, cells = grouped.setdefault((report_id, indicator_id), ([None], {}))
        fig = _fig(indicator, value, numerator, denominator, milestone)
        if breakdown_id is None:
            total[0] = fig
        else:
            cells[options_of.get(breakdown_id, frozenset())] = fig
    result = []
    for (report_id, indicator_id), (total, cells) in grouped.items():
        indicator = indicators[indicator_id]
        figures = engine.report_figures(indicator.aggregation, total[0], cells, dimension_of)
        for option_id, fig in figures.items():
            result.append(
                Contribution(
                    report_id=report_id,
                    indicator_id=indicator_id,
                    option_id=option_id,
                    value=fig.value,
                    numerator=fig.numerator,
                    denominator=fig.denominator,
                    milestone_status=fig.milestone,
                    rating=ratings.get((report_id, indicator_id), "") if option_id is None else "",
                    computed_at=now,
                )
            )
    # A rating without figures still tells the agency's judgement (qualitative indicators).
    for (report_id, indicator_id), rating in ratings.items():
        if rating and (report_id, indicator_id) not in grouped:
            result.append(
                Contribution(
                    report_id=report_id,
                    indicator_id=indicator_id,
                    option_id=None,
                    rating=rating,
                    computed_at=now,
                )
            )
    return result


def _replace_contributions(reports: list[Report], now: dt.datetime) -> None:
    Contribution.objects.filter(report__in=reports).delete()
    Contribution.objects.bulk_create(contributions_for_reports(reports, now), batch_size=BATCH)


# --- Indicator and result progress -----------------------------------------------------------------


def progress_periods(plan: Plan) -> list[Period]:
    """The periods progress is stored for: every round's, the years they fall in, and the plan's life."""
    round_periods = list(
        Period.objects.filter(pk__in=Round.objects.filter(plan=plan).values("period_id"))
    )
    if not round_periods:
        return []
    periods = {p.code: p for p in round_periods}
    for code in period_codes_for_calendar(plan.calendar, plan.start_date, plan.end_date):
        spec = calendars.parse_period_code(code)
        if code not in periods and any(
            spec.start <= p.start and p.end <= spec.end for p in round_periods
        ):
            periods[code] = period_get_or_create(code)
    life = calendars.lifetime_code(plan.start_date, plan.end_date)
    periods[life] = period_get_or_create(life)
    return sorted(periods.values(), key=lambda p: (p.start, -p.end.toordinal()))


def _entries(indicator_ids: list[int], plan: Plan) -> dict[bool, dict[tuple, list[engine.Entry]]]:
    """The contributions of the plan's reports, as engine entries by basis and (indicator, option)."""
    entries: dict[bool, dict[tuple, list[engine.Entry]]] = {
        False: defaultdict(list),
        True: defaultdict(list),
    }
    rows = Contribution.objects.filter(
        indicator_id__in=indicator_ids, report__round__plan=plan
    ).values_list(
        "indicator_id",
        "option_id",
        "value",
        "numerator",
        "denominator",
        "milestone_status",
        "rating",
        "report__organization_id",
        "report__round__period__start",
        "report__round__period__end",
        "report__state",
        "report__accepted_at",
        "report__submitted_at",
        "report_id",
    )
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    for (
        indicator_id,
        option_id,
        value,
        numerator,
        denominator,
        milestone,
        rating,
        org_id,
        start,
        end,
        state,
        accepted_at,
        submitted_at,
        report_id,
    ) in rows.iterator(chunk_size=BATCH):
        probe = Report(state=state, accepted_at=accepted_at, submitted_at=submitted_at)
        if not report_counts(probe, provisional=True):
            continue
        entry = engine.Entry(
            organization_id=org_id,
            start=start,
            end=end,
            fig=engine.Fig(value, numerator, denominator, milestone),
            stamp=(accepted_at or submitted_at or epoch, report_id),
            rating=rating,
        )
        entries[True][(indicator_id, option_id)].append(entry)
        if report_counts(probe, provisional=False):
            entries[False][(indicator_id, option_id)].append(entry)
    return entries


def _indicator_rows(
    plan: Plan, indicators: list[Indicator], periods: list[Period], now: dt.datetime
) -> list[IndicatorProgress]:
    ids = [i.pk for i in indicators]
    thresholds = thresholds_for(plan)
    entries = _entries(ids, plan)
    baselines = dict(
        Baseline.objects.filter(indicator_id__in=ids, breakdown__isnull=True).values_list(
            "indicator_id", "value"
        )
    )
    targets: dict[int, dict] = defaultdict(dict)
    for indicator_id, start, end, value in Target.objects.filter(
        indicator_id__in=ids, breakdown__isnull=True, value__isnull=False
    ).values_list("indicator_id", "period__start", "period__end", "value"):
        targets[indicator_id][(start, end)] = value
    expected: dict[int, int] = defaultdict(int)
    for indicator_id in Assignment.objects.filter(indicator_id__in=ids, reports=True).values_list(
        "indicator_id", flat=True
    ):
        expected[indicator_id] += 1
    options_by_indicator: dict[bool, dict[int, set]] = {
        basis: defaultdict(set) for basis in (False, True)
    }
    for basis in (False, True):
        for indicator_id, option_id in entries[basis]:
            if option_id is not None:
                options_by_indicator[basis][indicator_id].add(option_id)

    rows = []
    for indicator in indicators:
        level = indicator.value_type in (ValueType.PERCENTAGE, ValueType.YES_NO)
        baseline = baselines.get(indicator.pk)
        if indicator.value_type == ValueType.MILESTONE:
            baseline = None
        for period in periods:
            if indicator.value_type == ValueType.MILESTONE:
                # A milestone is judged by its completion: 100 % when completed.
                target, source = engine.HUNDRED, "period"
            else:
                target, source = engine.period_target(
                    mode=indicator.cumulative_mode,
                    level_indicator=level,
                    period_targets=targets.get(indicator.pk, {}),
                    start=period.start,
                    end=period.end,
                    life_target=indicator.life_target_value,
                    baseline=baseline,
                    plan_start=plan.start_date,
                    plan_end=plan.end_date,
                )
            for basis in (False, True):
                total_entries = entries[basis].get((indicator.pk, None), [])
                actual, per_org = engine.period_actual(
                    indicator.cumulative_mode,
                    indicator.aggregation,
                    total_entries,
                    period.start,
                    period.end,
                )
                has_data = not actual.is_empty
                achieved = engine.achievement(indicator.direction, actual.value, target, baseline)
                ratings = engine.window_ratings(
                    indicator.cumulative_mode, total_entries, period.start, period.end
                )
                state = engine.status(
                    achieved,
                    has_data=has_data or bool(ratings),
                    thresholds=thresholds,
                    ratings=ratings,
                )
                common = dict(
                    indicator=indicator,
                    period=period,
                    provisional=basis,
                    baseline=baseline,
                    life_target=indicator.life_target_value,
                    computed_at=now,
                )
                rows.append(
                    IndicatorProgress(
                        **common,
                        value=actual.value,
                        numerator=actual.numerator,
                        denominator=actual.denominator,
                        milestone_status=actual.milestone,
                        target=target,
                        target_source=source,
                        achievement=achieved,
                        status=state,
                        agencies_reporting=len(per_org),
                        agencies_expected=expected.get(indicator.pk, 0),
                    )
                )
                for org_id, fig in per_org.items():
                    rows.append(
                        IndicatorProgress(
                            **common,
                            organization_id=org_id,
                            value=fig.value,
                            numerator=fig.numerator,
                            denominator=fig.denominator,
                            milestone_status=fig.milestone,
                            status=Status.NO_DATA if fig.is_empty else "",
                            agencies_reporting=1,
                            agencies_expected=1,
                        )
                    )
                for option_id in sorted(options_by_indicator[basis].get(indicator.pk, ())):
                    fig, option_orgs = engine.period_actual(
                        indicator.cumulative_mode,
                        indicator.aggregation,
                        entries[basis].get((indicator.pk, option_id), []),
                        period.start,
                        period.end,
                    )
                    if fig.is_empty:
                        continue
                    rows.append(
                        IndicatorProgress(
                            **common,
                            option_id=option_id,
                            value=fig.value,
                            numerator=fig.numerator,
                            denominator=fig.denominator,
                            milestone_status=fig.milestone,
                            status="",
                            agencies_reporting=len(option_orgs),
                        )
                    )
    return rows


def _node_rows(plan: Plan, periods: list[Period], now: dt.datetime) -> list[NodeProgress]:
    """Roll the stored indicator totals up the plan's tree, for every period and basis."""
    thresholds = thresholds_for(plan)
    nodes = list(ResultNode.objects.filter(plan=plan).values_list("pk", "parent_id", "weight"))
    children: dict[int | None, list[tuple[int, Decimal]]] = defaultdict(list)
    for pk, parent_id, weight in nodes:
        children[parent_id].append((pk, weight))
    indicators_of: dict[int, list[int]] = defaultdict(list)
    for pk, node_id in Indicator.objects.filter(plan=plan).values_list("pk", "node_id"):
        indicators_of[node_id].append(pk)
    period_ids = [p.pk for p in periods]
    stored = {
        (indicator_id, period_id, provisional): (achieved, state)
        for indicator_id, period_id, provisional, achieved, state in IndicatorProgress.objects.filter(
            indicator__plan=plan,
            period_id__in=period_ids,
            option__isnull=True,
            organization__isnull=True,
        ).values_list("indicator_id", "period_id", "provisional", "achievement", "status")
    }
    rows: list[NodeProgress] = []
    for period in periods:
        for basis in (False, True):
            tree = _Tree(children, indicators_of, stored, period.pk, basis)
            for node_id, achieved, counts in tree.walk(None):
                has_data = sum(counts.values()) > counts[Status.NO_DATA]
                rows.append(
                    NodeProgress(
                        plan=plan,
                        node_id=node_id,
                        period=period,
                        provisional=basis,
                        achievement=achieved,
                        status=engine.status(
                            achieved,
                            has_data=has_data and achieved is not None,
                            thresholds=thresholds,
                        ),
                        indicators=sum(counts.values()),
                        computed_at=now,
                        **counts,
                    )
                )
    return rows


class _Tree:
    """One period's and basis's walk up a plan's tree, from the indicators to the plan."""

    def __init__(self, children, indicators_of, stored, period_id: int, basis: bool):
        self.children, self.indicators_of, self.stored = children, indicators_of, stored
        self.period_id, self.basis = period_id, basis

    def walk(self, node_id: int | None):
        """Yield (node id, achievement, counts by status) for a node's subtree, children first."""
        counts = dict.fromkeys(Status.values, 0)
        parts: list[tuple[Decimal, Decimal | None]] = []
        for indicator_id in self.indicators_of.get(node_id, ()):
            achieved, state = self.stored.get(
                (indicator_id, self.period_id, self.basis), (None, Status.NO_DATA)
            )
            counts[state] += 1
            parts.append((Decimal(1), achieved))
        for child_id, weight in self.children.get(node_id, ()):
            for row in self.walk(child_id):
                yield row
                if row[0] == child_id:
                    for key, n in row[2].items():
                        counts[key] += n
                    parts.append((weight, row[1]))
        yield node_id, engine.rollup(parts), counts


def _write_progress(
    plan: Plan, indicators: list[Indicator], periods: list[Period], now: dt.datetime
) -> None:
    rows = _indicator_rows(plan, indicators, periods, now)
    IndicatorProgress.objects.filter(indicator__in=indicators).delete()
    IndicatorProgress.objects.bulk_create(rows, batch_size=BATCH)
    NodeProgress.objects.filter(plan=plan).delete()
    NodeProgress.objects.bulk_create(_node_rows(plan, periods, now), batch_size=BATCH)


def _lock_plan(plan_id: int) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan_id)


def report_progress_refresh(report_id: int) -> dict:
    """Refresh the roll-ups a report touches: its contributions, its indicators, the plan's results."""
    report = Report.objects.select_related("round__plan").filter(pk=report_id).first()
    if report is None:
        return {"report": report_id, "indicators": 0}
    now = timezone.now()
    with transaction.atomic():
        plan = _lock_plan(report.round.plan_id)
        _replace_contributions([report], now)
        indicators = list(Indicator.objects.filter(report_lines__report=report).order_by("pk"))
        _write_progress(plan, indicators, progress_periods(plan), now)
    return {"report": report_id, "indicators": len(indicators)}


def plan_progress_rebuild(plan: Plan) -> dict:
    """Recompute every contribution and progress row of a plan from its values."""
    now = timezone.now()
    with transaction.atomic():
        plan = _lock_plan(plan.pk)
        reports = list(Report.objects.filter(round__plan=plan))
        Contribution.objects.filter(report__round__plan=plan).delete()
        for start in range(0, len(reports), 50):
            Contribution.objects.bulk_create(
                contributions_for_reports(reports[start : start + 50], now), batch_size=BATCH
            )
        indicators = list(Indicator.objects.filter(plan=plan).order_by("pk"))
        _write_progress(plan, indicators, progress_periods(plan), now)
    return {"plan": plan.code, "reports": len(reports), "indicators": len(indicators)}
