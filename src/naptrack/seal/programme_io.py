"""A Seal programme as a spreadsheet: one row per benchmark, exported and imported.

The workbook has a sheet "benchmarks" (one row per benchmark, under a header row whose column
names are fixed; columns may come in any order) and a sheet "programme" (the programme's own
facts: names, thresholds, years the award lasts), which the export writes and the import reads
for whatever its caller does not give.

The import trusts nothing in the file: the archive is checked before openpyxl opens it (size,
expansion, macros, password), every row is validated and every problem is reported with its sheet
and cell, and nothing is created unless the whole file is right. A new version of a programme code
that exists already points back to the latest version as its previous one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from naptrack.analytics.exports import FORMULA_STARTS, safe_cell
from naptrack.core.services import require
from naptrack.seal.models import Benchmark, Programme, SealDimension, Standard

BENCHMARKS_SHEET = "benchmarks"
PROGRAMME_SHEET = "programme"

# The columns of the benchmarks sheet, in the order the export writes them.
COLUMNS = (
    "dimension_code",
    "dimension_name_th",
    "dimension_name_en",
    "dimension_name_vi",
    "standard_code",
    "standard_name_th",
    "standard_name_en",
    "standard_name_vi",
    "benchmark_code",
    "text_th",
    "text_en",
    "text_vi",
    "verification_th",
    "verification_en",
    "verification_vi",
    "mandatory_bronze",
    "mandatory_silver",
    "mandatory_gold",
    "weight",
    "illustrative",
)
REQUIRED_COLUMNS = ("dimension_code", "standard_code", "benchmark_code")
YES_NO_COLUMNS = ("mandatory_bronze", "mandatory_silver", "mandatory_gold", "illustrative")
# Programme facts, in the order the export writes them on the programme sheet.
PROGRAMME_FIELDS = (
    "code",
    "version",
    "name_th",
    "name_en",
    "name_vi",
    "description_th",
    "description_en",
    "description_vi",
    "bronze_threshold",
    "silver_threshold",
    "gold_threshold",
    "award_years",
    "is_illustrative",
)
DECIMAL_FIELDS = ("bronze_threshold", "silver_threshold", "gold_threshold")

YES_WORDS = {"yes", "y", "true", "1", "x", "✓", "ใช่", "มี", "có"}
NO_WORDS = {"no", "n", "false", "0", "", "-", "ไม่", "ไม่ใช่", "ไม่มี", "không"}
CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
CODE_MAX = 20
TEXT_MAX = 20_000
NAME_MAX = 500

# A benchmark list is small; these bounds only stop files built to exhaust the server.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_EXPANDED_BYTES = 100 * 1024 * 1024
MAX_PARTS = 2_000
MAX_RATIO = 150
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_ROWS = 5_000
MAX_PROBLEMS = 500

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Export --------------------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _weight(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def benchmark_rows(programme: Programme) -> Iterable[list]:
    """The programme's benchmarks as rows of the benchmarks sheet, in the programme's order."""
    benchmarks = (
        Benchmark.objects.filter(programme=programme)
        .select_related("standard__dimension")
        .order_by("standard__dimension__sort_order", "standard__sort_order", "sort_order", "code")
    )
    for b in benchmarks:
        standard, dimension = b.standard, b.standard.dimension
        yield [
            dimension.code,
            dimension.name_th,
            dimension.name_en,
            dimension.name_vi,
            standard.code,
            standard.name_th,
            standard.name_en,
            standard.name_vi,
            b.code,
            b.text_th,
            b.text_en,
            b.text_vi,
            b.verification_th,
            b.verification_en,
            b.verification_vi,
            _yes_no(b.mandatory_bronze),
            _yes_no(b.mandatory_silver),
            _yes_no(b.mandatory_gold),
            _weight(b.weight),
            _yes_no(b.is_illustrative),
        ]


def programme_export(programme: Programme) -> bytes:
    """The programme as an .xlsx workbook that programme_import reads back unchanged."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = BENCHMARKS_SHEET
    sheet.append(list(COLUMNS))
    for row in benchmark_rows(programme):
        sheet.append([safe_cell(value) for value in row])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    for index, name in enumerate(COLUMNS, start=1):
        wide = name.startswith(("text_", "verification_")) or "name" in name
        sheet.column_dimensions[get_column_letter(index)].width = 48 if wide else 14
        if wide:
            for cell in sheet[get_column_letter(index)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    about = workbook.create_sheet(PROGRAMME_SHEET)
    about.append(["field", "value"])
    for name in PROGRAMME_FIELDS:
        value = getattr(programme, name)
        if isinstance(value, bool):
            value = _yes_no(value)
        elif isinstance(value, Decimal):
            value = _weight(value)
        about.append([name, safe_cell(value)])
    for cell in about[1]:
        cell.font = bold
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Import: problems ----------------------------------------------------------------------------


@dataclass
class Problem:
    message: str
    sheet: str = ""
    cell: str = ""

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return _("sheet “%(sheet)s”, cell %(cell)s") % {"sheet": self.sheet, "cell": self.cell}
        if self.sheet:
            return _("sheet “%(sheet)s”") % {"sheet": self.sheet}
        return ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "cell": self.cell, "message": self.message}


