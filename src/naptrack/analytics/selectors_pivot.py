"""Reads for the pivot table: one indicator's accepted values, grouped by any two of its dimensions.

The table is built from the raw reported values (reporting.Value) of accepted reports, grouped in
SQL by breakdown, agency and period as needed, then folded into the grid by the indicator's
aggregation (analytics.engine.combine's rules: sums add up; a percentage is the sum of the
numerators over the sum of the denominators, never an average of percentages).

Which values count (no total is ever counted together with its parts). A value is either the
total of a report line (no breakdown), a single option (female; Pattani) or a full cross of every
dimension of the indicator (female × Pattani). For the breakdown dimensions the table needs
(those on its rows or columns and those filtered on), it takes exactly one level:

- none: the line totals;
- one dimension: the single-option cells of that dimension; a report line that has none of them
  but has the full cross counts its full-cross cells instead, combined over the other dimensions
  (for sums, ratios and maxima, where that equals the single cell; never for averages or latest
  values, which cannot be derived from the cells);
- two or more: the full-cross cells (the only ones that carry both options).

So a line's total is never added to its parts, and a single cell never to the crosses that
contain it. Agencies that reported only a total do not appear in a table by sex; the page says so.
Periods are reported each on its own (a value is that period's figure, not cumulative); a table
over several periods adds them up, except for indicators measured as a level (latest value),
whose figures over several periods are not added: the latest period counts, and a table by period
has no total across periods (nor when a year and its quarters are both shown). Latest values of
different groups (female, male) are not combined into a total either.

The number of queries is fixed (five for the setup, two for the table), whatever the data.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from naptrack.analytics import engine
from naptrack.analytics.selectors_map import NUMERIC_TYPES
from naptrack.analytics.services import ACCEPTED_Q
from naptrack.core.models import FALLBACK_LANGUAGES
from naptrack.frameworks.models import (
    Aggregation,
    Breakdown,
    CumulativeMode,
    Indicator,
    IndicatorDimension,
    Option,
    Plan,
    ValueType,
    breakdown_key,
)
from naptrack.organizations.models import Organization
from naptrack.periods.models import Period
from naptrack.reporting.models import Report, Round, Value

PERIOD, AGENCY = "period", "agency"
# Parameter names a dimension code cannot take over in the address of the page.
RESERVED = {"indicator", "rows", "cols", "period", "agency", "format", "pillar", "focus"}
EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)
# Aggregations for which a line's full-cross cells combine into the single option they contain
# exactly as typed singles would (sums, pooled ratios, maxima); averages and latest values not.
FALLBACK_AGGREGATIONS = (engine.SUM, engine.RATIO, engine.MAXIMUM)


def _pick(row: dict, prefix: str, language: str) -> str:
    for code in (language, *FALLBACK_LANGUAGES):
        text = row.get(f"{prefix}_{code}")
        if text:
            return text
    return ""


def pivot_indicators(plan: Plan, node_ids: set[int] | None = None) -> list[Indicator]:
    """The plan's indicators whose values are figures (not texts or milestones), in plan order."""
    indicators = Indicator.objects.filter(plan=plan, value_type__in=NUMERIC_TYPES)
    if node_ids is not None:
        indicators = indicators.filter(node_id__in=node_ids)
    return list(indicators.order_by("sort_order", "code"))


@dataclass(frozen=True)
class Axis:
    """What rows or columns can show: the periods, the agencies, or one breakdown dimension."""

    code: str
    label: str
    dimension_id: int | None = None


@dataclass(frozen=True)
class Choice:
    """An option of a breakdown dimension, an agency or a period, as the page lists it."""

    id: int
    code: str
    label: str
    title: str = ""
    # Other codes the option is known by (a province option's area code and official code).
    aliases: tuple[str, ...] = ()


@dataclass
class PivotSetup:
    """What can be asked of one indicator: its axes, options, agencies and round periods."""

    indicator: Indicator
    axes: list[Axis]
    options: dict[int, list[Choice]]
    dimension_codes: dict[int, str]
    agencies: list[Choice]
    periods: list[Period]
    latest_accepted: Period | None

    def axis(self, code: str) -> Axis | None:
        return next((a for a in self.axes if a.code == code), None)

    @property
    def dimensions(self) -> list[Axis]:
        return [a for a in self.axes if a.dimension_id is not None]

    def option(self, dimension_id: int, code: str) -> Choice | None:
        code = code.strip()
        for choice in self.options.get(dimension_id, ()):
            if code == choice.code or code in choice.aliases:
                return choice
        return None


