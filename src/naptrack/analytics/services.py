"""Refresh the stored roll-ups for exactly what a report's transition touched, or rebuild a plan.

A refresh runs in the background (analytics.tasks) after the transition commits. It replaces the
report's contributions, then the progress rows of the report's indicators for the periods its data
can change — the report's own period and every later or wider one (a back-filled year changes the
cumulative figures of the years after it) — on the bases (accepted, provisional) the step changed,
then the plan's results for those periods. A period or an indicator that has no rows yet (a new
round, a new indicator) is filled in for the whole plan on the way, so that the incremental rows
always equal what `plan_progress_rebuild` writes. Only rows whose figures changed are written.
A refresh comes in two steps: the totals, per-agency and result rows first (all the dashboards and
statuses read), then in a second job the per-option rows, which are most of them.
The plan row is locked for the write, so two refreshes of one plan never interleave.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import BooleanField, Case, DecimalField, Exists, OuterRef, Q, When
from django.db.models import Value as V
from django.utils import timezone

from naptrack.analytics import engine
from naptrack.analytics.models import (
    Contribution,
    IndicatorProgress,
    NodeProgress,
    ProgressSettings,
    Status,
    TargetSource,
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
from naptrack.periods.models import Period, PeriodKind
from naptrack.periods.services import period_codes_for_calendar, period_get_or_create
from naptrack.reporting.models import (
    Event,
    EventKind,
    Report,
    ReportLine,
    ReportState,
    Round,
    Value,
)

PENDING_STATES = (ReportState.SUBMITTED, ReportState.APPROVED)
# A locked report keeps the standing it had when its round closed: its latest lock came from a
# report waiting for acceptance. One returned for correction and locked as it stood never counts.
_LOCKED_WHILE_PENDING = Exists(
    Event.objects.filter(
        report=OuterRef("pk"), kind=EventKind.LOCKED, state_before__in=PENDING_STATES
    ).exclude(
        Exists(
            Event.objects.filter(
                report=OuterRef("report"), kind=EventKind.LOCKED, pk__gt=OuterRef("pk")
            )
        )
    )
)
# Which reports count. Accepted: accepted by the coordinator, or locked after being accepted.
# Provisional adds what agencies have submitted and not yet had accepted (marked so wherever shown).
ACCEPTED_Q = Q(state=ReportState.ACCEPTED) | Q(state=ReportState.LOCKED, accepted_at__isnull=False)
PROVISIONAL_Q = (
    ACCEPTED_Q
    | Q(state__in=PENDING_STATES)
    | (Q(state=ReportState.LOCKED) & Q(_LOCKED_WHILE_PENDING))
)
BATCH = 2000
# Which rows a write covers: everything (a rebuild, a fill), or one of the two steps of a report's
# refresh — the totals and per-agency rows first, the per-option rows (93 % of them) after.
ALL, TOTALS, OPTIONS = "all", "totals", "options"
# Indicators computed at once: bounds the memory of a rebuild and the length of id lists in SQL.
INDICATOR_CHUNK = 200
# Reports whose values are read at once by a rebuild.
REPORT_CHUNK = 50


def report_counts(report: Report, *, provisional: bool) -> bool:
    """Whether a report's data count on the accepted (or provisional) basis."""
    basis = PROVISIONAL_Q if provisional else ACCEPTED_Q
    return Report.objects.filter(pk=report.pk).filter(basis).exists()


def thresholds_for(plan: Plan) -> engine.Thresholds:
    settings = ProgressSettings.objects.filter(plan=plan).first()
    if settings is None:
        return engine.Thresholds()
    return engine.Thresholds(on_track=settings.on_track_from, at_risk=settings.at_risk_from)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Contributions: one report at a time ----------------------------------------------------------


