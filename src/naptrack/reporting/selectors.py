"""Reads for the reporting pages: a user's reports, a report with its lines, history and evidence.

Each page is built in a fixed number of queries, however many indicators a report holds.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.core.preferences import wants_thai_digits
from naptrack.core.templatetags.naptrack import figure
from naptrack.frameworks.models import (
    Indicator,
    IndicatorDimension,
    MilestoneStatus,
    Target,
    ValueType,
    breakdown_key,
)
from naptrack.organizations.models import Membership, Role
from naptrack.organizations.permissions import is_platform_admin
from naptrack.periods import calendars
from naptrack.reporting import permissions, rules
from naptrack.reporting.models import (
    EDITABLE_STATES,
    Event,
    EventKind,
    Evidence,
    Rating,
    Report,
    ReportLine,
    ReportState,
    Round,
    RoundState,
    Value,
    ValueChange,
)
from naptrack.reporting.services import previous_totals

# The inputs each value type takes, for the total and for a breakdown cell.
TOTAL_FIELDS = {
    ValueType.NUMBER: ("value",),
    ValueType.PERCENTAGE: ("numerator", "denominator"),
    ValueType.YES_NO: ("value",),
    ValueType.MILESTONE: ("milestone_status", "text"),
    ValueType.QUALITATIVE: ("text",),
}
# Milestones and texts are reported as a whole: a grid of them would not add up to anything.
CELL_FIELDS = {
    ValueType.NUMBER: ("value",),
    ValueType.PERCENTAGE: ("numerator", "denominator"),
    ValueType.YES_NO: ("value",),
}
FIGURE_FIELDS = ("value", "numerator", "denominator", "text", "milestone_status")
MAX_TIMELINE = 300


def report_get_for_user(user, pk: int) -> Report | None:
    """The report if the user may read it, with what its header needs."""
    return (
        permissions.visible_reports(user)
        .select_related("round__plan__owner", "round__period", "organization")
        .filter(pk=pk)
        .first()
    )


# --- My reports -----------------------------------------------------------------------------------


def _filled_lines() -> Q:
    """A line counts as filled when its total holds a figure of any kind.

    No negated lookups here: across a to-many join they would count lines without any value.
    """
    return Q(lines__values__breakdown__isnull=True) & (
        Q(lines__values__value__isnull=False)
        | Q(lines__values__text__gt="")
        | Q(lines__values__milestone_status__gt="")
    )


@dataclass
class Waiting:
    edit: bool = False
    approve: bool = False
    accept: bool = False

    def __bool__(self) -> bool:
        return self.edit or self.approve or self.accept


def _roles(user) -> dict[str, set[int]]:
    """The organizations in which the user holds each role, in one query."""
    roles: dict[str, set[int]] = {}
    if not user.is_authenticated:
        return roles
    for org_id, role in Membership.objects.filter(user=user).values_list("organization_id", "role"):
        roles.setdefault(role, set()).add(org_id)
    return roles


def waiting_for(
    user, reports: list[Report], roles: dict[str, set[int]] | None = None
) -> dict[int, Waiting]:
    """What each report waits for from this user, in at most one query.

    Mirrors permissions.can_edit_report / can_approve_report / can_accept_report (a test keeps them
    in step) so that a list of many reports does not ask the database once per report and rule.
    """
    admin = is_platform_admin(user)
    roles = {} if admin else (roles if roles is not None else _roles(user))
    reporter = roles.get(Role.REPORTER, set())
    approver = roles.get(Role.APPROVER, set())
    coordinator = roles.get(Role.COORDINATOR, set())
    result = {}
    for report in reports:
        result[report.pk] = Waiting(
            edit=report.state in EDITABLE_STATES
            and report.round.state == RoundState.OPEN
            and report.organization_id in reporter,
            approve=report.state == ReportState.SUBMITTED and report.organization_id in approver,
            accept=report.state == ReportState.APPROVED
            and (admin or report.round.plan.owner_id in coordinator),
        )
    return result


@dataclass
class ReportRow:
    report: Report
    line_count: int
    filled_count: int
    waiting: Waiting
    timing: Timing

    @property
    def complete(self) -> bool:
        return self.line_count > 0 and self.filled_count == self.line_count

    @property
    def percent(self) -> int:
        return round(100 * self.filled_count / self.line_count) if self.line_count else 0


def report_list_for_user(user, *, everything: bool = False) -> list[tuple[Round, list[ReportRow]]]:
    """The user's reports by round, newest first, with state, completeness and what waits.

    "The user's" are their agencies' reports and, for a coordinator, the reports of the plans
    they coordinate; with `everything`, also the accepted reports of other agencies they may read.
    """
    roles = _roles(user)
    reports = permissions.visible_reports(user)
    if not everything and not is_platform_admin(user):
        own = set().union(*roles.values()) if roles else set()
        reports = reports.filter(
            Q(organization_id__in=own)
            | Q(round__plan__owner_id__in=roles.get(Role.COORDINATOR, set()))
        )
    reports = list(
        reports.select_related("round__plan", "round__period", "organization")
        .annotate(
            line_count=Count("lines", distinct=True),
            filled_count=Count("lines", filter=_filled_lines(), distinct=True),
        )
        .order_by("-round__period__start", "round__plan__code", "organization__code")
    )
    waiting = waiting_for(user, reports, roles)
    groups: OrderedDict[int, tuple[Round, list[ReportRow]]] = OrderedDict()
    for report in reports:
        row = ReportRow(
            report=report,
            line_count=report.line_count,
            filled_count=report.filled_count,
            waiting=waiting[report.pk],
            timing=report_timing(report),
        )
        groups.setdefault(report.round_id, (report.round, []))[1].append(row)
    return list(groups.values())


# --- Due dates --------------------------------------------------------------------------------------


@dataclass
class Timing:
    """Whether a report is (or was) late against its round's due date."""

    due_on: dt.date
    late: bool
    days: int  # days left before the due date, or days late
    submitted_on: dt.date | None


