"""The data-entry workbook of one report: its indicators with their breakdown grids, prefilled.

The workbook is read back by template_read.py. Nothing there depends on where a row or a column
sits: every row the workbook is made of carries a key in the hidden column A, every column its
original letter in the hidden first row, and the very hidden sheet `_keys` lists, for each input
cell, the report line, breakdown and field it holds, with the value it held when downloaded.
That listing is signed (an HMAC with the site's secret), so that a changed or forged listing is
noticed. Sheet protection only keeps officers from breaking the structure by accident: its
password is not a secret.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from naptrack.analytics.exports import safe_cell
from naptrack.frameworks.models import MilestoneStatus, PlanLevel, ResultNode, ValueType
from naptrack.periods import calendars
from naptrack.reporting import selectors
from naptrack.reporting.models import Rating, Report

FORMAT = "naptrack-report-workbook"
FORMAT_VERSION = "1"
KEYS_SHEET = "_keys"
INSTRUCTIONS_SHEET = "คำแนะนำ Instructions"
# Protection keeps the structure from being broken by accident; it is not a secret.
PROTECTION_PASSWORD = "naptrack"
LAYOUTS = ("pillar", "single")
COLUMN_IDS_ROW = 1
FIRST_INPUT_COLUMN = 5  # E
MIN_INPUT_COLUMNS = 4  # E:H, where texts are typed
TEXT_FIELDS = ("text", "comment", "rating_reason")
LINE_FIELDS = ("comment", "rating", "rating_reason")
NUMBER_FIELDS = ("value", "numerator", "denominator")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

FONT = "Sarabun"
INPUT_FILL = PatternFill("solid", fgColor="FFF6D5")
HEADER_FILL = PatternFill("solid", fgColor="DCE8F5")
SUBHEADER_FILL = PatternFill("solid", fgColor="F0F0F0")
THIN = Side(style="thin", color="BFBFBF")
INPUT_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)


# --- Values as the workbook holds them ------------------------------------------------------------


def number_text(number: Decimal | None) -> str:
    """A stored number in the canonical form the keys sheet keeps: 1200, 12.5, empty for none."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def both_languages(label) -> str:
    """A choice as the drop-down lists show it: Thai / English (once when they are the same)."""
    with translation.override("th"):
        thai = str(label)
    with translation.override("en"):
        english = str(label)
    return thai if thai == english else f"{thai} / {english}"


def yes_no_choices() -> dict[str, str]:
    """Stored value (1 or 0) → the label in the drop-down list."""
    return {"1": both_languages(_lazy("Yes")), "0": both_languages(_lazy("No"))}


def milestone_choices() -> dict[str, str]:
    return {value: both_languages(label) for value, label in MilestoneStatus.choices}


def rating_choices() -> dict[str, str]:
    return {value: both_languages(label) for value, label in Rating.choices}


def _lazy(text: str):
    from django.utils.translation import gettext_lazy

    return gettext_lazy(text)


def choices_for(field_name: str, value_type: str) -> dict[str, str] | None:
    """The drop-down choices of a field, or None when it takes a number or a text."""
    if field_name == "rating":
        return rating_choices()
    if field_name == "milestone_status":
        return milestone_choices()
    if field_name == "value" and value_type == ValueType.YES_NO:
        return yes_no_choices()
    return None


def sheet_reference(sheet: str, cell: str) -> str:
    """A cell as officers read it: Pillar 1!F12 (Excel's quotes around names with spaces would
    only puzzle them)."""
    return f"{sheet}!{cell}"


# --- The keys sheet ---------------------------------------------------------------------------------


@dataclass
class KeyRecord:
    """What the hidden keys sheet holds: the report, the rows, the input cells."""

    meta: dict[str, str] = field(default_factory=dict)
    # line id → (indicator code, line version when downloaded)
    lines: dict[int, tuple[str, int]] = field(default_factory=dict)
    # row id → RowKey
    rows: dict[str, RowKey] = field(default_factory=dict)
    # (row id, original column letter) → InputCell
    cells: dict[tuple[str, str], InputCell] = field(default_factory=dict)

    def rows_for_signature(self) -> list[list[str]]:
        out = [["meta", k, v] for k, v in sorted(self.meta.items()) if k != "checksum"]
        out += [["line", str(pk), code, str(v)] for pk, (code, v) in sorted(self.lines.items())]
        out += [row.as_row() for _rid, row in sorted(self.rows.items())]
        out += [cell.as_row() for _key, cell in sorted(self.cells.items())]
        return out

    def signature(self) -> str:
        payload = json.dumps(self.rows_for_signature(), ensure_ascii=False, separators=(",", ":"))
        return salted_hmac("naptrack.transfers.report-workbook", payload).hexdigest()


