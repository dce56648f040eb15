"""The Excel file of the values behind a progress report: one row per value, every breakdown in
its own column, B.E. and C.E. years, accepted figures only unless provisional ones are asked for.

The plan is the small Thai NAP of tests/analytics/conftest.py, reported through the real workflow.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from naptrack.core.services import SYSTEM
from naptrack.documents import render_xlsx
from naptrack.documents.contracts import DocumentSpec
from naptrack.frameworks import services as frameworks
from naptrack.periods.services import period_get_or_create
from naptrack.reporting import services as reporting
from tests.analytics.conftest import english, keys, nap  # noqa: F401  (fixtures)

pytestmark = pytest.mark.usefixtures("english")

SBPAC_FY2567 = {
    "1.1.1": {
        None: {"value": "120"},
        **keys(female_pattani="40", female_yala="30", male_pattani="30", male_yala="20"),
    },
    "1.1.2": {
        None: {"numerator": "12", "denominator": "40"},
        "sex=female": {"numerator": "9", "denominator": "20"},
        "sex=male": {"numerator": "3", "denominator": "20"},
    },
}
RTP_FY2567 = {
    "1.1.1": {None: {"value": "30"}},
    "2.1.1": {None: {"value": "114"}},
    "2.1.2": {None: {"text": "@SUM(A1) was typed as the answer"}},
}
SBPAC_FY2568 = {"1.1.1": {None: {"value": "200"}}}


@pytest.fixture
def reported(nap):  # noqa: F811
    """SBPAC accepted for FY2567 and FY2568; the police only submitted FY2567."""
    # A qualitative indicator whose name looks like a formula, led by the police.
    indicator = frameworks.indicator_create(
        actor=SYSTEM,
        node=nap.nodes["2.1"],
        code="2.1.2",
        name_en="=1+2 how safe women feel",
        name_th="=1+2 ความรู้สึกปลอดภัย",
        value_type="qualitative",
        aggregation="latest",
        cumulative_mode="latest",
        sort_order=999,
    )
    frameworks.assignment_set(
        actor=SYSTEM, indicator=indicator, organization=nap.orgs["rtp"], role="lead"
    )
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2567", "rtp", RTP_FY2567, to="submitted")
    nap.deliver("FY2568", "sbpac", SBPAC_FY2568)
    return nap


def workbook(**options):
    spec = DocumentSpec(
        plan_code=options.pop("plan_code", "nap"),
        period_code=options.pop("period_code", "FY2567"),
        format="xlsx",
        language=options.pop("language", "en"),
        **options,
    )
    steps = []
    content = render_xlsx.render(spec, lambda percent, step: steps.append(percent))
    assert steps and steps[-1] == 100
    return load_workbook(io.BytesIO(content))


def rows_of(book, sheet_index=0) -> list[dict]:
    sheet = book.worksheets[sheet_index]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_one_row_per_accepted_value_with_each_breakdown_in_its_own_column(reported):
    book = workbook()
    header = [cell.value for cell in book.worksheets[0][1]]
    rows = rows_of(book)

    # One column per dimension the plan uses, and the province's own code beside it when the
    # options are places (not in this plan: its provinces are plain options).
    assert header.count("sex") == 1 and header.count("province") == 1
    assert header[:4] == ["Indicator code", "Indicator", "Pillar", "Outcome"]
    # SBPAC's accepted FY2567 values only: 1 total + 4 cells of 1.1.1, 1 total + 2 of 1.1.2.
    assert len(rows) == 8
    assert {row["Agency code"] for row in rows} == {"sbpac"}
    assert {row["Period code"] for row in rows} == {"FY2567"}
    cell = next(
        row for row in rows
        if row["Indicator code"] == "1.1.1" and row["sex"] == "female"
        and row["province"] == "yala"
    )  # fmt: skip
    assert cell["Value"] == 30 and cell["Report state"] == "Accepted"
    assert cell["Pillar"] == "1 Participation" and cell["Outcome"] == "1.1 Women take part"
    total = next(row for row in rows if row["Indicator code"] == "1.1.1" and row["sex"] is None)
    assert total["Value"] == 120 and total["province"] is None
    share = next(row for row in rows if row["Indicator code"] == "1.1.2" and row["sex"] is None)
    assert (share["Numerator"], share["Denominator"], share["Unit"]) == (12, 40, "%")
    assert cell["Accepted at"] is not None and hasattr(cell["Accepted at"], "year")


def test_numbers_are_numeric_cells_and_years_are_given_in_both_eras(reported):
    book = workbook()
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    be, ce = header.index("Fiscal year (B.E.)"), header.index("Fiscal year (C.E.)")
    value = header.index("Value")
    for row in sheet.iter_rows(min_row=2):
        assert row[be].data_type == "n" and row[ce].data_type == "n"
        assert row[be].value == row[ce].value + 543 == 2567
        assert row[value].value is None or row[value].data_type == "n"


def test_provisional_rows_appear_only_when_asked_for_with_their_state(reported):
    accepted = rows_of(workbook())
    assert "rtp" not in {row["Agency code"] for row in accepted}

    provisional = rows_of(workbook(provisional=True))
    police = [row for row in provisional if row["Agency code"] == "rtp"]
    assert {row["Report state"] for row in police} == {"Submitted"}
    assert {row["Indicator code"] for row in police} == {"1.1.1", "2.1.1", "2.1.2"}
    assert all(row["Accepted at"] is None for row in police)
    assert len(provisional) == len(accepted) + 3


def test_formula_looking_texts_are_neutralised(reported):
    rows = rows_of(workbook(provisional=True))
    qualitative = next(row for row in rows if row["Indicator code"] == "2.1.2")
    assert qualitative["Text"] == "'@SUM(A1) was typed as the answer"
    assert qualitative["Indicator"] == "'=1+2 how safe women feel"
    sheet = workbook(provisional=True).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_agency_and_period_select_the_rows(reported):
    rows = rows_of(workbook(period_code="FY2568"))
    assert [(r["Indicator code"], r["Value"], r["Period code"]) for r in rows] == [
        ("1.1.1", 200, "FY2568")
    ]
    assert rows[0]["Fiscal year (B.E.)"] == 2568 and rows[0]["Fiscal year (C.E.)"] == 2025
    police = rows_of(workbook(agency_code="rtp", provisional=True))
    assert {row["Agency code"] for row in police} == {"rtp"}
    assert rows_of(workbook(agency_code="rtp")) == []


def test_end_of_plan_file_holds_every_year(reported):
    rows = rows_of(workbook(end_of_plan=True, period_code="LIFE-20231001-20270930"))
    assert {row["Period code"] for row in rows} == {"FY2567", "FY2568"}
    # Ordered by period, then indicator, agency and breakdown (the total first).
    assert [row["Period code"] for row in rows] == sorted(row["Period code"] for row in rows)


def test_another_plans_values_are_absent(reported, build):
    other = build.plan("other", title="Another plan", owner=reported.orgs["dwf"])
    pillar = other.node("9", "Elsewhere")
    pillar.indicator("9.1", "Other count", lead=reported.orgs["sbpac"])
    # Same agency, same period, another plan: none of its values may leak into the file.
    period = period_get_or_create("FY2567")
    round_ = reporting.round_open(
        actor=reported.users["coordinator.dwf"],
        plan=other.plan,
        period=period,
        opens_on=period.end + dt.timedelta(days=1),
        due_on=period.end + dt.timedelta(days=30),
        closes_on=period.end + dt.timedelta(days=60),
    )
    assert round_.reports.exists()
    rows = rows_of(workbook())
    assert "9.1" not in {row["Indicator code"] for row in rows}
    assert rows_of(workbook(plan_code="other")) == []


def test_indicator_sheet_gives_the_stored_progress(reported):
    book = workbook()
    indicators = {row["Indicator code"]: row for row in rows_of(book, 1)}
    assert set(indicators) >= {"1.1.1", "1.1.2", "2.1.1"}
    trained = indicators["1.1.1"]
    # Cumulative since the plan started: SBPAC's accepted 120 this year.
    assert trained["Actual"] == 120 and trained["Target"] == 250 and trained["Baseline"] == 350
    assert trained["Lead agency"] == "SBPAC"
    assert isinstance(trained["Achievement (%)"], (int, float))
    about = {row[0]: row[1] for row in book.worksheets[2].iter_rows(values_only=True) if row}
    assert about["Plan code"] == "nap" and about["Period code"] == "FY2567"
    assert about["Data"] == "Accepted reports only"


def test_thai_headers_and_sarabun(reported):
    book = workbook(language="th")
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    # The document's language, not the one active when it was asked for (English here).
    assert header[:2] == ["รหัสตัวชี้วัด", "ตัวชี้วัด"]
    assert "หน่วยงาน" in header and "ค่า" in header
    assert sheet["A1"].font.name == "Sarabun" and sheet["A1"].font.b
    # Cells without a font of their own (every value) are in Sarabun too.
    assert book._fonts[0].name == "Sarabun" and sheet["B2"].font.name == "Sarabun"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}9"
    # A Thai name comes back as it was typed.
    rows = rows_of(book)
    assert any(row[header[1]] == "People trained in mediation" for row in rows)


def test_decimals_are_exact(reported):
    from naptrack.reporting.models import Value

    value = Value.objects.get(
        line__indicator__code="1.1.1",
        line__report__round__period__code="FY2567",
        line__report__organization__code="sbpac",
        breakdown=None,
    )
    value.value = Decimal("120.2500")
    value.save(update_fields=["value"])
    rows = rows_of(workbook())
    total = next(row for row in rows if row["Indicator code"] == "1.1.1" and row["sex"] is None)
    assert total["Value"] == 120.25


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"plan_code": "nope"}, "There is no plan with the code “nope”."),
        ({"agency_code": "nobody"}, "There is no agency with the code “nobody”."),
        (
            {"period_code": "2568"},
            "“2568” is not a period code such as FY2568, FY2568-Q1, CY2024 or M2024-03.",
        ),
    ],
)
def test_a_wrong_plan_agency_or_period_is_a_clear_error(nap, changes, message):  # noqa: F811
    from naptrack.documents.report_data import DocumentError

    with pytest.raises(DocumentError) as error:
        workbook(**changes)
    assert str(error.value) == message


def test_a_period_without_stored_progress_still_lists_the_indicators(nap):  # noqa: F811
    book = workbook(period_code="FY2570")
    assert rows_of(book) == []
    indicators = rows_of(book, 1)
    assert [row["Indicator code"] for row in indicators] == ["1.1.1", "1.1.2", "2.1.1"]
    assert {row["Status"] for row in indicators} == {"No data"}
    assert indicators[0]["Lead agency"] == "SBPAC"


def test_values_beyond_a_sheets_row_limit_go_on_to_further_sheets(reported, monkeypatch):
    # Excel holds 1,048,576 rows a sheet; a whole national plan has more values than that.
    everything = rows_of(workbook())
    monkeypatch.setattr(render_xlsx, "SHEET_ROWS", 3)
    book = workbook()
    assert book.sheetnames == [
        "Values", "Values (2)", "Values (3)", "Indicators", "About this file",
    ]  # fmt: skip
    split = [row for index in range(3) for row in rows_of(book, index)]
    assert split == everything and len(everything) == 8
    assert [len(rows_of(book, index)) for index in range(3)] == [3, 3, 2]
    assert book.worksheets[2].auto_filter.ref.endswith("3")
