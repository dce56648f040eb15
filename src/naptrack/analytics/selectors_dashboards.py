"""Reads for the dashboards: a plan's, an indicator's and an agency's progress as tables and charts.

Every table is built once here and serves three readers: the page, the chart drawn from it and its
CSV/XLSX download, so what a user downloads is exactly what the page shows. Figures are the stored
roll-ups of the progress engine, never recomputed, read in a fixed number of queries whatever the
size of the plan.

Filters arrive from the address (so that a view can be shared) and are checked here: an unknown
period, result, agency or province is dropped with a message saying so, never an error page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, wraps
from urllib.parse import quote, urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import get_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from naptrack.analytics import permissions, selectors
from naptrack.analytics.models import IndicatorProgress, Status
from naptrack.core.models import FALLBACK_LANGUAGES
from naptrack.core.preferences import wants_thai_digits
from naptrack.core.templatetags.naptrack import figure
from naptrack.frameworks.models import (
    Assignment,
    AssignmentRole,
    Indicator,
    IndicatorDimension,
    MilestoneStatus,
    Option,
    Plan,
    ValueType,
)
from naptrack.geo.models import Area, AreaLevel
from naptrack.organizations.models import Organization
from naptrack.organizations.permissions import organization_ids_for
from naptrack.periods import calendars
from naptrack.periods.models import Period, PeriodKind
from naptrack.reporting.models import Report, ReportState, Round
from naptrack.reporting.permissions import coordinates_plan
from naptrack.reporting.selectors import report_timing

# Statuses from best to worst, the order of every legend and status bar.
STATUSES = [
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.NO_DATA,
]
# The indicators "most off track": off track before at risk, then the furthest behind first.
BEHIND = {Status.OFF_TRACK: 0, Status.AT_RISK: 1}
MOST_OFF_TRACK = 10
ONE_DECIMAL = Decimal("0.1")

# Timeliness of a report against its round's due date.
ON_TIME, LATE, NOT_SUBMITTED = "on_time", "late", "not_submitted"
TIMELINESS = (ON_TIME, LATE, NOT_SUBMITTED)


@dataclass(frozen=True)
class _Format:
    """How the reader writes numbers and statuses, looked up once per page rather than per cell."""

    language: str
    decimal: str
    thousand: str
    grouping: int
    thai_digits: bool
    statuses: dict[str, str]


@lru_cache(maxsize=8)
def _language_format(language: str) -> tuple[str, str, int, dict[str, str]]:
    with translation.override(language):
        return (
            get_format("DECIMAL_SEPARATOR"),
            get_format("THOUSAND_SEPARATOR"),
            int(get_format("NUMBER_GROUPING") or 0),
            {value: str(label) for value, label in Status.choices},
        )


def _make_format() -> _Format:
    language = (get_language() or "th").split("-")[0]
    return _Format(
        language,
        *_language_format(language)[:3],
        wants_thai_digits(),
        _language_format(language)[3],
    )


_current_format: ContextVar[_Format | None] = ContextVar("dashboard_format", default=None)


def _format() -> _Format:
    return _current_format.get() or _make_format()


def _formatted(builder):
    """Build a dashboard with the reader's format looked up once."""

    @wraps(builder)
    def build(*args, **kwargs):
        token = _current_format.set(_make_format())
        try:
            return builder(*args, **kwargs)
        finally:
            _current_format.reset(token)

    return build


def status_label(status: str) -> str:
    return _format().statuses.get(status, "")


def number(value: Decimal | int, places: int) -> str:
    """The same text as the `figure` filter (grouping, separators, Thai digits if preferred) for a
    value already rounded to `places`, without its cost: a big table formats thousands of them."""
    fmt = _format()
    if fmt.grouping not in (0, 3):
        return figure(value, places)
    text = f"{value:{',' if fmt.grouping == 3 else ''}.{places}f}"
    if (fmt.decimal, fmt.thousand) != (".", ","):
        text = text.replace(",", "\0").replace(".", fmt.decimal).replace("\0", fmt.thousand)
    return calendars.thai_digits(text) if fmt.thai_digits else text


def timeliness_label(kind: str) -> str:
    return {
        ON_TIME: _("On time"),
        LATE: _("Late"),
        NOT_SUBMITTED: _("Not yet submitted"),
    }[kind]


# --- Tables: one structure for the page, the chart and the download ----------------------------------


@dataclass(slots=True)
class Cell:
    """One cell: what the download holds (value) and what the page shows (text)."""

    value: object = None
    text: str = ""
    # How the page shows it (and its cell's class): "" text · "num" · "code" · "name" (long text)
    # · "nowrap" · "muted" · "status" · "timeliness" · "state" (a report's state)
    kind: str = ""
    url: str = ""
    status: str = ""
    title: str = ""
    provisional: bool = False
    bar: list | None = None  # status bar segments, for a result's row


@dataclass
class Column:
    label: str
    num: bool = False