def _breakdown_options(breakdown_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    through = Breakdown.options.through
    options: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(list(set(breakdown_ids)), 900):
        for breakdown_id, option_id in through.objects.filter(breakdown_id__in=chunk).values_list(
            "breakdown_id", "option_id"
        ):
            options[breakdown_id].add(option_id)
    return {key: frozenset(value) for key, value in options.items()}


def _fig(indicator: Indicator, value, numerator, denominator, milestone) -> engine.Fig:
    if indicator.value_type == ValueType.MILESTONE:
        return engine.Fig(engine.MILESTONE_SCORES.get(milestone), milestone=milestone or "")
    return engine.Fig(value, numerator, denominator)


CONTRIBUTION_COLUMNS = (
    "report",
    "indicator",
    "option",
    "value",
    "numerator",
    "denominator",
    "milestone_status",
    "rating",
    "computed_at",
)


def contribution_rows(reports: list[Report], now: dt.datetime) -> list[tuple]:
    """Compute the contributions of some reports from their values, as rows of CONTRIBUTION_COLUMNS."""
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
        for report_id, indicator_id, rating in ReportLine.objects.filter(
            report_id__in=report_ids
        ).values_list("report_id", "indicator_id", "rating")
        if rating
    }
    indicators = Indicator.objects.in_bulk({row[1] for row in rows})
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
    with_total = set()
    for (report_id, indicator_id), (total, cells) in grouped.items():
        indicator = indicators[indicator_id]
        figures = engine.report_figures(indicator.aggregation, total[0], cells, dimension_of)
        for option_id, fig in figures.items():
            rating = ""
            if option_id is None:
                rating = ratings.get((report_id, indicator_id), "")
                with_total.add((report_id, indicator_id))
            result.append(
                (
                    report_id,
                    indicator_id,
                    option_id,
                    fig.value,
                    fig.numerator,
                    fig.denominator,
                    fig.milestone,
                    rating,
                    now,
                )
            )
    # A rating without figures still tells the agency's judgement (a qualitative indicator, whose
    # text is no figure, or a line rated "no data").
    for (report_id, indicator_id), rating in ratings.items():
        if (report_id, indicator_id) not in with_total:
            result.append((report_id, indicator_id, None, None, None, None, "", rating, now))
    return result


def _insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert many rows at once, without making a model instance of each.

    The roll-ups write tens of thousands of rows per refresh; Django's bulk_create spends most
    of its time preparing each field of each instance, a plain multi-row INSERT none.
    """
    if not rows:
        return
    ops = connection.ops
    adapt_time = ops.adapt_datetimefield_value
    names = [model._meta.get_field(name) for name in columns]
    times = [i for i, f in enumerate(names) if f.get_internal_type() == "DateTimeField"]
    table = ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(ops.quote_name(f.column) for f in names)
    if connection.vendor == "postgresql":
        # COPY streams the rows with no statement to build and parse: several times faster
        # than multi-row INSERTs, which psycopg must assemble on the client for each chunk.
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    size = max(1, min(500, (connection.features.max_query_params or 65535) // len(columns)))
    adapted: dict = {}
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, size):
            params: list = []
            for row in chunk:
                base = len(params)
                params.extend(row)
                for i in times:
                    moment = params[base + i]
                    if moment not in adapted:
                        adapted[moment] = adapt_time(moment)
                    params[base + i] = adapted[moment]
            cursor.execute(
                f"INSERT INTO {table} ({column_sql}) VALUES " + ", ".join([one] * len(chunk)),
                params,
            )


def _raw_values(queryset, fields: list[str]) -> list[tuple]:
    """The values of some fields, as the database driver returns them (no per-value converters)."""
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_stored(decimal_positions: list[int]):
    """A function giving a computed row (without its time) as the database driver returns it."""
    if connection.vendor != "sqlite":
        return lambda row: row[:-1]

    # SQLite keeps decimals as floats (or integers, which compare equal to them).
    def comparable(row: tuple) -> tuple:
        values = list(row[:-1])
        for i in decimal_positions:
            if values[i] is not None:
                values[i] = float(values[i])
        return tuple(values)

    return comparable


def _decimal(value) -> Decimal | None:
    """A decimal read without Django's converters: SQLite gives integers and floats."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _sync_rows(model, columns: tuple[str, ...], key_size: int, existing, rows: list[tuple]) -> int:
    """Make the stored rows `existing` selects equal to `rows`; return how many were written.

    `rows` are tuples in `columns` order: the key first, the time they were computed last. A row
    whose figures did not change is left as it is, one whose figures changed is updated in place
    (its key, and so the indexes, stay), a new one is inserted and one no longer computed deleted.
    """
    fields = [model._meta.get_field(name) for name in columns]
    comparable = _as_stored([i for i, f in enumerate(fields[:-1]) if isinstance(f, DecimalField)])
    stored: dict[tuple, tuple[int, tuple]] = {}
    twice: list[int] = []  # a key stored twice (nothing should make one) is made single again
    for pk, *values in _raw_values(existing, ["pk", *(f.attname for f in fields[:-1])]):
        key = tuple(values[:key_size])
        if key in stored:
            twice.append(stored[key][0])
        stored[key] = (pk, tuple(values))
    changed: list[tuple] = []
    fresh: list[tuple] = []
    for row in rows:
        old = stored.pop(row[:key_size], None)
        if old is None:
            fresh.append(row)
        elif old[1] != comparable(row):
            changed.append((*row[key_size:], old[0]))
    for chunk in _chunks([pk for pk, _values in stored.values()] + twice, 900):
        model.objects.filter(pk__in=chunk).delete()
    if changed:
        ops = connection.ops
        moment = ops.adapt_datetimefield_value(changed[0][-2])
        setting = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in fields[key_size:])
        sql = (
            f"UPDATE {ops.quote_name(model._meta.db_table)} SET {setting} "
            f"WHERE {ops.quote_name(model._meta.pk.column)} = %s"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, [(*row[:-2], moment, row[-1]) for row in changed])
    _insert_rows(model, columns, fresh)
    return len(changed) + len(fresh)