def pivot_setup(indicator: Indicator, *, language: str | None = None) -> PivotSetup:
    """The choices the pivot offers for an indicator: five queries."""
    language = (language or get_language() or "th").split("-")[0]
    links = list(
        IndicatorDimension.objects.filter(indicator=indicator)
        .select_related("dimension")
        .prefetch_related("options")
        .order_by("sort_order", "dimension__sort_order", "dimension__code")
    )
    dimension_ids = [link.dimension_id for link in links]
    chosen = {link.dimension_id: {o.pk for o in link.options.all()} for link in links}
    options: dict[int, list[Choice]] = {d: [] for d in dimension_ids}
    for row in (
        Option.objects.filter(dimension_id__in=dimension_ids)
        .order_by("sort_order", "code")
        .values(
            "pk",
            "code",
            "dimension_id",
            "name_th",
            "name_en",
            "name_vi",
            "area__code",
            "area__official_code",
        )
    ):
        wanted = chosen.get(row["dimension_id"])
        if wanted and row["pk"] not in wanted:
            continue
        aliases = tuple(
            code
            for code in (row["area__code"], row["area__official_code"])
            if code and code != row["code"]
        )
        options[row["dimension_id"]].append(
            Choice(row["pk"], row["code"], _pick(row, "name", language) or row["code"], "", aliases)
        )
    axes = [Axis(PERIOD, _("Period")), Axis(AGENCY, _("Agency"))]
    for link in links:
        dimension = link.dimension
        if dimension.code in RESERVED:
            continue
        axes.append(Axis(dimension.code, dimension.name or dimension.code, dimension.pk))

    agencies = []
    for org in (
        Organization.objects.filter(reports__lines__indicator=indicator).distinct().order_by("code")
    ):
        agencies.append(Choice(org.pk, org.code, org.short_name, org.name))
    agencies.sort(key=lambda c: c.label.casefold())

    has_accepted = Report.objects.filter(ACCEPTED_Q, round=OuterRef("pk"))
    rounds = list(
        Round.objects.filter(plan_id=indicator.plan_id)
        .annotate(accepted=Exists(has_accepted))
        .select_related("period")
        .order_by("period__start", "-period__end")
    )
    periods = [r.period for r in rounds]
    latest = next(
        (r.period for r in sorted(rounds, key=lambda r: r.period.end, reverse=True) if r.accepted),
        None,
    )
    return PivotSetup(
        indicator=indicator,
        axes=axes,
        options=options,
        dimension_codes={link.dimension_id: link.dimension.code for link in links},
        agencies=agencies,
        periods=periods,
        latest_accepted=latest,
    )


def round_periods_within(periods: list[Period], period) -> list[Period]:
    """The round periods lying inside a period, without those inside another one (no double count)."""
    inside = [p for p in periods if period.start <= p.start and p.end <= period.end]
    widest = engine.widest_spans((p.start, p.end) for p in inside)
    return [p for p in inside if (p.start, p.end) in widest]


@dataclass(frozen=True)
class PivotSpec:
    """What the reader asked for, checked against the setup."""

    rows: Axis
    cols: Axis | None
    periods: list[Period]
    agency: Choice | None = None
    # dimension id → the option chosen
    filters: dict[int, Choice] = field(default_factory=dict)


@dataclass(frozen=True)
class Member:
    key: int
    label: str
    title: str = ""
    period: Period | None = None