@dataclass
class Table:
    """Rows of cells under their columns. `context` holds what every row shares (the period, the
    basis of the figures, the filters): the page says it once above the table, and a download
    writes it as leading columns, so that a file read on its own still says what it holds."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    context: list[tuple[Column, Cell]] = field(default_factory=list)
    body: str = ""  # the rows as HTML, written by the view (a template is too slow at 1,000 rows)

    grouped: int = 0  # leading columns the page shows as a heading row each time they change

    def group(self, leading: int) -> None:
        """Show the first columns as a heading over their rows (the download keeps them as columns)."""
        self.grouped = leading

    @property
    def shown_columns(self) -> list[Column]:
        return self.columns[self.grouped :]

    def headers(self) -> list[str]:
        return [column.label for column, _cell in self.context] + [c.label for c in self.columns]

    def export_rows(self) -> list[list]:
        shared = [cell.value for _column, cell in self.context]
        return [shared + [cell.value for cell in row] for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


def _text(value, kind: str = "") -> Cell:
    value = value or ""
    return Cell(value=value, text=value, kind=kind)


def _count(n: int | None) -> Cell:
    return Cell(value=n, text=number(n, 0) if n is not None else "–", kind="num")


def _percent(value: Decimal | None, provisional: bool = False) -> Cell:
    """A percentage with one decimal: 71.7 % on the page, 71.7 in the download."""
    if value is None:
        return Cell(value=None, text="–", kind="num")
    rounded = Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return Cell(value=rounded, text=f"{number(rounded, 1)}%", kind="num", provisional=provisional)


def _status(status: str, provisional: bool = False) -> Cell:
    label = status_label(status)
    return Cell(value=label, text=label, kind="status", status=status, provisional=provisional)


def _date(day: dt.date | None) -> Cell:
    if day is None:
        return Cell(value=None, text="–")
    return Cell(
        value=day,
        text=calendars.format_date(day, _format().language, use_thai_digits=_format().thai_digits),
    )


def _period_cells(period: Period) -> list[Cell]:
    """The period's code, and its name in the reader's language (ปีงบประมาณ พ.ศ. 2568 in Thai)."""
    fmt = _format()
    label = period.label(fmt.language)
    shown = calendars.thai_digits(label) if fmt.thai_digits else label
    return [Cell(value=period.code, text=period.code, kind="code"), Cell(value=label, text=shown)]


def _period_columns() -> list[Column]:
    return [Column(_("Period code")), Column(_("Period"))]


def _basis_cell(provisional: bool) -> Cell:
    label = (
        _("Provisional: includes reports not yet accepted")
        if provisional
        else _("Accepted reports only")
    )
    return Cell(value=label, text=label)


def _context(period: Period | None, provisional: bool, **filters: str) -> list[tuple[Column, Cell]]:
    """What every row of a table shares: the period, the basis of the figures, the filters."""
    labels = {"pillar": _("Result"), "agency": _("Agency")}
    context = []
    if period is not None:
        context.extend(zip(_period_columns(), _period_cells(period), strict=True))
    context.append((Column(_("Figures")), _basis_cell(provisional)))
    for key, value in filters.items():
        if value:
            context.append((Column(labels[key]), _text(value)))
    return context


def figure_cell(
    value: Decimal | None,
    *,
    value_type: str,
    decimals: int,
    milestone: str = "",
    provisional: bool = False,
) -> Cell:
    """An indicator's figure as its readers expect it: 1,250 · 18.3 (a percentage) · Yes · Completed."""
    if value_type == ValueType.MILESTONE and milestone:
        label = str(MilestoneStatus(milestone).label) if milestone in MilestoneStatus.values else ""
        return Cell(value=label, text=label, provisional=provisional)
    if value is None:
        return Cell(value=None, text="–", kind="num")
    if value_type == ValueType.YES_NO:
        label = _("Yes") if value >= 1 else _("No")
        return Cell(value=label, text=label, provisional=provisional)
    places = 1 if value_type == ValueType.PERCENTAGE else min(int(decimals or 0), 4)
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return Cell(value=rounded, text=number(rounded, places), kind="num", provisional=provisional)


def chart_number(cell: Cell) -> float | None:
    """A cell's value for a chart (numbers only)."""
    if isinstance(cell.value, (Decimal, int, float)) and not isinstance(cell.value, bool):
        return float(cell.value)
    return None


# --- Filters -----------------------------------------------------------------------------------------


@dataclass
class Choice:
    value: str
    label: str
    selected: bool = False


@dataclass
class Filters:
    """The filters of a dashboard, as asked for in the address and as applied."""

    params: dict[str, str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    period: Period | None = None
    provisional: bool = False
    can_view_provisional: bool = False
    provisional_refused: bool = False

    def query(self, **changes) -> str:
        """The current filters as a query string, with some changed (None removes one)."""
        params = {**self.params, **changes}
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})

    @property
    def period_choices(self) -> list[Choice]:
        return [Choice(p.code, _period_cells(p)[1].text, p == self.period) for p in self.periods]


def _parse_period(filters: Filters, plan: Plan, asked: str) -> None:
    filters.periods = selectors.progress_periods_for_plan(plan)
    asked = (asked or "").strip()
    if asked:
        filters.period = next(
            (p for p in filters.periods if p.code.upper() == asked.upper()[:40]), None
        )
        if filters.period is None:
            filters.messages.append(
                _("There are no figures for the period “%(period)s” in this plan.")
                % {"period": asked[:40]}
            )
    if filters.period is None and filters.periods:
        filters.period = selectors.default_period(plan) or filters.periods[0]
        if asked:
            filters.messages[-1] += " " + _("Showing %(period)s instead.") % {
                "period": _period_cells(filters.period)[1].text
            }
    if filters.period is not None:
        filters.params["period"] = filters.period.code


def _parse_provisional(filters: Filters, user, plan: Plan, asked: str) -> None:
    wants = (asked or "").strip().lower() in ("1", "true", "yes", "on")
    filters.can_view_provisional = permissions.can_view_provisional(user, plan)
    if wants and filters.can_view_provisional:
        filters.provisional = True
        filters.params["provisional"] = "1"
    elif wants:
        filters.provisional_refused = True


# --- Shared pieces ------------------------------------------------------------------------------------


def _pick(row: dict, prefix: str, language: str) -> str:
    for code in (language, *FALLBACK_LANGUAGES):
        text = row.get(f"{prefix}_{code}")
        if text:
            return text
    return ""


def _language() -> str:
    return _format().language


ORG_FIELDS = tuple(
    f"{name}_{code}" for name in ("abbreviation", "name") for code in ("th", "en", "vi")
)


def _org_names(row: dict, prefix: str = "organization__") -> tuple[str, str]:
    """(short name, full name) of an organization read with .values()."""
    org = {k.removeprefix(prefix): v for k, v in row.items() if k.startswith(prefix)}
    language = _language()
    name = _pick(org, "name", language)
    return _pick(org, "abbreviation", language) or name, name


def _url_factory(name: str, *args: str):
    """Reverse a URL once and fill the last argument per row (reverse() is slow in a loop)."""
    marker = "__naptrack_slot__"
    base = reverse(name, args=[*args, marker])

    def url(code: str) -> str:
        return base.replace(marker, quote(code, safe=""))

    return url


def status_segments(counts: dict[str, int]) -> list[dict]:
    """The parts of a status bar: each status's count, and where it starts and how wide it is (%)."""
    total = sum(counts.get(s, 0) for s in STATUSES)
    segments, start = [], 0.0
    for status in STATUSES:
        n = counts.get(status, 0)
        if not n or not total:
            continue
        width = n * 100 / total
        segments.append(
            {
                "status": status,
                "label": status_label(status),
                "count": n,
                "count_text": number(n, 0),
                "x": f"{start:.3f}",
                "width": f"{width:.3f}",
            }
        )
        start += width
    return segments


def _legend() -> list[dict]:
    return [{"status": s, "label": status_label(s)} for s in STATUSES]


@dataclass
class Chart:
    """What dashboards.js draws, passed to the page with json_script."""

    id: str
    spec: dict


def _bars_chart(
    chart_id: str,
    title: str,
    categories: list[str],
    names: list[str],
    cells: list[Cell],
    *,
    colours: list[str],
    unit: str = "",
    provisional: bool = False,
) -> Chart:
    """Horizontal bars, one per category, coloured by status (or timeliness), labelled in words."""
    return Chart(
        chart_id,
        {
            "kind": "bars",
            "title": title,
            "categories": categories,
            "names": names,
            "values": [chart_number(c) for c in cells],
            "labels": [c.text for c in cells],
            "colours": colours,
            "unit": unit,
            "provisional": provisional,
            "thaiDigits": _format().thai_digits,
        },
    )


