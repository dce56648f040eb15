"""The data-entry workbook of a report, as downloaded: structure, protection, choices, hidden keys."""

# The reporting tests' fixtures (world, english) are imported, and named as test arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import column_index_from_string

from naptrack.core.services import SYSTEM
from naptrack.periods.services import period_get_or_create
from naptrack.reporting import services
from naptrack.reporting.models import Report
from naptrack.transfers import template_build
from tests.reporting.conftest import english, fill_sbpac, world  # noqa: F401  (fixtures)

# --- Helpers shared with the upload tests ----------------------------------------------------------


def download(client, report, layout: str | None = None) -> bytes:
    url = reverse("report-workbook-download", args=[report.pk])
    response = client.get(url, {"layout": layout} if layout else {})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def open_workbook(data: bytes, **kwargs):
    return load_workbook(io.BytesIO(data), **kwargs)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def keys(workbook) -> template_build.KeyRecord:
    return template_build.read_keys(workbook[template_build.KEYS_SHEET].iter_rows(values_only=True))


def locate(workbook, code: str, key: str, field: str):
    """The cell that holds one field of one figure (or of the line), found by the hidden keys."""
    record = keys(workbook)
    found = [
        c
        for c in record.cells.values()
        if c.indicator == code and c.breakdown == key and c.field == field
    ]
    assert len(found) == 1, (code, key, field, found)
    wanted = found[0]
    for sheet in workbook.worksheets:
        if sheet.title == template_build.KEYS_SHEET:
            continue
        for row in range(1, sheet.max_row + 1):
            if sheet.cell(row, 1).value == wanted.row_id:
                return sheet.cell(row, column_index_from_string(wanted.column))
    raise AssertionError(f"row {wanted.row_id} not found")


def data_sheets(workbook):
    return [
        s
        for s in workbook.worksheets
        if s.title not in (template_build.KEYS_SHEET, template_build.INSTRUCTIONS_SHEET)
    ]


def signed_in(client, world, username):
    client.force_login(world.users[username])
    return client


# --- A richer plan: two pillars, a province × sex table, a milestone, a text, a yes/no -------------


@pytest.fixture
def rich(world, build):
    sbpac = world.orgs["sbpac"]
    province = build.dimension("province", "TH-94", "TH-95", "TH-96")
    sex = build.dimension("sex", "female", "male")
    handle = build.plan("rich", title="Rich plan", owner=world.orgs["dwf"])
    first = handle.node("1", "Prevention").child("1.1", "Outcome")
    first.indicator("R1", "People trained", lead=sbpac, unit_en="persons").breakdown_by(
        province, sex
    )
    first.indicator(
        "R2", "Network set up", lead=sbpac, value_type="milestone", aggregation="latest"
    )
    second = handle.node("2", "Protection").child("2.1", "Outcome")
    second.indicator(
        "R3", "Lessons learnt", lead=sbpac, value_type="qualitative", aggregation="latest"
    )
    second.indicator("R4", "Hotline open", lead=sbpac, value_type="yes_no", aggregation="latest")
    round_ = services.round_open(
        actor=SYSTEM,
        plan=handle.plan,
        period=period_get_or_create("FY2568"),
        opens_on=dt.date(2025, 10, 1),
        due_on=dt.date(2025, 11, 15),
        closes_on=dt.date(2025, 12, 31),
    )
    return Report.objects.get(round=round_, organization=sbpac)


# --- Tests ------------------------------------------------------------------------------------------------


def test_the_workbook_is_protected_and_only_its_input_cells_are_open_and_shaded(client, world):
    report = fill_sbpac(world)
    workbook = open_workbook(download(signed_in(client, world, "reporter.sbpac"), report))

    assert workbook.security.lockStructure
    sheets = data_sheets(workbook)
    assert [s.title for s in sheets] == ["Pillar 1"]
    sheet = sheets[0]
    assert sheet.protection.sheet and sheet.protection.password
    record = keys(workbook)
    inputs = {(c.indicator, c.breakdown, c.field) for c in record.cells.values()}
    assert inputs == {
        ("1.1.1", "", "value"),
        ("1.1.1", "sex=female", "value"),
        ("1.1.1", "sex=male", "value"),
        ("1.1.1", "", "rating"),
        ("1.1.1", "", "rating_reason"),
        ("1.1.1", "", "comment"),
        ("1.1.2", "", "numerator"),
        ("1.1.2", "", "denominator"),
        ("1.1.2", "", "rating"),
        ("1.1.2", "", "rating_reason"),
        ("1.1.2", "", "comment"),
    }
    unlocked = set()
    for row in sheet.iter_rows():
        for cell in row:
            # The rest of a merged text cell takes after its first cell.
            if not isinstance(cell, MergedCell) and not cell.protection.locked:
                unlocked.add(cell.coordinate)
                assert cell.fill.fgColor.rgb.endswith("FFF6D5")
    located = {locate(workbook, *key).coordinate for key in inputs}
    assert unlocked == located
    # Labels, codes and the hidden keys stay locked.
    assert sheet["B4"].value == "1.1.1" and sheet["B4"].protection.locked
    assert sheet["A4"].protection.locked