class ProgrammeImportError(Exception):
    """The file was not imported: one reason (a file that cannot be read) or every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def message(self) -> str:
        return str(self)


def _refused(message: str) -> ProgrammeImportError:
    return ProgrammeImportError([Problem(message)])


# --- Import: the archive -------------------------------------------------------------------------


def _read_bytes(file) -> bytes:
    if isinstance(file, (bytes, bytearray)):
        return bytes(file)
    if hasattr(file, "read"):
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_FILE_BYTES + 1)
        return data if isinstance(data, bytes) else bytes(data)
    with open(file, "rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def _not_a_workbook() -> ProgrammeImportError:
    return _refused(
        _(
            "This file is not an Excel workbook (.xlsx). Save the benchmark list as an Excel "
            "workbook (.xlsx) and import it again."
        )
    )


def _damaged() -> ProgrammeImportError:
    return _refused(
        _(
            "The file is damaged and cannot be read. Open it in Excel or LibreOffice, save it "
            "again as .xlsx and import the new copy."
        )
    )


def check_archive(data: bytes) -> None:
    """Refuse what is not a plain .xlsx before any parser opens it."""
    if not data:
        raise _refused(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise _refused(
            _("The file is too large: at most %(max)s MB can be imported.")
            % {"max": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refused(
            _(
                "This is an old Excel file (.xls) or a workbook protected by a password to open. "
                "Save it as an Excel workbook (.xlsx) without a password and import it again."
            )
        )
    if not data.startswith(b"PK"):
        raise _not_a_workbook()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
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
                    raise _refused(
                        _(
                            "The workbook is protected by a password to open. Remove the "
                            "password, save it and import it again."
                        )
                    )
            if expanded > MAX_EXPANDED_BYTES:
                raise _bomb()
            names = {info.filename.lower() for info in infos}
    except ProgrammeImportError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged() from None
    if "xl/workbook.xml" not in names:
        raise _not_a_workbook()
    if any(name.endswith("vbaproject.bin") for name in names):
        raise _refused(
            _(
                "The workbook contains macros. Save it as an Excel workbook (.xlsx) without "
                "macros and import it again."
            )
        )


def _bomb() -> ProgrammeImportError:
    return _refused(
        _("The file is refused as unsafe: it would expand far beyond its size once opened.")
    )


# --- Import: cells --------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Undo the apostrophe the export puts in front of a text that starts like a formula.
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text


def _normalise_header(value) -> str:
    return re.sub(r"[\s-]+", "_", _text(value).lower())


@dataclass
class BenchmarkRow:
    row: int
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class Parsed:
    rows: list[BenchmarkRow] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    fact_cells: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, sheet: str = "", cell: str = "") -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(str(message), sheet, cell))


def _yes_no_value(raw: str) -> bool | None:
    word = raw.strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def _decimal(raw) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            return None
    text = _text(raw).replace(",", ".").replace("%", "").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _read_workbook(data: bytes) -> Parsed:
    from openpyxl import load_workbook

    parsed = Parsed()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds of errors on broken files
        raise _damaged() from None
    try:
        sheets = {name.strip().lower(): name for name in workbook.sheetnames}
        name = sheets.get(BENCHMARKS_SHEET)
        if name is None:
            raise _refused(
                _(
                    "The workbook has no sheet named “%(sheet)s”. Put the benchmarks on a sheet "
                    "of that name, one benchmark per row under a header row."
                )
                % {"sheet": BENCHMARKS_SHEET}
            )
        _read_benchmarks(workbook[name], name, parsed)
        about = sheets.get(PROGRAMME_SHEET)
        if about is not None:
            _read_facts(workbook[about], about, parsed)
    except ProgrammeImportError:
        raise
    except Exception:
        raise _damaged() from None
    finally:
        workbook.close()
    return parsed


def _read_benchmarks(sheet, name: str, parsed: Parsed) -> None:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise _refused(_("The sheet “%(sheet)s” is empty.") % {"sheet": name})
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        key = _normalise_header(raw)
        if not key:
            continue
        if key in columns:
            parsed.add(
                _("The column “%(column)s” appears twice.") % {"column": key},
                name,
                f"{get_column_letter(index + 1)}1",
            )
        elif key in COLUMNS:
            columns[key] = index
        else:
            parsed.add(
                _("The column “%(column)s” is not known. The columns are: %(columns)s.")
                % {"column": _text(raw), "columns": ", ".join(COLUMNS)},
                name,
                f"{get_column_letter(index + 1)}1",
            )
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        parsed.add(
            _("The header row (row 1) lacks the columns: %(columns)s.")
            % {"columns": ", ".join(missing)},
            name,
            "A1",
        )
        return
    if "text_th" not in columns and "text_en" not in columns:
        parsed.add(
            _("The header row (row 1) needs a column text_th or text_en for the benchmarks."),
            name,
            "A1",
        )
        return
    for number, raw_row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            parsed.add(_("The sheet has more than %(max)s benchmarks.") % {"max": MAX_ROWS}, name)
            return
        values = {
            key: (raw_row[index] if index < len(raw_row) else None)
            for key, index in columns.items()
        }
        if all(_text(v) == "" for v in values.values()):
            continue  # a blank row between groups
        parsed.rows.append(BenchmarkRow(number, values))
    parsed.fact_cells.update({f"col:{key}": get_column_letter(i + 1) for key, i in columns.items()})


def _read_facts(sheet, name: str, parsed: Parsed) -> None:
    for number, raw_row in enumerate(sheet.iter_rows(values_only=True, max_col=2), start=1):
        if number > 200:
            break
        key = _normalise_header(raw_row[0] if raw_row else None)
        if key in PROGRAMME_FIELDS:
            parsed.facts[key] = _text(raw_row[1] if len(raw_row) > 1 else None)
            parsed.fact_cells[key] = f"B{number}"


# --- Import: validation ---------------------------------------------------------------------------


@dataclass
class _Node:
    code: str
    names: dict[str, str]
    row: int
    order: int


def _validate_rows(parsed: Parsed) -> tuple[dict, dict, list[dict]]:
    """Dimensions, standards and benchmarks from the rows; problems are added to parsed."""
    sheet = BENCHMARKS_SHEET
    letters = {k[4:]: v for k, v in parsed.fact_cells.items() if k.startswith("col:")}

    def cell(column: str, row: int) -> str:
        return f"{letters.get(column, 'A')}{row}"

    dimensions: dict[str, _Node] = {}
    standards: dict[tuple[str, str], _Node] = {}
    benchmarks: list[dict] = []
    seen: dict[str, int] = {}
    if not parsed.rows:
        parsed.add(_("The sheet has no benchmarks: fill one row per benchmark."), sheet, "A2")
    for row in parsed.rows:
        v = {key: _text(value) for key, value in row.values.items()}
        ok = True
        for column in REQUIRED_COLUMNS:
            label = {
                "dimension_code": _("dimension code"),
                "standard_code": _("standard code"),
                "benchmark_code": _("benchmark code"),
            }[column]
            if not v.get(column):
                parsed.add(
                    _("The %(what)s is missing.") % {"what": label}, sheet, cell(column, row.row)
                )
                ok = False
            elif len(v[column]) > CODE_MAX or not CODE_PATTERN.match(v[column]):
                parsed.add(
                    _(
                        "The %(what)s “%(code)s” is not valid: use at most %(max)s letters, "
                        "digits, dots, hyphens or underscores."
                    )
                    % {"what": label, "code": v[column][:40], "max": CODE_MAX},
                    sheet,
                    cell(column, row.row),
                )
                ok = False
        code = v.get("benchmark_code", "")
        if code and code in seen:
            parsed.add(
                _("The benchmark code “%(code)s” is used twice: also in row %(row)s.")
                % {"code": code, "row": seen[code]},
                sheet,
                cell("benchmark_code", row.row),
            )
            ok = False
        elif code:
            seen[code] = row.row
        if not (v.get("text_th") or v.get("text_en")):
            parsed.add(
                _("The benchmark's text is missing: write it in Thai or English."),
                sheet,
                cell("text_th" if "text_th" in letters else "text_en", row.row),
            )
            ok = False
        for column in COLUMNS:
            limit = NAME_MAX if "name" in column else TEXT_MAX
            if column.startswith(("text_", "verification_", "dimension_name", "standard_name")):
                if len(v.get(column, "")) > limit:
                    parsed.add(
                        _("The text is too long: at most %(max)s characters.") % {"max": limit},
                        sheet,
                        cell(column, row.row),
                    )
                    ok = False
        flags: dict[str, bool] = {}
        for column in YES_NO_COLUMNS:
            if column not in letters:
                flags[column] = False
                continue
            answer = _yes_no_value(v.get(column, ""))
            if answer is None:
                parsed.add(
                    _("“%(value)s” is not yes or no. Write yes or no (or leave it empty for no).")
                    % {"value": v.get(column, "")[:40]},
                    sheet,
                    cell(column, row.row),
                )
                ok = False
            else:
                flags[column] = answer
        weight = Decimal("1")
        raw_weight = row.values.get("weight")
        if _text(raw_weight) != "":
            weight = _decimal(raw_weight)
            if weight is None:
                parsed.add(
                    _("The weight “%(value)s” is not a number.")
                    % {"value": _text(raw_weight)[:40]},
                    sheet,
                    cell("weight", row.row),
                )
                ok = False
            elif weight <= 0 or weight >= Decimal("10000"):
                parsed.add(
                    _("The weight must be more than 0 and less than 10,000 (here %(value)s).")
                    % {"value": _text(raw_weight)},
                    sheet,
                    cell("weight", row.row),
                )
                ok = False
            elif weight != weight.quantize(Decimal("0.01")):
                parsed.add(
                    _("The weight may have at most 2 decimals (here %(value)s).")
                    % {"value": _text(raw_weight)},
                    sheet,
                    cell("weight", row.row),
                )
                ok = False
        if not ok:
            continue
        dimension_code, standard_code = v["dimension_code"], v["standard_code"]
        for key, nodes, prefix, _column in (
            (dimension_code, dimensions, "dimension_name", "dimension_code"),
            ((dimension_code, standard_code), standards, "standard_name", "standard_code"),
        ):
            names = {lang: v.get(f"{prefix}_{lang}", "") for lang in ("th", "en", "vi")}
            node = nodes.get(key)
            if node is None:
                nodes[key] = _Node(
                    key if isinstance(key, str) else key[1], names, row.row, len(nodes) + 1
                )
                continue
            for lang, name in names.items():
                if name and node.names[lang] and name != node.names[lang]:
                    parsed.add(
                        _(
                            "The name differs from the one given for the same code in row "
                            "%(row)s (“%(name)s”)."
                        )
                        % {"row": node.row, "name": node.names[lang][:80]},
                        sheet,
                        cell(f"{prefix}_{lang}", row.row),
                    )
                elif name and not node.names[lang]:
                    node.names[lang] = name
        benchmarks.append(
            {
                "row": row.row,
                "dimension": dimension_code,
                "standard": (dimension_code, standard_code),
                "code": code,
                **{
                    f"{kind}_{lang}": v.get(f"{kind}_{lang}", "")
                    for kind in ("text", "verification")
                    for lang in ("th", "en", "vi")
                },
                "mandatory_bronze": flags["mandatory_bronze"],
                "mandatory_silver": flags["mandatory_silver"],
                "mandatory_gold": flags["mandatory_gold"],
                "is_illustrative": flags["illustrative"],
                "weight": weight,
            }
        )
    for nodes, prefix, column in (
        (dimensions, "dimension_name", "dimension_code"),
        (standards, "standard_name", "standard_code"),
    ):
        for node in nodes.values():
            if not any(node.names.values()):
                parsed.add(
                    _("The %(what)s “%(code)s” has no name: give it in Thai or English.")
                    % {
                        "what": _("dimension") if prefix == "dimension_name" else _("standard"),
                        "code": node.code,
                    },
                    sheet,
                    cell(f"{prefix}_th" if f"{prefix}_th" in letters else column, node.row),
                )
    return dimensions, standards, benchmarks


def _programme_values(parsed: Parsed, given: dict) -> dict:
    """The programme's fields: what the caller gave, else the programme sheet, else defaults."""
    values: dict[str, object] = {}
    for name in PROGRAMME_FIELDS:
        if given.get(name) not in (None, ""):
            values[name] = given[name]
            continue
        raw = parsed.facts.get(name, "")
        where = parsed.fact_cells.get(name, "")
        if raw == "":
            continue
        if name in DECIMAL_FIELDS:
            number = _decimal(raw)
            if number is None or not 0 <= number <= 100:
                parsed.add(
                    _("“%(value)s” is not a percentage from 0 to 100.") % {"value": raw[:40]},
                    PROGRAMME_SHEET,
                    where,
                )
                continue
            values[name] = number
        elif name == "award_years":
            number = _decimal(raw)
            if number is None or number != int(number) or not 1 <= number <= 20:
                parsed.add(
                    _("“%(value)s” is not a number of years from 1 to 20.") % {"value": raw[:40]},
                    PROGRAMME_SHEET,
                    where,
                )
                continue
            values[name] = int(number)
        elif name == "is_illustrative":
            answer = _yes_no_value(raw)
            if answer is None:
                parsed.add(
                    _("“%(value)s” is not yes or no.") % {"value": raw[:40]},
                    PROGRAMME_SHEET,
                    where,
                )
                continue
            values[name] = answer
        else:
            values[name] = raw
    return values


