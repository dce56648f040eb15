"""The progress engine: pure functions from reported figures to actual values, achievement and status.

Nothing here touches the database, so every rule is tested on its own (tests/analytics/test_engine.py)
and the same arithmetic serves the stored roll-ups, the command line and the documents. The rules,
in the words of docs/progress.md:

- within one agency's report, a total that was not typed is derived from the breakdown cells, and a
  single option (female; Pattani) from the cells that contain it;
- over periods, an indicator counts each period on its own, cumulatively since the plan started, or
  by its latest value (the latest period, not the latest accepted) — per agency, using the widest
  periods it reported and no day twice (a year supersedes its quarters; of two overlapping reports
  the longer counts); between reports ending on the same day, the one accepted later;
- across agencies and cells, values combine by the indicator's aggregation; percentages always as
  the sum of numerators over the sum of denominators, never as an average of percentages;
- the target of a period is its own target, else the point on the straight path from the baseline
  (zero for a cumulative count) to the life-of-plan target, by the share of the plan elapsed; the
  life-of-plan target is stored, never a sum of period targets, and a count per period meets it
  only over the whole plan;
- achievement is the share of the way from the baseline (zero for a cumulative count) to the
  target, direction-aware;
- a result's achievement is the weighted mean of its children's, each capped to 0–100 % so that one
  indicator far over its target cannot hide another far behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

HUNDRED = Decimal("100")
ZERO = Decimal("0")
PLACES = Decimal("0.0001")
PERCENT_PLACES = Decimal("0.01")

# Aggregations and modes, by the values of frameworks' TextChoices (kept as plain strings here).
SUM, AVERAGE, LATEST, MAXIMUM, RATIO = "sum", "average", "latest", "max", "ratio"
PER_PERIOD, CUMULATIVE, LATEST_VALUE = "per_period", "cumulative", "latest"
INCREASE, DECREASE, MAINTAIN = "increase", "decrease", "maintain"
ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "no_data",
)
# From best to worst: the status a group takes from its ratings is the worst of them.
STATUS_ORDER = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK)
MILESTONE_SCORES = {"completed": HUNDRED, "in_progress": Decimal("50"), "not_started": ZERO}


class Fig(NamedTuple):
    """A figure: a value, or a percentage with the numerator and denominator it came from."""

    # A named tuple, not a dataclass: refreshes make tens of thousands of them.
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    milestone: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.denominator is None and not self.milestone

    @property
    def has_ratio(self) -> bool:
        return self.numerator is not None and self.denominator is not None


EMPTY = Fig()


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(PLACES)


def ratio_value(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if denominator <= 0 else _q(numerator * HUNDRED / denominator)


def combine(aggregation: str, figures: Iterable[Fig]) -> Fig:
    """Combine figures (ordered oldest first) by an indicator's aggregation; empty ones are ignored."""
    if aggregation in _BY_VALUE:
        # Only the values count (a figure without one adds nothing), so no other test is needed.
        values = [f.value for f in figures if f.value is not None]
        return _BY_VALUE[aggregation](values) if values else EMPTY
    if aggregation == LATEST:
        for fig in reversed(list(figures)):
            if not fig.is_empty:
                return fig
        return EMPTY
    if aggregation == RATIO:
        figures = [f for f in figures if not f.is_empty]
        with_ratio = [f for f in figures if f.has_ratio]
        if with_ratio:
            numerator = sum((f.numerator for f in with_ratio), ZERO)
            denominator = sum((f.denominator for f in with_ratio), ZERO)
            return Fig(ratio_value(numerator, denominator), numerator, denominator)
        # A percentage typed without its parts can stand alone, but is never averaged.
        return figures[0] if len(figures) == 1 else EMPTY
    raise ValueError(f"unknown aggregation {aggregation!r}")


_BY_VALUE = {
    SUM: lambda values: Fig(sum(values, ZERO)),
    AVERAGE: lambda values: Fig(_q(sum(values, ZERO) / len(values))),
    MAXIMUM: lambda values: Fig(max(values)),
}


# --- Within one report -----------------------------------------------------------------------------


def report_figures(
    aggregation: str,
    total: Fig | None,
    cells: dict[frozenset[int], Fig],
    dimension_of: dict[int, int],
) -> dict[int | None, Fig]:
    """An agency's figures for one indicator in one report: the total (key None) and per option.

    `cells` maps the option ids of a breakdown (one option, or one per dimension) to its figure.
    A typed total or single-option cell wins; otherwise it is derived from the finer cells. A
    "latest" indicator has no order among the cells of one report, so nothing is derived for it.
    """
    cells = {key: fig for key, fig in cells.items() if not fig.is_empty}
    derive = (
        (lambda figs: figs[0] if len(figs) == 1 else EMPTY)
        if aggregation == LATEST
        else (lambda figs: combine(aggregation, figs))
    )
    result: dict[int | None, Fig] = {}
    singles: dict[int, Fig] = {}
    crosses_of: dict[int, list[Fig]] = {}
    for key, fig in cells.items():
        if len(key) == 1:
            (option,) = key
            singles[option] = fig
        else:
            for option in key:
                crosses_of.setdefault(option, []).append(fig)
    for option in sorted(singles.keys() | crosses_of.keys()):
        if option in singles:
            result[option] = singles[option]
            continue
        fig = derive(crosses_of[option])
        if not fig.is_empty:
            result[option] = fig
    typed = total if total is not None and not total.is_empty else EMPTY
    # A percentage typed without its parts cannot be added to other agencies' parts; the cells'
    # numerators and denominators can, so they are used when they exist.
    if typed.is_empty or (aggregation == RATIO and not typed.has_ratio):
        derived = _derived_total(cells, dimension_of, derive)
        if typed.is_empty or derived.has_ratio:
            typed = derived
    if not typed.is_empty:
        result[None] = typed
    return result


