"""Bulk import of reported values: check every row of a file, then write all of it, or nothing.

One row gives one value: the indicator (its code), the period, the agency, the options of the
breakdown (one column per dimension; all empty for the total) and the figure — `value`, or
`numerator` and `denominator` for a percentage, `text`, `milestone_status`. A `plan` column (or the
plan chosen on the upload page) settles an indicator code that several plans use.

Years. A period is a code (FY2568, FY2568-Q1, CY2024, M2024-03) or a bare year. In a code, a year
of 2400 or more is Buddhist Era and a smaller one Common Era: fiscal years are named in B.E. (FY2025
is read as FY2568) and calendar years and months in C.E. (CY2567 is read as CY2024). A bare year
names the reporting year of the indicator's plan: its fiscal year for a plan on the Thai fiscal
calendar (2568 and 2025 both mean FY2568), its calendar year for a plan on the Gregorian calendar
(2024 and 2567 both mean CY2024).

Who may import. A coordinator of a plan may change the values of every report of the plan that has
not been accepted (draft, returned, submitted, approved); a report that the agency approved needs a
reason, kept with every change. A reporter of an agency may change the values of the agency's own
reports while the agency may edit them (draft or returned, round open), as on the report page.
Accepted and locked reports are refused: a coordinator reopens them first. An agency never changes
another agency's report. A row with no figure at all (every figure column empty) is skipped: an
import never clears a value.

How. Rows are read one at a time (transfers.readers) and checked against lookups loaded once
(indicators, breakdowns, periods, agencies, rounds) or once per round as it first appears (its
reports and lines); what a row resolves to is cached by the raw text, so that most rows cost a few
dictionary look-ups. Valid rows are staged in a temporary table, 20,000 at a time (PostgreSQL's
COPY; executemany elsewhere); the rest is set-based SQL: repeated rows, the comparison with the
stored values (new, changed, unchanged), then the writes — new breakdowns, history rows (before and
after, as Value.snapshot() writes them), changed values, new values, the lines' versions and the
reports' last activity, an event per report. Nothing per row goes through the ORM, and the file is
never held in memory: memory stays flat whatever its length.

All or nothing: everything runs in one transaction; any problem and nothing is written. The same
file imported twice changes nothing the second time (no change, no history row).
"""

from __future__ import annotations

import re
import string
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naptrack.core.services import SYSTEM
from naptrack.frameworks.models import (
    Breakdown,
    Dimension,
    Indicator,
    IndicatorDimension,
    MilestoneStatus,
    Option,
    Plan,
    ValueType,
    breakdown_key,
)
from naptrack.organizations.models import Organization, Role
from naptrack.organizations.permissions import is_platform_admin, organization_ids_for
from naptrack.periods import calendars
from naptrack.periods.models import Calendar, Period
from naptrack.reporting import rules
from naptrack.reporting.models import (
    ACCEPTED_STATES,
    EDITABLE_STATES,
    Event,
    EventKind,
    Report,
    ReportLine,
    ReportState,
    Round,
    RoundState,
    Value,
    ValueChange,
)
from naptrack.transfers import readers

CHUNK = 20_000
MAX_ERRORS = 1_000
MAX_CHANGES = 200
BE_FROM = 2400
FIGURE_FIELDS = ("value", "numerator", "denominator", "text", "milestone_status")
KEY_FIELDS = ("plan", "indicator", "period", "agency")
PENDING_STATES = (ReportState.SUBMITTED, ReportState.APPROVED)

# Column names, compared after lower-casing and turning spaces and hyphens into underscores.
ALIASES = {
    "plan": ("plan", "plan_code", "แผน", "รหัสแผน", "kế_hoạch"),
    "indicator": (
        "indicator",
        "indicator_code",
        "code",
        "ตัวชี้วัด",
        "รหัสตัวชี้วัด",
        "chỉ_số",
        "mã_chỉ_số",
    ),
    "period": (
        "period",
        "period_code",
        "year",
        "fiscal_year",
        "งวด",
        "ช่วงเวลา",
        "ปี",
        "ปีงบประมาณ",
        "kỳ",
        "năm",
    ),
    "agency": (
        "agency",
        "agency_code",
        "organization",
        "organisation",
        "organization_code",
        "org",
        "หน่วยงาน",
        "รหัสหน่วยงาน",
        "cơ_quan",
    ),
    "value": ("value", "ค่า", "ผล", "ผลการดำเนินงาน", "giá_trị"),
    "numerator": ("numerator", "ตัวตั้ง", "tử_số"),
    "denominator": ("denominator", "ตัวหาร", "mẫu_số"),
    "text": ("text", "description", "ข้อความ", "คำอธิบาย", "mô_tả"),
    "milestone_status": ("milestone_status", "milestone", "สถานะ", "สถานะความก้าวหน้า", "trạng_thái"),
}
YES = {"1", "yes", "y", "true", "ใช่", "มี", "có"}
NO = {"0", "no", "n", "false", "ไม่ใช่", "ไม่มี", "không"}


def normalise_header(text) -> str:
    return re.sub(r"[\s\-]+", "_", str(text or "").replace("\ufeff", "").strip().lower())


class ImportRefused(Exception):
    """The import cannot start at all (no permission to import anything)."""


@dataclass
class Problem:
    message: str
    column: str = ""  # the field: indicator, period, …, a dimension's code, or "" for the row


@dataclass
class IndicatorInfo:
    id: int
    code: str
    plan_id: int
    value_type: str
    # dimension id → option ids allowed; in the indicator's order
    dimensions: dict[int, frozenset[int]] = field(default_factory=dict)


@dataclass
class PlanInfo:
    id: int
    code: str
    calendar: str
    coordinated: bool


@dataclass
class ReportInfo:
    id: int
    organization_id: int
    organization_code: str
    state: str
    approved: bool
    round_open: bool
    period_code: str


@dataclass
class LineInfo:
    line_id: int
    report: ReportInfo
    indicator: IndicatorInfo


@dataclass(eq=False)
class DimensionInfo:
    id: int
    code: str
    name: str
    # lower-case code or name → (option id, option code)
    options: dict[str, tuple[int, str]]


@dataclass
class ImportResult:
    format: str = ""
    encoding: str = ""
    sheet: str = ""
    rows: int = 0
    values: int = 0
    skipped_empty: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    reports: int = 0
    applied: bool = False
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "values": self.values,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped_empty": self.skipped_empty,
            "errors": self.error_count,
            "reports": self.reports,
            "plans": self.plans,
            "seconds": round(self.seconds, 3),
            "timings": self.timings,
        }


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