def _check_programme(values: dict, parsed: Parsed) -> None:
    code, version = str(values.get("code") or ""), str(values.get("version") or "")
    if not code:
        parsed.add(_("Give the programme's code."))
    else:
        try:
            validate_slug(code)
            if len(code) > 64:
                raise ValidationError("")
        except ValidationError:
            parsed.add(
                _(
                    "The programme code “%(code)s” is not valid: use at most 64 letters, digits, "
                    "hyphens or underscores."
                )
                % {"code": code[:80]}
            )
    if not version:
        parsed.add(_("Give the programme's version, e.g. 2024."))
    elif len(version) > 20:
        parsed.add(_("The version is too long: at most 20 characters."))
    if code and version and Programme.objects.filter(code=code, version=version).exists():
        parsed.add(
            _(
                "The programme %(code)s version %(version)s exists already. Import the list as "
                "a new version."
            )
            % {"code": code, "version": version}
        )
    if not any(values.get(f"name_{lang}") for lang in ("th", "en", "vi")):
        parsed.add(_("Give the programme's name in Thai or English."))
    thresholds = [
        values.get(f"{level}_threshold", Programme._meta.get_field(f"{level}_threshold").default)
        for level in ("bronze", "silver", "gold")
    ]
    try:
        bronze, silver, gold = (Decimal(str(t)) for t in thresholds)
    except InvalidOperation:
        parsed.add(_("The thresholds must be percentages from 0 to 100."))
        return
    if not (0 <= bronze <= silver <= gold <= 100):
        parsed.add(
            _(
                "The thresholds must rise from Bronze to Silver to Gold, from 0 to 100 %% "
                "(here %(bronze)s, %(silver)s, %(gold)s)."
            )
            % {"bronze": bronze, "silver": silver, "gold": gold}
        )