def _derived_total(cells: dict[frozenset[int], Fig], dimension_of: dict[int, int], derive) -> Fig:
    """The total from the cells: the dimension filled in most completely, else the crosses."""
    singles_by_dimension: dict[int, list[Fig]] = {}
    for key, fig in cells.items():
        if len(key) == 1:
            (option,) = key
            singles_by_dimension.setdefault(dimension_of.get(option, 0), []).append(fig)
    if singles_by_dimension:
        # The dimension with the most cells is the one the agency filled in; ties by dimension.
        _dimension, figs = min(singles_by_dimension.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        fig = derive(figs)
        if not fig.is_empty:
            return fig
    crosses = [fig for key, fig in cells.items() if len(key) > 1]
    return derive(crosses) if crosses else EMPTY


# --- Over periods and agencies ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One agency's figure for one period (total or one option), as stored in a contribution."""

    organization_id: int
    start: dt.date
    end: dt.date
    fig: Fig
    # Breaks ties between entries ending on the same day: when the data were accepted.
    stamp: tuple = field(default=())
    rating: str = ""
    # What the entry stands for (the report), for callers that keep the figures elsewhere.
    key: int | None = None


def widest_spans(spans: Iterable[tuple[dt.date, dt.date]]) -> set[tuple[dt.date, dt.date]]:
    """The spans that count, no day twice: a year's report supersedes its quarters.

    The longest span is kept first, then every shorter one that shares no day with a kept one; so
    a span inside another never counts, and of two that overlap without nesting (the 9-month
    report and the second half) the longer one counts alone.
    """
    kept: list[tuple[dt.date, dt.date]] = []
    for s, e in sorted(set(spans), key=lambda span: (span[0] - span[1], span[0])):
        if all(e < ks or s > ke for ks, ke in kept):
            kept.append((s, e))
    return set(kept)


def _sort_key(entry: Entry):
    # Later end first; on the same end day, the data accepted (or submitted) later.
    return (entry.end, entry.stamp, entry.start)


def window(
    mode: str, entries: Sequence[Entry], start: dt.date, end: dt.date
) -> dict[int, list[Entry]]:
    """The entries that make up each agency's value for the period start–end, oldest first."""
    by_org: dict[int, list[Entry]] = {}
    for entry in entries:
        if mode == PER_PERIOD:
            if entry.start < start or entry.end > end:
                continue
        elif entry.end > end:
            continue
        by_org.setdefault(entry.organization_id, []).append(entry)
    chosen: dict[int, list[Entry]] = {}
    for org, org_entries in by_org.items():
        org_entries.sort(key=_sort_key)
        if mode == LATEST_VALUE:
            chosen[org] = [org_entries[-1]]
            continue
        widest = widest_spans((e.start, e.end) for e in org_entries)
        chosen[org] = [e for e in org_entries if (e.start, e.end) in widest]
    return chosen


def agencies_in_order(chosen: dict[int, list[Entry]]) -> list[int]:
    """The agencies of a window, the one whose latest entry is the most recent last."""
    return sorted(chosen, key=lambda org: _sort_key(chosen[org][-1]))


def actual_of(
    aggregation: str, figures_by_org: dict[int, Sequence[Fig]], order: Sequence[int]
) -> tuple[Fig, dict[int, Fig]]:
    """Combine each agency's chosen figures, then the agencies' figures (latest agency last)."""
    per_org: dict[int, Fig] = {}
    for org in order:
        fig = combine(aggregation, figures_by_org.get(org, ()))
        if not fig.is_empty:
            per_org[org] = fig
    # In that order, "latest" takes the agency that reported most recently.
    return combine(aggregation, per_org.values()), per_org


def period_actual(
    mode: str, aggregation: str, entries: Sequence[Entry], start: dt.date, end: dt.date
) -> tuple[Fig, dict[int, Fig]]:
    """The actual figure for a period over every agency, and each agency's own figure."""
    # A rating given without a figure must not hide the agency's earlier figures.
    entries = [e for e in entries if not e.fig.is_empty]
    chosen = window(mode, entries, start, end)
    return actual_of(
        aggregation,
        {org: [e.fig for e in org_entries] for org, org_entries in chosen.items()},
        agencies_in_order(chosen),
    )


def window_ratings(mode: str, entries: Sequence[Entry], start: dt.date, end: dt.date) -> list[str]:
    """The agencies' own ratings in the latest period each reported within the window."""
    ratings = []
    for org_entries in window(mode, entries, start, end).values():
        latest = org_entries[-1]
        if latest.rating:
            ratings.append(latest.rating)
    return ratings


# --- Targets, achievement and status -------------------------------------------------------------


def period_target(
    *,
    mode: str,
    level_indicator: bool,
    period_targets: dict[tuple[dt.date, dt.date], Decimal],
    start: dt.date,
    end: dt.date,
    life_target: Decimal | None,
    baseline: Decimal | None,
    plan_start: dt.date,
    plan_end: dt.date,
) -> tuple[Decimal | None, str]:
    """The target a period's actual is judged against, and where it came from.

    `level_indicator` is true for percentages and yes/no indicators, whose life-of-plan target is
    a level every period aims at; a count's life-of-plan target is reached only over the plan.
    """
    if (start, end) in period_targets:
        return period_targets[(start, end)], "period"
    if life_target is None:
        return None, ""
    if mode == PER_PERIOD and not level_indicator:
        # A count per period reaches its life-of-plan target only summed over the whole plan.
        whole_plan = start <= plan_start and end >= plan_end
        return (life_target, "life") if whole_plan else (None, "")
    if end >= plan_end or mode == PER_PERIOD:
        return life_target, "life"
    origin = ZERO if mode == CUMULATIVE else baseline
    if origin is None:
        return None, ""
    fraction = elapsed_share(plan_start, plan_end, end)
    return _q(origin + (life_target - origin) * fraction), "interpolated"


def _months(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def elapsed_share(plan_start: dt.date, plan_end: dt.date, end: dt.date) -> Decimal:
    """How much of the plan has passed by the end of a period, from 0 to 1.

    Counted in months when the plan and the period begin and end with months (one year of a
    four-year plan is exactly 1/4), otherwise in days.
    """
    after_end, after_plan = end + dt.timedelta(days=1), plan_end + dt.timedelta(days=1)
    if plan_start.day == after_end.day == after_plan.day == 1:
        elapsed, span = (
            _months(after_end) - _months(plan_start),
            _months(after_plan) - _months(plan_start),
        )
    else:
        elapsed, span = (after_end - plan_start).days, (after_plan - plan_start).days
    if span <= 0:
        return Decimal(1)
    return Decimal(min(max(elapsed, 0), span)) / Decimal(span)


def achievement_baseline(mode: str, baseline: Decimal | None) -> Decimal | None:
    """The baseline achievement is measured from: none for a cumulative count.

    A cumulative count starts at zero when the plan starts; its baseline tells what was done
    before the plan (shown beside it), which is not part of the count nor of its targets.
    """
    return None if mode == CUMULATIVE else baseline


def achievement(
    direction: str, actual: Decimal | None, target: Decimal | None, baseline: Decimal | None
) -> Decimal | None:
    """The share of the way from the baseline to the target, in percent (may pass 100 or 0)."""
    if actual is None or target is None:
        return None
    if direction == DECREASE:
        if baseline is not None and baseline > target:
            share = (baseline - actual) / (baseline - target) * HUNDRED
        elif actual <= target:
            share = HUNDRED
        else:
            share = target / actual * HUNDRED if target > 0 else ZERO
    elif direction == MAINTAIN:
        if target == 0:
            share = HUNDRED if actual == 0 else ZERO
        else:
            share = max(ZERO, HUNDRED - abs(actual - target) / abs(target) * HUNDRED)
    elif baseline is not None and target > baseline:
        share = (actual - baseline) / (target - baseline) * HUNDRED
    elif target > 0:
        share = actual / target * HUNDRED
    else:
        share = HUNDRED if actual >= target else ZERO
    return share.quantize(PERCENT_PLACES)


@dataclass(frozen=True)
class Thresholds:
    """Where a status begins, in percent achieved; 100 % is always "achieved"."""

    on_track: Decimal = Decimal("80")
    at_risk: Decimal = Decimal("50")


def status(
    achieved: Decimal | None, *, has_data: bool, thresholds: Thresholds, ratings: Sequence[str] = ()
) -> str:
    """The status of an achievement; with data but nothing to judge it by, the agencies' ratings."""
    if not has_data:
        return NO_DATA
    if achieved is None:
        known = [r for r in ratings if r in STATUS_ORDER]
        return max(known, key=STATUS_ORDER.index) if known else NO_DATA
    if achieved >= HUNDRED:
        return ACHIEVED
    if achieved >= thresholds.on_track:
        return ON_TRACK
    if achieved >= thresholds.at_risk:
        return AT_RISK
    return OFF_TRACK


def rollup(children: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """The weighted mean of the children's achievements, each capped to 0–100 %; None if none."""
    total_weight = ZERO
    weighted = ZERO
    for weight, achieved in children:
        if achieved is None or weight <= 0:
            continue
        total_weight += weight
        weighted += weight * min(max(achieved, ZERO), HUNDRED)
    if total_weight == 0:
        return None
    return (weighted / total_weight).quantize(PERCENT_PLACES)