# --- The plan dashboard -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    code: str
    short_name: str
    name: str


@dataclass
class PlanFilters(Filters):
    pillar: selectors.NodeRow | None = None
    agency: Agency | None = None
    province: Area | None = None
    pillar_choices: list[Choice] = field(default_factory=list)
    agency_choices: list[Choice] = field(default_factory=list)
    province_choices: list[Choice] = field(default_factory=list)


@dataclass
class Section:
    """A table with its chart (if any), and why it is empty when it is."""

    table: Table
    chart: Chart | None = None
    note: str = ""


@dataclass
class PlanDashboard:
    plan: Plan
    filters: PlanFilters
    progress: selectors.PlanProgress | None = None
    empty_reason: str = ""
    overall: dict | None = None
    results: Section | None = None
    off_track: Section | None = None
    indicators: Section | None = None
    timeliness: Section | None = None
    timeliness_counts: list[dict] = field(default_factory=list)
    timeliness_rounds: list[Round] = field(default_factory=list)
    legend: list[dict] = field(default_factory=_legend)

    @property
    def computed_at(self):
        return self.progress.computed_at if self.progress else None

    def tables(self) -> dict[str, Table]:
        sections = (self.results, self.off_track, self.indicators, self.timeliness)
        return {s.table.name: s.table for s in sections if s is not None}


def _empty_reason(plan: Plan) -> str:
    if not Round.objects.filter(plan=plan).exists():
        return _(
            "No reporting round has been opened for this plan yet, so there are no figures to "
            "show. Figures appear here once the plan's coordinators open a round and the "
            "agencies' reports come in."
        )
    return _(
        "The figures for this plan have not been computed yet. They are computed each time a "
        "report is submitted, returned or accepted; if this page stays empty, ask the platform "
        "administrator to rebuild the progress figures."
    )


def _subtree(nodes: list[selectors.NodeRow], root_id: int) -> set[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node.id)
    found, stack = set(), [root_id]
    while stack:
        node_id = stack.pop()
        found.add(node_id)
        stack.extend(children.get(node_id, ()))
    return found


def _plan_assignments(plan: Plan) -> list[dict]:
    return list(
        Assignment.objects.filter(indicator__plan=plan)
        .order_by()
        .values(
            "indicator_id",
            "organization_id",
            "organization__code",
            "role",
            *(f"organization__{f}" for f in ORG_FIELDS),
        )
    )


def _parse_plan_filters(
    filters: PlanFilters,
    plan: Plan,
    params,
    progress: selectors.PlanProgress,
    assignments: list[dict],
) -> tuple[set[int] | None, set[int] | None]:
    """Check the pillar and agency filters; return the node and indicator ids they keep."""
    node_ids = indicator_ids = None
    asked = (params.get("pillar") or "").strip()[:64]
    by_code = {node.code: node for node in progress.nodes}
    if asked:
        filters.pillar = by_code.get(asked)
        if filters.pillar is None:
            filters.messages.append(
                _("This plan has no result with the code “%(code)s”; showing every result.")
                % {"code": asked}
            )
        else:
            filters.params["pillar"] = filters.pillar.code
            node_ids = _subtree(progress.nodes, filters.pillar.id)
    filters.pillar_choices = [
        Choice(
            n.code, f"{n.code} {n.title}", filters.pillar is not None and n.id == filters.pillar.id
        )
        for n in progress.nodes
        if n.depth == 1 or (filters.pillar is not None and n.id == filters.pillar.id)
    ]

    agencies: dict[str, tuple[str, str]] = {}
    for row in assignments:
        agencies.setdefault(row["organization__code"], _org_names(row))
    asked = (params.get("agency") or "").strip()[:64]
    if asked:
        if asked in agencies:
            filters.agency = Agency(asked, *agencies[asked])
            filters.params["agency"] = asked
            indicator_ids = {
                row["indicator_id"] for row in assignments if row["organization__code"] == asked
            }
        else:
            filters.messages.append(
                _(
                    "No agency with the code “%(code)s” is assigned to this plan's indicators; "
                    "showing every agency."
                )
                % {"code": asked}
            )
    filters.agency_choices = sorted(
        (
            Choice(code, short if short == full else f"{short} · {full}", code == asked)
            for code, (short, full) in agencies.items()
        ),
        key=lambda c: c.label.casefold(),
    )
    return node_ids, indicator_ids


def _province_dimensions():
    """Dimensions whose options are provinces (the province breakdown, under whatever code)."""
    return Option.objects.filter(area__level=AreaLevel.PROVINCE).values("dimension_id")


def _parse_province(filters: PlanFilters, plan: Plan, params) -> None:
    """Check the province filter against the provinces the plan's indicators are broken down by."""
    areas = {
        row["code"]: row
        for row in Area.objects.filter(
            level=AreaLevel.PROVINCE,
            breakdown_options__dimension_id__in=IndicatorDimension.objects.filter(
                indicator__plan=plan, dimension_id__in=_province_dimensions()
            ).values("dimension_id"),
        )
        .order_by()
        .distinct()
        .values("pk", "code", "name_th", "name_en", "name_vi")
    }
    asked = (params.get("province") or "").strip()[:32]
    if asked and asked not in areas:
        filters.messages.append(
            _(
                "No indicator of this plan is broken down by a province with the code "
                "“%(code)s”; the province filter is off."
            )
            % {"code": asked}
        )
    elif asked:
        row = areas[asked]
        filters.province = Area(
            pk=row["pk"],
            code=row["code"],
            name_th=row["name_th"],
            name_en=row["name_en"],
            name_vi=row["name_vi"],
        )
        filters.params["province"] = asked
    language = _language()
    filters.province_choices = sorted(
        (
            Choice(code, _pick(row, "name", language) or code, code == asked)
            for code, row in areas.items()
        ),
        key=lambda c: c.label,
    )


# Positions in an indicator's row (see _indicator_columns).
PROVINCE_AT = 5  # the province's figure follows the indicator's actual value
ACHIEVEMENT_AT = 8


def _indicator_columns(with_province: str = "") -> list[Column]:
    columns = [
        Column(_("Code")),
        Column(_("Indicator")),
        Column(_("Result")),
        Column(_("Lead agency")),
        Column(_("Actual"), num=True),
        Column(_("Target"), num=True),
        Column(_("Baseline"), num=True),
        Column(_("Unit")),
        Column(_("Achievement"), num=True),
        Column(_("Status")),
        Column(_("Agencies reporting"), num=True),
        Column(_("Agencies expected"), num=True),
    ]
    if with_province:
        # Beside the total, where the eye looks for it.
        columns.insert(
            PROVINCE_AT,
            Column(_("Figure for %(province)s") % {"province": with_province}, num=True),
        )
    return columns