def programme_import(
    *,
    actor,
    file,
    code: str = "",
    version: str = "",
    name_th: str = "",
    name_en: str = "",
    name_vi: str = "",
    bronze_threshold: Decimal | None = None,
    silver_threshold: Decimal | None = None,
    gold_threshold: Decimal | None = None,
    award_years: int | None = None,
    is_illustrative: bool | None = None,
    is_published: bool = False,
) -> Programme:
    """Create a programme version from a workbook (bytes, a path or a file); all or nothing.

    Raises ProgrammeImportError with every problem found (by sheet and cell), creating nothing.
    """
    from naptrack.seal.permissions import can_manage_programmes

    require(can_manage_programmes(actor), _("Only platform administrators import programmes."))
    data = _read_bytes(file)
    check_archive(data)
    parsed = _read_workbook(data)
    dimensions, standards, benchmarks = _validate_rows(parsed)
    given = {
        "code": code,
        "version": version,
        "name_th": name_th,
        "name_en": name_en,
        "name_vi": name_vi,
        "bronze_threshold": bronze_threshold,
        "silver_threshold": silver_threshold,
        "gold_threshold": gold_threshold,
        "award_years": award_years,
        "is_illustrative": is_illustrative,
    }
    values = _programme_values(parsed, given)
    _check_programme(values, parsed)
    if parsed.problems:
        raise ProgrammeImportError(parsed.problems)
    with transaction.atomic():
        return _create(values, is_published, dimensions, standards, benchmarks)