def report_timing(report: Report, today: dt.date | None = None) -> Timing:
    today = today or timezone.localdate()
    due = report.round.due_on
    if report.submitted_at is not None and report.state not in EDITABLE_STATES:
        submitted = timezone.localtime(report.submitted_at).date()
        return Timing(due, submitted > due, abs((submitted - due).days), submitted)
    return Timing(due, today > due, abs((due - today).days), None)


# --- The report page ------------------------------------------------------------------------------


def plain_number(number: Decimal | None) -> str:
    """A stored figure as the officer would type it again: 1200, 12.5 (Thai digits if preferred)."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return calendars.thai_digits(text) if wants_thai_digits() else text


def input_values(value: Value | None, fields) -> dict[str, str]:
    if value is None:
        return {name: "" for name in fields}
    out = {}
    for name in fields:
        raw = getattr(value, name)
        out[name] = plain_number(raw) if isinstance(raw, Decimal) or raw is None else raw
    return out


def field_label(name: str, value_type: str) -> str:
    labels = {
        "value": _("Percentage") if value_type == ValueType.PERCENTAGE else _("Value"),
        "numerator": _("Numerator"),
        "denominator": _("Denominator"),
        "milestone_status": _("Milestone status"),
        "text": _("Description") if value_type == ValueType.MILESTONE else _("Text"),
        "comment": _("Comment"),
        "rating": _("Status rating"),
        "rating_reason": _("Reason for the rating"),
    }
    return labels.get(name, name)


@dataclass
class Slot:
    """One figure of a line on the page: its total ("" key) or one breakdown cell."""

    key: str
    label: str
    id_prefix: str
    fields: tuple[str, ...]
    values: dict[str, str]
    stored: Value | None = None
    errors: dict[str, str] = field(default_factory=dict)
    row: int = 0
    col: int = 0
    value_type: str = ""
    # A total saved as the sum of its cells: the page keeps it in step while cells change.
    follows: bool = False

    @property
    def inputs(self) -> list[dict]:
        """Each input of the figure with its id, label, value and refusal, for the grid."""
        return [
            {
                "name": name,
                "id": f"{self.id_prefix}-{name}",
                "label": field_label(name, self.value_type),
                "value": self.values.get(name, ""),
                "error": self.errors.get(name, ""),
                "col": index,
            }
            for index, name in enumerate(self.fields)
        ]

    @property
    def name_prefix(self) -> str:
        return f"b|{self.key}" if self.key else "total"

    @property
    def loose_errors(self) -> list[str]:
        """Refusals about a field that has no input of its own here (a percentage out of range)."""
        return [message for name, message in self.errors.items() if name not in self.fields]

    @property
    def number(self) -> Decimal | None:
        """The figure typed or stored, as a number, for sums shown before any script runs."""
        try:
            return rules.parse_decimal(self.values.get("value"), "value")
        except rules.FigureError:
            return None

    @property
    def percent(self) -> Decimal | None:
        try:
            num = rules.parse_decimal(self.values.get("numerator"), "numerator")
            den = rules.parse_decimal(self.values.get("denominator"), "denominator")
        except rules.FigureError:
            return None
        if num is None or not den:
            return None
        return (num * 100 / den).quantize(Decimal("0.01"))


def _stored_sum(slots: list[Slot]) -> Decimal | None:
    """The sum of the saved figures when every one of them is saved, else None."""
    numbers = [slot.stored.value if slot.stored else None for slot in slots]
    if not numbers or any(n is None for n in numbers):
        return None
    return sum(numbers, Decimal(0))


def _mark_following(total: Slot, grid: Grid | None) -> None:
    """Mark the totals whose saved figure is the sum of their saved parts."""
    if grid is None or not grid.must_add_up:
        return
    for row in grid.rows:
        if row.margin is not None:
            row.margin.follows = _equal(row.margin, _stored_sum(row.cells))
    for index, margin in enumerate(grid.column_margins):
        margin.follows = _equal(margin, _stored_sum([row.cells[index] for row in grid.rows]))
    parts = _stored_sum(grid.cells)
    if parts is None and grid.column_margins:
        parts = _stored_sum(grid.column_margins)
    total.follows = _equal(total, parts)


def _equal(slot: Slot, number: Decimal | None) -> bool:
    return number is not None and slot.stored is not None and slot.stored.value == number


def _partial_sum(numbers) -> Decimal | None:
    """The sum of the figures given so far (None while none is), as the page shows it live."""
    given = [n for n in numbers if n is not None]
    return sum(given, Decimal(0)) if given else None


@dataclass
class GridRow:
    label: str
    cells: list[Slot]
    margin: Slot | None = None  # the row's own total (one dimension only), in a table

    @property
    def sum(self) -> Decimal | None:
        return _partial_sum(c.number for c in self.cells)


@dataclass
class Grid:
    """Breakdown inputs: a table of two dimensions, or a list of options (or combinations)."""

    layout: str  # "table" or "list"
    value_type: str
    fields: tuple[str, ...]
    row_heading: str
    columns: list[str]
    rows: list[GridRow]
    must_add_up: bool
    # A table's column totals: figures by the column dimension alone (all women, all men).
    column_margins: list[Slot] = field(default_factory=list)

    @property
    def cells(self) -> list[Slot]:
        return [cell for row in self.rows for cell in row.cells]

    @property
    def margins(self) -> list[Slot]:
        return [row.margin for row in self.rows if row.margin] + self.column_margins

    @property
    def column_pairs(self) -> list[tuple[Decimal | None, Slot]]:
        return list(zip(self.column_sums(), self.column_margins, strict=True))

    @property
    def is_percentage(self) -> bool:
        return self.value_type == ValueType.PERCENTAGE

    def column_sums(self) -> list[Decimal | None]:
        sums = []
        for index in range(len(self.columns) if self.layout == "table" else len(self.fields)):
            if self.layout == "table":
                numbers = [row.cells[index].number for row in self.rows]
            else:
                name = self.fields[index]
                numbers = []
                for cell in self.cells:
                    try:
                        numbers.append(rules.parse_decimal(cell.values.get(name), name))
                    except rules.FigureError:
                        numbers.append(None)
            sums.append(_partial_sum(numbers))
        return sums

    @property
    def sum(self) -> Decimal | None:
        return _partial_sum(c.number for c in self.cells)

    @property
    def complete(self) -> bool:
        return all(c.number is not None for c in self.cells)

    @property
    def field_labels(self) -> list[str]:
        return [field_label(name, self.value_type) for name in self.fields]

    @property
    def percent_sum(self) -> Decimal | None:
        """Sum of the numerators over sum of the denominators, for a percentage grid."""
        if self.fields != ("numerator", "denominator"):
            return None
        num, den = self.column_sums()
        if num is None or not den:
            return None
        return (num * 100 / den).quantize(Decimal("0.01"))


@dataclass
class ConflictView:
    """A refused save: what is saved now against what the user typed."""

    message: str
    changed_by: str
    current_version: int
    rows: list[tuple[str, str, str]]  # label, saved, yours


@dataclass
class LineEntry:
    line: ReportLine
    indicator: Indicator
    total: Slot
    grid: Grid | None
    extra_values: list[Slot]
    target: Target | None
    breakdown_targets: list[tuple[str, Target]]
    previous: Decimal | None
    evidence_count: int
    comment: str
    rating: str
    rating_reason: str
    reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    problems: dict[str, list[rules.Problem]] = field(default_factory=dict)
    conflict: ConflictView | None = None
    save_state: str = ""
    version: int = 0

    @property
    def pk(self) -> int:
        return self.line.pk

    @property
    def prefix(self) -> str:
        """What the ids of the line's own inputs start with."""
        return f"l{self.line.pk}"

    @property
    def anchor(self) -> str:
        return f"line-{self.line.pk}"

    @property
    def value_type(self) -> str:
        return self.indicator.value_type

    @property
    def filled(self) -> bool:
        stored = self.total.stored
        if stored is None:
            return False
        return rules.has_figure(
            self.indicator,
            rules.Figure(
                value=stored.value, text=stored.text, milestone_status=stored.milestone_status
            ),
        )

    @property
    def first_input_id(self) -> str:
        name = self.total.fields[0]
        suffix = "-yes" if self.value_type == ValueType.YES_NO else ""
        return f"{self.total.id_prefix}-{name}{suffix}"

    @property
    def has_errors(self) -> bool:
        return bool(
            self.errors
            or self.total.errors
            or (self.grid and any(c.errors for c in self.grid.cells))
        )

    @property
    def milestone_label(self) -> str:
        status = self.total.stored.milestone_status if self.total.stored else ""
        return MilestoneStatus(status).label if status in MilestoneStatus.values else status

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label if self.rating in Rating.values else ""