def _indicator_row(
    row: selectors.IndicatorRow,
    node_codes: dict[int, str],
    url,
    provisional: bool,
) -> list[Cell]:
    def fig(value):
        # Targets and baselines are the plan's own, the same whatever the basis of the figures.
        return figure_cell(value, value_type=row.value_type, decimals=row.decimals)

    actual = figure_cell(
        row.value,
        value_type=row.value_type,
        decimals=row.decimals,
        milestone=row.milestone_status,
        provisional=provisional,
    )
    return [
        Cell(value=row.code, text=row.code, kind="code", url=url(row.code)),
        Cell(value=row.name, text=row.name, kind="name", url=url(row.code)),
        Cell(
            value=node_codes.get(row.node_id, ""), text=node_codes.get(row.node_id, ""), kind="code"
        ),
        _text(row.lead, "nowrap"),
        actual,
        fig(row.target),
        fig(row.baseline),
        _text(row.unit, "nowrap"),
        _percent(row.achievement, provisional),
        _status(row.status, provisional),
        _count(row.agencies_reporting),
        _count(row.agencies_expected),
    ]


@_formatted
def plan_dashboard(plan: Plan, user, params) -> PlanDashboard:
    """A plan's progress for one period, narrowed by result, agency and province, as tables."""
    filters = PlanFilters()
    dashboard = PlanDashboard(plan=plan, filters=filters)
    _parse_period(filters, plan, params.get("period", ""))
    _parse_provisional(filters, user, plan, params.get("provisional", ""))
    if filters.period is None:
        dashboard.empty_reason = _empty_reason(plan)
        return dashboard
    period, provisional = filters.period, filters.provisional
    progress = selectors.plan_progress(plan, period, provisional=provisional)
    dashboard.progress = progress
    assignments = _plan_assignments(plan)
    node_ids, indicator_ids = _parse_plan_filters(filters, plan, params, progress, assignments)
    _parse_province(filters, plan, params)
    indicators = [
        row
        for row in progress.indicators
        if (node_ids is None or row.node_id in node_ids)
        and (indicator_ids is None or row.id in indicator_ids)
    ]
    context = _context(
        period,
        provisional,
        pillar=f"{filters.pillar.code} {filters.pillar.title}" if filters.pillar else "",
        agency=filters.agency.short_name if filters.agency else "",
    )
    dashboard.results = _results_section(
        plan, filters, progress, indicators, node_ids, by_agency=indicator_ids is not None
    )
    dashboard.results.table.context = context
    dashboard.overall = _overall(filters, progress, indicators, by_agency=indicator_ids is not None)

    node_codes = {n.id: n.code for n in progress.nodes}
    url = _url_factory("indicator-dashboard", plan.code)
    link_query = filters.query()  # the indicator's page carries them back to this one

    def indicator_url(code: str) -> str:
        return f"{url(code)}?{link_query}" if link_query else url(code)

    dashboard.off_track = _off_track_section(
        indicators, node_codes, indicator_url, context, provisional
    )

    # Every indicator in view, with the province's figure when one is chosen.
    province_name = filters.province.name if filters.province else ""
    table = Table("indicators", _("Indicators"), _indicator_columns(province_name), context=context)
    province_figures, by_province = _province_figures(plan, filters, period, provisional)
    for row in indicators:
        cells = _indicator_row(row, node_codes, indicator_url, provisional)
        if filters.province is not None:
            figure_row = province_figures.get(row.id)
            if figure_row is not None:
                cell = figure_cell(
                    figure_row["value"],
                    value_type=row.value_type,
                    decimals=row.decimals,
                    milestone=figure_row["milestone_status"],
                    provisional=provisional,
                )
            elif row.id in by_province:
                cell = Cell(value=None, text="–", kind="num")
            else:
                label = _("not by province")
                cell = Cell(value=label, text=label, kind="muted")
            cells.insert(PROVINCE_AT, cell)
        table.rows.append(cells)
    dashboard.indicators = Section(
        table, note=_("No indicator matches these filters.") if not indicators else ""
    )
    _timeliness(dashboard, plan, user, period)
    return dashboard


def _results_section(
    plan: Plan,
    filters: PlanFilters,
    progress: selectors.PlanProgress,
    indicators: list[selectors.IndicatorRow],
    node_ids: set[int] | None,
    *,
    by_agency: bool,
) -> Section:
    """The pillars and outcomes (or the chosen result and the level below it) with their bars."""
    levels = {level.depth: level.name for level in plan.levels.all()}
    max_depth = max(2, filters.pillar.depth + 1) if filters.pillar else 2
    nodes = [
        n for n in progress.nodes if n.depth <= max_depth and (node_ids is None or n.id in node_ids)
    ]
    if by_agency:
        # Counts of the indicators shown (the agency's), so that the bars match the table below.
        counts_by_node = _counts_by_node(progress.nodes, indicators)
        nodes = [n for n in nodes if counts_by_node.get(n.id)]
    else:
        counts_by_node = {n.id: n.counts for n in progress.nodes}
    provisional = filters.provisional
    table = Table(
        "results",
        _("Results"),
        [
            Column(_("Code")),
            Column(_("Result")),
            Column(_("Level")),
            *(Column(status_label(s), num=True) for s in STATUSES),
            Column(_("Indicators"), num=True),
            Column(_("Achievement"), num=True),
            Column(_("Status")),
        ],
    )
    for node in nodes:
        counts = counts_by_node.get(node.id, {})
        table.rows.append(
            [
                Cell(value=node.code, text=node.code, kind="code"),
                Cell(value=node.title, text=node.title, kind="name", bar=status_segments(counts)),
                _text(levels.get(node.depth, ""), "nowrap"),
                *(_count(counts.get(s, 0)) for s in STATUSES),
                _count(sum(counts.get(s, 0) for s in STATUSES)),
                _percent(node.achievement, provisional),
                _status(node.status, provisional),
            ]
        )
    note = ""
    if by_agency and not indicators:
        note = _("The agency is assigned no indicator in this part of the plan.")
    return Section(table, note=note)


def _overall(
    filters: PlanFilters,
    progress: selectors.PlanProgress,
    indicators: list[selectors.IndicatorRow],
    *,
    by_agency: bool,
) -> dict:
    """The whole plan (or the result in view): its achievement, and its indicators by status.

    With an agency chosen the counts are of the agency's indicators; the achievement stays the
    stored one of the plan or result, as the page says.
    """
    scope = filters.pillar or progress.overall
    achievement = scope.achievement if scope else None
    status = scope.status if scope else Status.NO_DATA
    if by_agency:
        counts = dict.fromkeys(STATUSES, 0)
        for row in indicators:
            counts[row.status] = counts.get(row.status, 0) + 1
    else:
        counts = scope.counts if scope else dict.fromkeys(STATUSES, 0)
    total = sum(counts.get(s, 0) for s in STATUSES)
    return {
        "achievement": _percent(achievement, filters.provisional),
        "status": status,
        "status_label": status_label(status),
        "segments": status_segments(counts),
        "total": total,
        "total_text": number(total, 0),
        "no_data_only": total == counts.get(Status.NO_DATA, 0),
    }


