"""Read an uploaded file of values row by row, whatever its format, without holding it in memory.

Formats, told apart by their first bytes (never by the file name alone):

- CSV (or tab-separated text): UTF-8 with or without a byte-order mark, UTF-16 with a mark (Excel's
  "Unicode text"), else the Thai Windows encoding cp874, a superset of TIS-620. The whole file is
  checked to be valid UTF-8 before the first row is read, so that a file is never half read in one
  encoding. The delimiter is the one of , ; or tab that the header row uses most.
- XLSX: the sheet named "values" (any case), else the first sheet, read with openpyxl in read-only
  mode, cell values only (a formula's last computed value, never the formula). The zip is checked
  first: members, uncompressed sizes and compression ratios, so that a zip bomb is refused before
  openpyxl opens it. An old binary .xls is refused with a clear message.
- JSON: a list of objects, or an object with the list under "values". Items are decoded one at a
  time from a bounded buffer; numbers are read as decimals, never as floats.

Every reader yields (row number, cells): for CSV and XLSX the row number of the spreadsheet (the
header is row 1) and a list of cells; for JSON the item's position (1, 2 …) and a dict.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _

CSV, XLSX, JSON = "csv", "xlsx", "json"
FORMATS = (CSV, XLSX, JSON)
CHUNK = 1 << 20
# A zip member may be at most this many times larger than its compressed size, once it is large.
MAX_RATIO = 200
RATIO_CHECKED_ABOVE = 4 << 20
# All members together, uncompressed; and the shared strings, which openpyxl loads whole.
MAX_UNCOMPRESSED = 2 << 30
MAX_SHARED_STRINGS = 200 << 20
MAX_MEMBERS = 10_000
# The longest JSON item (one value) and the widest row accepted.
MAX_ITEM_CHARS = 1 << 20
MAX_COLUMNS = 200
# csv's default limit on one cell (128 KB) is kept: a larger cell is refused, not read.
VALUES_SHEET_NAMES = ("values", "ค่า", "data")
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "cp874": "TIS-620 / cp874",
}


class ReadError(Exception):
    """A file that cannot be read at all: the message says why, in the user's language."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row


@dataclass
class Table:
    """What a reader found: the format, the encoding, the header and the rows to come."""

    format: str
    encoding: str = ""
    sheet: str = ""
    header: list[str] = field(default_factory=list)
    rows: Iterator[tuple[int, list | dict]] = field(default_factory=lambda: iter(()))