def _option_names(links: list[IndicatorDimension]) -> dict[tuple[str, str], str]:
    return {
        (link.dimension.code, option.code): option.name
        for link in links
        for option in link.dimension.options.all()
    }


def breakdown_label(key: str, links: list[IndicatorDimension]) -> str:
    """A breakdown key (sex=female;province=TH-94) in words, in the indicator's dimension order."""
    if not key:
        return _("Total")
    names = _option_names(links)
    order = {link.dimension.code: i for i, link in enumerate(links)}
    pairs = sorted(
        (tuple(part.split("=", 1)) for part in key.split(";") if "=" in part),
        key=lambda pair: order.get(pair[0], 99),
    )
    return " × ".join(names.get(pair, pair[1]) for pair in pairs)


def _key(combo) -> str:
    return breakdown_key((link.dimension.code, option.code) for link, option in combo)


def _build_grid(
    line: ReportLine, links: list[IndicatorDimension], values: dict[str, Value]
) -> Grid | None:
    indicator = line.indicator
    fields = CELL_FIELDS.get(indicator.value_type)
    if not links or not fields:
        return None
    prefix = f"l{line.pk}"
    must_add_up = rules.parts_must_add_up(indicator)
    options = [(link, list(link.allowed_options())) for link in links]
    if len(links) == 2 and indicator.value_type == ValueType.NUMBER:
        # The dimension with more options runs down the page: a narrow table that fits a phone.
        (row_link, row_options), (col_link, col_options) = sorted(
            options, key=lambda pair: -len(pair[1])
        )
        rows, n = [], 0

        def margin(link, option, name: str) -> Slot:
            # Agencies often know only the totals by sex and by province: those are kept as
            # figures of one dimension, in the table's total row and column.
            key = _key([(link, option)])
            return Slot(
                key=key,
                label=f"{option.name}: {_('Total')}",
                id_prefix=f"{prefix}-{name}",
                fields=fields,
                values=input_values(values.get(key), fields),
                stored=values.get(key),
                value_type=indicator.value_type,
            )

        for r, row_option in enumerate(row_options):
            cells = []
            for c, col_option in enumerate(col_options):
                key = _key([(row_link, row_option), (col_link, col_option)])
                cells.append(
                    Slot(
                        key=key,
                        label=f"{row_option.name} × {col_option.name}",
                        id_prefix=f"{prefix}-c{n}",
                        fields=fields,
                        values=input_values(values.get(key), fields),
                        stored=values.get(key),
                        row=r,
                        col=c,
                        value_type=indicator.value_type,
                    )
                )
                n += 1
            rows.append(GridRow(row_option.name, cells, margin(row_link, row_option, f"r{r}")))
        return Grid(
            layout="table",
            value_type=indicator.value_type,
            fields=fields,
            row_heading=f"{row_link.dimension.name} \\ {col_link.dimension.name}",
            columns=[o.name for o in col_options],
            rows=rows,
            must_add_up=must_add_up,
            column_margins=[
                margin(col_link, option, f"k{c}") for c, option in enumerate(col_options)
            ],
        )
    rows = []
    combos = itertools.product(*[[(link, o) for o in opts] for link, opts in options])
    for r, combo in enumerate(combos):
        key = _key(combo)
        label = " × ".join(option.name for _, option in combo)
        rows.append(
            GridRow(
                label,
                [
                    Slot(
                        key=key,
                        label=label,
                        id_prefix=f"{prefix}-c{r}",
                        fields=fields,
                        values=input_values(values.get(key), fields),
                        stored=values.get(key),
                        row=r,
                        value_type=indicator.value_type,
                    )
                ],
            )
        )
    return Grid(
        layout="list",
        value_type=indicator.value_type,
        fields=fields,
        row_heading=" × ".join(link.dimension.name for link, _ in options),
        columns=[],
        rows=rows,
        must_add_up=must_add_up,
    )