def test_current_values_are_prefilled_in_their_cells(client, world):
    report = fill_sbpac(world)
    workbook = open_workbook(download(signed_in(client, world, "reporter.sbpac"), report))

    assert locate(workbook, "1.1.1", "", "value").value == 120
    assert locate(workbook, "1.1.1", "sex=female", "value").value == 70
    assert locate(workbook, "1.1.1", "sex=male", "value").value == 50
    assert locate(workbook, "1.1.2", "", "numerator").value == 12
    assert locate(workbook, "1.1.2", "", "denominator").value == 40
    assert locate(workbook, "1.1.1", "", "rating").value == "เป็นไปตามแผน / On track"
    assert locate(workbook, "1.1.2", "", "rating").value == "บรรลุแล้ว / Achieved"


def test_choices_have_drop_down_lists_and_numbers_a_check_with_a_thai_and_english_message(
    client, world, rich
):
    client = signed_in(client, world, "reporter.sbpac")
    workbook = open_workbook(download(client, rich))
    sheet = workbook["Pillar 1"]
    validations = sheet.data_validations.dataValidation
    lists = [v for v in validations if v.type == "list"]
    decimals = [v for v in validations if v.type == "decimal"]

    def covering(cell):
        rules = cell.parent.data_validations.dataValidation
        return [v for v in rules if cell.coordinate in v.sqref]

    milestone = locate(workbook, "R2", "", "milestone_status")
    (rule,) = covering(milestone)
    assert rule.type == "list"
    assert "อยู่ระหว่างดำเนินการ / In progress" in rule.formula1
    rating = locate(workbook, "R1", "", "rating")
    (rule,) = covering(rating)
    assert "มีความเสี่ยง / At risk" in rule.formula1 and rule in lists
    assert "ไม่เป็นไปตามแผน / Off track" in rule.formula1
    cell = locate(workbook, "R1", "province=TH-94;sex=female", "value")
    (rule,) = covering(cell)
    assert rule in decimals and rule.operator == "greaterThanOrEqual" and rule.formula1 == "0"
    assert "ตัวเลข" in rule.error and "Type a number" in rule.error
    assert rule.showErrorMessage and rule.errorStyle == "stop"
    yes_no = locate(workbook, "R4", "", "value")
    assert yes_no.parent.title == "Pillar 2"
    (rule,) = covering(yes_no)
    assert rule.formula1 == '"ใช่ / Yes,ไม่ใช่ / No"'


def test_a_two_dimension_count_is_a_table_with_row_and_column_totals(client, world, rich):
    workbook = open_workbook(download(signed_in(client, world, "reporter.sbpac"), rich))
    sheet = workbook["Pillar 1"]
    pattani_female = locate(workbook, "R1", "province=TH-94;sex=female", "value")
    pattani_male = locate(workbook, "R1", "province=TH-94;sex=male", "value")
    pattani_total = locate(workbook, "R1", "province=TH-94", "value")
    female_total = locate(workbook, "R1", "sex=female", "value")
    # The provinces run down the page, the sexes across, each row ending with its total.
    assert pattani_female.row == pattani_male.row == pattani_total.row
    assert (pattani_female.column, pattani_male.column, pattani_total.column) == (5, 6, 7)
    assert female_total.column == 5 and female_total.row > pattani_female.row
    assert sheet.cell(pattani_female.row, 3).value == "TH-94"


def test_one_sheet_per_pillar_or_a_single_sheet(client, world, rich):
    client = signed_in(client, world, "reporter.sbpac")
    per_pillar = open_workbook(download(client, rich))
    single = open_workbook(download(client, rich, "single"))

    assert per_pillar.sheetnames == [
        template_build.INSTRUCTIONS_SHEET,
        "Pillar 1",
        "Pillar 2",
        template_build.KEYS_SHEET,
    ]
    assert [s.title for s in data_sheets(single)] == ["Indicators"]
    assert keys(single).meta["layout"] == "single"
    assert {c.indicator for c in keys(single).cells.values()} == {"R1", "R2", "R3", "R4"}