def _off_track_section(indicators, node_codes, indicator_url, context, provisional) -> Section:
    """The indicators most off track: off track before at risk, the furthest behind first."""
    behind = sorted(
        (row for row in indicators if row.status in BEHIND),
        key=lambda r: (
            BEHIND[r.status],
            r.achievement if r.achievement is not None else Decimal("Infinity"),
            r.code,
        ),
    )[:MOST_OFF_TRACK]
    table = Table(
        "off-track", _("Indicators most off track"), _indicator_columns(), context=context
    )
    table.rows = [_indicator_row(r, node_codes, indicator_url, provisional) for r in behind]
    chart = _bars_chart(
        "chart-off-track",
        _("Achievement of the indicators most off track"),
        [r.code for r in behind],
        [f"{r.code} {r.name}" for r in behind],
        [row[ACHIEVEMENT_AT] for row in table.rows],
        colours=[r.status for r in behind],
        unit="%",
        provisional=provisional,
    )
    chart.spec["details"] = [r.name for r in behind]
    return Section(
        table,
        chart,
        note=_("No indicator is off track or at risk in this view.") if not behind else "",
    )


def _counts_by_node(
    nodes: list[selectors.NodeRow], indicators: list[selectors.IndicatorRow]
) -> dict[int, dict[str, int]]:
    """Counts by status of the given indicators, for every result above them."""
    parent = {n.id: n.parent_id for n in nodes}
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for row in indicators:
        node_id, seen = row.node_id, set()
        while node_id is not None and node_id not in seen:
            seen.add(node_id)
            counts[node_id][row.status] += 1
            node_id = parent.get(node_id)
    return counts


def _province_figures(
    plan: Plan, filters: PlanFilters, period: Period, provisional: bool
) -> tuple[dict[int, dict], set[int]]:
    """The province's figure per indicator, and the indicators broken down by province at all."""
    if filters.province is None:
        return {}, set()
    figures: dict[int, dict] = {}
    for row in (
        IndicatorProgress.objects.filter(
            indicator__plan=plan,
            period=period,
            provisional=provisional,
            organization__isnull=True,
            option__area_id=filters.province.pk,
        )
        .order_by("indicator_id", "option_id")
        .values("indicator_id", "value", "milestone_status")
    ):
        figures.setdefault(row["indicator_id"], row)
    by_province = set(
        IndicatorDimension.objects.filter(
            indicator__plan=plan, dimension_id__in=_province_dimensions()
        )
        .order_by()
        .values_list("indicator_id", flat=True)
    )
    return figures, by_province | set(figures)


# --- Reporting timeliness -----------------------------------------------------------------------------


def _lines_counted(reports):
    """Reports with their lines counted: all, and those whose total holds a figure."""
    filled = Q(lines__values__breakdown__isnull=True) & (
        Q(lines__values__value__isnull=False)
        | Q(lines__values__numerator__isnull=False)
        | Q(lines__values__text__gt="")
        | Q(lines__values__milestone_status__gt="")
    )
    return reports.annotate(
        lines_total=Count("lines", distinct=True),
        lines_filled=Count("lines", filter=filled, distinct=True),
    )


def _timeliness_kind(report: Report, today: dt.date) -> tuple[str, int, dt.date | None]:
    """On time, late or not yet submitted; the days late (or overdue); the day it came in."""
    timing = report_timing(report, today)
    if timing.submitted_on is not None:
        return (
            (LATE if timing.late else ON_TIME),
            (timing.days if timing.late else 0),
            (timing.submitted_on),
        )
    return NOT_SUBMITTED, (timing.days if timing.late else 0), None


def _timeliness_columns(with_plan: bool = False) -> list[Column]:
    columns = [Column(_("Plan"))] if with_plan else [Column(_("Agency")), Column(_("Agency name"))]
    return [
        *columns,
        *_period_columns(),
        Column(_("Due on")),
        Column(_("Submitted on")),
        Column(_("Report state")),
        Column(_("Timeliness")),
        Column(_("Days late"), num=True),
        Column(_("Lines with values"), num=True),
        Column(_("Lines"), num=True),
        Column(_("Completeness"), num=True),
    ]


def _timeliness_cells(report: Report, today: dt.date) -> tuple[str, list[Cell]]:
    kind, days, submitted_on = _timeliness_kind(report, today)
    completeness = (
        Decimal(report.lines_filled * 100) / Decimal(report.lines_total)
        if report.lines_total
        else None
    )
    state_label = str(ReportState(report.state).label)
    return kind, [
        *_period_cells(report.round.period),
        _date(report.round.due_on),
        _date(submitted_on),
        Cell(value=state_label, text=state_label, kind="state", status=report.state),
        Cell(
            value=timeliness_label(kind),
            text=timeliness_label(kind),
            kind="timeliness",
            status=kind,
            title=(
                ngettext("%(days)s day past the due date", "%(days)s days past the due date", days)
                % {"days": days}
                if kind == NOT_SUBMITTED and days
                else ""
            ),
        ),
        _count(days),
        _count(report.lines_filled),
        _count(report.lines_total),
        _percent(completeness),
    ]


def _tally(kinds: list[str]) -> list[dict]:
    """How many reports came in on time, late, or not yet: the legend of a timeliness chart."""
    return [
        {
            "kind": k,
            "label": timeliness_label(k),
            "count": kinds.count(k),
            "count_text": number(kinds.count(k), 0),
        }
        for k in TIMELINESS
    ]