def _replace_contributions(reports: list[Report], now: dt.datetime, part: str = ALL) -> None:
    """Make some reports' stored contributions equal to their values: all, the totals or the options."""
    stored = Contribution.objects.filter(report__in=reports)
    rows = contribution_rows(reports, now)
    if part != ALL:
        stored = stored.filter(option__isnull=part == TOTALS)
        rows = [row for row in rows if (row[2] is None) == (part == TOTALS)]
    _sync_rows(Contribution, CONTRIBUTION_COLUMNS, 3, stored, rows)


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


ACCEPTED, PROVISIONAL = False, True  # the `provisional` flag of the two bases
BOTH = (ACCEPTED, PROVISIONAL)
BASES = {"accepted": ACCEPTED, "provisional": PROVISIONAL}


@dataclass(frozen=True)
class _Counted:
    """What the engine needs of a report whose data count (at least provisionally)."""

    organization_id: int
    start: dt.date
    end: dt.date
    accepted: bool
    # When its data came in, on each basis: ties between periods ending on the same day go to
    # the later. Provisionally that is the submission, which acceptance does not change.
    stamps: dict[bool, tuple]


class _Context:
    """What every indicator's computation shares: the plan, its periods, its counting reports."""

    def __init__(self, plan: Plan, now: dt.datetime):
        self.plan, self.now = plan, now
        self.periods = progress_periods(plan)
        self.thresholds = thresholds_for(plan)
        self.reports = self._counted_reports(plan)
        dated = [p for p in self.periods if p.kind != PeriodKind.LIFETIME]
        # The plan's life takes in every round, even a fiscal year that began before the plan did.
        self.life_window = (
            min([plan.start_date, *(p.start for p in dated)]),
            max([plan.end_date, *(p.end for p in dated)]),
        )

    @staticmethod
    def _counted_reports(plan: Plan) -> dict[int, _Counted]:
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        rows = (
            Report.objects.filter(round__plan=plan)
            .filter(PROVISIONAL_Q)
            .annotate(
                counts_accepted=Case(
                    When(ACCEPTED_Q, then=V(True)), default=V(False), output_field=BooleanField()
                )
            )
            .values_list(
                "pk",
                "organization_id",
                "round__period__start",
                "round__period__end",
                "counts_accepted",
                "accepted_at",
                "submitted_at",
            )
        )
        return {
            pk: _Counted(
                org_id,
                start,
                end,
                accepted,
                {
                    ACCEPTED: (accepted_at or submitted_at or epoch, pk),
                    PROVISIONAL: (submitted_at or accepted_at or epoch, pk),
                },
            )
            for pk, org_id, start, end, accepted, accepted_at, submitted_at in rows
        }

    def window(self, period: Period) -> tuple[dt.date, dt.date]:
        if period.kind == PeriodKind.LIFETIME:
            return self.life_window
        return period.start, period.end