def _code(raw) -> str:
    """A code cell as text: numbers from a spreadsheet lose their .0, spaces go."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, Decimal) and raw == raw.to_integral_value():
        return str(int(raw))
    return str(raw).strip()


_THAI = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_CODE = re.compile(r"^(FY|CY|M)(\d{4})(.*)$", re.ASCII)


def period_code_for(raw: str, calendar: str) -> str | None:
    """The period code a cell names (see the module's note on years), or None."""
    text = raw.translate(_THAI).strip().upper().replace(" ", "")
    if text.isdigit() and len(text) == 4 and text.isascii():
        year = int(text)
        if calendar == Calendar.THAI_FISCAL:
            text = f"FY{year if year >= BE_FROM else year + calendars.BE_OFFSET}"
        else:
            text = f"CY{year - calendars.BE_OFFSET if year >= BE_FROM else year}"
    else:
        match = _CODE.match(text)
        if match:
            prefix, year, rest = match.group(1), int(match.group(2)), match.group(3)
            if prefix == "FY" and year < BE_FROM:
                year += calendars.BE_OFFSET
            elif prefix != "FY" and year >= BE_FROM:
                year -= calendars.BE_OFFSET
            text = f"{prefix}{year}{rest}"
    try:
        return calendars.parse_period_code(text).code
    except calendars.PeriodCodeError:
        return None


NUMBER = ValueType.NUMBER.value


@dataclass(frozen=True)
class _Kind:
    """What reporting.rules.check_figure reads of an indicator: its value type."""

    value_type: str


# --- Staging and set-based SQL, per database ---------------------------------------------------------

STAGE = "naptrack_import_stage"
DIFF = "naptrack_import_diff"
STAGE_COLUMNS = (
    "row_no",
    "line_id",
    "breakdown_id",
    "report_id",
    "value",
    "numerator",
    "denominator",
    "text",
    "milestone_status",
)


class Stage:
    """The temporary tables of one import and the SQL that compares and writes them."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.distinct = "IS DISTINCT FROM" if self.postgres else "IS NOT"
        self.count = 0
        # Seconds spent in each kind of statement, for the benchmark.
        self.timings: dict[str, float] = {}

    def execute(self, sql: str, params: Iterable = ()) -> None:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
        label = " ".join(sql.split()[:3])
        self.timings[label] = self.timings.get(label, 0.0) + time.monotonic() - started

    def fetch(self, sql: str, params: Iterable = ()) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.fetchall()

    def create(self) -> None:
        self.drop()
        number = "numeric" if self.postgres else "NUMERIC"
        self.execute(
            f"CREATE TEMPORARY TABLE {STAGE} (row_no integer NOT NULL, line_id bigint NOT NULL, "
            f"breakdown_id bigint NOT NULL, report_id bigint NOT NULL, value {number}, "
            f"numerator {number}, denominator {number}, text text NOT NULL, "
            f"milestone_status text NOT NULL)"
        )

    def drop(self) -> None:
        self.execute(f"DROP TABLE IF EXISTS {DIFF}")
        self.execute(f"DROP TABLE IF EXISTS {STAGE}")

    def add(self, rows: list[tuple]) -> None:
        if not rows:
            return
        columns = ", ".join(STAGE_COLUMNS)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
                cursor.executemany(f"INSERT INTO {STAGE} ({columns}) VALUES ({marks})", rows)
        self.count += len(rows)

    def index(self) -> None:
        self.execute(f"CREATE INDEX {STAGE}_key ON {STAGE} (line_id, breakdown_id)")
        self.execute(f"ANALYZE {STAGE}")

    def duplicates(self, limit: int) -> tuple[int, list[tuple[int, int]]]:
        """Rows that repeat an earlier row's value: (count, [(row, earlier row)])."""
        repeated = (
            f"SELECT s.row_no, d.first_row FROM {STAGE} s JOIN (SELECT line_id, breakdown_id, "
            f"MIN(row_no) AS first_row FROM {STAGE} GROUP BY line_id, breakdown_id "
            f"HAVING COUNT(*) > 1) d ON d.line_id = s.line_id AND d.breakdown_id = s.breakdown_id "
            f"WHERE s.row_no > d.first_row"
        )
        rows = self.fetch(f"{repeated} ORDER BY s.row_no LIMIT {int(limit)}")
        if not rows:
            return 0, []
        total = self.fetch(f"SELECT COUNT(*) FROM ({repeated}) r")[0][0]
        return total, rows

    def diff(self, lines: tuple[int, int]) -> None:
        """Keep the staged rows that are new or differ from the stored value, with its id.

        Totals and breakdowns are joined apart, so that each join uses its unique index, and only
        the values of the lines between the first and the last staged one are read.
        """
        d = self.distinct
        changed = " OR ".join(f"v.{name} {d} s.{name}" for name in FIGURE_FIELDS)
        low, high = (int(n) for n in lines)
        parts = [
            f"SELECT s.*, v.id AS value_id FROM {STAGE} s LEFT JOIN reporting_value v "
            f"ON v.line_id = s.line_id AND {condition} AND v.line_id BETWEEN {low} AND {high} "
            f"WHERE s.breakdown_id {which} 0 AND (v.id IS NULL OR {changed})"
            for condition, which in (
                ("v.breakdown_id = s.breakdown_id", "<>"),
                ("v.breakdown_id IS NULL", "="),
            )
        ]
        self.execute(f"CREATE TEMPORARY TABLE {DIFF} AS {parts[0]} UNION ALL {parts[1]}")
        self.execute(f"CREATE INDEX {DIFF}_value ON {DIFF} (value_id)")
        self.execute(f"ANALYZE {DIFF}")

    def counts(self) -> tuple[int, int]:
        """(new, changed) among the staged rows."""
        new, total = self.fetch(f"SELECT COUNT(*) - COUNT(value_id), COUNT(*) FROM {DIFF}")[0]
        return int(new or 0), int(total or 0) - int(new or 0)

    def changed_reports(self) -> list[tuple[int, int, int, int]]:
        """(report id, first row, new, changed) for every report the import changes."""
        return [
            (int(r), int(first), int(new), int(n) - int(new))
            for r, first, new, n in self.fetch(
                f"SELECT report_id, MIN(row_no), COUNT(*) - COUNT(value_id), COUNT(*) FROM {DIFF} "
                f"GROUP BY report_id"
            )
        ]

    def preview(self, limit: int) -> list[tuple]:
        fields = ", ".join(f"v.{n}" for n in FIGURE_FIELDS)
        staged = ", ".join(f"d.{n}" for n in FIGURE_FIELDS)
        return self.fetch(
            f"SELECT d.row_no, d.line_id, d.breakdown_id, d.value_id, {fields}, {staged} "
            f"FROM {DIFF} d LEFT JOIN reporting_value v ON v.id = d.value_id "
            f"ORDER BY d.row_no LIMIT {int(limit)}"
        )

    def replace_breakdown(self, temporary: int, real: int) -> None:
        self.execute(
            f"UPDATE {DIFF} SET breakdown_id = %s WHERE breakdown_id = %s", [real, temporary]
        )

    # -- writing --

    def _number(self, expression: str) -> str:
        if self.postgres:
            return f"trim_scale({expression})::text"
        return (
            f"CASE WHEN {expression} IS NULL THEN NULL "
            f"ELSE rtrim(rtrim(printf('%%.4f', {expression}), '0'), '.') END"
        )

    def snapshot(self, alias: str) -> str:
        """Value.snapshot() in SQL, for the history rows."""
        parts = []
        for name in FIGURE_FIELDS:
            expression = f"{alias}.{name}"
            if name in ("value", "numerator", "denominator"):
                expression = self._number(expression)
            parts.append(f"'{name}', {expression}")
        if self.postgres:
            return f"jsonb_build_object({', '.join(parts)})"
        return f"json_object({', '.join(parts)})"

    def write(self, *, user_id, now, reason: str, new: int, changed: int) -> None:
        value_table, change_table = Value._meta.db_table, ValueChange._meta.db_table
        line_table = ReportLine._meta.db_table
        stamp = now if self.postgres else connection.ops.adapt_datetimefield_value(now)
        empty = "'{}'::jsonb" if self.postgres else "'{}'"
        max_before = self.fetch(f"SELECT COALESCE(MAX(id), 0) FROM {value_table}")[0][0]
        figures = ", ".join(FIGURE_FIELDS)
        if changed:
            # History of the changed values: before from the stored row, after from the file.
            self.execute(
                f"INSERT INTO {change_table} (value_id, report_id, changed_by_id, changed_at, before, "
                f"after, reason) SELECT d.value_id, d.report_id, %s, %s, {self.snapshot('v')}, "
                f"{self.snapshot('d')}, %s FROM {DIFF} d JOIN {value_table} v ON v.id = d.value_id "
                f"ORDER BY d.row_no",
                [user_id, stamp, reason],
            )
            if self.postgres:
                assignments = ", ".join(f"{n} = d.{n}" for n in FIGURE_FIELDS)
                self.execute(
                    f"UPDATE {value_table} v SET {assignments}, updated_by_id = %s, updated_at = %s "
                    f"FROM {DIFF} d WHERE v.id = d.value_id",
                    [user_id, stamp],
                )
            else:
                picked = ", ".join(f"d.{n}" for n in FIGURE_FIELDS)
                self.execute(
                    f"UPDATE {value_table} SET ({figures}) = (SELECT {picked} FROM {DIFF} d "
                    f"WHERE d.value_id = {value_table}.id), updated_by_id = %s, updated_at = %s "
                    f"WHERE id IN (SELECT value_id FROM {DIFF} WHERE value_id IS NOT NULL)",
                    [user_id, stamp],
                )
        if new:
            self.execute(
                f"INSERT INTO {value_table} (line_id, breakdown_id, {figures}, entered_by_id, "
                f"updated_by_id, created_at, updated_at) SELECT d.line_id, NULLIF(d.breakdown_id, 0), "
                f"{', '.join(f'd.{n}' for n in FIGURE_FIELDS)}, %s, %s, %s, %s FROM {DIFF} d "
                f"WHERE d.value_id IS NULL ORDER BY d.row_no",
                [user_id, user_id, stamp, stamp],
            )
            # History of the new values: those written after max_before on the import's lines. The
            # reports are locked: no one else wrote to these lines meanwhile.
            self.execute(
                f"INSERT INTO {change_table} (value_id, report_id, changed_by_id, changed_at, before, "
                f"after, reason) SELECT v.id, l.report_id, %s, %s, {empty}, {self.snapshot('v')}, %s "
                f"FROM {value_table} v JOIN {line_table} l ON l.id = v.line_id "
                f"WHERE v.id > %s AND v.line_id IN (SELECT line_id FROM {DIFF}) ORDER BY v.id",
                [user_id, stamp, reason, max_before],
            )
        self.execute(
            f"UPDATE {line_table} SET version = version + 1, updated_by_id = %s, updated_at = %s "
            f"WHERE id IN (SELECT DISTINCT line_id FROM {DIFF})",
            [user_id, stamp],
        )


# --- The import ----------------------------------------------------------------------------------------


class Importer:
    """Check (and, unless dry_run, write) one file of values for an actor."""

    def __init__(self, *, actor, reason: str = "", plan: Plan | None = None, token: str = ""):
        self.actor = actor
        self.user_id = getattr(actor, "pk", None)
        self.reason = rules.clean_text(reason)
        self.only_plan = plan
        self.token = token
        self.result = ImportResult()
        self.sheet = ""
        self._load_permissions()

    # -- what the actor may do --

    def _load_permissions(self) -> None:
        actor = self.actor
        self.everything = actor is SYSTEM or is_platform_admin(actor)
        self.coordinated_orgs = (
            set() if self.everything else organization_ids_for(actor, {Role.COORDINATOR})
        )
        self.reporter_orgs = (
            set() if self.everything else organization_ids_for(actor, {Role.REPORTER})
        )
        plans = Plan.objects.all()
        if not self.everything:
            reported = Report.objects.filter(organization_id__in=self.reporter_orgs).values(
                "round__plan_id"
            )
            plans = plans.filter(owner_id__in=self.coordinated_orgs) | plans.filter(pk__in=reported)
        if self.only_plan is not None:
            plans = plans.filter(pk=self.only_plan.pk)
        self.plans: dict[int, PlanInfo] = {
            pk: PlanInfo(pk, code, calendar, self.everything or owner in self.coordinated_orgs)
            for pk, code, calendar, owner in plans.values_list(
                "pk", "code", "calendar", "owner_id"
            ).distinct()
        }

    @staticmethod
    def may_import(actor) -> bool:
        """Whether the actor may import anything at all: a coordinator or a reporter somewhere."""
        if actor is SYSTEM or is_platform_admin(actor):
            return True
        return bool(organization_ids_for(actor, {Role.COORDINATOR, Role.REPORTER}))

    # -- lookups --

    def _load_lookups(self) -> None:
        plan_ids = list(self.plans)
        self.plans_by_code = {p.code.lower(): p for p in self.plans.values()}
        self.indicators_by_code: dict[str, list[IndicatorInfo]] = {}
        indicators: dict[int, IndicatorInfo] = {}
        for pk, code, plan_id, value_type in Indicator.objects.filter(
            plan_id__in=plan_ids
        ).values_list("pk", "code", "plan_id", "value_type"):
            info = IndicatorInfo(pk, code, plan_id, value_type)
            indicators[pk] = info
            self.indicators_by_code.setdefault(code.strip().lower(), []).append(info)
        self.indicators = indicators
        all_options: dict[int, list[int]] = {}
        for option_id, dimension_id in Option.objects.values_list("pk", "dimension_id"):
            all_options.setdefault(dimension_id, []).append(option_id)
        links = IndicatorDimension.objects.filter(indicator__plan_id__in=plan_ids).order_by(
            "indicator_id", "sort_order", "dimension__sort_order"
        )
        chosen: dict[int, list[int]] = {}
        for link_id, option_id in IndicatorDimension.options.through.objects.filter(
            indicatordimension__indicator__plan_id__in=plan_ids
        ).values_list("indicatordimension_id", "option_id"):
            chosen.setdefault(link_id, []).append(option_id)
        for link_id, indicator_id, dimension_id in links.values_list(
            "pk", "indicator_id", "dimension_id"
        ):
            options = chosen.get(link_id) or all_options.get(dimension_id, [])
            indicators[indicator_id].dimensions[dimension_id] = frozenset(options)

        self.dimensions: dict[int, DimensionInfo] = {}
        self.dimension_by_header: dict[str, DimensionInfo] = {}
        for dimension in Dimension.objects.all():
            info = DimensionInfo(dimension.pk, dimension.code, dimension.name, {})
            self.dimensions[dimension.pk] = info
        option_names: dict[int, dict[str, list]] = {}
        for option in Option.objects.all():
            dimension = self.dimensions[option.dimension_id]
            dimension.options[option.code.lower()] = (option.pk, option.code)
            for name in (option.name_th, option.name_en, option.name_vi):
                if name:
                    option_names.setdefault(option.dimension_id, {}).setdefault(
                        name.strip().lower(), []
                    ).append((option.pk, option.code))
        for dimension_id, names in option_names.items():
            options = self.dimensions[dimension_id].options
            for name, found in names.items():
                if name not in options and len({f[0] for f in found}) == 1:
                    options[name] = found[0]
        for dimension in Dimension.objects.all():
            info = self.dimensions[dimension.pk]
            for name in (dimension.code, dimension.name_th, dimension.name_en, dimension.name_vi):
                if name:
                    self.dimension_by_header.setdefault(normalise_header(name), info)

        self.organizations: dict[str, tuple[int, str]] = {}
        abbreviations: dict[str, list] = {}
        for pk, code, *names in Organization.objects.values_list(
            "pk", "code", "abbreviation_th", "abbreviation_en", "abbreviation_vi"
        ):
            self.organizations[code.lower()] = (pk, code)
            for name in names:
                if name:
                    abbreviations.setdefault(name.strip().lower(), []).append((pk, code))
        for name, found in abbreviations.items():
            if name not in self.organizations and len(found) == 1:
                self.organizations[name] = found[0]
        self.periods = dict(Period.objects.values_list("code", "pk"))
        self.rounds: dict[tuple[int, int], tuple[int, str]] = {
            (plan_id, period_id): (pk, state)
            for pk, plan_id, period_id, state in Round.objects.filter(
                plan_id__in=plan_ids
            ).values_list("pk", "plan_id", "period_id", "state")
        }
        self.breakdowns: dict[str, int] = dict(Breakdown.objects.values_list("key", "pk"))
        self.breakdown_keys: dict[int, str] = {pk: key for key, pk in self.breakdowns.items()}
        self.new_breakdowns: dict[str, tuple[int, list[int]]] = {}
        self.option_codes = {
            option_id: (dimension.code, code)
            for dimension in self.dimensions.values()
            for option_id, code in dimension.options.values()
        }
        self.round_lines: dict[int, dict] = {}
        self.lines: dict[int, LineInfo] = {}
        self.target_cache: dict[tuple, object] = {}
        self.line_cache: dict[tuple, object] = {}
        self.key_cache: dict[tuple, object] = {}
        self.cell_cache: dict[tuple, object] = {}
        # (indicator id, the row's breakdown cells) → breakdown id, for cells checked already
        self.known_cells: dict[tuple, int] = {}
        self.report_verdicts: dict[int, Problem | None] = {}
        self.reports_by_id: dict[int, ReportInfo] = {}
        self.changed_reports: list[tuple[int, int, int, int]] = []
        self.member_orgs = set() if self.everything else organization_ids_for(self.actor)
        self.touched_plans: set[int] = set()
        self.report_states: dict[int, tuple[str, bool]] = {}

    def _round(self, round_id: int) -> dict:
        """The reports and lines of a round, loaded when a row first reaches it."""
        loaded = self.round_lines.get(round_id)
        if loaded is not None:
            return loaded
        reports: dict[int, ReportInfo] = {}
        for (
            pk,
            org_id,
            org_code,
            state,
            approved_at,
            round_state,
            period_code,
        ) in Report.objects.filter(round_id=round_id).values_list(
            "pk",
            "organization_id",
            "organization__code",
            "state",
            "approved_at",
            "round__state",
            "round__period__code",
        ):
            reports[org_id] = ReportInfo(
                pk,
                org_id,
                org_code,
                state,
                approved_at is not None,
                round_state == RoundState.OPEN,
                period_code,
            )
        by_id = {r.id: r for r in reports.values()}
        lines = {
            (report_id, indicator_id): pk
            for pk, report_id, indicator_id in ReportLine.objects.filter(
                report__round_id=round_id
            ).values_list("pk", "report_id", "indicator_id")
        }
        loaded = {"reports": reports, "by_id": by_id, "lines": lines}
        self.round_lines[round_id] = loaded
        return loaded

    # -- resolving a row --

    def _target(self, plan_raw: str, indicator_raw: str, period_raw: str):
        """(indicator, period id, round id) for the row's plan, indicator and period, or a Problem."""
        key = (plan_raw, indicator_raw, period_raw)
        found = self.target_cache.get(key)
        if found is None:
            found = self._resolve_target(plan_raw, indicator_raw, period_raw)
            self.target_cache[key] = found
        return found

    def _resolve_target(self, plan_raw: str, indicator_raw: str, period_raw: str):
        if not indicator_raw:
            return Problem(_("Give the indicator's code."), "indicator")
        if not period_raw:
            return Problem(_("Give the period, e.g. FY2568 or 2568."), "period")
        candidates = self.indicators_by_code.get(indicator_raw.lower(), [])
        if plan_raw:
            plan = self.plans_by_code.get(plan_raw.lower())
            if plan is None:
                return Problem(
                    _("No plan “%(code)s” among the plans you may import into.")
                    % {"code": plan_raw[:64]},
                    "plan",
                )
            candidates = [c for c in candidates if c.plan_id == plan.id]
        if not candidates:
            return Problem(
                _("No indicator “%(code)s” in the plans you may import into.")
                % {"code": indicator_raw[:40]},
                "indicator",
            )
        options = []
        for indicator in candidates:
            plan = self.plans[indicator.plan_id]
            code = period_code_for(period_raw, plan.calendar)
            period_id = self.periods.get(code) if code else None
            round_ = self.rounds.get((plan.id, period_id)) if period_id else None
            options.append((indicator, code, period_id, round_))
        if len(options) > 1:
            with_round = [o for o in options if o[3] is not None]
            if len(with_round) != 1:
                plans = ", ".join(sorted(self.plans[o[0].plan_id].code for o in options))
                return Problem(
                    _(
                        "Indicator “%(code)s” is in several plans (%(plans)s): add a “plan” "
                        "column with the plan's code."
                    )
                    % {"code": indicator_raw[:40], "plans": plans},
                    "indicator",
                )
            options = with_round
        indicator, code, period_id, round_ = options[0]
        plan = self.plans[indicator.plan_id]
        if code is None:
            return Problem(
                _(
                    "“%(text)s” is not a period. Write a period code such as FY2568, FY2568-Q1 or "
                    "CY2024, or a year such as 2568."
                )
                % {"text": period_raw[:40]},
                "period",
            )
        if round_ is None:
            return Problem(
                _("Plan %(plan)s has no reporting round for %(period)s.")
                % {"plan": plan.code, "period": code},
                "period",
            )
        return (indicator, period_id, round_[0], code)

    def _line(self, indicator: IndicatorInfo, round_id: int, agency_raw: str, period_code: str):
        key = (indicator.id, round_id, agency_raw)
        found = self.line_cache.get(key)
        if found is None:
            found = self._resolve_line(indicator, round_id, agency_raw, period_code)
            self.line_cache[key] = found
        return found

    def _resolve_line(self, indicator, round_id, agency_raw, period_code):
        if not agency_raw:
            return Problem(_("Give the agency's code."), "agency")
        organization = self.organizations.get(agency_raw.lower())
        if organization is None:
            return Problem(
                _("No agency with the code “%(code)s”.") % {"code": agency_raw[:64]}, "agency"
            )
        loaded = self._round(round_id)
        report = loaded["reports"].get(organization[0])
        if report is None:
            return Problem(
                _("%(agency)s has no report in the %(period)s round of this plan.")
                % {"agency": organization[1], "period": period_code},
                "agency",
            )
        line_id = loaded["lines"].get((report.id, indicator.id))
        if line_id is None:
            return Problem(
                _("%(agency)s does not report indicator %(indicator)s.")
                % {"agency": organization[1], "indicator": indicator.code},
                "agency",
            )
        verdict = self._report_verdict(report, indicator.plan_id)
        if verdict is not None:
            return verdict
        info = LineInfo(line_id, report, indicator)
        self.lines[line_id] = info
        return info

    def _report_verdict(self, report: ReportInfo, plan_id: int) -> Problem | None:
        """Whether the actor may change this report's values now (None) or why not."""
        if report.id in self.report_verdicts:
            return self.report_verdicts[report.id]
        plan = self.plans[plan_id]
        problem = None
        names = {"agency": report.organization_code, "period": report.period_code}
        if report.state in ACCEPTED_STATES or not report.round_open:
            if plan.coordinated:
                problem = Problem(
                    _(
                        "The report of %(agency)s for %(period)s has been accepted or locked: "
                        "reopen it before importing values into it."
                    )
                    % names,
                    "agency",
                )
            else:
                problem = Problem(
                    _("The report of %(agency)s for %(period)s can no longer be changed.") % names,
                    "agency",
                )
        elif plan.coordinated:
            problem = None
        elif report.organization_id in self.reporter_orgs:
            if report.state not in EDITABLE_STATES:
                problem = Problem(
                    _(
                        "The report of %(agency)s for %(period)s has been submitted: it can be "
                        "changed only if it is returned to the agency."
                    )
                    % names,
                    "agency",
                )
        else:
            problem = Problem(
                _("You may not change the values of %(agency)s.") % names,
                "agency",
            )
        self.report_verdicts[report.id] = problem
        if problem is None:
            self.reports_by_id[report.id] = report
            self.report_states[report.id] = (report.state, report.approved)
            self.touched_plans.add(plan_id)
        return problem

    def _cell(self, raw: tuple[str, ...]):
        """The options a row names in its breakdown columns, in the columns' order.

        Returns (key, ((dimension id, option id), …)), or a list of Problems for options that do
        not exist. Cached by the raw texts: a file names few different cells.
        """
        found = self.cell_cache.get(raw)
        if found is not None:
            return found
        problems, pairs = [], []
        for dimension, text in zip(self.cell_dimensions, raw, strict=True):
            if not text:
                continue
            option = dimension.options.get(text.lower())
            if option is None:
                problems.append(
                    Problem(
                        _("“%(text)s” is not an option of %(dimension)s.")
                        % {"text": text[:40], "dimension": dimension.name},
                        dimension.code,
                    )
                )
            else:
                pairs.append((dimension.id, option[0]))
        if problems:
            found = problems
        else:
            pairs.sort()
            key = breakdown_key(self.option_codes[option_id] for _d, option_id in pairs)
            found = (key, tuple(pairs))
        self.cell_cache[raw] = found
        return found

    def _breakdown(self, indicator: IndicatorInfo, key: str, pairs: tuple):
        """The breakdown id (negative for one still to be made) for the indicator, or a Problem."""
        dims = indicator.dimensions
        for dimension_id, option_id in pairs:
            allowed = dims.get(dimension_id)
            if allowed is None:
                dimension = self.dimensions[dimension_id]
                return Problem(
                    _("Indicator %(indicator)s is not broken down by %(dimension)s.")
                    % {"indicator": indicator.code, "dimension": dimension.name},
                    dimension.code,
                )
            if option_id not in allowed:
                dimension = self.dimensions[dimension_id]
                return Problem(
                    _(
                        "Indicator %(indicator)s does not use the option “%(option)s” of %(dimension)s."
                    )
                    % {
                        "indicator": indicator.code,
                        "option": self.option_codes[option_id][1],
                        "dimension": dimension.name,
                    },
                    dimension.code,
                )
        if len(pairs) > 1 and len(pairs) != len(dims):
            names = ", ".join(self.dimensions[d].name for d in dims)
            return Problem(
                _(
                    "Indicator %(indicator)s takes one breakdown at a time, or all of them "
                    "together (%(dimensions)s)."
                )
                % {"indicator": indicator.code, "dimensions": names},
                "",
            )
        existing = self.breakdowns.get(key)
        if existing is not None:
            return existing
        made = self.new_breakdowns.get(key)
        if made is None:
            made = (-(len(self.new_breakdowns) + 1), [option_id for _d, option_id in pairs])
            self.new_breakdowns[key] = made
            self.breakdown_keys[made[0]] = key
        return made[0]

    def _figure(self, kind: str, value, numerator, denominator, text, status):
        """(value, numerator, denominator, text, milestone status), or {field: message}.

        The common case — a whole number for a count — is read at once; everything else goes
        through reporting.rules, as a figure typed on the report page does.
        """
        if (
            kind == NUMBER
            and type(value) is str
            and value.isdigit()
            and len(value) < 16
            and not numerator
            and not denominator
            and not text
            and not status
        ):
            return (Decimal(value), None, None, "", "")
        errors: dict[str, str] = {}
        if kind == ValueType.YES_NO and isinstance(value, str):
            word = value.strip().lower()
            if word in YES:
                value = 1
            elif word in NO:
                value = 0
        figure = rules.Figure()
        for name, given in (
            ("value", value),
            ("numerator", numerator),
            ("denominator", denominator),
        ):
            if given is None or given == "":
                continue
            try:
                setattr(figure, name, rules.parse_decimal(given, name))
            except rules.FigureError as exc:
                errors[name] = exc.message
        figure.text = rules.clean_text(text) if text not in (None, "") else ""
        if status not in (None, ""):
            figure.milestone_status = self.milestone_codes.get(
                str(status).strip().lower(), rules.clean_text(status)
            )
        if len(figure.text) > rules.MAX_TEXT:
            errors["text"] = _("The text is too long (at most %(max)s characters).") % {
                "max": rules.MAX_TEXT
            }
        if errors:
            return errors
        errors = rules.check_figure(_Kind(kind), figure)
        if errors:
            return errors
        return (
            figure.value,
            figure.numerator,
            figure.denominator,
            figure.text,
            figure.milestone_status,
        )

    # -- errors --

    def error(self, row: int, column: str, message: str) -> None:
        result = self.result
        result.error_count += 1
        if len(result.errors) >= MAX_ERRORS:
            return
        item = {"row": row, "column": column, "message": str(message)}
        if self.sheet:
            item["sheet"] = self.sheet
            index = self.column_index.get(column)
            if index is not None and row:
                item["cell"] = f"{_column_letter(index)}{row}"
        result.errors.append(item)

    # -- the run --

    def run(self, stream: IO[bytes], name: str = "", *, dry_run: bool) -> ImportResult:
        started = time.monotonic()
        result = self.result
        try:
            table = readers.open_table(stream, name)
        except readers.ReadError as exc:
            self.column_index = {}
            self.error(exc.row or 0, "", exc.message)
            result.seconds = time.monotonic() - started
            return result
        result.format, result.encoding, result.sheet = table.format, table.encoding, table.sheet
        self.sheet = table.sheet
        self.milestone_codes = self._milestone_codes()
        stage = Stage()
        timings = result.timings
        lap = time.monotonic()

        def step(name: str) -> None:
            nonlocal lap
            now = time.monotonic()
            timings[name] = round(timings.get(name, 0.0) + now - lap, 3)
            lap = now

        with transaction.atomic():
            # Foreign keys are checked as each statement runs rather than all at commit, which on
            # PostgreSQL is several times faster for a million rows (the deferred queue is slow).
            if stage.postgres:
                stage.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # Room to hash and sort a million staged rows in memory, for this import only.
                stage.execute("SET LOCAL work_mem = '64MB'")
            self._load_lookups()
            stage.create()
            step("lookups")
            try:
                self._read(table, stage)
                step("read and check")
                if result.error_count == 0 and result.values:
                    stage.index()
                    self._compare(stage)
                    step("compare")
                if result.error_count == 0 and not dry_run:
                    if result.new or result.changed:
                        self._write(stage)
                        step("write")
                    result.applied = result.error_count == 0
            finally:
                if not result.applied:
                    transaction.set_rollback(True)
                else:
                    stage.drop()
        step("commit" if result.applied else "rollback")
        result.plans = sorted(self.plans[p].code for p in self.touched_plans)
        result.seconds = time.monotonic() - started
        return result

    def _milestone_codes(self) -> dict[str, str]:
        codes = {}
        for language in ("en", "th", "vi"):
            with translation.override(language):
                for choice in MilestoneStatus:
                    codes[str(choice.label).strip().lower()] = choice.value
        for choice in MilestoneStatus:
            codes[choice.value] = choice.value
            codes[choice.value.replace("_", " ")] = choice.value
        return codes

    def _columns(self, header: list[str]) -> dict:
        """Which column holds what: field name → index, dimension id → index; or problems."""
        fields: dict[str, int] = {}
        dimensions: dict[int, int] = {}
        self.column_index = {}
        self.column_names: dict[str, str] = {}
        lookup = {normalise_header(a): f for f, aliases in ALIASES.items() for a in aliases}
        for index, title in enumerate(header):
            name = normalise_header(title)
            if not name or name.startswith("#"):
                continue
            field_name = lookup.get(name)
            dimension = None if field_name else self.dimension_by_header.get(name)
            if field_name is None and dimension is None:
                self.error(
                    1,
                    str(title)[:40],
                    _(
                        "Column “%(column)s” is not understood. Use indicator, period, agency, the "
                        "breakdowns' codes (%(dimensions)s), value, numerator, denominator, text "
                        "and milestone_status; start a column's name with # to have it ignored."
                    )
                    % {
                        "column": str(title)[:40],
                        "dimensions": ", ".join(d.code for d in self.dimensions.values()),
                    },
                )
                continue
            slot = field_name or dimension.code
            if slot in fields or (dimension and dimension.id in dimensions):
                self.error(
                    1, str(title)[:40], _("Column “%(column)s” appears twice.") % {"column": title}
                )
                continue
            if field_name:
                fields[field_name] = index
            else:
                dimensions[dimension.id] = index
            self.column_index[slot] = index
            self.column_names[slot] = str(title)
        for required in ("indicator", "period", "agency"):
            if required not in fields:
                self.error(
                    1,
                    required,
                    _("The file has no “%(column)s” column.") % {"column": required},
                )
        if not any(f in fields for f in FIGURE_FIELDS):
            self.error(
                1,
                "value",
                _("The file has no column of figures: value, numerator and denominator, or text."),
            )
        return {"fields": fields, "dimensions": dimensions}

    def _read(self, table: readers.Table, stage: Stage) -> None:
        result = self.result
        if table.format == readers.JSON:
            self.cell_dimensions = list(self.dimensions.values())
            self.column_index = {}
            self.column_names = {}
            rows = self._json_rows(table)
        else:
            columns = self._columns(table.header)
            if result.error_count:
                return
            rows = self._tabular_rows(table, columns)
        batch: list[tuple] = []
        try:
            for staged in rows:
                if staged is not None:
                    batch.append(staged)
                    if len(batch) >= CHUNK:
                        if not result.error_count:
                            stage.add(batch)
                        batch = []
        except readers.ReadError as exc:
            self.error(exc.row or 0, "", exc.message)
            return
        if not result.error_count:
            stage.add(batch)
            result.values = stage.count

    def _tabular_rows(self, table: readers.Table, columns: dict):
        """(row, plan, indicator, period, agency, cell, value, numerator, denominator, text,
        status) for every row of a CSV or a sheet, the codes as stripped text."""
        fields, dimensions = columns["fields"], columns["dimensions"]
        width = len(table.header)
        self.cell_dimensions = [self.dimensions[d] for d in dimensions]
        cell_slots = list(dimensions.values())
        key_slots = [fields.get(name) for name in KEY_FIELDS]
        figure_slots = [fields.get(name) for name in FIGURE_FIELDS]
        # Missing columns read an empty cell appended to every row.
        empty_slot = width
        key_slots = [empty_slot if i is None else i for i in key_slots]
        figure_slots = [empty_slot if i is None else i for i in figure_slots]
        p, i, d, a = key_slots
        v, n, q, t, m = figure_slots
        pad = [None] * (width + 1)
        key_cache, known_cells, result = self.key_cache, self.known_cells, self.result
        for number, cells in table.rows:
            if len(cells) <= width:
                cells = cells + pad[: width + 1 - len(cells)]
            plan, indicator, period, agency = cells[p], cells[i], cells[d], cells[a]
            plan = plan.strip() if type(plan) is str else _code(plan)
            indicator = indicator.strip() if type(indicator) is str else _code(indicator)
            period = period.strip() if type(period) is str else _code(period)
            agency = agency.strip() if type(agency) is str else _code(agency)
            cell = tuple(
                (c.strip() if type(c) is str else _code(c)) for c in [cells[k] for k in cell_slots]
            )
            value = cells[v]
            # The common row, a count for a cell already seen, in a few look-ups; the rest is
            # checked in full by _row.
            line = key_cache.get((plan, indicator, period, agency))
            if (
                type(line) is LineInfo
                and line.indicator.value_type == NUMBER
                and type(value) is str
                and value.isdigit()
                and len(value) < 16
                and not cells[n]
                and not cells[q]
                and not cells[t]
                and not cells[m]
            ):
                breakdown_id = known_cells.get((line.indicator.id, cell))
                if breakdown_id is not None:
                    result.rows += 1
                    yield (
                        number,
                        line.line_id,
                        breakdown_id,
                        line.report.id,
                        Decimal(value),
                        None,
                        None,
                        "",
                        "",
                    )
                    continue
            yield self._row(
                number,
                plan,
                indicator,
                period,
                agency,
                cell,
                value,
                cells[n],
                cells[q],
                cells[t],
                cells[m],
            )

    def _json_rows(self, table: readers.Table):
        lookup = {normalise_header(a): f for f, aliases in ALIASES.items() for a in aliases}
        positions = {dimension.id: k for k, dimension in enumerate(self.cell_dimensions)}
        for number, item in table.rows:
            keys = dict.fromkeys(KEY_FIELDS, "")
            figures: dict = {}
            cell = [""] * len(self.cell_dimensions)
            unknown = []
            pairs = list(item.items())
            nested = item.get("breakdown")
            if isinstance(nested, dict):
                pairs = [pair for pair in pairs if pair[0] != "breakdown"] + list(nested.items())
            for name, raw in pairs:
                if isinstance(raw, (dict, list)):
                    unknown.append(name)
                    continue
                normal = normalise_header(name)
                field_name = lookup.get(normal)
                if field_name in KEY_FIELDS:
                    keys[field_name] = _code(raw)
                elif field_name:
                    figures[field_name] = raw
                elif normal == "breakdown" or normal.startswith("#"):
                    continue
                else:
                    dimension = self.dimension_by_header.get(normal)
                    if dimension is None:
                        unknown.append(name)
                    elif raw not in (None, ""):
                        cell[positions[dimension.id]] = _code(raw)
            if unknown:
                self.error(
                    number,
                    str(unknown[0])[:40],
                    _("Field “%(field)s” is not understood.") % {"field": str(unknown[0])[:40]},
                )
                continue
            yield self._row(
                number,
                keys["plan"],
                keys["indicator"],
                keys["period"],
                keys["agency"],
                tuple(cell),
                *(figures.get(name) for name in FIGURE_FIELDS),
            )

    def _keys(self, plan: str, indicator: str, period: str, agency: str):
        """The line a row's codes name, or the problems with them (cached by the codes)."""
        key = (plan, indicator, period, agency)
        found = self.key_cache.get(key)
        if found is not None:
            return found
        target = self._target(plan, indicator, period)
        if isinstance(target, Problem):
            found = [target]
            if agency and agency.lower() not in self.organizations:
                found.append(
                    Problem(
                        _("No agency with the code “%(code)s”.") % {"code": agency[:64]}, "agency"
                    )
                )
        else:
            info, _period_id, round_id, period_code = target
            line = self._line(info, round_id, agency, period_code)
            found = [line] if isinstance(line, Problem) else line
        self.key_cache[key] = found
        return found

    def _row(
        self,
        number: int,
        plan: str,
        indicator: str,
        period: str,
        agency: str,
        cell: tuple,
        value,
        numerator,
        denominator,
        text,
        status,
    ):
        """Check one row; return its staging tuple, or None (an error was recorded, or it is empty)."""
        line = self._keys(plan, indicator, period, agency)
        any_cell = any(cell)
        if type(line) is list:
            if not (plan or indicator or period or agency or any_cell) and all(
                v is None or v == "" for v in (value, numerator, denominator, text, status)
            ):
                return None  # a blank row of a spreadsheet is not a row
            self.result.rows += 1
            for problem in line:
                self.error(number, self._name(problem.column), problem.message)
            if any_cell:
                found = self._cell(cell)
                if type(found) is list:
                    for problem in found:
                        self.error(number, self._name(problem.column), problem.message)
            return None
        self.result.rows += 1
        ok = True
        breakdown_id = 0
        if any_cell:
            found = self._cell(cell)
            if type(found) is list:
                for problem in found:
                    self.error(number, self._name(problem.column), problem.message)
                ok = False
            else:
                breakdown_id = self._breakdown(line.indicator, *found)
                if type(breakdown_id) is Problem:
                    self.error(number, self._name(breakdown_id.column), breakdown_id.message)
                    ok = False
                else:
                    self.known_cells[(line.indicator.id, cell)] = breakdown_id
        else:
            self.known_cells[(line.indicator.id, cell)] = 0
        figure = self._figure(
            line.indicator.value_type, value, numerator, denominator, text, status
        )
        if type(figure) is dict:
            for name, message in figure.items():
                self.error(number, self._name(name), message)
            return None
        if not ok:
            return None
        if (
            figure[0] is None
            and figure[1] is None
            and figure[2] is None
            and not figure[3]
            and not figure[4]
        ):
            self.result.skipped_empty += 1
            return None
        return (number, line.line_id, breakdown_id, line.report.id, *figure)

    def _name(self, column: str) -> str:
        """The column as the file names it."""
        return getattr(self, "column_names", {}).get(column, column)

    def _compare(self, stage: Stage) -> None:
        result = self.result
        total, repeats = stage.duplicates(MAX_ERRORS)
        if total:
            for row, first in repeats:
                self.error(
                    row,
                    "",
                    _(
                        "This row gives the same indicator, period, agency and breakdown as row "
                        "%(row)s."
                    )
                    % {"row": first},
                )
            result.error_count += total - len(repeats)
            return
        stage.diff((min(self.lines), max(self.lines)))
        result.new, result.changed = stage.counts()
        result.unchanged = stage.count - result.new - result.changed
        reports = stage.changed_reports()
        result.reports = len(reports)
        self.changed_reports = reports
        if not self.reason:
            for report_id, first_row, _new, _changed in reports:
                state, approved = self.report_states.get(report_id, ("", False))
                if approved:
                    report = self.reports_by_id.get(report_id)
                    self.error(
                        first_row,
                        "",
                        _(
                            "The report of %(agency)s for %(period)s was approved by the agency: "
                            "give the reason for these changes."
                        )
                        % {
                            "agency": report.organization_code if report else "",
                            "period": report.period_code if report else "",
                        },
                    )
        self._preview(stage)

    def _preview(self, stage: Stage) -> None:
        hidden = {
            report_id
            for report_id, (state, _a) in self.report_states.items()
            if state in EDITABLE_STATES and not self._own(report_id)
        }
        changes = []
        for row in stage.preview(MAX_CHANGES):
            row_no, line_id, breakdown_id, value_id = row[:4]
            before = dict(zip(FIGURE_FIELDS, row[4:9], strict=True))
            after = dict(zip(FIGURE_FIELDS, row[9:14], strict=True))
            line = self.lines[line_id]
            changes.append(
                {
                    "row": row_no,
                    "plan": self.plans[line.indicator.plan_id].code,
                    "indicator": line.indicator.code,
                    "agency": line.report.organization_code,
                    "period": line.report.period_code,
                    "breakdown": self.breakdown_keys.get(breakdown_id, "") if breakdown_id else "",
                    "before": None
                    if value_id is None
                    else ("hidden" if line.report.id in hidden else _plain_figure(before)),
                    "after": _plain_figure(after),
                }
            )
        self.result.changes = changes

    def _own(self, report_id: int) -> bool:
        if self.everything:
            return True
        report = self.reports_by_id.get(report_id)
        return report is not None and report.organization_id in self.member_orgs

    def _write(self, stage: Stage) -> None:
        """Lock the reports, check they did not move on meanwhile, write everything."""
        result = self.result
        report_ids = sorted(r[0] for r in self.changed_reports)
        current = {
            pk: (state, approved_at is not None, round_state)
            for pk, state, approved_at, round_state in Report.objects.select_for_update(
                of=("self",)
            )
            .filter(pk__in=report_ids)
            .order_by("pk")
            .values_list("pk", "state", "approved_at", "round__state")
        }
        for report_id, first_row, _new, _changed in self.changed_reports:
            seen = self.report_states.get(report_id)
            now_state = current.get(report_id)
            if now_state is None or seen is None or now_state[:2] != seen:
                self.error(
                    first_row,
                    "",
                    _("The report changed while the file was being checked: check the file again."),
                )
        if result.error_count:
            result.new = result.changed = 0
            return
        now = timezone.now()
        for key, (temporary, option_ids) in self.new_breakdowns.items():
            breakdown, created = Breakdown.objects.get_or_create(key=key)
            if created:
                breakdown.options.set(option_ids)
            stage.replace_breakdown(temporary, breakdown.pk)
        stage.write(
            user_id=self.user_id,
            now=now,
            reason=self.reason,
            new=result.new,
            changed=result.changed,
        )
        Report.objects.filter(pk__in=report_ids).update(last_activity_at=now, updated_at=now)
        Event.objects.bulk_create(
            [
                Event(
                    report_id=report_id,
                    kind=EventKind.SAVED,
                    actor_id=self.user_id,
                    comment=_("Values imported from a file."),
                    data={"import": self.token, "new": new, "changed": changed},
                )
                for report_id, _first, new, changed in self.changed_reports
            ]
        )
        pending = [r for r in report_ids if current[r][0] in PENDING_STATES]
        if pending:
            from naptrack.analytics.tasks import refresh_report_progress

            def enqueue(ids=tuple(pending)):
                for report_id in ids:
                    refresh_report_progress.enqueue(report_id, ["provisional"])

            transaction.on_commit(enqueue)


def _plain_figure(figure: dict) -> dict:
    """A figure for the preview: numbers as plain text (12.5, not 12.5000), empty parts left out."""
    out = {}
    for name, value in figure.items():
        if value is None or value == "":
            continue
        if isinstance(value, (Decimal, int, float)):
            number = Decimal(str(value))
            value = format(number.normalize(), "f") if number == number else str(value)
        out[name] = value
    return out


def run_import(
    *,
    actor,
    stream: IO[bytes],
    name: str = "",
    dry_run: bool,
    reason: str = "",
    plan: Plan | None = None,
    token: str = "",
) -> ImportResult:
    """Check a file of values and, unless dry_run, write it; see the module's docstring."""
    importer = Importer(actor=actor, reason=reason, plan=plan, token=token)
    return importer.run(stream, name, dry_run=dry_run)
