"""The data behind a progress report as an Excel workbook: one row per reported value.

Three sheets: the values (every breakdown in its own column, B.E. and C.E. years), the indicators
with their stored progress, and what the file holds. openpyxl (write-only) makes the workbook:
styles, fonts, column widths, frozen header, filter and the two small sheets. The rows of the data
sheet are then streamed into its XML part directly, because openpyxl spends about 0.2 ms a row on
cell objects: a national plan's year (some 320,000 values) would take over a minute, and this
way takes a few seconds in flat memory.

Every name is read beforehand into dictionaries; the report lines are sorted in Python and their
values read in batches of bounded size (a few queries, never one per row, as the database driver
gives them); a row is put together from pieces of XML made once per indicator, report and
breakdown, its texts kept once each in the shared strings. Every text goes through `analytics.exports.safe_cell`: a text starting with =, +, -
or @ is written with an apostrophe in front, so that no spreadsheet runs it as a formula.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.db import connection
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.indexed_list import IndexedList

from naptrack.analytics.exports import safe_cell
from naptrack.analytics.models import Status
from naptrack.analytics.selectors import plan_progress
from naptrack.analytics.services import ACCEPTED_Q, PROVISIONAL_Q
from naptrack.core.models import FALLBACK_LANGUAGES
from naptrack.documents.contracts import DocumentSpec, Progress, no_progress
from naptrack.documents.report_data import DocumentError
from naptrack.frameworks.models import (
    Assignment,
    AssignmentRole,
    Breakdown,
    Dimension,
    Indicator,
    IndicatorDimension,
    MilestoneStatus,
    Option,
    Plan,
    PlanLevel,
    ResultNode,
)
from naptrack.organizations.models import Organization
from naptrack.periods.calendars import (
    BE_OFFSET,
    PeriodCodeError,
    fiscal_year_of,
    lifetime_code,
    parse_period_code,
)
from naptrack.periods.models import Calendar, Period
from naptrack.reporting.models import Report, ReportLine, ReportState, Value

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Sarabun"
CHUNK = 5000
SHEET_ROWS = 1_048_575  # Excel's limit, less the header row
BATCH_VALUES, BATCH_LINES = 20_000, 900
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_PART = "xl/sharedStrings.xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
# zlib level: 1 is three times faster than 6 here and the file barely larger (repeated names).
COMPRESSION = 1
DATE_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="E7ECF3")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_INVALID = re.compile(r"[\[\]:*?/\\]")


def render(spec: DocumentSpec, progress: Progress = no_progress) -> bytes:
    """Return the workbook of the values behind a report (plan, period, agency, basis)."""
    with translation.override(spec.language):
        return _Export(spec, progress).write()


def _pick(row: dict, field: str, language: str) -> str:
    for code in (language, *FALLBACK_LANGUAGES):
        text = row.get(f"{field}_{code}")
        if text:
            return text
    return ""


def _names(field: str) -> tuple[str, ...]:
    return tuple(f"{field}_{code}" for code in ("th", "en", "vi"))


def _number(value) -> str | None:
    """A figure as the text of a number cell, as the database gave it (no converters)."""
    if value is None:
        return None
    if isinstance(value, float):  # SQLite stores decimals as floats or integers
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)  # an int, or a Decimal from PostgreSQL ("120.2500")
    if "." in text and "E" not in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _sheet_title(text: str) -> str:
    return _SHEET_NAME_INVALID.sub(" ", text)[:31] or "Sheet"


# --- Pieces of row XML ------------------------------------------------------------------------
# A piece holds ROW where the row number goes, so it is made once and filled in per row. ROW is
# a character XML cannot hold, so it is never part of a text (those are cleaned of it anyway).
ROW = "\x00"


def _number_xml(column: str, value, style: int | None = None) -> str:
    text = _number(value)
    if text is None:
        return ""
    styled = f' s="{style}"' if style is not None else ""
    return f'<c r="{column}{ROW}"{styled}><v>{text}</v></c>'


class _Strings:
    """The workbook's shared strings: each distinct text stored once, cells refer to it."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def cell(self, column: str, text: str) -> str:
        value = safe_cell(_XML_INVALID.sub("", text or ""))
        if value == "":
            return ""
        number = self.index.get(value)
        if number is None:
            number = self.index[value] = len(self.index)
        return f'<c r="{column}{ROW}" t="s"><v>{number}</v></c>'

    def write(self, part) -> None:
        part.write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{SHEET_NS}" uniqueCount="{len(self.index)}">'.encode()
        )
        chunk: list[str] = []
        for text in self.index:  # dicts keep the order the numbers were given in
            chunk.append(f'<si><t xml:space="preserve">{escape(text)}</t></si>')
            if len(chunk) >= CHUNK:
                part.write("".join(chunk).encode("utf-8"))
                chunk.clear()
        part.write(("".join(chunk) + "</sst>").encode("utf-8"))


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry._compresslevel = COMPRESSION
    return entry