def test_hidden_keys_record_the_report_and_every_input_cell(client, world):
    report = world.report("sbpac")
    workbook = open_workbook(download(signed_in(client, world, "reporter.sbpac"), report))
    sheet = data_sheets(workbook)[0]

    assert sheet.column_dimensions["A"].hidden
    assert sheet.row_dimensions[1].hidden
    assert sheet["A1"].value == "#columns"
    assert workbook[template_build.KEYS_SHEET].sheet_state == "veryHidden"
    record = keys(workbook)
    assert record.meta["report"] == str(report.pk)
    assert record.meta["report_version"] == str(report.version)
    assert record.meta["checksum"] == record.signature()
    line = world.line("sbpac", "1.1.1")
    assert record.lines[line.pk] == ("1.1.1", line.version)
    female = locate(workbook, "1.1.1", "sex=female", "value")
    assert sheet.cell(female.row, 1).value in record.rows


def test_the_instructions_come_first_in_thai_and_english_whatever_the_page_language(client, world):
    report = world.report("sbpac")
    client = signed_in(client, world, "reporter.sbpac")
    response = client.get(f"/th/reports/{report.pk}/workbook.xlsx")
    workbook = open_workbook(response.content)

    assert workbook.sheetnames[0] == template_build.INSTRUCTIONS_SHEET
    sheet = workbook.worksheets[0]
    thai = " ".join(str(c.value or "") for c in sheet["A"])
    english_text = " ".join(str(c.value or "") for c in sheet["B"])
    assert "ใช้จุด (.) เป็นจุดทศนิยม" in thai and "ห้ามเพิ่ม ลบ หรือย้ายแถว" in thai
    assert "decimal separator" in english_text and "Do not add, delete or move rows" in english_text
    assert "ใช่ / Yes" in thai and "In progress" in english_text
    assert "How to upload" in english_text and "วิธีส่งข้อมูลกลับ" in thai
    assert sheet.protection.sheet


def test_cells_use_sarabun_wrap_thai_text_and_freeze_the_headings(client, world):
    workbook = open_workbook(
        download(signed_in(client, world, "reporter.sbpac"), world.report("sbpac"))
    )
    sheet = data_sheets(workbook)[0]

    assert sheet.freeze_panes == "D4"
    assert sheet["C4"].font.name == "Sarabun" and sheet["C4"].alignment.wrap_text
    assert locate(workbook, "1.1.1", "", "value").font.name == "Sarabun"
    assert sheet.column_dimensions["C"].width > 30


def test_a_comment_that_looks_like_a_formula_is_written_as_text(client, world):
    line = world.line("sbpac", "1.1.1")
    services.line_save(
        actor=world.users["reporter.sbpac"],
        line=line,
        expected_version=line.version,
        figures={},
        comment='=HYPERLINK("http://evil.example","x")',
    )
    workbook = open_workbook(download(signed_in(client, world, "reporter.sbpac"), line.report))
    cell = locate(workbook, "1.1.1", "", "comment")

    assert cell.data_type == "s"
    assert cell.value.startswith("'=HYPERLINK")


def test_a_viewer_of_the_agency_downloads_but_another_agency_gets_404(client, world):
    report = world.report("sbpac")

    assert download(signed_in(client, world, "viewer.sbpac"), report)[:2] == b"PK"
    client.force_login(world.users["reporter.rtp"])
    response = client.get(reverse("report-workbook-download", args=[report.pk]))
    assert response.status_code == 404
    client.logout()
    response = client.get(reverse("report-workbook-download", args=[report.pk]))
    assert response.status_code == 302  # to the sign-in page


def test_the_report_page_offers_the_workbook_box(client, world):
    report = world.report("sbpac")
    page = signed_in(client, world, "reporter.sbpac").get(
        reverse("report-detail", args=[report.pk])
    )
    html = page.content.decode()
    assert reverse("report-workbook-download", args=[report.pk]) in html
    assert reverse("report-workbook-upload", args=[report.pk]) in html

    page = signed_in(client, world, "viewer.sbpac").get(reverse("report-detail", args=[report.pk]))
    html = page.content.decode()
    assert reverse("report-workbook-download", args=[report.pk]) in html
    assert reverse("report-workbook-upload", args=[report.pk]) not in html