@dataclass
class _Reported:
    """What the counting reports say about one indicator, on one basis."""

    # One entry per report with a figure (its own figures are kept in `figures`).
    reports: dict[int, engine.Entry] = field(default_factory=dict)
    # Option (None: the total) → report → figure.
    figures: dict[int | None, dict[int, engine.Fig]] = field(default_factory=dict)
    # The total's entries with their ratings, figure or not.
    rated: list[engine.Entry] = field(default_factory=list)
    signatures: dict[int | None, tuple[int, ...]] = field(default_factory=dict)

    def signature(self, option_id: int | None) -> tuple[int, ...]:
        """The reports that give a figure for an option, in a stable order."""
        if option_id not in self.signatures:
            self.signatures[option_id] = tuple(sorted(self.figures.get(option_id, ())))
        return self.signatures[option_id]


NOTHING_REPORTED = _Reported()


def _reported(
    ctx: _Context, indicator_ids: list[int], bases: tuple[bool, ...], part: str = ALL
) -> dict[bool, dict[int, _Reported]]:
    """The counting contributions of some indicators, by basis and indicator.

    `part` TOTALS reads only the totals' contributions, OPTIONS only the options'.
    """
    data: dict[bool, dict[int, _Reported]] = {basis: defaultdict(_Reported) for basis in bases}
    # An indicator belongs to one plan: its contributions are the plan's, no join needed; those
    # of reports that do not count are skipped below.
    contributions = Contribution.objects.filter(indicator_id__in=indicator_ids)
    if part != ALL:
        contributions = contributions.filter(option__isnull=part == TOTALS)
    rows = _raw_values(
        contributions,
        [
            "indicator_id",
            "option_id",
            "value",
            "numerator",
            "denominator",
            "milestone_status",
            "rating",
            "report_id",
        ],
    )
    skeletons: dict[tuple[int, bool], engine.Entry] = {}
    counted_in: dict[int, tuple[bool, ...]] = {}
    for report_id, counted in ctx.reports.items():
        counted_in[report_id] = tuple(b for b in bases if counted.accepted or b == PROVISIONAL)
        for basis in counted_in[report_id]:
            skeletons[report_id, basis] = engine.Entry(
                counted.organization_id,
                counted.start,
                counted.end,
                engine.EMPTY,
                stamp=counted.stamps[basis],
                key=report_id,
            )
    for (
        indicator_id,
        option_id,
        value,
        numerator,
        denominator,
        milestone,
        rating,
        report_id,
    ) in rows:
        in_bases = counted_in.get(report_id)
        if not in_bases:
            continue
        fig = engine.Fig(_decimal(value), _decimal(numerator), _decimal(denominator), milestone)
        for basis in in_bases:
            reported = data[basis][indicator_id]
            skeleton = skeletons[report_id, basis]
            if option_id is None:
                reported.rated.append(
                    engine.Entry(
                        skeleton.organization_id,
                        skeleton.start,
                        skeleton.end,
                        fig,
                        stamp=skeleton.stamp,
                        rating=rating,
                    )
                )
            if not fig.is_empty:
                reported.reports[report_id] = skeleton
                reported.figures.setdefault(option_id, {})[report_id] = fig
    return data


class _Selections:
    """Which reports make up each agency's figure in one period, per set of reports.

    Every option of an indicator is usually reported in the same reports as its total, so the
    choice of periods (widest, latest) is made once per distinct set and reused.
    """

    def __init__(self, mode: str, reported: _Reported, start: dt.date, end: dt.date):
        self.mode, self.reported, self.start, self.end = mode, reported, start, end
        self.cache: dict[tuple, tuple[dict[int, list[int]], list[int]]] = {}

    def actual(self, aggregation: str, option_id: int | None):
        figures = self.reported.figures.get(option_id)
        if not figures:
            return engine.EMPTY, {}
        signature = self.reported.signature(option_id)
        selection = self.cache.get(signature)
        if selection is None:
            chosen = engine.window(
                self.mode, [self.reported.reports[r] for r in signature], self.start, self.end
            )
            selection = self.cache[signature] = (
                {org: [e.key for e in entries] for org, entries in chosen.items()},
                engine.agencies_in_order(chosen),
            )
        by_org, order = selection
        return engine.actual_of(
            aggregation, {org: [figures[r] for r in keys] for org, keys in by_org.items()}, order
        )