def _create(values, is_published, dimensions, standards, benchmarks) -> Programme:
    previous = Programme.objects.filter(code=values["code"]).order_by("-created_at", "-pk").first()
    programme = Programme(**values, is_published=is_published, previous=previous)
    programme.full_clean()
    programme.save()
    dimension_objects = {}
    for key, node in dimensions.items():
        dimension = SealDimension(
            programme=programme,
            code=node.code,
            sort_order=node.order,
            **{f"name_{lang}": name for lang, name in node.names.items()},
        )
        dimension.full_clean()
        dimension.save()
        dimension_objects[key] = dimension
    standard_objects = {}
    for key, node in standards.items():
        standard = Standard(
            dimension=dimension_objects[key[0]],
            code=node.code,
            sort_order=node.order,
            **{f"name_{lang}": name for lang, name in node.names.items()},
        )
        standard.full_clean()
        standard.save()
        standard_objects[key] = standard
    for order, spec in enumerate(benchmarks, start=1):
        fields = {k: v for k, v in spec.items() if k not in {"row", "dimension", "standard"}}
        benchmark = Benchmark(
            programme=programme,
            standard=standard_objects[spec["standard"]],
            sort_order=order,
            **fields,
        )
        benchmark.full_clean()
        benchmark.save()
    return programme