def sniff_format(head: bytes, name: str = "") -> str:
    """CSV, XLSX or JSON from the first bytes; the name decides only between CSV and JSON text."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            _(
                "This is an old Excel file (.xls). Open it in Excel or LibreOffice and save it as "
                ".xlsx or as CSV, then upload it again."
            )
        )
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text[:1] in (b"[", b"{"):
        return JSON
    if name.lower().endswith(".json") and not text:
        return JSON
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(
            _("This file is not a CSV, Excel (.xlsx) or JSON file of values (it looks binary).")
        )
    return CSV


class KeepOpen(io.BufferedIOBase):
    """The caller's stream, which the readers' text wrappers must not close when they go."""

    def __init__(self, raw: IO[bytes]):
        super().__init__()
        self._raw = raw

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._raw.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self._raw.read(size if size and size > 0 else CHUNK)

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def close(self) -> None:  # the caller closes its own stream
        pass


def open_table(stream: IO[bytes], name: str = "") -> Table:
    """Open a seekable binary stream and return its table; raise ReadError if it cannot be read."""
    stream = KeepOpen(stream)
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)
    if not head:
        raise ReadError(_("The file is empty."))
    kind = sniff_format(head, name)
    if kind == XLSX:
        return read_xlsx(stream)
    if kind == JSON:
        return read_json(stream)
    return read_csv(stream)


# --- CSV -----------------------------------------------------------------------------------------


def detect_encoding(stream: IO[bytes]) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a mark, else cp874 (TIS-620)."""
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    bom = head.startswith(codecs.BOM_UTF8)
    for encoding in ("utf-8", "cp874"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := stream.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            stream.seek(0)
            continue
        stream.seek(0)
        if encoding == "utf-8":
            return "utf-8-sig" if bom else "utf-8"
        return encoding
    raise ReadError(
        _(
            "The file's text encoding is not understood. Save it as “CSV UTF-8” (Excel: File › "
            "Save As › CSV UTF-8) and upload it again."
        )
    )


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:
        return best
    try:
        return csv.Sniffer().sniff(header_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def read_csv(stream: IO[bytes]) -> Table:
    encoding = detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    first = text.readline()
    delimiter = _delimiter(first)
    text.seek(0)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ReadError(_("Row 1 cannot be read: %(error)s") % {"error": exc}, row=1) from exc
    if not header or not any(cell.strip() for cell in header):
        raise ReadError(_("The first row must name the columns (indicator, period, agency …)."))
    if len(header) > MAX_COLUMNS:
        raise ReadError(
            _("The file has too many columns (at most %(max)s).") % {"max": MAX_COLUMNS}
        )

    def rows() -> Iterator[tuple[int, list]]:
        number = 1
        try:
            for number, row in enumerate(reader, start=2):  # noqa: B007 (used after the loop)
                yield number, row
        except csv.Error as exc:
            raise ReadError(
                _("Row %(row)s cannot be read: %(error)s") % {"row": number + 1, "error": exc},
                row=number + 1,
            ) from exc
        except UnicodeDecodeError as exc:  # pragma: no cover - checked by detect_encoding
            raise ReadError(_("The file's text encoding is not understood.")) from exc

    return Table(format=CSV, encoding=encoding, header=header, rows=rows())


# --- XLSX ----------------------------------------------------------------------------------------


def check_zip(stream: IO[bytes]) -> None:
    """Refuse a damaged zip, one that is not a workbook, and a zip bomb, before openpyxl opens it."""
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(
            _("The Excel file is damaged and cannot be opened. Save it again and upload the copy.")
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ReadError(_("The Excel file holds too many parts to be a workbook of values."))
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names:
            raise ReadError(
                _(
                    "This zip file is not an Excel workbook (.xlsx). Upload a .xlsx, CSV or JSON file."
                )
            )
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > RATIO_CHECKED_ABOVE and member.file_size > MAX_RATIO * max(
                member.compress_size, 1
            ):
                raise ReadError(_("The Excel file expands to far more than its size: refused."))
            if member.filename == "xl/sharedStrings.xml" and member.file_size > MAX_SHARED_STRINGS:
                raise ReadError(_("The Excel file holds too much text to be read safely."))
        if total > MAX_UNCOMPRESSED:
            raise ReadError(_("The Excel file expands to far more than its size: refused."))
    stream.seek(0)


def xlsx_cell(value) -> str | Decimal | int | None:
    """A cell as the validator wants it: numbers as numbers, dates as ISO text, the rest as text."""
    if value is None or isinstance(value, (str, int, Decimal)):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e15 else Decimal(repr(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def read_xlsx(stream: IO[bytes]) -> Table:
    check_zip(stream)
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReadError(
            _("The Excel file is damaged and cannot be opened. Save it again and upload the copy.")
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on malformed XML
        raise ReadError(
            _("The Excel file is damaged and cannot be opened. Save it again and upload the copy.")
        ) from exc
    names = workbook.sheetnames
    chosen = next((n for n in names if n.strip().lower() in VALUES_SHEET_NAMES), None)
    sheet = workbook[chosen or names[0]]
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        first = next(rows_iter, None)
    except Exception as exc:
        workbook.close()
        raise ReadError(
            _("The Excel file is damaged and cannot be opened. Save it again and upload the copy.")
        ) from exc
    header = ["" if c is None else str(c) for c in (first or ())]
    while header and not header[-1].strip():
        header.pop()
    if not header:
        workbook.close()
        raise ReadError(
            _("Row 1 of sheet “%(sheet)s” must name the columns (indicator, period, agency …).")
            % {"sheet": sheet.title}
        )
    if len(header) > MAX_COLUMNS:
        workbook.close()
        raise ReadError(
            _("The file has too many columns (at most %(max)s).") % {"max": MAX_COLUMNS}
        )
    width = len(header)

    def rows() -> Iterator[tuple[int, list]]:
        number = 1
        try:
            for number, row in enumerate(rows_iter, start=2):  # noqa: B007
                yield number, [xlsx_cell(v) for v in row[:width]]
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(
                _("Row %(row)s of the Excel file cannot be read: the file is damaged.")
                % {"row": number + 1},
                row=number + 1,
            ) from exc
        finally:
            workbook.close()

    return Table(format=XLSX, sheet=sheet.title, header=header, rows=rows())


# --- JSON ----------------------------------------------------------------------------------------

_DECODER = json.JSONDecoder(parse_float=Decimal)
_SPACE = " \t\r\n"


class _JsonStream:
    """A window on decoded text: enough to decode one item at a time, never the whole file."""

    def __init__(self, stream: IO[bytes]):
        self.text = io.TextIOWrapper(stream, encoding="utf-8-sig")
        self.buffer = ""
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.text.read(65536)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.more():
                return ""

    def expect(self, chars: str, item: int) -> str:
        char = self.peek()
        if not char or char not in chars:
            raise ReadError(
                _("The JSON file is not valid near item %(item)s.") % {"item": item}, row=item
            )
        self.pos += 1
        return char

    def decode(self, item: int):
        """Decode the next JSON value; read more text while it is cut off at the buffer's end."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buffer) - self.pos > MAX_ITEM_CHARS:
                    raise ReadError(
                        _("Item %(item)s of the JSON file is too long.") % {"item": item}, row=item
                    ) from exc
                if self.more():
                    continue
                raise ReadError(
                    _("The JSON file is not valid near item %(item)s.") % {"item": item}, row=item
                ) from exc
            # A number at the buffer's end may go on in the next chunk: read on before trusting it.
            if (
                end >= len(self.buffer)
                and not self.eof
                and not isinstance(value, (dict, list, str))
            ):
                if self.more():
                    continue
            self.pos = end
            return value


def read_json(stream: IO[bytes]) -> Table:
    stream.seek(0)
    source = _JsonStream(stream)
    try:
        start = source.expect("[{", 0)
        if start == "{":
            # Find "values": [ … ]; skip any other member of the object.
            while True:
                key = source.decode(0)
                source.expect(":", 0)
                if key == "values":
                    source.expect("[", 0)
                    break
                source.decode(0)
                if source.expect(",}", 0) == "}":
                    raise ReadError(
                        _("The JSON file must be a list of values, or have it under “values”.")
                    )
    except UnicodeDecodeError as exc:
        raise ReadError(_("A JSON file must be UTF-8 text.")) from exc

    def rows() -> Iterator[tuple[int, dict]]:
        number = 0
        try:
            if source.peek() == "]":
                return
            while True:
                number += 1
                item = source.decode(number)
                if not isinstance(item, dict):
                    raise ReadError(
                        _("Item %(item)s of the JSON file is not an object with named fields.")
                        % {"item": number},
                        row=number,
                    )
                yield number, item
                if source.expect(",]", number) == "]":
                    return
        except UnicodeDecodeError as exc:
            raise ReadError(_("A JSON file must be UTF-8 text.")) from exc

    return Table(format=JSON, encoding="utf-8", rows=rows())