def _figures_by_option(model, ids: list[int]) -> tuple[dict, dict]:
    """Baselines or targets of some indicators: the totals, and those of single options."""
    fields = ["indicator_id", "breakdown_id", "value"]
    if model is Target:
        fields += ["period__start", "period__end"]
    rows = list(
        model.objects.filter(indicator_id__in=ids, value__isnull=False).values_list(*fields)
    )
    single = {
        breakdown_id: next(iter(options))
        for breakdown_id, options in _breakdown_options(r[1] for r in rows if r[1]).items()
        if len(options) == 1
    }
    totals: dict = {}
    by_option: dict = {}
    for row in rows:
        indicator_id, breakdown_id, value = row[:3]
        if breakdown_id is None:
            key, into = indicator_id, totals
        elif breakdown_id in single:
            key, into = (indicator_id, single[breakdown_id]), by_option
        else:
            continue
        if model is Target:
            into.setdefault(key, {})[(row[3], row[4])] = value
        else:
            into[key] = value
    return totals, by_option


PROGRESS_COLUMNS = (
    "indicator",
    "period",
    "provisional",
    "option",
    "organization",
    "value",
    "numerator",
    "denominator",
    "milestone_status",
    "baseline",
    "target",
    "target_source",
    "life_target",
    "achievement",
    "status",
    "agencies_reporting",
    "agencies_expected",
    "computed_at",
)


def _indicator_rows(
    ctx: _Context,
    indicators: list[Indicator],
    periods: list[Period],
    bases: tuple[bool, ...],
    part: str = ALL,
) -> list[tuple]:
    """Compute the progress rows (PROGRESS_COLUMNS) of some indicators, periods and bases.

    `part` TOTALS gives the totals and per-agency rows only, OPTIONS the per-option rows only.
    """
    ids = [i.pk for i in indicators]
    plan, now, thresholds = ctx.plan, ctx.now, ctx.thresholds
    with_totals, with_options = part != OPTIONS, part != TOTALS
    data = _reported(ctx, ids, bases, part)
    baselines, option_baselines = _figures_by_option(Baseline, ids)
    targets, option_targets = _figures_by_option(Target, ids)
    expected: dict[int, int] = defaultdict(int)
    for indicator_id in Assignment.objects.filter(indicator_id__in=ids, reports=True).values_list(
        "indicator_id", flat=True
    ):
        expected[indicator_id] += 1

    rows: list[tuple] = []
    add = rows.append
    for indicator in indicators:
        pk, mode, aggregation = indicator.pk, indicator.cumulative_mode, indicator.aggregation
        direction, life_target = indicator.direction, indicator.life_target_value
        milestone = indicator.value_type == ValueType.MILESTONE
        level = indicator.value_type in (ValueType.PERCENTAGE, ValueType.YES_NO)
        baseline = None if milestone else baselines.get(pk)
        judged_from = engine.achievement_baseline(mode, baseline)
        for period in periods:
            start, end = ctx.window(period)
            if milestone:
                # A milestone is judged by its completion: 100 % when completed.
                target, source = engine.HUNDRED, TargetSource.PERIOD.value
            else:
                target, source = engine.period_target(
                    mode=mode,
                    level_indicator=level,
                    period_targets=targets.get(pk, {}),
                    start=period.start,
                    end=period.end,
                    life_target=life_target,
                    baseline=baseline,
                    plan_start=plan.start_date,
                    plan_end=plan.end_date,
                )
            for basis in bases:
                reported = data[basis].get(pk) or NOTHING_REPORTED
                selections = _Selections(mode, reported, start, end)
                if with_totals:
                    actual, per_org = selections.actual(aggregation, None)
                    achieved = engine.achievement(direction, actual.value, target, judged_from)
                    ratings = engine.window_ratings(mode, reported.rated, start, end)
                    state = engine.status(
                        achieved,
                        has_data=not actual.is_empty or bool(ratings),
                        thresholds=thresholds,
                        ratings=ratings,
                    )
                    add(
                        (
                            pk, period.pk, basis, None, None,
                            actual.value, actual.numerator, actual.denominator, actual.milestone,
                            baseline, target, source, life_target, achieved, state,
                            len(per_org), expected.get(pk, 0), now,
                        )
                    )  # fmt: skip
                    # An agency's share is not judged against the indicator's target, which is for
                    # all agencies together.
                    for org_id, fig in per_org.items():
                        add(
                            (
                                pk, period.pk, basis, None, org_id,
                                fig.value, fig.numerator, fig.denominator, fig.milestone,
                                None, None, "", None, None, "", 1, 1, now,
                            )
                        )  # fmt: skip
                options = sorted(o for o in reported.figures if o is not None)
                for option_id in options if with_options else ():
                    fig, option_orgs = selections.actual(aggregation, option_id)
                    if fig.is_empty:
                        continue
                    # Only a target set for this very option and period judges it.
                    option_target = option_targets.get((pk, option_id), {}).get(
                        (period.start, period.end)
                    )
                    option_baseline = option_baselines.get((pk, option_id))
                    option_achieved = option_state = None
                    if option_target is not None:
                        option_achieved = engine.achievement(
                            direction,
                            fig.value,
                            option_target,
                            engine.achievement_baseline(mode, option_baseline),
                        )
                        option_state = engine.status(
                            option_achieved, has_data=True, thresholds=thresholds
                        )
                    add(
                        (
                            pk, period.pk, basis, option_id, None,
                            fig.value, fig.numerator, fig.denominator, fig.milestone,
                            option_baseline, option_target,
                            TargetSource.PERIOD.value if option_target is not None else "",
                            None, option_achieved, option_state or "",
                            len(option_orgs), 0, now,
                        )
                    )  # fmt: skip
    return rows