def _lines_queryset(report: Report) -> QuerySet[ReportLine]:
    return (
        report.lines.select_related("indicator__node", "updated_by")
        .annotate(evidence_count=Count("evidence"))
        .prefetch_related(
            Prefetch("values", queryset=Value.objects.select_related("breakdown")),
            Prefetch(
                "indicator__indicator_dimensions",
                queryset=IndicatorDimension.objects.select_related("dimension").prefetch_related(
                    "options", "dimension__options"
                ),
            ),
        )
    )


def line_entries(report: Report, *, only: int | None = None) -> list[LineEntry]:
    """Every line of the report (or just one) with its inputs, target and last period's value."""
    lines = _lines_queryset(report)
    if only is not None:
        lines = lines.filter(pk=only)
    lines = list(lines)
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(
        indicator_id__in=[line.indicator_id for line in lines], period_id=report.round.period_id
    ).select_related("breakdown"):
        targets.setdefault(target.indicator_id, []).append(target)
    previous = previous_totals(report) if lines else {}
    entries = []
    for line in lines:
        indicator = line.indicator
        links = list(indicator.indicator_dimensions.all())
        values = {(v.breakdown.key if v.breakdown_id else ""): v for v in line.values.all()}
        total_value = values.get("")
        total_fields = TOTAL_FIELDS.get(indicator.value_type, ("value",))
        if (
            indicator.value_type == ValueType.PERCENTAGE
            and total_value is not None
            and total_value.value is not None
            and total_value.numerator is None
        ):
            # A percentage given without its parts (e.g. through the API) stays editable as such.
            total_fields = ("value", *total_fields)
        total = Slot(
            key="",
            label=_("Total"),
            id_prefix=f"l{line.pk}-t",
            fields=total_fields,
            values=input_values(total_value, total_fields),
            stored=total_value,
            value_type=indicator.value_type,
        )
        grid = _build_grid(line, links, values)
        _mark_following(total, grid)
        shown = {""} | ({c.key for c in grid.cells + grid.margins} if grid else set())
        cell_fields = CELL_FIELDS.get(indicator.value_type, ())
        # Figures of other breakdowns (of one dimension of a list, say, or sent through the API)
        # stay on the page and editable, so that a sum that does not add up can be corrected.
        extra = [
            Slot(
                key=key,
                label=breakdown_label(key, links),
                id_prefix=f"l{line.pk}-x{n}",
                fields=cell_fields,
                values=input_values(value, cell_fields),
                stored=value,
                value_type=indicator.value_type,
            )
            for n, (key, value) in enumerate(sorted(values.items()))
            if key not in shown and not value.is_empty
        ]
        line_targets = targets.get(indicator.pk, [])
        entries.append(
            LineEntry(
                line=line,
                indicator=indicator,
                total=total,
                grid=grid,
                extra_values=extra,
                target=next((t for t in line_targets if t.breakdown_id is None), None),
                breakdown_targets=[
                    (breakdown_label(t.breakdown.key, links), t)
                    for t in line_targets
                    if t.breakdown_id is not None
                ],
                previous=previous.get(indicator.pk),
                evidence_count=line.evidence_count,
                comment=line.comment,
                rating=line.rating,
                rating_reason=line.rating_reason,
                version=line.version,
            )
        )
    return entries