@dataclass
class RowKey:
    """A row the workbook was made with: its indicator line (0 for titles), the text in column C,
    and where it was when downloaded (for messages only)."""

    row_id: str
    line_id: int
    label: str
    sheet: str
    row: int

    def as_row(self) -> list[str]:
        return ["row", self.row_id, str(self.line_id), self.label, self.sheet, str(self.row)]


@dataclass
class InputCell:
    row_id: str
    column: str
    line_id: int
    indicator: str
    breakdown: str  # "" for the total
    field: str
    downloaded: str
    label: str

    def as_row(self) -> list[str]:
        return [
            "cell",
            self.row_id,
            self.column,
            str(self.line_id),
            self.indicator,
            self.breakdown,
            self.field,
            self.downloaded,
            self.label,
        ]


def write_keys(workbook: Workbook, record: KeyRecord) -> None:
    sheet = workbook.create_sheet(KEYS_SHEET)
    record.meta["checksum"] = record.signature()
    for name, value in record.meta.items():
        sheet.append(["meta", name, safe_cell(value)])
    for pk, (code, version) in record.lines.items():
        sheet.append(["line", str(pk), safe_cell(code), str(version)])
    for row in record.rows.values():
        sheet.append([safe_cell(part) for part in row.as_row()])
    for cell in record.cells.values():
        sheet.append([safe_cell(part) for part in cell.as_row()])
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
    sheet.protection.password = PROTECTION_PASSWORD


def unneutralised(text: str) -> str:
    """Undo safe_cell's apostrophe in front of a text that starts like a formula."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def read_keys(rows) -> KeyRecord:
    """Rebuild the record from the keys sheet's rows (tuples of cell values)."""
    record = KeyRecord()
    for raw in rows:
        row = [unneutralised("" if v is None else str(v)) for v in raw]
        if not row or not row[0]:
            continue
        row += [""] * (9 - len(row))
        kind = row[0]
        if kind == "meta":
            record.meta[row[1]] = row[2]
        elif kind == "line":
            record.lines[int(row[1])] = (row[2], int(row[3] or 0))
        elif kind == "row":
            record.rows[row[1]] = RowKey(row[1], int(row[2] or 0), row[3], row[4], int(row[5] or 0))
        elif kind == "cell":
            cell = InputCell(row[1], row[2], int(row[3]), row[4], row[5], row[6], row[7], row[8])
            record.cells[(cell.row_id, cell.column)] = cell
        else:
            raise ValueError(kind)
    return record


# --- Building -----------------------------------------------------------------------------------------


def report_label(report: Report) -> str:
    return f"{report.organization.short_name} · {report.round.plan.short_title} · {report.round.period.label()}"


def _pillars(report: Report) -> tuple[dict[int, ResultNode], str]:
    """Each node of the plan → its top-level node (pillar), and the name of that level."""
    nodes = {n.pk: n for n in ResultNode.objects.filter(plan_id=report.round.plan_id)}
    roots: dict[int, ResultNode] = {}
    for pk, node in nodes.items():
        top, seen = node, set()
        while top.parent_id and top.parent_id in nodes and top.pk not in seen:
            seen.add(top.pk)
            top = nodes[top.parent_id]
        roots[pk] = top
    level = PlanLevel.objects.filter(plan_id=report.round.plan_id, depth=1).first()
    return roots, (level.name if level else "")