def _timeliness(dashboard: PlanDashboard, plan: Plan, user, period: Period) -> None:
    """Each agency's report in the rounds of the period: on time, late or missing, and how full."""
    rounds = list(
        Round.objects.filter(
            plan=plan, period__start__gte=period.start, period__end__lte=period.end
        )
        .select_related("period")
        .order_by("period__start", "-period__end")
    )
    dashboard.timeliness_rounds = rounds
    table = Table("timeliness", _("Reporting timeliness by agency"), _timeliness_columns())
    dashboard.timeliness = Section(table)
    if not rounds:
        dashboard.timeliness.note = _("No reporting round covers this period.")
        return
    # The same rule as the round overview: coordinators follow every agency, members their own.
    reports = Report.objects.filter(round__in=rounds)
    if not coordinates_plan(user, plan):
        own = organization_ids_for(user)
        if not own:
            dashboard.timeliness.note = _(
                "Reporting timeliness is shown to the plan's coordinators, and to each agency "
                "for its own reports."
            )
            return
        reports = reports.filter(organization_id__in=own)
        dashboard.timeliness.note = _("You see your own agency's reports only.")
    reports = list(
        _lines_counted(reports)
        .select_related("round__period", "organization")
        .order_by("round__period__start", "-round__period__end", "organization__code")
    )
    today = timezone.localdate()
    kinds, names, cells = [], [], []
    for report in reports:
        kind, row = _timeliness_cells(report, today)
        org = report.organization
        table.rows.append([_text(org.short_name, "nowrap"), _text(org.name, "name"), *row])
        kinds.append(kind)
        label = (
            org.short_name if len(rounds) == 1 else f"{org.short_name} · {report.round.period.code}"
        )
        names.append(label)
        cells.append(row[-1])
    if not reports and not dashboard.timeliness.note:
        dashboard.timeliness.note = _("No agency has a report in this period's rounds.")
    dashboard.timeliness_counts = _tally(kinds)
    if reports:
        dashboard.timeliness.chart = _bars_chart(
            "chart-timeliness",
            _("Completeness of each agency's report, coloured by timeliness"),
            names,
            [f"{n} · {timeliness_label(k)}" for n, k in zip(names, kinds, strict=True)],
            cells,
            colours=kinds,
            unit="%",
        )


# --- The indicator dashboard ------------------------------------------------------------------------


@dataclass
class IndicatorDashboard:
    plan: Plan
    indicator: Indicator
    filters: Filters
    empty_reason: str = ""
    current: dict | None = None
    over_time: Section | None = None
    breakdowns: list[Section] = field(default_factory=list)
    agencies: Section | None = None
    computed_at: dt.datetime | None = None
    plan_query: str = ""

    def tables(self) -> dict[str, Table]:
        sections = (self.over_time, *self.breakdowns, self.agencies)
        return {s.table.name: s.table for s in sections if s is not None}


# Filters of the plan dashboard carried through the indicator's page and back again.
CARRIED = ("pillar", "agency", "province")


@_formatted
def indicator_dashboard(plan: Plan, indicator: Indicator, user, params) -> IndicatorDashboard:
    """An indicator over time against its target and baseline, by breakdown and by agency."""
    filters = Filters()
    _parse_period(filters, plan, params.get("period", ""))
    _parse_provisional(filters, user, plan, params.get("provisional", ""))
    dashboard = IndicatorDashboard(plan=plan, indicator=indicator, filters=filters)
    carried = {k: (params.get(k) or "").strip()[:64] for k in CARRIED}
    dashboard.plan_query = filters.query(**carried)
    if filters.period is None:
        dashboard.empty_reason = _empty_reason(plan)
        return dashboard
    period, provisional = filters.period, filters.provisional
    value_type, decimals = indicator.value_type, indicator.decimals

    def fig(value, milestone=""):
        return figure_cell(
            value,
            value_type=value_type,
            decimals=decimals,
            milestone=milestone,
            provisional=provisional,
        )

    def plain(value):
        return figure_cell(value, value_type=value_type, decimals=decimals)

    totals = list(
        IndicatorProgress.objects.filter(
            indicator=indicator,
            provisional=provisional,
            option__isnull=True,
            organization__isnull=True,
        )
        .select_related("period")
        .order_by("period__start", "-period__end")
    )
    dashboard.computed_at = max((row.computed_at for row in totals), default=None)
    current = next((row for row in totals if row.period_id == period.pk), None)
    if current is not None:
        dashboard.current = {
            "actual": fig(current.value, current.milestone_status),
            "target": plain(current.target),
            "baseline": plain(current.baseline),
            "life_target": plain(current.life_target),
            "achievement": _percent(current.achievement, provisional),
            "status": current.status,
            "status_label": status_label(current.status),
            "target_source": current.get_target_source_display() if current.target_source else "",
            "agencies_reporting": number(current.agencies_reporting, 0),
            "agencies_expected": number(current.agencies_expected, 0),
        }

    # Over time: one point per stored period, in period order (the plan's lifetime is a total,
    # not a point in time, and is shown beside the chart instead).
    over_time = Table(
        "over-time",
        _("Values over time"),
        [
            *_period_columns(),
            Column(_("Actual"), num=True),
            Column(_("Target"), num=True),
            Column(_("Baseline"), num=True),
            Column(_("Achievement"), num=True),
            Column(_("Status")),
            Column(_("Agencies reporting"), num=True),
        ],
        context=[*_indicator_context(indicator), *_context(None, provisional)],
    )
    points = [row for row in totals if row.period.kind != PeriodKind.LIFETIME]
    for row in points:
        over_time.rows.append(
            [
                *_period_cells(row.period),
                fig(row.value, row.milestone_status),
                plain(row.target),
                plain(row.baseline),
                _percent(row.achievement, provisional),
                _status(row.status, provisional),
                _count(row.agencies_reporting),
            ]
        )
    baseline = next((row.baseline for row in points if row.baseline is not None), None)
    dashboard.over_time = Section(
        over_time,
        Chart(
            "chart-over-time",
            {
                "kind": "line",
                "title": _("Values over time against the target and the baseline"),
                "categories": [_short_period_label(row.period) for row in points],
                "series": [
                    {
                        "name": _("Actual"),
                        "values": [chart_number(r[2]) for r in over_time.rows],
                        "labels": [r[2].text for r in over_time.rows],
                        "statuses": [row.status for row in points],
                    },
                    {
                        "name": _("Target"),
                        "values": [chart_number(r[3]) for r in over_time.rows],
                        "labels": [r[3].text for r in over_time.rows],
                        "dashed": True,
                    },
                ],
                "baseline": (
                    {"value": float(baseline), "label": _("Baseline") + " " + plain(baseline).text}
                    if baseline is not None
                    else None
                ),
                "unit": _unit(indicator),
                "provisional": provisional,
                "thaiDigits": _format().thai_digits,
            },
        ),
        note=_("No figures have been stored for this indicator yet.") if not points else "",
    )

    # Breakdowns of the chosen period, one table per dimension (sex, age group, province …).
    by_dimension: dict[int, list[IndicatorProgress]] = defaultdict(list)
    dimensions = {}
    for row in (
        IndicatorProgress.objects.filter(
            indicator=indicator,
            period=period,
            provisional=provisional,
            option__isnull=False,
            organization__isnull=True,
        )
        .select_related("option__dimension")
        .order_by(
            "option__dimension__sort_order",
            "option__dimension__code",
            "option__sort_order",
            "option__code",
        )
    ):
        by_dimension[row.option.dimension_id].append(row)
        dimensions[row.option.dimension_id] = row.option.dimension
    for dimension_id, rows in by_dimension.items():
        dimension = dimensions[dimension_id]
        table = Table(
            f"breakdown-{dimension.code}",
            dimension.name,
            [
                Column(dimension.name),
                Column(_("Actual"), num=True),
                Column(_("Agencies reporting"), num=True),
            ],
            context=[*_indicator_context(indicator), *_context(period, provisional)],
        )
        for row in rows:
            table.rows.append(
                [
                    _text(row.option.name),
                    fig(row.value, row.milestone_status),
                    _count(row.agencies_reporting),
                ]
            )
        dashboard.breakdowns.append(
            Section(
                table,
                _bars_chart(
                    f"chart-{table.name}",
                    table.title,
                    [row.option.name for row in rows],
                    [row.option.name for row in rows],
                    [r[1] for r in table.rows],
                    colours=["neutral"] * len(rows),
                    unit=_unit(indicator),
                    provisional=provisional,
                ),
            )
        )

    # Contributions of the agencies in the chosen period, and the agencies yet to give a figure.
    contributions = {
        row.organization_id: row
        for row in IndicatorProgress.objects.filter(
            indicator=indicator,
            period=period,
            provisional=provisional,
            option__isnull=True,
            organization__isnull=False,
        )
    }
    assignments = list(
        Assignment.objects.filter(indicator=indicator)
        .select_related("organization")
        .order_by("role", "organization__code")
    )
    orgs = {a.organization_id: a for a in assignments}
    missing = [pk for pk in contributions if pk not in orgs]
    extra = Organization.objects.in_bulk(missing) if missing else {}
    table = Table(
        "agencies",
        _("Contributions by agency"),
        [
            Column(_("Agency")),
            Column(_("Agency name")),
            Column(_("Role")),
            Column(_("Figure"), num=True),
        ],
        context=[*_indicator_context(indicator), *_context(period, provisional)],
    )
    chart_rows = []
    ordered = [*(a.organization_id for a in assignments), *missing]
    for org_id in ordered:
        assignment = orgs.get(org_id)
        org = assignment.organization if assignment else extra.get(org_id)
        if org is None:
            continue
        row = contributions.get(org_id)
        if row is None and assignment is not None and not assignment.reports:
            continue
        role = assignment.get_role_display() if assignment else ""
        cell = (
            fig(row.value, row.milestone_status) if row else Cell(value=None, text="–", kind="num")
        )
        table.rows.append(
            [_text(org.short_name, "nowrap"), _text(org.name, "name"), _text(str(role)), cell]
        )
        if row is not None:
            chart_rows.append((org, cell))
    dashboard.agencies = Section(
        table,
        _bars_chart(
            "chart-agencies",
            _("Contributions by agency"),
            [org.short_name for org, _cell in chart_rows],
            [org.name for org, _cell in chart_rows],
            [cell for _org, cell in chart_rows],
            colours=["neutral"] * len(chart_rows),
            unit=_unit(indicator),
            provisional=provisional,
        )
        if chart_rows
        else None,
        note=_("No agency has a figure for this period yet.") if not chart_rows else "",
    )
    return dashboard