class _Acc:
    """The running parts of a combined figure, so that a cell and its totals combine alike."""

    __slots__ = ("n", "total", "top", "n_ratio", "num", "den", "latest")

    def __init__(self):
        self.n = 0
        self.total = engine.ZERO
        self.top: Decimal | None = None
        self.n_ratio = 0
        self.num = engine.ZERO
        self.den = engine.ZERO
        self.latest: tuple | None = None

    def add(self, row: dict) -> None:
        n = row["n"]
        if n:
            self.n += n
            self.total += row["total"] or engine.ZERO
            if row["top"] is not None and (self.top is None or row["top"] > self.top):
                self.top = row["top"]
        if row["n_ratio"]:
            self.n_ratio += row["n_ratio"]
            self.num += row["num"] or engine.ZERO
            self.den += row["den"] or engine.ZERO
        if "order" in row and (n or row["n_ratio"]):
            if self.latest is None or row["order"] > self.latest[0]:
                self.latest = (row["order"], row["fig"])

    def fig(self, aggregation: str) -> engine.Fig:
        if aggregation == engine.LATEST:
            return self.latest[1] if self.latest else engine.EMPTY
        if aggregation == engine.RATIO:
            if self.n_ratio:
                return engine.Fig(engine.ratio_value(self.num, self.den), self.num, self.den)
            # A percentage typed without its parts can stand alone, but is never averaged.
            return engine.Fig(self.total) if self.n == 1 else engine.EMPTY
        if not self.n:
            return engine.EMPTY
        if aggregation == engine.SUM:
            return engine.Fig(self.total)
        if aggregation == engine.AVERAGE:
            return engine.Fig((self.total / self.n).quantize(engine.PLACES))
        if aggregation == engine.MAXIMUM:
            return engine.Fig(self.top)
        raise ValueError(f"unknown aggregation {aggregation!r}")


@dataclass
class PivotRow:
    member: Member
    cells: list[engine.Fig]
    total: engine.Fig | None


@dataclass
class Pivot:
    indicator: Indicator
    spec: PivotSpec
    level: str
    rows: list[Member]
    cols: list[Member]
    cells: dict[tuple, engine.Fig]
    row_totals: dict[int, engine.Fig]
    col_totals: dict[int, engine.Fig]
    total: engine.Fig
    show_row_totals: bool
    show_col_totals: bool
    periods_used: list[Period]
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def grid(self) -> list[PivotRow]:
        """Row by row: the cells in column order (one cell when there are no columns), the total."""
        result = []
        for row in self.rows:
            if self.cols:
                cells = [self.cells.get((row.key, col.key), engine.EMPTY) for col in self.cols]
                total = self.row_totals.get(row.key, engine.EMPTY) if self.show_row_totals else None
            else:
                cells = [self.cells.get((row.key, None), engine.EMPTY)]
                total = None
            result.append(PivotRow(row, cells, total))
        return result

    @property
    def footer(self) -> list[engine.Fig]:
        """The column totals, then the grand total when the rows have totals; empty if none."""
        if not self.show_col_totals:
            return []
        if self.cols:
            cells = [self.col_totals.get(col.key, engine.EMPTY) for col in self.cols]
            return [*cells, self.total] if self.show_row_totals else cells
        return [self.total]


def _levels_not_added(indicator: Indicator) -> bool:
    """Whether figures of several periods are levels that must not be added or pooled."""
    return indicator.cumulative_mode == CumulativeMode.LATEST and indicator.aggregation not in (
        Aggregation.LATEST,
        Aggregation.MAXIMUM,
    )


def _nested(periods: list[Period]) -> bool:
    spans = [(p.start, p.end) for p in periods]
    return len(engine.widest_spans(spans)) < len(set(spans))


def _breakdown_ids(keys: set[str]) -> dict[str, int]:
    return dict(Breakdown.objects.filter(key__in=keys).values_list("key", "pk"))