def _sheet_title(text: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", text).strip().strip("'") or "Sheet"
    title = title[:31]
    base, n = title, 2
    while title.lower() in taken or title.lower() in ("history", KEYS_SHEET):
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


class SheetWriter:
    """Writes indicator blocks on one data sheet and registers every row and input cell."""

    def __init__(self, builder: WorkbookBuilder, title: str, heading: str):
        self.builder = builder
        self.sheet = builder.workbook.create_sheet(title)
        self.row = 1
        self.width = FIRST_INPUT_COLUMN + MIN_INPUT_COLUMNS - 1
        self.validations: dict[str, DataValidation] = {}
        self.validated: dict[str, list[tuple[int, int]]] = {}
        self.sheet.sheet_view.zoomScale = 100
        self.text_rows: list[int] = []
        self._title(heading)

    # Rows ----------------------------------------------------------------------------------------

    def _new_row(self, line_id: int, label: str) -> tuple[int, str]:
        self.row += 1
        row_id = self.builder.next_row_id()
        self.sheet.cell(self.row, 1, row_id)
        self.builder.record.rows[row_id] = RowKey(
            row_id, line_id, label, self.sheet.title, self.row
        )
        return self.row, row_id

    def _put(self, row: int, column: int, value, style: str = "label"):
        cell = self.sheet.cell(row, column, safe_cell(value) if value is not None else None)
        # Named styles: one style record shared by many cells, set in one step each.
        cell.style = STYLE_NAMES[style]
        return cell

    def _title(self, heading: str) -> None:
        row, _row_id = self._new_row(0, "")
        self._put(row, 2, heading, "title")
        labels = [_("Code"), _("Indicator and breakdown"), _("Unit"), _("Figures")]
        row, _row_id = self._new_row(0, labels[1])
        for offset, text in enumerate(labels):
            self._put(row, 2 + offset, text, "subheader")

    def _input(self, row: int, row_id: str, column: int, entry, key: str, name: str, stored):
        """An unlocked, shaded input cell, prefilled, with its drop-down list or number check."""
        indicator = entry.indicator
        letter = get_column_letter(column)
        choices = choices_for(name, indicator.value_type)
        downloaded = stored_text(stored, name)
        if choices is not None:
            shown = choices.get(downloaded, downloaded)
        elif name in NUMBER_FIELDS:
            raw = getattr(stored, name, None) if stored is not None else None
            shown = raw
        else:
            shown = downloaded
        cell = self.sheet.cell(row, column, safe_cell(shown) if shown not in (None, "") else None)
        cell.style = STYLE_NAMES["input"]
        self._validate((column, row), name, indicator.value_type, choices)
        label = self.builder.record.rows[row_id].label
        self.builder.record.cells[(row_id, letter)] = InputCell(
            row_id=row_id,
            column=letter,
            line_id=entry.line.pk,
            indicator=indicator.code,
            breakdown=key,
            field=name,
            downloaded=downloaded,
            label=label,
        )
        return cell

    def _validate(self, coordinate: tuple[int, int], name: str, value_type: str, choices) -> None:
        if choices is not None:
            kind = f"list:{name}:{value_type if name == 'value' else ''}"
            if kind not in self.validations:
                listed = ",".join(choices.values())
                dv = DataValidation(
                    type="list", formula1=f'"{listed}"', allow_blank=True, showDropDown=False
                )
                dv.error = (
                    "กรุณาเลือกจากรายการ / Choose from the list: " + ", ".join(choices.values())
                )[:255]
                dv.errorTitle = "เลือกจากรายการ / Choose"
                dv.showErrorMessage = True
                dv.errorStyle = "stop"
                self._add_validation(kind, dv)
            self.validated[kind].append(coordinate)
            return
        if name not in NUMBER_FIELDS:
            return
        percent = name == "value" and value_type == ValueType.PERCENTAGE
        kind = "percent" if percent else "count"
        if kind not in self.validations:
            if percent:
                dv = DataValidation(
                    type="decimal", operator="between", formula1="0", formula2="100"
                )
                dv.error = (
                    "กรุณาพิมพ์ตัวเลขตั้งแต่ 0 ถึง 100 โดยใช้จุด (.) เป็นจุดทศนิยม\n"
                    "Type a number from 0 to 100, with a dot (.) as the decimal separator."
                )
            else:
                dv = DataValidation(
                    type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
                )
                dv.error = (
                    "กรุณาพิมพ์ตัวเลขตั้งแต่ 0 ขึ้นไป โดยใช้จุด (.) เป็นจุดทศนิยม\n"
                    "Type a number of 0 or more, with a dot (.) as the decimal separator."
                )
            dv.allow_blank = True
            dv.errorTitle = "ตัวเลขไม่ถูกต้อง / Not a number"
            dv.showErrorMessage = True
            dv.errorStyle = "stop"
            self._add_validation(kind, dv)
        self.validated[kind].append(coordinate)

    def _add_validation(self, kind: str, dv: DataValidation) -> None:
        self.validations[kind] = dv
        self.validated[kind] = []
        self.sheet.add_data_validation(dv)

    def _text_row(self, entry, key: str, name: str, label: str, stored) -> None:
        row, row_id = self._new_row(entry.line.pk, label)
        self._put(row, 3, label)
        self._input(row, row_id, FIRST_INPUT_COLUMN, entry, key, name, stored)
        last = get_column_letter(FIRST_INPUT_COLUMN + MIN_INPUT_COLUMNS - 1)
        self.sheet.merge_cells(f"{get_column_letter(FIRST_INPUT_COLUMN)}{row}:{last}{row}")
        self.text_rows.append(row)
        text = stored_text(stored, name)
        if text:
            lines = sum(1 + len(part) // 70 for part in text.splitlines() or [""])
            self.sheet.row_dimensions[row].height = min(15 * max(lines, 1) + 4, 300)

    def _field_heading(self, entry, fields, label: str = "") -> None:
        row, row_id = self._new_row(entry.line.pk, label)
        if label:
            self._put(row, 3, label, "subheader")
        for offset, name in enumerate(fields):
            text = selectors.field_label(name, entry.indicator.value_type)
            self._put(row, FIRST_INPUT_COLUMN + offset, text, "subheader")

    def _slot_row(self, entry, slot, label: str | None = None) -> None:
        """One figure (the total or a breakdown cell): its numbers and choices on one row,
        a text on a row of its own."""
        label = label or slot.label
        inline = [name for name in slot.fields if name != "text"]
        if inline:
            row, row_id = self._new_row(entry.line.pk, label)
            self._put(row, 3, label)
            for offset, name in enumerate(inline):
                self._input(
                    row, row_id, FIRST_INPUT_COLUMN + offset, entry, slot.key, name, slot.stored
                )
        if "text" in slot.fields:
            text_label = label
            if inline:
                text_label = f"{label}: {selectors.field_label('text', entry.indicator.value_type)}"
            self._text_row(entry, slot.key, "text", text_label, slot.stored)

    def block(self, entry) -> None:
        indicator = entry.indicator
        line = entry.line
        self.builder.record.lines[line.pk] = (indicator.code, line.version)
        # The indicator's heading row.
        row, row_id = self._new_row(line.pk, indicator.name)
        self._put(row, 2, indicator.code, "header")
        self._put(row, 3, indicator.name, "header")
        self._put(row, 4, indicator.unit, "header_plain")
        kind = (
            ValueType(indicator.value_type).label
            if indicator.value_type in ValueType.values
            else ""
        )
        self._put(row, FIRST_INPUT_COLUMN, str(kind), "header_plain")
        for column in range(FIRST_INPUT_COLUMN + 1, self.width + 1):
            self._put(row, column, None, "header_plain")
        # The total.
        inline = [name for name in entry.total.fields if name != "text"]
        if inline:
            self._field_heading(entry, inline)
        self._slot_row(entry, entry.total)
        grid = entry.grid
        if grid is not None and grid.layout == "table":
            self._table(entry, grid)
        elif grid is not None:
            self._field_heading(entry, grid.fields, grid.row_heading)
            for grid_row in grid.rows:
                for cell in grid_row.cells:
                    self._slot_row(entry, cell)
        if entry.extra_values:
            fields = entry.extra_values[0].fields
            self._field_heading(entry, fields, _("Other breakdowns"))
            for slot in entry.extra_values:
                self._slot_row(entry, slot)
        # The line's own fields.
        label = str(selectors.field_label("rating", ""))
        row, row_id = self._new_row(line.pk, label)
        self._put(row, 3, label)
        self._input(
            row, row_id, FIRST_INPUT_COLUMN, entry, "", "rating", LineValues(line, entry.rating)
        )
        for name in ("rating_reason", "comment"):
            label = str(selectors.field_label(name, ""))
            self._text_row(entry, "", name, label, LineValues(line, getattr(line, name)))
        self.row += 1  # a blank row between indicators

    def _table(self, entry, grid) -> None:
        """Two dimensions of a count: a table like the web form's, with its row and column totals."""
        row, row_id = self._new_row(entry.line.pk, grid.row_heading)
        self._put(row, 3, grid.row_heading, "subheader")
        headings = [*grid.columns, _("Total")]
        for offset, text in enumerate(headings):
            self._put(row, FIRST_INPUT_COLUMN + offset, text, "subheader")
        self.width = max(self.width, FIRST_INPUT_COLUMN + len(headings) - 1)
        for grid_row in grid.rows:
            row, row_id = self._new_row(entry.line.pk, grid_row.label)
            self._put(row, 3, grid_row.label)
            for offset, cell in enumerate(grid_row.cells):
                self._input(
                    row, row_id, FIRST_INPUT_COLUMN + offset, entry, cell.key, "value", cell.stored
                )
            if grid_row.margin is not None:
                column = FIRST_INPUT_COLUMN + len(grid_row.cells)
                self._input(
                    row, row_id, column, entry, grid_row.margin.key, "value", grid_row.margin.stored
                )
        if grid.column_margins:
            row, row_id = self._new_row(entry.line.pk, _("Total"))
            self._put(row, 3, _("Total"), "bold")
            for offset, margin in enumerate(grid.column_margins):
                self._input(
                    row,
                    row_id,
                    FIRST_INPUT_COLUMN + offset,
                    entry,
                    margin.key,
                    "value",
                    margin.stored,
                )

    def finish(self) -> None:
        sheet = self.sheet
        for kind, dv in self.validations.items():
            dv.sqref = MultiCellRange(cell_ranges(self.validated[kind]))
        for column in range(1, self.width + 1):
            cell = sheet.cell(COLUMN_IDS_ROW, column, get_column_letter(column))
            cell.protection = LOCKED
        sheet.cell(COLUMN_IDS_ROW, 1, "#columns")
        sheet.row_dimensions[COLUMN_IDS_ROW].hidden = True
        sheet.column_dimensions["A"].hidden = True
        widths = {"B": 11, "C": 48, "D": 12}
        for letter, width in widths.items():
            sheet.column_dimensions[letter].width = width
        for column in range(FIRST_INPUT_COLUMN, self.width + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 18
        sheet.freeze_panes = "D4"
        sheet.protection.sheet = True
        sheet.protection.password = PROTECTION_PASSWORD
        # Officers may still widen columns and rows to read long texts.
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToHeight = 0
        sheet.print_title_rows = "2:3"


@dataclass
class LineValues:
    """The line's own fields (rating, reason, comment) in the shape of a stored figure."""

    line: object
    value: str


def stored_text(stored, name: str) -> str:
    """The canonical text of a stored field, as the keys sheet keeps it."""
    if stored is None:
        return ""
    if isinstance(stored, LineValues):
        return stored.value or ""
    raw = getattr(stored, name, None)
    if name in NUMBER_FIELDS:
        return number_text(raw)
    return raw or ""


def cell_ranges(cells: list[tuple[int, int]]) -> str:
    """(column, row) pairs as few ranges as runs down each column allow: E5:E9 F5 …"""
    ranges = []
    by_column: dict[int, list[int]] = {}
    for column, row in cells:
        by_column.setdefault(column, []).append(row)
    for column, rows in sorted(by_column.items()):
        letter = get_column_letter(column)
        rows.sort()
        start = previous = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            ranges.append(
                f"{letter}{start}" if start == previous else f"{letter}{start}:{letter}{previous}"
            )
            if row is not None:
                start = previous = row
    return " ".join(ranges)


STYLE_NAMES = {
    "label": "NAPtrack label",
    "bold": "NAPtrack bold label",
    "title": "NAPtrack title",
    "header": "NAPtrack indicator",
    "header_plain": "NAPtrack indicator detail",
    "subheader": "NAPtrack column heading",
    "input": "NAPtrack input",
}


def add_styles(workbook: Workbook) -> None:
    def style(key: str, *, bold=False, size=11, fill=None, wrap=True, locked=True, border=None):
        named = NamedStyle(name=STYLE_NAMES[key])
        named.font = Font(name=FONT, bold=bold, size=size)
        if fill is not None:
            named.fill = fill
        if border is not None:
            named.border = border
        named.alignment = WRAP if wrap else Alignment(vertical="top")
        named.protection = LOCKED if locked else UNLOCKED
        workbook.add_named_style(named)

    style("label")
    style("bold", bold=True)
    style("title", bold=True, size=13, wrap=False)
    style("header", bold=True, fill=HEADER_FILL)
    style("header_plain", fill=HEADER_FILL)
    style("subheader", bold=True, fill=SUBHEADER_FILL)
    style("input", fill=INPUT_FILL, border=INPUT_BORDER, locked=False)


class WorkbookBuilder:
    def __init__(self, report: Report, layout: str):
        self.report = report
        self.layout = layout if layout in LAYOUTS else "pillar"
        self.workbook = Workbook()
        add_styles(self.workbook)
        self.record = KeyRecord()
        self._rows = 0

    def next_row_id(self) -> str:
        self._rows += 1
        return f"R{self._rows}"

    def build(self) -> Workbook:
        report = self.report
        entries = selectors.line_entries(report)
        instructions = self.workbook.active
        instructions.title = INSTRUCTIONS_SHEET
        write_instructions(instructions, report)
        taken = {INSTRUCTIONS_SHEET.lower()}
        label = report_label(report)
        sheets: list[str] = []
        if self.layout == "single":
            title = _sheet_title(_("Indicators"), taken)
            writer = SheetWriter(self, title, label)
            for entry in entries:
                writer.block(entry)
            writer.finish()
            sheets.append(title)
        else:
            roots, level_name = _pillars(report)
            groups: dict[int, list] = {}
            tops: dict[int, ResultNode] = {}
            for entry in entries:
                top = roots.get(entry.indicator.node_id) or entry.indicator.node
                tops[top.pk] = top
                groups.setdefault(top.pk, []).append(entry)
            for pk, group in groups.items():
                top = tops[pk]
                name = f"{level_name} {top.code}".strip() if level_name else top.code
                title = _sheet_title(name, taken)
                writer = SheetWriter(self, title, f"{label} · {top.code} {top.title}")
                for entry in group:
                    writer.block(entry)
                writer.finish()
                sheets.append(title)
        self.record.meta.update(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "report": str(report.pk),
                "report_version": str(report.version),
                "report_label": label,
                "layout": self.layout,
                "sheets": json.dumps(sheets, ensure_ascii=False),
                "downloaded_at": timezone.now().isoformat(timespec="seconds"),
            }
        )
        write_keys(self.workbook, self.record)
        self.workbook.security = WorkbookProtection(
            workbookPassword=PROTECTION_PASSWORD, lockStructure=True
        )
        self.workbook.active = 0
        return self.workbook


def build_workbook(report: Report, layout: str = "pillar") -> Workbook:
    """The prefilled, protected data-entry workbook of a report."""
    return WorkbookBuilder(report, layout).build()


def workbook_bytes(report: Report, layout: str = "pillar") -> bytes:
    buffer = io.BytesIO()
    build_workbook(report, layout).save(buffer)
    return buffer.getvalue()


def workbook_filename(report: Report) -> str:
    agency = re.sub(r"[^A-Za-z0-9-]+", "-", report.organization.code).strip("-") or "agency"
    period = re.sub(r"[^A-Za-z0-9-]+", "-", report.round.period.code).strip("-")
    return f"naptrack-report-{report.pk}-{agency}-{period}.xlsx"[:120]


# --- Instructions, in Thai and in English whatever the page's language -----------------------------

# The instructions are written here in both languages on purpose: the workbook travels by e-mail
# between officers who read one or the other, whatever language the page was in.
INSTRUCTIONS: list[tuple[str, str]] = [
    ("# วิธีกรอกข้อมูล", "# How to fill in the workbook"),
    (
        "กรอกข้อมูลในช่องสีเหลืองเท่านั้น ช่องอื่นถูกล็อกไว้",
        "Type only in the yellow cells; the other cells are locked.",
    ),
    (
        "ตัวชี้วัดแต่ละตัวมีแถว “ยอดรวม” และหากมีการแจกแจงข้อมูล (เช่น เพศ กลุ่มอายุ จังหวัด) จะมีแถวหรือช่องในตารางสำหรับแต่ละกลุ่มย่อยหรือการจับคู่ของกลุ่มย่อย เหมือนกับแบบฟอร์มบนเว็บ",
        "Each indicator has its Total row and, when it is broken down (sex, age group, province …), a row or a table cell for each option or combination, as on the web form.",
    ),
    (
        "หน่วยนับ: กรอกตัวเลขตามหน่วยนับที่ระบุในคอลัมน์ “หน่วยนับ” (เช่น คน ครั้ง) โดยไม่ต้องพิมพ์หน่วยนับ",
        "Units: type figures in the unit shown in the Unit column (persons, events …), without the unit.",
    ),
    (
        "ทศนิยม: ใช้จุด (.) เป็นจุดทศนิยม เช่น 12.5 ส่วนจุลภาค (,) ใช้คั่นหลักพันเท่านั้น เช่น 1,200 และพิมพ์เป็นเลขไทยได้",
        "Decimals: use a dot (.) as the decimal separator, e.g. 12.5. A comma only separates thousands, e.g. 1,200. Thai digits are accepted.",
    ),
    (
        "จำนวนนับต้องไม่ติดลบ สำหรับร้อยละ ให้กรอกตัวตั้งและตัวหาร ระบบจะคำนวณร้อยละให้ ทั้งนี้ ตัวตั้งต้องไม่มากกว่าตัวหาร และตัวหารต้องมากกว่าศูนย์",
        "Counts cannot be negative. Percentages: type the numerator and the denominator; NAPtrack works out the percentage. The numerator cannot be larger than the denominator, and the denominator must be more than zero.",
    ),
    (
        "ใช่/ไม่ใช่: เลือก “ใช่ / Yes” หรือ “ไม่ใช่ / No” จากรายการ",
        "Yes/no: choose “ใช่ / Yes” or “ไม่ใช่ / No” from the list.",
    ),
    (
        "ตัวชี้วัดแบบขั้นความสำเร็จ: เลือกสถานะจากรายการ (ยังไม่เริ่มดำเนินการ, อยู่ระหว่างดำเนินการ, ดำเนินการแล้วเสร็จ) และเขียนคำอธิบายในแถวถัดไป",
        "Milestones: choose the status from the list (Not started, In progress, Completed) and describe it in the row below.",
    ),
    (
        "การประเมินสถานะ: เลือกจากรายการ (บรรลุแล้ว, เป็นไปตามแผน, มีความเสี่ยง, ไม่เป็นไปตามแผน, ไม่มีข้อมูล) หากเลือก “มีความเสี่ยง” “ไม่เป็นไปตามแผน” หรือ “ไม่มีข้อมูล” ให้ระบุเหตุผล",
        "Status rating: choose from the list (Achieved, On track, At risk, Off track, No data). For At risk, Off track or No data, give the reason.",
    ),
    (
        "สำหรับตัวชี้วัดที่เป็นจำนวนนับซึ่งการแจกแจงข้อมูลรวมกันได้ ยอดรวมต้องเท่ากับผลรวมของทุกกลุ่มย่อย",
        "When an indicator's breakdown adds up (counts), the Total must equal the sum of its breakdown.",
    ),
    (
        "เซลล์ที่เว้นว่างหมายถึงไม่มีตัวเลข หากลบตัวเลขที่มีอยู่เดิมออกจากเซลล์ ค่านั้นจะถูกลบออกจากรายงานด้วย",
        "An empty cell means no figure: clearing a cell that held a figure removes that figure from the report.",
    ),
    (
        "กรุณาพิมพ์ค่าตัวเลข ไม่ใช่สูตร หากมีสูตร ระบบจะอ่านค่าที่ Excel คำนวณไว้ล่าสุด และจะไม่รับสูตรที่ไม่มีค่าที่คำนวณแล้ว",
        "Type values, not formulas. A formula is read as the value Excel last calculated; a formula without a calculated value is refused.",
    ),
    ("# สิ่งที่ห้ามเปลี่ยน", "# What not to change"),
    (
        "ห้ามเพิ่ม ลบ หรือย้ายแถวหรือคอลัมน์ ห้ามเปลี่ยนชื่อหรือเพิ่มชีต และห้ามแก้ไขคอลัมน์หรือชีตที่ซ่อนไว้ ระบบระบุแต่ละแถวด้วยรหัสที่ซ่อนไว้ ไม่ใช่ด้วยตำแหน่งของแถว",
        "Do not add, delete or move rows or columns, do not rename or add sheets, and do not change the hidden column or the hidden sheet. NAPtrack recognises each row by a hidden key, not by its position.",
    ),
    (
        "แบบฟอร์มนี้ใช้ได้กับรายงานนี้เท่านั้น ระบบจะไม่รับแบบฟอร์มของรายงานอื่น",
        "This workbook belongs to this report only: a workbook of another report is refused.",
    ),
    ("# วิธีส่งข้อมูลกลับ", "# How to upload"),
    (
        "บันทึกไฟล์เป็น Excel (.xlsx) แล้วเปิดหน้ารายงานใน NAPtrack ที่กรอบ “แบบฟอร์ม Excel” ให้เลือกไฟล์แล้วกด “ตรวจสอบไฟล์”",
        "Save the file as an Excel workbook (.xlsx). Open the report's page in NAPtrack; in the “Excel workbook” box, choose the file and press “Check the file”.",
    ),
    (
        "ระบบจะตรวจสอบทั้งไฟล์ก่อนโดยยังไม่บันทึกข้อมูลใด แล้วแสดงค่าที่จะเปลี่ยน (ก่อน → หลัง) และปัญหาทุกจุดพร้อมชื่อชีตและเซลล์ ระบบจะบันทึกข้อมูลเมื่อท่านกด “ยืนยันและบันทึกการเปลี่ยนแปลง” เท่านั้น",
        "NAPtrack checks the whole file first, without saving anything, and shows the values that would change (before → after) and every problem with its sheet and cell. Nothing is saved until you press “Confirm and save the changes”.",
    ),
    (
        "หากมีผู้แก้ไขรายงานในระบบหลังจากที่ท่านดาวน์โหลดแบบฟอร์มนี้ หน้าตรวจสอบจะแสดงค่าที่ต่างกันให้เลือกว่าจะใช้ค่าใด",
        "If someone changed the report on the platform after you downloaded this workbook, the preview shows which values differ and lets you decide.",
    ),
]


def write_instructions(sheet, report: Report) -> None:
    sheet.column_dimensions["A"].width = 75
    sheet.column_dimensions["B"].width = 75
    now = timezone.localtime()
    today = now.date() if isinstance(now, dt.datetime) else now
    with translation.override("th"):
        thai_label = report_label(report)
    with translation.override("en"):
        english_label = report_label(report)
    rows: list[tuple[str, str]] = [
        ("# แบบฟอร์มกรอกข้อมูลรายงาน NAPtrack", "# NAPtrack report data-entry workbook"),
        (f"รายงาน: {thai_label}", f"Report: {english_label}"),
        (
            f"ดาวน์โหลดเมื่อ: {calendars.format_date(today, 'th', long=True)} {now:%H:%M} น.",
            f"Downloaded on: {calendars.format_date(today, 'en', long=True)} at {now:%H:%M}",
        ),
        ("", ""),
        *INSTRUCTIONS,
    ]
    for index, (thai, english) in enumerate(rows, start=1):
        for column, text in ((1, thai), (2, english)):
            heading = text.startswith("# ")
            cell = sheet.cell(index, column, safe_cell(text[2:] if heading else text))
            cell.font = Font(
                name=FONT, bold=heading, size=14 if index == 1 else 12 if heading else 11
            )
            cell.alignment = WRAP
            if heading:
                cell.fill = HEADER_FILL
        longest = max(len(thai), len(english))
        sheet.row_dimensions[index].height = 16 * (1 + longest // 80) + 4
    sheet.protection.sheet = True
    sheet.protection.password = PROTECTION_PASSWORD
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