def _indicator_context(indicator: Indicator) -> list[tuple[Column, Cell]]:
    return [
        (Column(_("Indicator code")), _text(indicator.code)),
        (Column(_("Indicator")), _text(indicator.name)),
        (Column(_("Unit")), _text(_unit(indicator))),
    ]


def _unit(indicator: Indicator) -> str:
    return "%" if indicator.value_type == ValueType.PERCENTAGE else indicator.unit


def _short_period_label(period: Period) -> str:
    fmt = _format()
    label = period.label(fmt.language, short=True)
    return calendars.thai_digits(label) if fmt.thai_digits else label


# --- The agency scorecard ---------------------------------------------------------------------------


@dataclass
class PlanPart:
    """One plan on an agency's scorecard: the period read and the basis of its figures."""

    plan: Plan
    period: Period | None
    provisional: bool
    can_view_provisional: bool
    reports_visible: bool
    counts: dict[str, int] = field(default_factory=dict)


def _part_period(part: PlanPart) -> list[Cell]:
    if part.period is not None:
        return _period_cells(part.period)
    return [Cell(value="", text=""), Cell(value="", text=_("No figures yet"))]


@dataclass
class Scorecard:
    organization: Organization
    filters: Filters
    parts: list[PlanPart] = field(default_factory=list)
    plan_choices: list[Choice] = field(default_factory=list)
    status: Section | None = None
    indicators: Section | None = None
    reports: Section | None = None
    computed_at: dt.datetime | None = None
    legend: list[dict] = field(default_factory=_legend)
    timeliness_counts: list[dict] = field(default_factory=list)

    @property
    def provisional_parts(self) -> list[PlanPart]:
        return [p for p in self.parts if p.provisional]

    def tables(self) -> dict[str, Table]:
        sections = (self.status, self.indicators, self.reports)
        return {s.table.name: s.table for s in sections if s is not None}