@dataclass
class _Columns:
    """Where each field of a row goes (column letters)."""

    headers: list[str]
    widths: list[float]

    def add(self, header: str, width: float) -> str:
        self.headers.append(header)
        self.widths.append(width)
        return get_column_letter(len(self.headers))


class _Export:
    def __init__(self, spec: DocumentSpec, progress: Progress):
        self.spec = spec
        self.language = spec.language
        self.progress = progress
        self.plan = Plan.objects.filter(code=spec.plan_code.strip()).first()
        if self.plan is None:
            raise DocumentError(
                _("There is no plan with the code “%(code)s”.") % {"code": spec.plan_code}
            )
        self.agency = None
        if spec.agency_code.strip():
            self.agency = Organization.objects.filter(code=spec.agency_code.strip()).first()
            if self.agency is None:
                raise DocumentError(
                    _("There is no agency with the code “%(code)s”.") % {"code": spec.agency_code}
                )
        if spec.end_of_plan:
            # The whole plan: every round from its start to its end.
            self.start, self.end = self.plan.start_date, self.plan.end_date
            code = lifetime_code(self.start, self.end)
        else:
            try:
                parsed = parse_period_code(spec.period_code)
            except PeriodCodeError as exc:
                raise DocumentError(
                    _(
                        "“%(period)s” is not a period code such as FY2568, FY2568-Q1, CY2024 or "
                        "M2024-03."
                    )
                    % {"period": spec.period_code}
                ) from exc
            self.start, self.end, code = parsed.start, parsed.end, parsed.code
        # Without stored progress for the period the values are still written; the indicator
        # sheet then has no figures.
        self.period = Period.objects.filter(code=code).first()
        self.period_code = code

    # --- Reading --------------------------------------------------------------------------------

    def reports(self):
        """The reports whose values the file holds: the plan's rounds inside the period."""
        reports = Report.objects.filter(
            round__plan=self.plan,
            round__period__start__gte=self.start,
            round__period__end__lte=self.end,
        ).filter(PROVISIONAL_Q if self.spec.provisional else ACCEPTED_Q)
        if self.agency is not None:
            reports = reports.filter(organization=self.agency)
        return reports

    def load(self) -> None:
        language = self.language
        # The results tree: each indicator's path from its pillar down to its own result.
        nodes = {
            row["id"]: row
            for row in ResultNode.objects.filter(plan=self.plan).values(
                "id", "code", "parent_id", *_names("title")
            )
        }
        self.paths: dict[int, list[str]] = {}

        def path(node_id: int) -> list[str]:
            if node_id in self.paths:
                return self.paths[node_id]
            node, seen, chain = nodes.get(node_id), set(), []
            while node is not None and node["id"] not in seen:
                seen.add(node["id"])
                chain.append(f"{node['code']} {_pick(node, 'title', language)}".strip())
                node = nodes.get(node["parent_id"])
            self.paths[node_id] = chain[::-1]
            return self.paths[node_id]

        for node_id in nodes:
            path(node_id)
        depth = max((len(p) for p in self.paths.values()), default=1)
        level_names = {
            row["depth"]: _pick(row, "name", language)
            for row in PlanLevel.objects.filter(plan=self.plan).values("depth", *_names("name"))
        }
        self.levels = [
            level_names.get(d) or _("Level %(depth)s") % {"depth": d} for d in range(1, depth + 1)
        ]

        self.indicators = {
            row["id"]: row
            for row in Indicator.objects.filter(plan=self.plan).values(
                "id",
                "code",
                "node_id",
                "value_type",
                "sort_order",
                *_names("name"),
                *_names("unit"),
            )
        }
        reports = list(
            self.reports().values(
                "id",
                "state",
                "accepted_at",
                "organization_id",
                "round__period_id",
            )
        )
        self.report_rows = {row["id"]: row for row in reports}
        self.organizations = {
            row["id"]: row
            for row in Organization.objects.filter(
                pk__in={row["organization_id"] for row in reports}
            ).values("id", "code", *_names("name"))
        }
        self.periods = {
            row["id"]: row
            for row in Period.objects.filter(
                pk__in={row["round__period_id"] for row in reports}
            ).values("id", "code", "kind", "start", "end")
        }

        # Breakdowns: the dimensions the plan's indicators are reported by, and the options of
        # every breakdown its values use.
        values = self.values()
        option_pairs = list(
            Breakdown.options.through.objects.filter(
                breakdown_id__in=values.exclude(breakdown=None).values("breakdown_id")
            ).values_list("breakdown_id", "option_id")
        )
        used_dimensions = set(
            IndicatorDimension.objects.filter(indicator__plan=self.plan).values_list(
                "dimension_id", flat=True
            )
        )
        self.options = {
            row["id"]: row
            for row in Option.objects.filter(
                pk__in={option_id for _b, option_id in option_pairs}
            ).values("id", "code", "sort_order", "dimension_id", "area__code", *_names("name"))
        }
        used_dimensions |= {row["dimension_id"] for row in self.options.values()}
        self.dimensions = list(
            Dimension.objects.filter(pk__in=used_dimensions)
            .order_by("sort_order", "code")
            .values("id", "code", *_names("name"))
        )
        # A dimension whose options are places (provinces) also gets a column for their codes.
        self.coded_dimensions = set(
            Option.objects.filter(dimension_id__in=used_dimensions, area__isnull=False)
            .values_list("dimension_id", flat=True)
            .distinct()
        )
        self.breakdowns: dict[int, dict[int, int]] = {}
        for breakdown_id, option_id in option_pairs:
            option = self.options[option_id]
            self.breakdowns.setdefault(breakdown_id, {})[option["dimension_id"]] = option_id

    def values(self):
        return Value.objects.filter(line__report__in=self.reports().values("pk"))

    # --- Writing --------------------------------------------------------------------------------

    def write(self) -> bytes:
        self.progress(3, _("Reading the plan and its reports"))
        self.load()
        self.batches = self.lines()
        self.progress(8, _("Preparing the workbook"))
        workbook = Workbook(write_only=True)
        # Sarabun for every cell that has no font of its own, including the streamed rows.
        workbook._fonts = IndexedList([Font(name=FONT, sz=11, family=2)])
        self.columns = self.data_columns()
        # A sheet holds at most 1,048,576 rows: the values of a whole national plan go on to
        # further sheets ("Values (2)" …), each with its header.
        data_sheets = []
        for number in range(1, max(1, -(-self.total // SHEET_ROWS)) + 1):
            title = _("Values") if number == 1 else f"{_('Values')} ({number})"
            data = workbook.create_sheet(_sheet_title(title))
            self.sheet_setup(data, self.columns)
            data.append(self.header_cells(data, self.columns.headers))
            data.auto_filter.ref = f"A1:{get_column_letter(len(self.columns.headers))}1"
            data_sheets.append(data)
        self.progress(10, _("Writing the indicators"))
        self.indicator_sheet(workbook.create_sheet(_sheet_title(_("Indicators"))))
        self.about_sheet(workbook.create_sheet(_sheet_title(_("About this file"))))
        skeleton = io.BytesIO()
        workbook.save(skeleton)
        return self.stream(skeleton, [sheet.path.lstrip("/") for sheet in data_sheets])

    def sheet_setup(self, sheet, columns: _Columns) -> None:
        sheet.freeze_panes = "A2"
        for index, width in enumerate(columns.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

    def header_cells(self, sheet, headers: list[str]) -> list:
        cells = []
        for text in headers:
            cell = WriteOnlyCell(sheet, safe_cell(text))
            cell.font = Font(name=FONT, bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cells.append(cell)
        return cells

    def data_columns(self) -> _Columns:
        columns = _Columns([], [])
        self.col = {}
        self.col["code"] = columns.add(_("Indicator code"), 11)
        self.col["name"] = columns.add(_("Indicator"), 48)
        self.col["levels"] = [columns.add(name, 34) for name in self.levels]
        self.col["agency_code"] = columns.add(_("Agency code"), 12)
        self.col["agency"] = columns.add(_("Agency"), 34)
        self.col["period_code"] = columns.add(_("Period code"), 12)
        self.col["period"] = columns.add(_("Period"), 26)
        fiscal = self.plan.calendar == Calendar.THAI_FISCAL
        self.col["be"] = columns.add(_("Fiscal year (B.E.)") if fiscal else _("Year (B.E.)"), 11)
        self.col["ce"] = columns.add(_("Fiscal year (C.E.)") if fiscal else _("Year (C.E.)"), 11)
        self.col["dimensions"] = []
        for dimension in self.dimensions:
            name = _pick(dimension, "name", self.language) or dimension["code"]
            letter = columns.add(name, 18)
            code_letter = ""
            if dimension["id"] in self.coded_dimensions:
                code_letter = columns.add(_("%(dimension)s code") % {"dimension": name}, 11)
            self.col["dimensions"].append((dimension["id"], letter, code_letter))
        self.col["value"] = columns.add(_("Value"), 13)
        self.col["numerator"] = columns.add(_("Numerator"), 13)
        self.col["denominator"] = columns.add(_("Denominator"), 13)
        self.col["text"] = columns.add(_("Text"), 30)
        self.col["unit"] = columns.add(_("Unit"), 12)
        self.col["state"] = columns.add(_("Report state"), 16)
        self.col["accepted_at"] = columns.add(_("Accepted at"), 17)
        return columns

    def years(self, period: dict) -> tuple[int, int]:
        """The period's year, B.E. and C.E.: its fiscal year for Thai fiscal plans."""
        if self.plan.calendar == Calendar.THAI_FISCAL:
            be = fiscal_year_of(period["end"])
            return be, be - BE_OFFSET
        year = period["end"].year if period["kind"] == "lifetime" else period["start"].year
        return year + BE_OFFSET, year

    def stream(self, skeleton: io.BytesIO, data_paths: list[str]) -> bytes:
        """Copy openpyxl's workbook, streaming the value rows into the data sheet.

        The rows' texts go into a shared-strings part (an indicator's name is written once, not
        once per value), added to the package here since openpyxl's write-only sheets do not
        make one.
        """
        out = io.BytesIO()
        source = zipfile.ZipFile(skeleton)
        names = source.namelist()
        if STRINGS_PART in names:  # openpyxl changed: its strings and ours would clash
            raise RuntimeError("openpyxl wrote shared strings; the data sheet cannot be streamed")
        strings = _Strings()
        rows = self.rows(strings)
        self.written = 0
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION) as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(
                        b"</Types>",
                        f'<Override PartName="/{STRINGS_PART}" ContentType="{STRINGS_TYPE}"/>'
                        "</Types>".encode(),
                    )
                elif info.filename == "xl/_rels/workbook.xml.rels":
                    content = content.replace(
                        b"</Relationships>",
                        f'<Relationship Id="rIdStrings" Type="{STRINGS_REL}" '
                        f'Target="/{STRINGS_PART}"/></Relationships>'.encode(),
                    )
                elif info.filename in data_paths:
                    self.stream_sheet(target, info, content.decode("utf-8"), rows)
                    continue
                target.writestr(info, content)
            self.progress(97, _("Finishing the workbook"))
            with target.open(_entry(STRINGS_PART), "w", force_zip64=True) as part:
                strings.write(part)
        self.progress(100, _("Workbook ready"))
        return out.getvalue()

    def stream_sheet(self, target, info, xml: str, rows) -> None:
        """Write a data sheet: openpyxl's header row, then up to SHEET_ROWS rows of values."""
        head, tail = xml.split("</sheetData>", 1)
        # The used range is worked out by the reader; it is not known in advance.
        head = re.sub(r"<dimension [^>]*/>", "", head)
        with target.open(_entry(info.filename), "w", force_zip64=True) as sheet:
            sheet.write(head.encode("utf-8"))
            last_row = 1
            out: list[str] = []
            for cells in itertools.islice(rows, SHEET_ROWS):
                last_row += 1
                number = str(last_row)
                out.append(f'<row r="{number}">' + cells.replace(ROW, number) + "</row>")
                if len(out) >= CHUNK:
                    sheet.write("".join(out).encode("utf-8"))
                    out.clear()
                    self.written += CHUNK
                    if self.total:
                        self.progress(
                            12 + int(84 * self.written / self.total), _("Writing the values")
                        )
            sheet.write("".join(out).encode("utf-8"))
            self.written += len(out)
            last_column = get_column_letter(len(self.columns.headers))
            tail = re.sub(
                r'<autoFilter ref="[^"]*"',
                f'<autoFilter ref="A1:{last_column}{max(last_row, 1)}"',
                tail,
            )
            sheet.write(("</sheetData>" + tail).encode("utf-8"))

    def lines(self) -> list[list[tuple[int, int, int]]]:
        """The report lines in the file's order (period, indicator, agency), in batches.

        Each batch holds at most BATCH_VALUES values (a line broken down by sex, age group and
        province has about a thousand) and BATCH_LINES lines, so that a batch is read in one
        query of bounded size. Sorting the lines here, not the values in the database, keeps
        the query cheap: the database sorting 300,000 values across five tables took seconds.
        """
        rows = list(
            ReportLine.objects.filter(report__in=self.reports().values("pk"))
            .order_by()  # the default ordering would join five tables into the grouping
            .annotate(count=Count("values"))
            .values_list("id", "report_id", "indicator_id", "count")
        )
        starts = {
            pk: self.periods[row["round__period_id"]]["start"]
            for pk, row in self.report_rows.items()
        }
        orgs = {
            pk: self.organizations[row["organization_id"]]["code"]
            for pk, row in self.report_rows.items()
        }

        def order(row):
            _pk, report_id, indicator_id, _count = row
            indicator = self.indicators[indicator_id]
            return (
                starts[report_id],
                indicator["sort_order"],
                indicator["code"],
                orgs[report_id],
            )

        rows.sort(key=order)
        batches: list[list[tuple[int, int, int]]] = []
        batch: list[tuple[int, int, int]] = []
        size = 0
        for pk, report_id, indicator_id, count in rows:
            if not count:
                continue
            if batch and (size + count > BATCH_VALUES or len(batch) >= BATCH_LINES):
                batches.append(batch)
                batch, size = [], 0
            batch.append((pk, report_id, indicator_id))
            size += count
        if batch:
            batches.append(batch)
        self.total = sum(row[3] for row in rows)
        return batches

    def figures(self, line_ids: list[int]):
        """The values of some lines, read in chunks as the database driver gives them.

        Django's decimal converters cost more than all the rest on SQLite; the number only has
        to be written out, so the driver's value will do.
        """
        sql, params = (
            Value.objects.filter(line_id__in=line_ids)
            .order_by()
            .values_list(
                "line_id",
                "breakdown_id",
                "value",
                "numerator",
                "denominator",
                "text",
                "milestone_status",
            )
            .query.sql_with_params()
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(CHUNK):
                yield from rows

    def rows(self, strings: _Strings):
        """One row per value, as the XML of its cells (with ROW for the row number)."""
        col, language = self.col, self.language
        date_style = self.date_style
        text_cell = strings.cell
        indicator_pieces: dict[int, tuple[str, str]] = {}
        for indicator_id, row in self.indicators.items():
            levels = self.paths.get(row["node_id"], [])
            unit = "%" if row["value_type"] == "percentage" else _pick(row, "unit", language)
            piece = (
                text_cell(col["code"], row["code"])
                + text_cell(col["name"], _pick(row, "name", language))
                + "".join(
                    text_cell(letter, levels[i]) if i < len(levels) else ""
                    for i, letter in enumerate(col["levels"])
                )
            )
            indicator_pieces[indicator_id] = (piece, text_cell(col["unit"], unit))
        states = dict(ReportState.choices)
        report_pieces: dict[int, tuple[str, str]] = {}
        for report_id, row in self.report_rows.items():
            org = self.organizations[row["organization_id"]]
            period = self.periods[row["round__period_id"]]
            be, ce = self.years(period)
            label = Period(
                code=period["code"], kind=period["kind"], start=period["start"], end=period["end"]
            ).label(language)
            accepted = row["accepted_at"]
            accepted_xml = ""
            if accepted is not None:
                local = timezone.localtime(accepted).replace(tzinfo=None)
                accepted_xml = _number_xml(col["accepted_at"], to_excel(local), date_style)
            report_pieces[report_id] = (
                text_cell(col["agency_code"], org["code"])
                + text_cell(col["agency"], _pick(org, "name", language))
                + text_cell(col["period_code"], period["code"])
                + text_cell(col["period"], label)
                + _number_xml(col["be"], be)
                + _number_xml(col["ce"], ce),
                text_cell(col["state"], str(states.get(row["state"], row["state"]))) + accepted_xml,
            )
        option_names = {
            option_id: (_pick(row, "name", language) or row["code"], row["area__code"] or "")
            for option_id, row in self.options.items()
        }
        breakdown_pieces: dict[int | None, str] = {None: ""}
        # Within a line: the total, then each breakdown by one dimension, then the crossings,
        # options in their own order (female before male, provinces as listed).
        breakdown_order: dict[int | None, tuple] = {None: (0,)}
        for breakdown_id, by_dimension in self.breakdowns.items():
            piece = ""
            order: list = [len(by_dimension)]
            for dimension_id, letter, code_letter in col["dimensions"]:
                option_id = by_dimension.get(dimension_id)
                if option_id is None:
                    order.append((0, 0, ""))
                    continue
                option = self.options[option_id]
                order.append((1, option["sort_order"], option["code"]))
                name, area_code = option_names[option_id]
                piece += text_cell(letter, name)
                if code_letter and area_code:
                    piece += text_cell(code_letter, area_code)
            breakdown_pieces[breakdown_id] = piece
            breakdown_order[breakdown_id] = tuple(order)
        milestones = {key: str(label) for key, label in MilestoneStatus.choices}
        value_col, num_col, den_col, text_col = (
            col["value"],
            col["numerator"],
            col["denominator"],
            col["text"],
        )

        # Figures repeat (0, 1, 12 …): each one's cell is made once per column.
        value_cells: dict = {}
        num_cells: dict = {}
        den_cells: dict = {}

        def number_cell(cache: dict, column: str, figure) -> str:
            piece = cache.get(figure)
            if piece is None:
                if len(cache) > 200_000:
                    cache.clear()
                piece = cache[figure] = _number_xml(column, figure)
            return piece

        self.progress(12, _("Writing %(count)s values") % {"count": f"{self.total:,}"})
        for batch in self.batches:
            by_line: dict[int, list[tuple]] = {}
            for line_id, *figures in self.figures([line[0] for line in batch]):
                by_line.setdefault(line_id, []).append(figures)
            for line_id, report_id, indicator_id in batch:
                values = by_line.get(line_id)
                if not values:
                    continue
                values.sort(key=lambda figures: breakdown_order.get(figures[0], (99,)))
                indicator_piece, unit_piece = indicator_pieces[indicator_id]
                report_piece, state_piece = report_pieces[report_id]
                for breakdown_id, value, num, den, text, milestone in values:
                    if milestone and not text:
                        text = milestones.get(milestone, milestone)
                    yield (
                        indicator_piece
                        + report_piece
                        + breakdown_pieces.get(breakdown_id, "")
                        + (number_cell(value_cells, value_col, value) if value is not None else "")
                        + (number_cell(num_cells, num_col, num) if num is not None else "")
                        + (number_cell(den_cells, den_col, den) if den is not None else "")
                        + (text_cell(text_col, text) if text else "")
                        + unit_piece
                        + state_piece
                    )

    # --- The small sheets -----------------------------------------------------------------------

    def indicator_sheet(self, sheet) -> None:
        columns = _Columns([], [])
        for header, width in (
            (_("Indicator code"), 11),
            (_("Indicator"), 48),
            (self.levels[0] if self.levels else _("Pillar"), 34),
            (_("Lead agency"), 16),
            (_("Unit"), 12),
            (_("Baseline"), 12),
            (_("Target"), 12),
            (_("Actual"), 12),
            (_("Achievement (%)"), 13),
            (_("Status"), 16),
            (_("Agencies reporting"), 12),
            (_("Agencies expected"), 12),
        ):
            columns.add(header, width)
        self.sheet_setup(sheet, columns)
        sheet.append(self.header_cells(sheet, columns.headers))
        stored = {}
        if self.period is not None:
            progress = plan_progress(
                self.plan, self.period, provisional=self.spec.provisional, language=self.language
            )
            stored = {row.id: row for row in progress.indicators}
        leads = {}
        for row in Assignment.objects.filter(
            indicator__plan=self.plan, role=AssignmentRole.LEAD
        ).values(
            "indicator_id",
            *(
                f"organization__{f}_{c}"
                for f in ("abbreviation", "name")
                for c in ("th", "en", "vi")
            ),
        ):
            org = {k.removeprefix("organization__"): v for k, v in row.items()}
            leads[row["indicator_id"]] = _pick(org, "abbreviation", self.language) or _pick(
                org, "name", self.language
            )
        assigned = None
        if self.agency is not None:
            assigned = set(
                Assignment.objects.filter(
                    indicator__plan=self.plan, organization=self.agency
                ).values_list("indicator_id", flat=True)
            )
        statuses = dict(Status.choices)
        count = 0
        indicators = sorted(self.indicators.values(), key=lambda r: (r["sort_order"], r["code"]))
        for indicator in indicators:
            if assigned is not None and indicator["id"] not in assigned:
                continue
            row = stored.get(indicator["id"])
            path = self.paths.get(indicator["node_id"], [])
            unit = (
                "%"
                if indicator["value_type"] == "percentage"
                else _pick(indicator, "unit", self.language)
            )
            status = row.status if row else Status.NO_DATA
            count += 1
            sheet.append(
                [
                    safe_cell(indicator["code"]),
                    safe_cell(_pick(indicator, "name", self.language)),
                    safe_cell(path[0] if path else ""),
                    safe_cell(leads.get(indicator["id"], "")),
                    safe_cell(unit),
                    _plain(row.baseline) if row else None,
                    _plain(row.target) if row else None,
                    _plain(row.value) if row else None,
                    _plain(row.achievement) if row else None,
                    safe_cell(str(statuses.get(status, status))),
                    row.agencies_reporting if row else None,
                    row.agencies_expected if row else None,
                ]
            )
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns.headers))}{count + 1}"

    def about_sheet(self, sheet) -> None:
        sheet.column_dimensions["A"].width = 26
        sheet.column_dimensions["B"].width = 90
        generated = WriteOnlyCell(sheet, timezone.localtime().replace(tzinfo=None))
        generated.number_format = DATE_FORMAT
        # The streamed rows use this cell's style for their dates.
        self.date_style = generated.style_id
        period_label = self.period.label(self.language) if self.period else self.period_code
        basis = (
            _(
                "Accepted reports, and reports submitted or approved but not yet accepted (provisional)"
            )
            if self.spec.provisional
            else _("Accepted reports only")
        )
        title = WriteOnlyCell(sheet, safe_cell(_("Values behind the progress report")))
        title.font = Font(name=FONT, bold=True, sz=14)
        rows = [
            [title],
            [],
            [_("Plan code"), self.plan.code],
            [_("Plan"), _pick(self._plan_titles(), "title", self.language)],
            [_("Period code"), self.period_code],
            [_("Period"), period_label],
            [_("Agency"), self._agency_name() or _("All agencies")],
            [_("Data"), basis],
            [_("Generated at"), generated],
            [],
            [
                _("Sheets"),
                _(
                    "“Values”: one row per reported value, with each breakdown in its own column. "
                    "“Indicators”: each indicator's baseline, target, actual figure, achievement "
                    "and status for the period."
                ),
            ],
            [
                _("Years"),
                _(
                    "B.E. (Buddhist Era) years are C.E. years plus 543. The Thai fiscal year runs "
                    "from 1 October to 30 September and is named by the year it ends."
                ),
            ],
            [
                _("Texts"),
                _(
                    "A text starting with =, +, - or @ is shown with an apostrophe in front so "
                    "that it is never run as a formula."
                ),
            ],
            [_("Source"), "NAPtrack"],
        ]
        for row in rows:
            sheet.append([cell if isinstance(cell, Cell) else safe_cell(cell) for cell in row])

    def _plan_titles(self) -> dict:
        return {f"title_{c}": getattr(self.plan, f"title_{c}") for c in ("th", "en", "vi")}

    def _agency_name(self) -> str:
        if self.agency is None:
            return ""
        names = {f"name_{c}": getattr(self.agency, f"name_{c}") for c in ("th", "en", "vi")}
        return f"{self.agency.code} {_pick(names, 'name', self.language)}"


def _plain(value):
    """A stored figure as a spreadsheet number (int when whole), or empty."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
