"""Downloads of exactly what a chart or table shows, as CSV or XLSX, safe to open in Excel.

A cell that starts with =, +, -, @ (or a tab or carriage return) would run as a formula in a
spreadsheet program; such text is prefixed with an apostrophe. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A value ready for a spreadsheet: numbers as numbers, text neutralised against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _filename(name: str, fmt: str) -> str:
    # Dots matter in codes (1.1.1 is not 11.1): they become hyphens rather than vanish.
    base = slugify(name.replace(".", "-"), allow_unicode=False) or "naptrack"
    return f"{base[:80]}.{fmt}"


def table_response(
    name: str, columns: Sequence[str], rows: Iterable[Sequence], fmt: str
) -> HttpResponse:
    """An attachment with a header row and the rows, as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([safe_cell(c) for c in columns])
        for row in rows:
            writer.writerow([safe_cell(c) for c in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="data")
        sheet.append([safe_cell(c) for c in columns])
        for row in rows:
            sheet.append([safe_cell(c) for c in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, fmt)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