@_formatted
def agency_scorecard(organization: Organization, user, params) -> Scorecard:
    """An agency's indicators in every plan it is assigned to, and how its reports came in."""
    from naptrack.frameworks.permissions import visible_plans

    filters = Filters()
    card = Scorecard(organization=organization, filters=filters)
    language = _language()
    assignments = list(
        Assignment.objects.filter(
            organization=organization, indicator__plan__in=visible_plans(user).values("pk")
        )
        .order_by(
            "indicator__plan__start_date",
            "indicator__plan__code",
            "indicator__sort_order",
            "indicator__code",
        )
        .values(
            "indicator_id",
            "role",
            "indicator__plan_id",
            "indicator__code",
            "indicator__value_type",
            "indicator__decimals",
            *(f"indicator__{f}_{c}" for f in ("name", "unit") for c in ("th", "en", "vi")),
        )
    )
    plans = {
        plan.pk: plan
        for plan in Plan.objects.filter(pk__in={a["indicator__plan_id"] for a in assignments})
        .select_related("owner")
        .order_by("start_date", "code")
    }
    asked_plan = (params.get("plan") or "").strip()[:64]
    chosen = next((p for p in plans.values() if p.code == asked_plan), None)
    if asked_plan and chosen is None:
        filters.messages.append(
            _(
                "This agency has no indicator in a plan with the code “%(code)s”; showing every plan."
            )
            % {"code": asked_plan}
        )
    if chosen is not None:
        filters.params["plan"] = chosen.code
    card.plan_choices = [Choice(p.code, p.short_title, p == chosen) for p in plans.values()]
    wants_provisional = (params.get("provisional") or "").strip().lower() in (
        "1",
        "true",
        "yes",
        "on",
    )
    member = organization.pk in organization_ids_for(user)

    for plan in plans.values():
        if chosen is not None and plan != chosen:
            continue
        if chosen is not None:
            _parse_period(filters, plan, params.get("period", ""))
            period = filters.period
        else:
            period = selectors.default_period(plan)
        can_provisional = permissions.can_view_provisional(user, plan)
        card.parts.append(
            PlanPart(
                plan=plan,
                period=period,
                provisional=wants_provisional and can_provisional,
                can_view_provisional=can_provisional,
                reports_visible=member or coordinates_plan(user, plan),
            )
        )
    if wants_provisional:
        if any(p.provisional for p in card.parts):
            filters.provisional = True
            filters.params["provisional"] = "1"
        if any(not p.can_view_provisional for p in card.parts):
            filters.provisional_refused = True
    filters.can_view_provisional = any(p.can_view_provisional for p in card.parts)
    parts = {p.plan.pk: p for p in card.parts}

    # The indicators' overall progress in each plan's period, and the agency's own figure.
    condition = Q(pk__in=[])
    for part in card.parts:
        if part.period is not None:
            condition |= Q(
                indicator__plan_id=part.plan.pk, period=part.period, provisional=part.provisional
            )
    progress: dict[tuple[int, bool], IndicatorProgress] = {}
    for row in IndicatorProgress.objects.filter(
        condition,
        Q(organization__isnull=True) | Q(organization=organization),
        indicator_id__in=[a["indicator_id"] for a in assignments],
        option__isnull=True,
    ):
        progress[(row.indicator_id, row.organization_id is not None)] = row
    card.computed_at = max((row.computed_at for row in progress.values()), default=None)

    url_for = {pk: _url_factory("indicator-dashboard", plan.code) for pk, plan in plans.items()}
    table = Table(
        "indicators",
        _("Indicators"),
        [
            Column(_("Plan")),
            *_period_columns(),
            Column(_("Figures")),
            Column(_("Code")),
            Column(_("Indicator")),
            Column(_("Role")),
            Column(_("Actual"), num=True),
            Column(_("Target"), num=True),
            Column(_("Unit")),
            Column(_("Achievement"), num=True),
            Column(_("Status")),
            Column(_("Agency's own figure"), num=True),
        ],
    )
    roles = {AssignmentRole.LEAD: _("Lead"), AssignmentRole.SUPPORT: _("Support")}
    for a in assignments:
        part = parts.get(a["indicator__plan_id"])
        if part is None:
            continue
        plan = part.plan
        overall = progress.get((a["indicator_id"], False))
        own = progress.get((a["indicator_id"], True))
        prov = part.provisional and part.period is not None
        kind, places = a["indicator__value_type"], a["indicator__decimals"]
        status = overall.status if overall else Status.NO_DATA
        part.counts[status] = part.counts.get(status, 0) + 1
        code = a["indicator__code"]
        query = (
            urlencode({"period": part.period.code, **({"provisional": "1"} if prov else {})})
            if part.period
            else ""
        )
        url = url_for[plan.pk](code) + (f"?{query}" if query else "")
        names = {k.removeprefix("indicator__"): v for k, v in a.items()}
        unit = "%" if kind == ValueType.PERCENTAGE else _pick(names, "unit", language)
        table.rows.append(
            [
                _text(plan.short_title),
                *_part_period(part),
                _basis_cell(prov),
                Cell(value=code, text=code, kind="code", url=url),
                Cell(
                    value=_pick(names, "name", language),
                    text=_pick(names, "name", language),
                    kind="name",
                    url=url,
                ),
                _text(str(roles.get(a["role"], ""))),
                figure_cell(
                    overall.value if overall else None,
                    value_type=kind,
                    decimals=places,
                    milestone=overall.milestone_status if overall else "",
                    provisional=prov,
                ),
                figure_cell(overall.target if overall else None, value_type=kind, decimals=places),
                _text(unit),
                _percent(overall.achievement if overall else None, prov),
                _status(status, prov),
                figure_cell(
                    own.value if own else None,
                    value_type=kind,
                    decimals=places,
                    milestone=own.milestone_status if own else "",
                    provisional=prov,
                ),
            ]
        )
    table.group(4)
    card.indicators = Section(
        table,
        note=_("This agency leads or supports no indicator in the plans you can see.")
        if not table.rows
        else "",
    )

    status_table = Table(
        "status",
        _("Status of the agency's indicators by plan"),
        [
            Column(_("Plan")),
            *_period_columns(),
            Column(_("Figures")),
            *(Column(status_label(s), num=True) for s in STATUSES),
            Column(_("Indicators"), num=True),
        ],
    )
    for part in card.parts:
        status_table.rows.append(
            [
                _text(part.plan.short_title),
                *_part_period(part),
                _basis_cell(part.provisional),
                *(_count(part.counts.get(s, 0)) for s in STATUSES),
                _count(sum(part.counts.values())),
            ]
        )
    card.status = Section(
        status_table,
        Chart(
            "chart-status",
            {
                "kind": "stack",
                "title": status_table.title,
                "categories": [p.plan.short_title for p in card.parts],
                "series": [
                    {
                        "name": status_label(s),
                        "status": s,
                        "values": [p.counts.get(s, 0) for p in card.parts],
                        "labels": [number(p.counts.get(s, 0), 0) for p in card.parts],
                    }
                    for s in STATUSES
                ],
                "thaiDigits": _format().thai_digits,
            },
        )
        if card.parts
        else None,
    )

    # Reports across rounds, for the plans whose reports the user may follow.
    visible_plan_ids = [p.plan.pk for p in card.parts if p.reports_visible]
    reports_table = Table(
        "reports", _("Reports and their timeliness"), _timeliness_columns(with_plan=True)
    )
    card.reports = Section(reports_table)
    hidden = [p for p in card.parts if not p.reports_visible]
    if hidden:
        card.reports.note = _(
            "Reports are shown to the agency's own members and to the coordinators of each plan."
        )
    if visible_plan_ids:
        today = timezone.localdate()
        reports = list(
            _lines_counted(
                Report.objects.filter(
                    organization=organization, round__plan_id__in=visible_plan_ids
                )
            )
            .select_related("round__period")
            .order_by("round__period__start", "-round__period__end", "round__plan__code")
        )
        kinds, names, cells = [], [], []
        for report in reports:
            kind, row = _timeliness_cells(report, today)
            plan = plans[report.round.plan_id]
            reports_table.rows.append([_text(plan.short_title, "nowrap"), *row])
            kinds.append(kind)
            names.append(f"{plan.short_title} · {_short_period_label(report.round.period)}")
            cells.append(row[-1])
        card.timeliness_counts = _tally(kinds)
        reports_table.group(1)
        several = len({r.round.plan_id for r in reports}) > 1
        if reports:
            card.reports.chart = _bars_chart(
                "chart-reports",
                _("Completeness of each report, coloured by timeliness"),
                names if several else [_short_period_label(r.round.period) for r in reports],
                [f"{n} · {timeliness_label(k)}" for n, k in zip(names, kinds, strict=True)],
                cells,
                colours=kinds,
                unit="%",
            )
        elif not card.reports.note:
            card.reports.note = _("This agency has had no report to make yet.")
    return card