def line_entry(report: Report, line_pk: int) -> LineEntry:
    return line_entries(report, only=line_pk)[0]


def completeness(report: Report) -> tuple[int, int]:
    """Lines with a value, and all lines."""
    counts = Report.objects.filter(pk=report.pk).aggregate(
        all=Count("lines", distinct=True),
        filled=Count("lines", filter=_filled_lines(), distinct=True),
    )
    return counts["filled"], counts["all"]


def last_feedback(report: Report) -> Event | None:
    """The latest return or reopening, shown to the reporters while they fix the report."""
    if report.state not in EDITABLE_STATES:
        return None
    return (
        report.events.filter(kind__in=(EventKind.RETURNED, EventKind.REOPENED))
        .select_related("actor")
        .first()
    )


# --- Timeline ---------------------------------------------------------------------------------------


def figure_text(snapshot: dict, indicator: Indicator) -> str:
    """A history snapshot in words: 120 · 12 / 40 (30%) · Yes · In progress: text."""
    if not snapshot or all(snapshot.get(k) in (None, "") for k in FIGURE_FIELDS):
        return "–"
    parts = []
    value = snapshot.get("value")
    if snapshot.get("numerator") is not None and snapshot.get("denominator") is not None:
        text = f"{figure(snapshot['numerator'])} / {figure(snapshot['denominator'])}"
        if value is not None:
            text += f" ({figure(Decimal(value).quantize(Decimal('0.01')))}%)"
        parts.append(text)
    elif value is not None:
        if indicator.value_type == ValueType.YES_NO:
            parts.append(_("Yes") if Decimal(value) == 1 else _("No"))
        else:
            if indicator.value_type == ValueType.PERCENTAGE:
                parts.append(f"{figure(Decimal(value).quantize(Decimal('0.01')))}%")
            else:
                parts.append(figure(value))
    status = snapshot.get("milestone_status")
    if status:
        parts.append(
            str(MilestoneStatus(status).label) if status in MilestoneStatus.values else status
        )
    if snapshot.get("text"):
        text = snapshot["text"]
        parts.append(text if len(text) <= 160 else text[:157] + "…")
    return " · ".join(parts)


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str
    title: str
    actor: str
    comment: str = ""
    state_before: str = ""
    state_after: str = ""
    indicator: str = ""
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _who(user) -> str:
    if user is None:
        return _("NAPtrack")
    return user.get_full_name() or user.username