def _write_indicator_rows(
    ctx: _Context,
    indicators: list[Indicator],
    periods: list[Period],
    bases: tuple[bool, ...] = BOTH,
    *,
    fresh: bool = False,
    part: str = ALL,
) -> int:
    """Bring the progress rows of some indicators, periods and bases up to date.

    Return how many rows were written; `fresh` says that none is stored yet (a rebuild). `part`
    TOTALS writes (and replaces) only the totals and per-agency rows, OPTIONS only the per-option
    rows; the others are left as they are.
    """
    if not indicators or not periods or not bases:
        return 0
    period_ids = [p.pk for p in periods]
    written = 0
    for chunk in _chunks(indicators, INDICATOR_CHUNK):
        rows = _indicator_rows(ctx, chunk, periods, bases, part)
        if fresh:
            _insert_rows(IndicatorProgress, PROGRESS_COLUMNS, rows)
            written += len(rows)
            continue
        stored = IndicatorProgress.objects.filter(
            indicator_id__in=[i.pk for i in chunk],
            period_id__in=period_ids,
            provisional__in=bases,
        )
        if part != ALL:
            stored = stored.filter(option__isnull=part == TOTALS)
        written += _sync_rows(IndicatorProgress, PROGRESS_COLUMNS, 5, stored, rows)
    return written


def _node_rows(ctx: _Context, periods: list[Period], bases: tuple[bool, ...]) -> list[NodeProgress]:
    """Roll the stored indicator totals up the plan's tree, for some periods and bases."""
    plan = ctx.plan
    nodes = list(ResultNode.objects.filter(plan=plan).values_list("pk", "parent_id", "weight"))
    children: dict[int | None, list[tuple[int, Decimal]]] = defaultdict(list)
    for pk, parent_id, weight in nodes:
        children[parent_id].append((pk, weight))
    indicators_of: dict[int, list[int]] = defaultdict(list)
    for pk, node_id in Indicator.objects.filter(plan=plan).values_list("pk", "node_id"):
        indicators_of[node_id].append(pk)
    all_ids = sorted(pk for pks in indicators_of.values() for pk in pks)
    stored = {}
    for chunk in _chunks(all_ids, 900):
        # Every column of the progress_period index is given, so this reads the totals only.
        stored.update(
            {
                (indicator_id, period_id, provisional): (achieved, state)
                for indicator_id, period_id, provisional, achieved, state in (
                    IndicatorProgress.objects.filter(
                        period_id__in=[p.pk for p in periods],
                        provisional__in=bases,
                        indicator_id__in=chunk,
                        option__isnull=True,
                        organization__isnull=True,
                    ).values_list(
                        "indicator_id", "period_id", "provisional", "achievement", "status"
                    )
                )
            }
        )
    rows: list[NodeProgress] = []
    for period in periods:
        for basis in bases:
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
                            thresholds=ctx.thresholds,
                        ),
                        indicators=sum(counts.values()),
                        computed_at=ctx.now,
                        **counts,
                    )
                )
    return rows