def pivot_table(setup: PivotSetup, spec: PivotSpec, *, language: str | None = None) -> Pivot:
    """The grid of combined figures and its totals, from accepted values: two queries."""
    language = (language or get_language() or "th").split("-")[0]
    indicator = setup.indicator
    aggregation = indicator.aggregation
    notes: list[str] = []
    axes = [spec.rows] + ([spec.cols] if spec.cols else [])
    periods = list(spec.periods)
    on_axis = {a.code for a in axes}
    if PERIOD not in on_axis and len(periods) > 1 and _levels_not_added(indicator):
        periods = [max(periods, key=lambda p: (p.end, -p.start.toordinal()))]
        notes.append(
            _(
                "This indicator is measured as a level, so figures of several periods are not "
                "added up: the table shows the latest period, %(period)s."
            )
            % {"period": periods[0].label(language)}
        )

    # The breakdown dimensions the table needs, and the one level of values that carries them.
    needed = [a.dimension_id for a in axes if a.dimension_id is not None]
    needed += [d for d in spec.filters if d not in needed]
    all_dims = list(setup.dimension_codes)
    codes = setup.dimension_codes

    def allowed(dimension_id: int) -> list[Choice]:
        chosen = spec.filters.get(dimension_id)
        return [chosen] if chosen else setup.options.get(dimension_id, [])

    option_of: dict[int, dict[int, int]] = {}
    values = Value.objects.filter(
        line__indicator=indicator,
        line__report_id__in=Report.objects.filter(ACCEPTED_Q, round__plan_id=indicator.plan_id)
        .filter(round__period__in=periods)
        .values("pk"),
    )
    if spec.agency is not None:
        values = values.filter(line__report__organization_id=spec.agency.id)
    if not needed:
        level = "total"
        values = values.filter(breakdown__isnull=True)
    else:
        wanted: dict[str, dict[int, int]] = {}
        single_keys: list[str] = []
        if len(needed) == 1:
            (dimension_id,) = needed
            level = "single"
            for choice in setup.options.get(dimension_id, []):
                key = breakdown_key([(codes[dimension_id], choice.code)])
                single_keys.append(key)
                if choice in allowed(dimension_id):
                    wanted[key] = {dimension_id: choice.id}
        else:
            level = "cross"
        cross_keys: dict[str, dict[int, int]] = {}
        if len(all_dims) > 1:
            for combo in itertools.product(*(allowed(d) for d in all_dims)):
                pairs = list(zip(all_dims, combo, strict=True))
                key = breakdown_key((codes[d], c.code) for d, c in pairs)
                cross_keys[key] = {d: c.id for d, c in pairs}
        ids = _breakdown_ids({*single_keys, *cross_keys})
        single_ids = [ids[k] for k in wanted if k in ids]
        cross_ids = [ids[k] for k in cross_keys if k in ids]
        for key, options in (*wanted.items(), *cross_keys.items()):
            if key in ids:
                option_of[ids[key]] = options
        if level == "single" and cross_ids and aggregation in FALLBACK_AGGREGATIONS:
            any_single = [ids[k] for k in single_keys if k in ids]
            typed_singles = Value.objects.filter(
                line_id=OuterRef("line_id"), breakdown_id__in=any_single
            )
            values = values.filter(
                Q(breakdown_id__in=single_ids)
                | (Q(breakdown_id__in=cross_ids) & ~Exists(typed_singles))
            )
        elif level == "single":
            values = values.filter(breakdown_id__in=single_ids)
        else:
            values = values.filter(breakdown_id__in=cross_ids)

    org_field, period_field = "line__report__organization_id", "line__report__round__period_id"
    group = ["breakdown_id"] if needed else []
    if AGENCY in on_axis:
        group.append(org_field)
    if PERIOD in on_axis:
        group.append(period_field)
    has_ratio = Q(numerator__isnull=False, denominator__isnull=False)
    if aggregation == engine.LATEST:
        raw = values.order_by().values(
            "breakdown_id",
            org_field,
            period_field,
            "line__report__round__period__end",
            "line__report__round__period__start",
            "line__report__accepted_at",
            "line__report_id",
            "value",
            "numerator",
            "denominator",
        )
        rows = []
        for row in raw:
            ratio = row["numerator"] is not None and row["denominator"] is not None
            fig = engine.Fig(
                row["value"],
                row["numerator"] if ratio else None,
                row["denominator"] if ratio else None,
            )
            row.update(
                n=int(row["value"] is not None),
                total=row["value"],
                top=row["value"],
                n_ratio=int(ratio),
                num=row["numerator"],
                den=row["denominator"],
                fig=fig,
                order=(
                    row["line__report__round__period__end"],
                    row["line__report__round__period__start"],
                    row["line__report__accepted_at"] or EPOCH,
                    row["line__report_id"],
                ),
            )
            rows.append(row)
    else:
        rows = list(
            values.order_by()
            .values(*group)
            .annotate(
                n=Count("value"),
                total=Sum("value"),
                top=Max("value"),
                n_ratio=Count("pk", filter=has_ratio),
                num=Sum("numerator", filter=has_ratio),
                den=Sum("denominator", filter=has_ratio),
            )
        )

    def key_of(axis: Axis | None, row: dict):
        if axis is None:
            return None
        if axis.code == PERIOD:
            return row[period_field]
        if axis.code == AGENCY:
            return row[org_field]
        return option_of.get(row["breakdown_id"], {}).get(axis.dimension_id)

    cells: dict[tuple, _Acc] = {}
    row_acc: dict[int, _Acc] = {}
    col_acc: dict[int, _Acc] = {}
    grand = _Acc()
    for row in rows:
        if not row["n"] and not row["n_ratio"]:
            continue
        r, c = key_of(spec.rows, row), key_of(spec.cols, row)
        if r is None or (spec.cols is not None and c is None):
            continue
        cells.setdefault((r, c), _Acc()).add(row)
        row_acc.setdefault(r, _Acc()).add(row)
        if c is not None:
            col_acc.setdefault(c, _Acc()).add(row)
        grand.add(row)

    cell_figs = {k: acc.fig(aggregation) for k, acc in cells.items()}
    cell_figs = {k: fig for k, fig in cell_figs.items() if not fig.is_empty}
    row_keys = {r for r, _c in cell_figs}
    col_keys = {c for _r, c in cell_figs if c is not None}

    members = _members(setup, periods, language)
    row_members = [m for m in members[spec.rows.code] if m.key in row_keys]
    col_members = [m for m in members[spec.cols.code] if m.key in col_keys] if spec.cols else []

    period_keys = {m.key for m in (row_members if spec.rows.code == PERIOD else col_members)}
    period_totals = True
    if PERIOD in on_axis:
        if _levels_not_added(indicator):
            period_totals = False
            notes.append(
                _(
                    "This indicator is measured as a level: figures of different periods are "
                    "not added up, so there is no total across periods."
                )
            )
        elif _nested([p for p in periods if p.pk in period_keys]):
            period_totals = False
            notes.append(
                _(
                    "Some periods lie inside others (a year and its quarters), so there is no "
                    "total across periods."
                )
            )

    def adds_up(axis: Axis) -> bool:
        if axis.code == PERIOD:
            return period_totals
        # The latest values of different groups in one report have no order among them.
        return axis.dimension_id is None or aggregation != engine.LATEST

    show_row_totals = bool(spec.cols) and adds_up(spec.cols)
    show_col_totals = adds_up(spec.rows)
    if aggregation == engine.LATEST and not (show_row_totals and show_col_totals):
        if any(a.dimension_id is not None for a in axes):
            notes.append(
                _("Latest values of different groups are not combined, so there is no total.")
            )
    if level != "total":
        notes.append(
            _(
                "Breakdowns count the agencies that reported them; an agency that reported only "
                "a total is in the totals of the plan's progress, not in this table."
            )
        )
    return Pivot(
        indicator=indicator,
        spec=spec,
        level=level,
        rows=row_members,
        cols=col_members,
        cells=cell_figs,
        row_totals={k: acc.fig(aggregation) for k, acc in row_acc.items()},
        col_totals={k: acc.fig(aggregation) for k, acc in col_acc.items()},
        total=grand.fig(aggregation),
        show_row_totals=show_row_totals,
        show_col_totals=show_col_totals,
        periods_used=periods,
        notes=notes,
    )


def _members(setup: PivotSetup, periods: list[Period], language: str) -> dict[str, list[Member]]:
    result: dict[str, list[Member]] = {
        PERIOD: [
            Member(p.pk, p.label(language, short=True), p.label(language), period=p)
            for p in periods
        ],
        AGENCY: [Member(c.id, c.label, c.title) for c in setup.agencies],
    }
    for axis in setup.dimensions:
        result[axis.code] = [
            Member(c.id, c.label, c.title) for c in setup.options.get(axis.dimension_id, [])
        ]
    return result


def display_decimals(indicator: Indicator) -> int:
    """How many decimals a combined figure of the indicator is shown with."""
    if indicator.value_type == ValueType.PERCENTAGE:
        return max(indicator.decimals, 1)
    if indicator.aggregation == Aggregation.AVERAGE:
        return min(indicator.decimals + 1, 4)
    return indicator.decimals
