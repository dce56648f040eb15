"""Reading files of values: encodings, delimiters, workbooks, JSON, hostile files, and years."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from naptrack.transfers import readers
from naptrack.transfers.bulk import period_code_for
from tests.reporting.conftest import english  # noqa: F401  (messages in English)

THAI_HEADER = "ตัวชี้วัด,ปี,หน่วยงาน,ค่า,ข้อความ\n"
THAI_ROW = "1.1.1,2568,sbpac,12,ดำเนินการแล้ว ผู้ใหญ่บ้าน\n"


def rows(table):
    return list(table.rows)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((THAI_HEADER + THAI_ROW).encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + (THAI_HEADER + THAI_ROW).encode("utf-8"), "utf-8-sig"),
        ((THAI_HEADER + THAI_ROW).encode("cp874"), "cp874"),
        ((THAI_HEADER + THAI_ROW).encode("tis-620"), "cp874"),
        ((THAI_HEADER + THAI_ROW).encode("utf-16"), "utf-16"),
    ],
)
def test_csv_encodings_give_back_the_same_thai_text(data, encoding):
    table = readers.open_table(io.BytesIO(data), "values.csv")
    assert table.format == "csv" and table.encoding == encoding
    assert table.header == ["ตัวชี้วัด", "ปี", "หน่วยงาน", "ค่า", "ข้อความ"]
    assert rows(table) == [(2, ["1.1.1", "2568", "sbpac", "12", "ดำเนินการแล้ว ผู้ใหญ่บ้าน"])]


def test_a_file_that_is_utf8_until_its_last_line_is_read_as_cp874():
    data = ("indicator,text\n" + "1,plain\n" * 5000).encode() + "2,น้ำ\n".encode("cp874")
    table = readers.open_table(io.BytesIO(data))
    assert table.encoding == "cp874"
    assert rows(table)[-1] == (5002, ["2", "น้ำ"])


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(delimiter):
    text = delimiter.join(["indicator", "period", "value"]) + "\n"
    text += delimiter.join(["1.1.1", "FY2568", "1,200" if delimiter != "," else "1200"]) + "\n"
    table = readers.open_table(io.BytesIO(text.encode()))
    assert table.header == ["indicator", "period", "value"]
    assert rows(table)[0][1][0] == "1.1.1"


def test_quoted_cells_with_commas_and_new_lines_keep_their_row_numbers():
    text = 'indicator,text\n1,"a, b\nc"\n2,d\n'
    assert rows(readers.open_table(io.BytesIO(text.encode()))) == [
        (2, ["1", "a, b\nc"]),
        (3, ["2", "d"]),
    ]


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, lines in sheets.items():
        sheet = book.create_sheet(title)
        for line in lines:
            sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_reads_the_values_sheet_with_numbers_as_numbers():
    data = workbook_bytes(
        {
            "notes": [["read me"]],
            "Values": [["indicator", "period", "value"], ["1.1.1", 2568, 12.5], [None, None, None]],
        }
    )
    table = readers.open_table(io.BytesIO(data), "x.xlsx")
    assert (table.format, table.sheet) == ("xlsx", "Values")
    assert table.header == ["indicator", "period", "value"]
    assert rows(table)[0] == (2, ["1.1.1", 2568, Decimal("12.5")])


def test_xlsx_formulas_are_never_read_as_text_or_run():
    data = workbook_bytes(
        {"values": [["indicator", "value", "text"], ["1", "=1+1", '=HYPERLINK("x")']]}
    )
    ((number, cells),) = rows(readers.open_table(io.BytesIO(data)))
    # Written without a computed value: read as empty, never as the formula.
    assert cells == ["1", None, None]


def test_a_damaged_xlsx_is_refused_clearly():
    data = workbook_bytes({"values": [["indicator"], ["1"]]})
    with pytest.raises(readers.ReadError, match="damaged"):
        readers.open_table(io.BytesIO(data[: len(data) // 2]))


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(readers.ReadError, match="not an Excel workbook"):
        readers.open_table(io.BytesIO(buffer.getvalue()))


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (6 << 20))
    assert len(buffer.getvalue()) < 100_000

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(readers.ReadError, match="expands"):
        readers.open_table(io.BytesIO(buffer.getvalue()))


def test_old_xls_binary_and_empty_files_are_refused():
    with pytest.raises(readers.ReadError, match=r"\.xls"):
        readers.open_table(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))
    with pytest.raises(readers.ReadError, match="binary"):
        readers.open_table(io.BytesIO(b"\x00\x01\x02\x03" * 100))
    with pytest.raises(readers.ReadError, match="empty"):
        readers.open_table(io.BytesIO(b""))


def test_json_list_and_object_forms_with_decimal_numbers():
    items = [{"indicator": "1.1.1", "value": 12.25}, {"indicator": "1.1.2", "value": 3}]
    table = readers.open_table(io.BytesIO(json.dumps(items).encode()))
    assert table.format == "json"
    assert rows(table) == [
        (1, {"indicator": "1.1.1", "value": Decimal("12.25")}),
        (2, {"indicator": "1.1.2", "value": 3}),
    ]
    wrapped = {"source": {"system": "x"}, "values": items}
    assert len(rows(readers.open_table(io.BytesIO(json.dumps(wrapped).encode())))) == 2


def test_json_is_read_item_by_item_across_chunks():
    items = [{"indicator": "1.1.1", "text": "น้ำ" * 30, "value": n} for n in range(3000)]
    table = readers.open_table(io.BytesIO(json.dumps(items, ensure_ascii=False).encode()))
    read = rows(table)
    assert len(read) == 3000 and read[-1][1]["value"] == 2999


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"indicator": "1"}, {"indicator": ', "near item 2"),
        (b'[{"indicator": "1"} {"indicator": "2"}]', "near item 1"),
        (b"[1, 2]", "not an object"),
        (b'{"other": []}', "list of values"),
    ],
)
def test_broken_json_is_refused_with_the_item(data, message):
    with pytest.raises(readers.ReadError, match=message):
        rows(readers.open_table(io.BytesIO(data)))


@pytest.mark.parametrize(
    ("text", "calendar", "code"),
    [
        ("FY2568", "thai_fiscal", "FY2568"),
        ("fy2568", "thai_fiscal", "FY2568"),
        ("FY2025", "thai_fiscal", "FY2568"),
        ("FY2025-Q1", "thai_fiscal", "FY2568-Q1"),
        ("2568", "thai_fiscal", "FY2568"),
        ("2025", "thai_fiscal", "FY2568"),
        ("๒๕๖๘", "thai_fiscal", "FY2568"),
        ("CY2024", "thai_fiscal", "CY2024"),
        ("CY2567", "gregorian", "CY2024"),
        ("2024", "gregorian", "CY2024"),
        ("2567", "gregorian", "CY2024"),
        ("M2567-03", "gregorian", "M2024-03"),
        ("last year", "thai_fiscal", None),
        ("FY2568-Q5", "thai_fiscal", None),
    ],
)
def test_years_of_either_era(text, calendar, code):
    assert period_code_for(text, calendar) == code