def _state_label(state: str) -> str:
    return ReportState(state).label if state in ReportState.values else state


def report_timeline(report: Report, limit: int = MAX_TIMELINE) -> list[TimelineEntry]:
    """Events and value changes of the report, newest first; one save's changes come as one entry."""
    entries: list[TimelineEntry] = []
    for event in report.events.select_related("actor")[:limit]:
        entry = TimelineEntry(
            at=event.created_at,
            kind=event.kind,
            title=event.get_kind_display(),
            actor=_who(event.actor),
            comment=event.comment,
            state_before=_state_label(event.state_before) if event.state_before else "",
            state_after=_state_label(event.state_after) if event.state_after else "",
        )
        data = event.data or {}
        if event.kind == EventKind.CONFLICT:
            entry.indicator = data.get("indicator", "") or (
                _("Narrative") if data.get("narrative") else ""
            )
        elif event.kind == EventKind.SUBMITTED and data.get("confirmations"):
            entry.reason = "; ".join(data["confirmations"].values())
        entries.append(entry)
    changes = list(
        ValueChange.objects.filter(report=report)
        .select_related("changed_by", "value__line__indicator", "value__breakdown")
        .prefetch_related(
            Prefetch(
                "value__line__indicator__indicator_dimensions",
                queryset=IndicatorDimension.objects.select_related("dimension").prefetch_related(
                    "dimension__options"
                ),
            )
        )[:limit]
    )
    grouped: list[TimelineEntry] = []
    for change in changes:
        indicator = change.value.line.indicator
        key = change.value.breakdown.key if change.value.breakdown_id else ""
        label = breakdown_label(key, list(indicator.indicator_dimensions.all()))
        item = Change(
            label, figure_text(change.before, indicator), figure_text(change.after, indicator)
        )
        previous = grouped[-1] if grouped else None
        if (
            previous is not None
            and previous.indicator == indicator.code
            # One save changes each figure once: a figure seen again is an earlier save.
            and all(c.label != label for c in previous.changes)
            and previous.actor == _who(change.changed_by)
            and previous.reason == change.reason
            and abs((previous.at - change.changed_at).total_seconds()) < 5
        ):
            previous.changes.append(item)
            continue
        grouped.append(
            TimelineEntry(
                at=change.changed_at,
                kind="value",
                title=_("Values changed"),
                actor=_who(change.changed_by),
                indicator=indicator.code,
                changes=[item],
                reason=change.reason,
            )
        )
    total_label = _("Total")
    for entry in grouped:
        # Within one save: the total first, then the breakdown in the order it was saved.
        entry.changes.reverse()
        entry.changes.sort(key=lambda c: c.label != total_label)
    entries.extend(grouped)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def report_evidence(report: Report) -> list[Evidence]:
    return list(report.evidence.select_related("line__indicator", "uploaded_by"))
