"""Read a filled data-entry workbook back, without trusting it: every problem, by sheet and cell.

The file is checked as an archive before openpyxl opens it (its size, how far it expands, how many
parts it has, passwords, macros), then read twice in read-only mode: once for the values (the
value Excel last calculated, for a formula) and once to learn which cells hold formulas. Rows are
found by the key in their hidden column A, columns by the letter in the hidden first row, so that
nothing depends on where a row or a column sits. Nothing is written to the database here.
"""

from __future__ import annotations

import functools
import json
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import column_index_from_string, get_column_letter

from naptrack.frameworks.models import MilestoneStatus
from naptrack.reporting import rules
from naptrack.reporting.models import Rating
from naptrack.transfers.template_build import (
    FORMAT,
    INSTRUCTIONS_SHEET,
    KEYS_SHEET,
    NUMBER_FIELDS,
    InputCell,
    KeyRecord,
    choices_for,
    number_text,
    read_keys,
    sheet_reference,
    unneutralised,
)

# A report's workbook is small; these bounds only stop files built to exhaust the server.
MAX_EXPANDED_BYTES = 80 * 1024 * 1024
MAX_PARTS = 2_000
MAX_RATIO = 150
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_CELLS = 300_000
MAX_PROBLEMS = 1_000


class WorkbookRefused(Exception):
    """A file that cannot be read as this report's workbook at all: one clear reason."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Problem:
    message: str
    sheet: str = ""
    cell: str = ""
    row: int | None = None
    column: str = ""
    warning: bool = False

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "warning": self.warning,
        }

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return sheet_reference(self.sheet, self.cell)
        if self.sheet and self.row:
            return _("%(sheet)s, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        return self.sheet


@dataclass
class Reading:
    """One input cell as found in the workbook: where it is now and what it holds."""

    input: InputCell
    sheet: str
    cell: str
    text: str | None  # canonical text; None when the cell could not be read
    raw: object = None


@dataclass
class Contents:
    record: KeyRecord
    readings: dict[tuple[str, str], Reading] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    cells_read: int = 0

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


# --- The archive ---------------------------------------------------------------------------------------


def max_upload_bytes() -> int:
    return settings.NAPTRACK_IMPORT_MAX_MB * 1024 * 1024


def _not_a_workbook() -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "This file is not an Excel workbook (.xlsx). Upload the workbook downloaded from this report's page, saved as .xlsx."
        ),
        "not_xlsx",
    )


def _damaged() -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "The file is damaged and cannot be read. Open it in Excel, save it again as .xlsx and upload the new copy."
        ),
        "damaged",
    )


def check_archive(upload, size: int) -> None:
    """Refuse what is not a plain .xlsx before any parser opens it."""
    if size > max_upload_bytes():
        raise WorkbookRefused(
            _("The file is too large: at most %(max)s MB can be uploaded.")
            % {"max": settings.NAPTRACK_IMPORT_MAX_MB},
            "too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # The old .xls format, or an .xlsx saved with a password (both are OLE files).
        raise WorkbookRefused(
            _(
                "This is an old Excel file (.xls) or a workbook protected by a password to open. Save it as an Excel workbook (.xlsx) without a password to open, and upload it again."
            ),
            "xls_or_encrypted",
        )
    if not head.startswith(b"PK"):
        raise _not_a_workbook()
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise _bomb()
            expanded = 0
            for info in infos:
                expanded += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
                    raise _bomb()
                if info.flag_bits & 0x1:
                    raise WorkbookRefused(
                        _(
                            "The workbook is protected by a password to open. Remove that password, save it and upload it again."
                        ),
                        "encrypted",
                    )
            if expanded > MAX_EXPANDED_BYTES:
                raise _bomb()
            names = {info.filename.lower() for info in infos}
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged() from None
    finally:
        upload.seek(0)
    if "xl/workbook.xml" not in names:
        raise _not_a_workbook()
    if any(name.endswith("vbaproject.bin") for name in names):
        raise WorkbookRefused(
            _(
                "The workbook contains macros. Save it as an Excel workbook (.xlsx) without macros and upload it again."
            ),
            "macros",
        )


def _bomb() -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "The file is refused as unsafe: it would expand far beyond its size, which a data-entry workbook never does. Download a fresh workbook from the report's page."
        ),
        "zip_bomb",
    )


def _open(upload, *, data_only: bool):
    from openpyxl import load_workbook

    upload.seek(0)
    try:
        return load_workbook(upload, read_only=True, data_only=data_only, keep_links=False)
    except WorkbookRefused:
        raise
    except Exception:  # openpyxl raises many kinds of errors on broken files
        raise _damaged() from None


# --- Cell values -------------------------------------------------------------------------------------------

EXCEL_ERRORS = {
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#SPILL!",
    "#CALC!",
}
COMMA_DECIMAL = re.compile(r"^\s*-?[\d๐-๙]+,(\d{1,2}|\d{4,})\s*$")


@functools.lru_cache(maxsize=8)
def _choice_lookup(field_name: str, value_type: str) -> dict[str, str]:
    """Every way an officer may write a choice → its stored value."""
    choices = choices_for(field_name, value_type) or {}
    lookup: dict[str, str] = {}
    labels = {
        "rating": dict(Rating.choices),
        "milestone_status": dict(MilestoneStatus.choices),
    }.get(field_name, {"1": gettext_lazy("Yes"), "0": gettext_lazy("No")})
    for value, shown in choices.items():
        words = {value, shown, *shown.split(" / ")}
        for language in ("th", "en", "vi"):
            with translation.override(language):
                words.add(str(labels[value]))
        for word in words:
            lookup[word.strip().casefold()] = value
    if field_name == "value":
        lookup.update({"true": "1", "false": "0", "y": "1", "n": "0"})
    return lookup


def cell_text(raw, input_cell: InputCell, value_type: str) -> str:
    """The canonical text of what a cell holds, or FigureError with a message for the officer."""
    name = input_cell.field
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    choices = choices_for(name, value_type)
    if choices is not None:
        if isinstance(raw, bool):
            raw = int(raw)
        if isinstance(raw, (int, float, Decimal)) and name == "value":
            if Decimal(str(raw)) in (0, 1):
                return str(int(Decimal(str(raw))))
        key = str(raw).strip().casefold()
        found = _choice_lookup(name, value_type if name == "value" else "").get(key)
        if found is None:
            raise rules.FigureError(
                name,
                _("“%(text)s” is not one of the choices: %(choices)s.")
                % {"text": str(raw)[:60], "choices": ", ".join(choices.values())},
            )
        return found
    if name in NUMBER_FIELDS:
        if isinstance(raw, bool):
            raise rules.FigureError(name, _("Type a number here, not TRUE or FALSE."))
        if hasattr(raw, "isoformat"):
            raise rules.FigureError(name, _("Type a number here, not a date."))
        if isinstance(raw, str) and COMMA_DECIMAL.match(raw):
            raise rules.FigureError(
                name,
                _(
                    "“%(text)s”: use a dot (.) for decimals, e.g. 12.5; a comma only separates thousands (1,200)."
                )
                % {"text": raw.strip()[:40]},
            )
        return number_text(rules.parse_decimal(raw, name))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return rules.clean_text(unneutralised(str(raw)))


# --- The workbook ----------------------------------------------------------------------------------------


def _cells(sheet, limit: int) -> dict[tuple[int, int], object]:
    """The non-empty cells of a read-only sheet by (row, column)."""
    found: dict[tuple[int, int], object] = {}
    for row in sheet.iter_rows():
        for cell in row:
            value = getattr(cell, "value", None)
            if value is None or not hasattr(cell, "row"):
                continue
            if isinstance(value, str) and not value.strip():
                continue
            found[(cell.row, cell.column)] = value
            if len(found) > limit:
                raise WorkbookRefused(
                    _("The workbook holds far more cells than this report has: it cannot be read."),
                    "too_many_cells",
                )
    return found


def _formulas(sheet) -> set[tuple[int, int]]:
    found = set()
    for row in sheet.iter_rows():
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                found.add((cell.row, cell.column))
    return found


def _keys(workbook) -> KeyRecord:
    if KEYS_SHEET not in workbook.sheetnames:
        raise WorkbookRefused(
            _(
                "This is not a NAPtrack data-entry workbook, or its hidden part was removed. Download the workbook from the report's page, fill it in and upload it."
            ),
            "not_template",
        )
    rows = workbook[KEYS_SHEET].iter_rows(values_only=True)
    try:
        record = read_keys(rows)
    except (ValueError, IndexError, TypeError):
        raise _tampered() from None
    if record.meta.get("format") != FORMAT:
        raise WorkbookRefused(
            _("This is not a NAPtrack data-entry workbook of a report."), "not_template"
        )
    if record.meta.get("checksum") != record.signature():
        raise _tampered()
    return record


def _tampered() -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "The hidden part of the workbook was changed, so its rows cannot be trusted. Download a fresh workbook from the report's page and type your figures there."
        ),
        "tampered",
    )


def read_workbook(upload, size: int, value_types: dict[int, str] | None = None) -> Contents:
    """Read every sheet of a filled workbook; raise WorkbookRefused when it cannot be read at all.

    `value_types` gives each line's indicator value type (to read yes/no cells); when a line is not
    given, its cells are read as the keys sheet says.
    """
    check_archive(upload, size)
    values_book = _open(upload, data_only=True)
    formulas_book = _open(upload, data_only=False)
    try:
        record = _keys(values_book)
        contents = Contents(record=record)
        _read_sheets(contents, values_book, formulas_book, value_types or {})
    finally:
        values_book.close()
        formulas_book.close()
    return contents


def _column_map(cells: dict[tuple[int, int], object]) -> dict[str, int]:
    """Original column letter → where that column is now (the hidden first row names them)."""
    mapping: dict[str, int] = {}
    if str(cells.get((1, 1), "")) != "#columns":
        return mapping
    for (row, column), value in cells.items():
        if row == 1 and isinstance(value, str) and re.fullmatch(r"[A-Z]{1,3}", value):
            mapping[value] = column
    return mapping


def _read_sheets(contents: Contents, values_book, formulas_book, value_types) -> None:
    record = contents.record
    inputs_by_row: dict[str, list[InputCell]] = defaultdict(list)
    for cell in record.cells.values():
        inputs_by_row[cell.row_id].append(cell)
    known_sheets = set(json.loads(record.meta.get("sheets", "[]") or "[]"))
    seen: dict[str, tuple[str, int]] = {}
    budget = MAX_CELLS
    for name in values_book.sheetnames:
        if name in (KEYS_SHEET, INSTRUCTIONS_SHEET):
            continue
        cells = _cells(values_book[name], budget)
        budget -= len(cells)
        formulas = _formulas(formulas_book[name]) if name in formulas_book.sheetnames else set()
        columns = _column_map(cells)

        def at(row: int, letter: str, columns=columns, cells=cells) -> tuple[int, object]:
            index = columns.get(letter) or column_index_from_string(letter)
            return index, cells.get((row, index))

        key_column = columns.get("A", 1)
        label_column = columns.get("C", 3)
        keyed = 0
        lost_columns: set[str] = set()
        stray: list[Problem] = []
        rows = sorted({row for row, _column in cells if row != 1 or not columns})
        current_line = 0
        for row in rows:
            key = cells.get((row, key_column))
            key = str(key).strip() if key is not None else ""
            if key and key in record.rows:
                keyed += 1
                row_key = record.rows[key]
                line_id, label = row_key.line_id, row_key.label
                current_line = line_id or current_line
                if key in seen:
                    first_sheet, first_row = seen[key]
                    contents.add(
                        Problem(
                            _(
                                "Row %(row)s repeats row %(first)s of sheet “%(sheet)s”: rows cannot be copied. Delete the copy."
                            )
                            % {"row": row, "first": first_row, "sheet": first_sheet},
                            sheet=name,
                            row=row,
                        )
                    )
                    continue
                seen[key] = (name, row)
                if line_id:
                    shown = cells.get((row, label_column))
                    shown = unneutralised(str(shown)).strip() if shown is not None else ""
                    if shown != label.strip():
                        contents.add(
                            Problem(
                                _(
                                    "“%(typed)s” was typed over “%(label)s”: the names of indicators and breakdowns cannot be changed. Put back “%(label)s”."
                                )
                                % {"typed": shown[:80] or "–", "label": label[:80]},
                                sheet=name,
                                cell=f"{get_column_letter(label_column)}{row}",
                                row=row,
                                column=get_column_letter(label_column),
                            )
                        )
                for input_cell in inputs_by_row.get(key, []):
                    if columns and input_cell.column not in columns:
                        if input_cell.column not in lost_columns:
                            lost_columns.add(input_cell.column)
                            contents.add(
                                Problem(
                                    _(
                                        "Column %(column)s was deleted: its figures cannot be read. Download a fresh workbook, or put the column back."
                                    )
                                    % {"column": input_cell.column},
                                    sheet=name,
                                    column=input_cell.column,
                                )
                            )
                        continue
                    index, raw = at(row, input_cell.column)
                    coordinate = f"{get_column_letter(index)}{row}"
                    reading = Reading(input_cell, name, coordinate, None, raw)
                    contents.readings[(input_cell.row_id, input_cell.column)] = reading
                    contents.cells_read += 1
                    if (row, index) in formulas and raw is None:
                        contents.add(
                            Problem(
                                _(
                                    "This cell holds a formula without a calculated value: type the value, not a formula."
                                ),
                                sheet=name,
                                cell=coordinate,
                                row=row,
                                column=get_column_letter(index),
                            )
                        )
                        continue
                    if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
                        contents.add(
                            Problem(
                                _(
                                    "This cell shows the error %(error)s: type the value, not a formula."
                                )
                                % {"error": raw.strip()},
                                sheet=name,
                                cell=coordinate,
                                row=row,
                                column=get_column_letter(index),
                            )
                        )
                        continue
                    value_type = value_types.get(input_cell.line_id, "")
                    try:
                        reading.text = cell_text(raw, input_cell, value_type)
                    except rules.FigureError as exc:
                        contents.add(
                            Problem(
                                exc.message,
                                sheet=name,
                                cell=coordinate,
                                row=row,
                                column=get_column_letter(index),
                            )
                        )
                continue
            # A row the workbook was not made with: typed into a blank row, or inserted.
            filled = [
                (column, value)
                for (r, column), value in cells.items()
                if r == row and column != key_column
            ]
            if key and key not in record.rows:
                stray.append(
                    Problem(
                        _("Row %(row)s has a key that this workbook does not know (column A).")
                        % {"row": row},
                        sheet=name,
                        row=row,
                    )
                )
            elif filled:
                stray.append(
                    _added_row(contents, name, row, cells.get((row, label_column)), current_line)
                )
        if keyed or name in known_sheets:
            for problem in stray:
                contents.add(problem)
        else:
            # A sheet of the officer's own: one message for the sheet, not one per row.
            if cells:
                contents.add(
                    Problem(
                        _(
                            "The sheet “%(sheet)s” is not part of this workbook, so nothing in it is read. Move its figures into the indicators' rows and delete the sheet."
                        )
                        % {"sheet": name},
                        sheet=name,
                    )
                )
            else:
                contents.add(
                    Problem(
                        _("The empty sheet “%(sheet)s” was ignored.") % {"sheet": name},
                        sheet=name,
                        warning=True,
                    )
                )
    missing_sheets = known_sheets - set(values_book.sheetnames)
    for name in sorted(missing_sheets):
        contents.add(
            Problem(
                _(
                    "The sheet “%(sheet)s” was deleted. Download a fresh workbook, or put the sheet back."
                )
                % {"sheet": name},
                sheet=name,
            )
        )
    # Every row with input cells must still be there: a deleted row is not read as "no change".
    for row_id, row_key in record.rows.items():
        if row_id in seen or not inputs_by_row.get(row_id):
            continue
        code = record.lines.get(row_key.line_id, ("", 0))[0]
        contents.add(
            Problem(
                _(
                    "The row for %(code)s · %(label)s (row %(row)s when downloaded) was deleted. Download a fresh workbook, or put the row back (Undo in Excel), and upload again."
                )
                % {"code": code, "label": row_key.label, "row": row_key.row},
                sheet=row_key.sheet,
                row=row_key.row,
            )
        )


def _added_row(contents: Contents, sheet: str, row: int, label, line_id: int) -> Problem:
    code = contents.record.lines.get(line_id, ("", 0))[0]
    label = unneutralised(str(label)).strip() if label is not None else ""
    labels = {
        row_key.label.strip().casefold()
        for row_key in contents.record.rows.values()
        if row_key.line_id == line_id and row_key.label
    }
    if label and code and label.casefold() not in labels:
        message = _(
            "Row %(row)s was added: “%(label)s” is not a breakdown of indicator %(code)s. Rows cannot be added; type the figures in the rows the workbook has."
        ) % {"row": row, "label": label[:80], "code": code}
    else:
        message = _(
            "Row %(row)s was added or typed outside the workbook's rows, so it is not read. Type the figures in the yellow cells of the indicator's rows."
        ) % {"row": row}
    return Problem(message, sheet=sheet, row=row, cell=f"C{row}" if label else "")