def _write_node_rows(ctx: _Context, periods: list[Period], bases: tuple[bool, ...] = BOTH) -> None:
    if not periods or not bases:
        return
    rows = _node_rows(ctx, periods, bases)
    NodeProgress.objects.filter(plan=ctx.plan, period__in=periods, provisional__in=bases).delete()
    NodeProgress.objects.bulk_create(rows, batch_size=BATCH)


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


def _drop_stale_periods(plan: Plan, periods: list[Period]) -> set[int]:
    """Forget the rows of periods the plan no longer reports on; return the periods still stored."""
    stored = set(
        NodeProgress.objects.filter(plan=plan, node__isnull=True).values_list(
            "period_id", flat=True
        )
    )
    stale = stored - {p.pk for p in periods}
    if stale:
        NodeProgress.objects.filter(plan=plan, period_id__in=stale).delete()
        IndicatorProgress.objects.filter(period_id__in=stale, indicator__plan=plan).delete()
    return stored - stale


def _lock_plan(plan_id: int) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan_id)


def _chosen_bases(bases: Iterable[str] | None) -> tuple[bool, ...]:
    return BOTH if bases is None else tuple(b for b in BOTH if b in {BASES[n] for n in bases})


def report_progress_refresh(report_id: int, *, bases: Iterable[str] | None = None) -> dict:
    """Refresh the roll-ups a report touches, but its per-option rows: first step of two.

    Writes the report's total contributions, the totals and per-agency rows of its indicators and
    the plan's results — all that the dashboards, the freshness check and the statuses read. The
    per-option rows (the most by far) are left as they are, for `report_options_refresh` with the
    periods and bases returned under "options".

    `bases` ("accepted", "provisional") are those the report's last step changed; both when not
    said. A period or an indicator with no rows yet is filled in on both (every part).
    """
    report = Report.objects.select_related("round__period").filter(pk=report_id).first()
    if report is None:
        return {"report": report_id, "indicators": 0}
    chosen = _chosen_bases(bases)
    now = timezone.now()
    with transaction.atomic():
        plan = _lock_plan(report.round.plan_id)
        _replace_contributions([report], now, TOTALS)
        ctx = _Context(plan, now)
        stored_periods = _drop_stale_periods(plan, ctx.periods)
        rolled_up, filled = _fill_in(ctx, stored_periods)
        # Its own period and every later or wider one: a back-filled year changes what follows.
        affected = [
            p for p in ctx.periods if p.end >= report.round.period.end and p.pk in stored_periods
        ]
        mine = [
            indicator
            for indicator in Indicator.objects.filter(report_lines__report=report).order_by("pk")
            if indicator.pk not in filled
        ]
        _write_indicator_rows(ctx, mine, affected, chosen, part=TOTALS)
        _write_node_rows(ctx, rolled_up)
        _write_node_rows(ctx, [p for p in affected if p not in rolled_up], chosen)
    # The options of every period the report's data reach. What was filled in on both bases
    # used the option contributions as they were: the second step redoes both then.
    later = [p for p in ctx.periods if p.end >= report.round.period.end]
    option_bases = BOTH if (rolled_up or filled) else chosen
    return {
        "report": report_id,
        "indicators": len(mine) + len(filled),
        "periods": [p.code for p in ctx.periods if p in affected or p in rolled_up],
        "bases": [name for name, basis in BASES.items() if basis in chosen],
        "options": {
            "periods": [p.code for p in later],
            "bases": [name for name, basis in BASES.items() if basis in option_bases],
        },
    }


def report_options_refresh(report_id: int, *, periods: Iterable[str], bases: Iterable[str]) -> dict:
    """Second step of a report's refresh: its per-option contributions and progress rows.

    `periods` (codes) and `bases` are those the first step returned under "options"; a period the
    plan no longer reports on is skipped.
    """
    report = Report.objects.select_related("round").filter(pk=report_id).first()
    if report is None:
        return {"report": report_id, "indicators": 0}
    chosen = _chosen_bases(bases)
    codes = set(periods)
    now = timezone.now()
    with transaction.atomic():
        plan = _lock_plan(report.round.plan_id)
        _replace_contributions([report], now, OPTIONS)
        ctx = _Context(plan, now)
        wanted = [p for p in ctx.periods if p.code in codes]
        indicators = list(Indicator.objects.filter(report_lines__report=report).order_by("pk"))
        written = _write_indicator_rows(ctx, indicators, wanted, chosen, part=OPTIONS)
    return {
        "report": report_id,
        "indicators": len(indicators),
        "periods": [p.code for p in wanted],
        "bases": [name for name, basis in BASES.items() if basis in chosen],
        "rows": written,
    }


def plan_progress_fill(plan: Plan) -> dict:
    """Write the rows a plan lacks (a new round's period, an indicator added), and nothing else.

    Run when a round opens, so that the first acceptance in it refreshes only its own indicators.
    """
    now = timezone.now()
    with transaction.atomic():
        plan = _lock_plan(plan.pk)
        ctx = _Context(plan, now)
        if not ctx.periods:
            return {"plan": plan.code, "periods": [], "indicators": 0}
        rolled_up, filled = _fill_in(ctx, _drop_stale_periods(plan, ctx.periods))
        _write_node_rows(ctx, rolled_up)
    return {"plan": plan.code, "periods": [p.code for p in rolled_up], "indicators": len(filled)}


def _fill_in(ctx: _Context, stored_periods: set[int]) -> tuple[list[Period], set[int]]:
    """Write, on both bases, every indicator for the periods without rows and the indicators
    without rows for every period. Return the periods whose results need rolling up again, and the
    indicators written for every period."""
    new_periods = [p for p in ctx.periods if p.pk not in stored_periods]
    without_rows = _indicators_without_rows(ctx.plan, ctx.periods)
    if new_periods or without_rows:
        indicators = list(Indicator.objects.filter(plan=ctx.plan).order_by("pk"))
        _write_indicator_rows(ctx, [i for i in indicators if i.pk in without_rows], ctx.periods)
        _write_indicator_rows(ctx, [i for i in indicators if i.pk not in without_rows], new_periods)
    return (ctx.periods if without_rows else new_periods), without_rows


def _indicators_without_rows(plan: Plan, periods: list[Period]) -> set[int]:
    """The plan's indicators that have no rows yet: every refresh writes the plan's life for each."""
    life = next(p for p in periods if p.kind == PeriodKind.LIFETIME)
    ids = list(Indicator.objects.filter(plan=plan).values_list("pk", flat=True))
    missing = set(ids)
    for chunk in _chunks(ids, 900):
        # Every column of the progress_period index is given: one look-up per indicator.
        missing.difference_update(
            IndicatorProgress.objects.filter(
                period=life,
                provisional=False,
                indicator_id__in=chunk,
                option__isnull=True,
                organization__isnull=True,
            ).values_list("indicator_id", flat=True)
        )
    return missing


def plan_progress_rebuild(plan: Plan) -> dict:
    """Recompute every contribution and progress row of a plan from its values."""
    now = timezone.now()
    with transaction.atomic():
        plan = _lock_plan(plan.pk)
        reports = list(Report.objects.filter(round__plan=plan))
        Contribution.objects.filter(report__round__plan=plan).delete()
        for chunk in _chunks(reports, REPORT_CHUNK):
            _insert_rows(Contribution, CONTRIBUTION_COLUMNS, contribution_rows(chunk, now))
        ctx = _Context(plan, now)
        indicators = list(Indicator.objects.filter(plan=plan).order_by("pk"))
        IndicatorProgress.objects.filter(indicator__plan=plan).delete()
        NodeProgress.objects.filter(plan=plan).delete()
        _write_indicator_rows(ctx, indicators, ctx.periods, fresh=True)
        _write_node_rows(ctx, ctx.periods)
    return {"plan": plan.code, "reports": len(reports), "indicators": len(indicators)}
