"""Every rule a row of a bulk import must meet, each reported by row and column; nothing written.

The world is the reporting tests' (see test_bulk_service.py): FY2568 open, every report a draft.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from openpyxl import Workbook

from naptrack.core.services import SYSTEM
from naptrack.reporting import services
from naptrack.reporting.models import ReportState, Value, ValueChange
from naptrack.transfers import services_bulk
from naptrack.transfers.models import BatchState
from tests.reporting import conftest as reporting
from tests.transfers.test_bulk_service import GOOD, HEADER, messages, run, stored

english = reporting.english  # the reporting tests' fixture
fill_sbpac = reporting.fill_sbpac
world = reporting.world  # the reporting tests' fixture


def one_error(batch):
    assert batch.state == BatchState.INVALID, batch.summary
    assert not Value.objects.exists() or batch.summary.get("new", 0) == 0
    assert len(batch.errors) == 1, batch.errors
    error = batch.errors[0]
    return error["row"], error["column"], error["message"]


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("9.9.9,FY2568,sbpac,,1,,", "indicator", "No indicator “9.9.9” in the plans you may"),
        (",FY2568,sbpac,,1,,", "indicator", "Give the indicator's code."),
        ("1.1.1,last year,sbpac,,1,,", "period", "“last year” is not a period."),
        ("1.1.1,,sbpac,,1,,", "period", "Give the period"),
        ("1.1.1,FY2567,sbpac,,1,,", "period", "Plan nap has no reporting round for FY2567."),
        ("1.1.1,FY2568,nobody,,1,,", "agency", "No agency with the code “nobody”."),
        ("1.1.1,FY2568,,,1,,", "agency", "Give the agency's code."),
        ("1.1.1,FY2568,dwf,,1,,", "agency", "dwf has no report in the FY2568 round"),
        ("1.1.3,FY2568,sbpac,,1,,", "agency", "sbpac does not report indicator 1.1.3."),
        ("1.1.1,FY2568,sbpac,other,1,,", "sex", "“other” is not an option of sex."),
        ("1.1.2,FY2568,sbpac,female,,1,2", "sex", "Indicator 1.1.2 is not broken down by sex."),
        ("1.1.1,FY2568,sbpac,,abc,,", "value", "“abc” is not a number."),
        ("1.1.1,FY2568,sbpac,,-3,,", "value", "A count or amount cannot be negative."),
        ("1.1.1,FY2568,sbpac,,3,1,2", "value", "Only a percentage indicator has a numerator"),
        ("1.1.2,FY2568,sbpac,,,50,40", "numerator", "cannot be larger than the denominator"),
        ("1.1.2,FY2568,sbpac,,,5,", "denominator", "Give both the numerator and the denominator."),
        ("1.1.2,FY2568,sbpac,,,5,0", "denominator", "must be greater than zero"),
        ("1.1.2,FY2568,sbpac,,120,,", "value", "A percentage must be between 0 and 100"),
        ("1.1.3,FY2568,rtp,,2,,", "value", "Answer yes or no."),
        ("1.1.1,FY2568,sbpac,,=1+1,,", "value", "“=1+1” is not a number."),
        ("1.1.1,FY2568,sbpac,,1e20,,", "value", "This number is too large."),
    ],
)
def test_each_rule_names_the_row_and_column(world, line, column, message):
    batch = run(world.users["coordinator.dwf"], *GOOD[:2], line)
    row, got_column, got_message = one_error(batch)
    assert (row, got_column) == (4, column)
    assert message in got_message
    assert not Value.objects.exists()


def test_every_problem_of_a_row_is_reported(world):
    batch = run(world.users["coordinator.dwf"], "9.9.9,FY2568,nobody,other,x,,")
    assert sorted(c for _r, c, _m in messages(batch)) == ["agency", "indicator", "sex"]


def test_numbers_as_officers_type_them(world):
    batch = run(
        world.users["coordinator.dwf"],
        '1.1.1,FY2568,sbpac,,"1,200",,',
        "1.1.1,FY2568,sbpac,female,๗๐๐,,",
        "1.1.1,FY2568,sbpac,male, 500 ,,",
        "1.1.3,FY2568,rtp,,yes,,",
        "1.1.2,FY2568,sbpac,,,๑๒,40",
    )
    assert batch.state == BatchState.APPLIED, batch.errors
    assert stored(world) == {None: 1200, "sex=female": 700, "sex=male": 500}
    assert Value.objects.get(line=world.line("rtp", "1.1.3")).value == 1
    assert Value.objects.get(line=world.line("sbpac", "1.1.2")).value == Decimal("30")


def test_years_in_either_era_name_the_same_round(world):
    batch = run(
        world.users["coordinator.dwf"],
        "1.1.1,2568,sbpac,,10,,",
        "1.1.1,2025,sbpac,female,6,,",
        "1.1.1,FY2025,sbpac,male,4,,",
    )
    assert batch.state == BatchState.APPLIED, batch.errors
    assert stored(world) == {None: 10, "sex=female": 6, "sex=male": 4}


def test_the_same_value_twice_in_a_file_names_the_earlier_row(world):
    batch = run(world.users["coordinator.dwf"], *GOOD, "1.1.1,2568,sbpac,female,71,,")
    assert messages(batch) == [
        (6, "", "This row gives the same indicator, period, agency and breakdown as row 3.")
    ]
    assert not Value.objects.exists()


def test_rows_without_a_figure_are_skipped_and_never_clear_a_value(world):
    coordinator = world.users["coordinator.dwf"]
    run(coordinator, *GOOD)
    batch = run(coordinator, "1.1.1,FY2568,sbpac,,,,", "1.1.1,FY2568,sbpac,female,70,,")
    assert batch.summary["skipped_empty"] == 1 and batch.summary["unchanged"] == 1
    assert stored(world)[None] == 120


def test_columns_are_checked_before_any_row(world):
    batch = run(
        world.users["coordinator.dwf"],
        "1.1.1,FY2568,1",
        header="indicator,year,colour\n",
    )
    found = messages(batch)
    assert (1, "colour") in [(r, c) for r, c, _m in found]
    assert any("no “agency” column" in m for _r, _c, m in found)


def test_thai_column_names_are_understood(world):
    batch = run(
        world.users["coordinator.dwf"],
        "1.1.1,2568,sbpac,หญิง,70",
        header="ตัวชี้วัด,ปีงบประมาณ,หน่วยงาน,เพศ,ค่า\n",
    )
    # "เพศ" is not the sex dimension's name in this world: the column is refused by its name.
    assert batch.state == BatchState.INVALID
    assert messages(batch)[0][1] == "เพศ"


def test_an_accepted_report_is_refused_until_reopened(world, django_capture_on_commit_callbacks):
    report = fill_sbpac(world)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(actor=world.users["reporter.sbpac"], report=report)
        report = services.report_approve(actor=world.users["approver.sbpac"], report=report)
        services.report_accept(actor=world.users["coordinator.dwf"], report=report)
    batch = run(world.users["coordinator.dwf"], "1.1.1,FY2568,sbpac,female,71,,")
    row, column, message = one_error(batch)
    assert column == "agency" and "reopen it" in message
    assert stored(world)["sex=female"] == 70


def test_an_approved_report_needs_a_reason(world, django_capture_on_commit_callbacks):
    report = fill_sbpac(world)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(actor=world.users["reporter.sbpac"], report=report)
        services.report_approve(actor=world.users["approver.sbpac"], report=report)
    coordinator = world.users["coordinator.dwf"]
    refused = run(coordinator, "1.1.1,FY2568,sbpac,female,71,,")
    assert "give the reason" in one_error(refused)[2]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = run(
            coordinator, "1.1.1,FY2568,sbpac,female,71,,", reason="Corrected by the ministry"
        )
    assert batch.state == BatchState.APPLIED
    change = ValueChange.objects.order_by("-pk").first()
    assert change.reason == "Corrected by the ministry" and change.after["value"] == "71"
    assert callbacks, "the provisional progress of an approved report is refreshed"
    # An unchanged value needs no reason.
    assert run(coordinator, "1.1.1,FY2568,sbpac,female,71,,").state == BatchState.APPLIED


def test_a_submitted_report_is_the_coordinators_not_the_agencys(world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    refused = run(world.users["reporter.sbpac"], "1.1.1,FY2568,sbpac,female,71,,")
    assert "has been submitted" in one_error(refused)[2]
    assert run(world.users["coordinator.dwf"], "1.1.1,FY2568,sbpac,female,71,,").state == (
        BatchState.APPLIED
    )


def test_a_coordinator_of_another_plan_cannot_reach_this_plan(world, build):
    other = build.organization("mfa")
    build.plan("mfa-plan", owner=other).node("A", "Pillar").indicator("A.1", "x", lead=other)
    coordinator = build.user("coordinator.mfa", organization=other, role="coordinator")
    batch = run(coordinator, *GOOD)
    assert batch.state == BatchState.INVALID
    assert {c for _r, c, _m in messages(batch)} == {"indicator"}
    assert "No indicator “1.1.1” in the plans you may import into" in batch.errors[0]["message"]
    assert not Value.objects.exists()


def test_an_indicator_code_in_two_plans_needs_the_plan_column(world, build):
    dwf = world.orgs["dwf"]
    twin = build.plan("twin", owner=dwf).node("1", "P").child("1.1", "O")
    twin.indicator("1.1.1", "Same code", lead=world.orgs["sbpac"])
    services.round_open(
        actor=SYSTEM,
        plan=twin.node.plan,
        period=world.round.period,
        opens_on=world.round.opens_on,
        due_on=world.round.due_on,
        closes_on=world.round.closes_on,
    )
    batch = run(world.users["coordinator.dwf"], "1.1.1,FY2568,sbpac,,5,,")
    assert "is in several plans (nap, twin)" in one_error(batch)[2]
    batch = run(
        world.users["coordinator.dwf"],
        "nap,1.1.1,FY2568,sbpac,,5,,",
        header="plan," + HEADER,
    )
    assert batch.state == BatchState.APPLIED and stored(world) == {None: 5}


def test_xlsx_errors_name_the_sheet_and_cell(world):
    book = Workbook()
    sheet = book.active
    sheet.title = "values"
    sheet.append(["indicator", "period", "agency", "sex", "value"])
    sheet.append(["1.1.1", 2568, "sbpac", None, 120])
    sheet.append(["1.1.1", 2568, "sbpac", "female", "seventy"])
    sheet.append(["1.1.1", 2568, "sbpac", "male", 50.0])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    batch = services_bulk.bulk_import(
        actor=world.users["coordinator.dwf"], path_or_file=buffer, original_name="v.xlsx"
    )
    assert batch.file_format == "xlsx"
    assert batch.errors == [
        {
            "row": 3,
            "column": "value",
            "message": "“seventy” is not a number.",
            "sheet": "values",
            "cell": "E3",
        }
    ]
    sheet["E3"] = 70
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    batch = services_bulk.bulk_import(
        actor=world.users["coordinator.dwf"], path_or_file=buffer, original_name="v.xlsx"
    )
    assert batch.state == BatchState.APPLIED
    assert stored(world) == {None: 120, "sex=female": 70, "sex=male": 50}


def test_json_import_with_a_nested_breakdown(world):
    items = {
        "values": [
            {"indicator": "1.1.1", "period": 2568, "agency": "sbpac", "value": 120},
            {
                "indicator": "1.1.1",
                "period": "FY2568",
                "agency": "sbpac",
                "breakdown": {"sex": "female"},
                "value": 70.5,
            },
            {
                "indicator": "1.1.2",
                "period": "FY2568",
                "agency": "sbpac",
                "numerator": 1,
                "denominator": 3,
            },
        ]
    }
    batch = services_bulk.bulk_import(
        actor=world.users["coordinator.dwf"],
        path_or_file=io.BytesIO(json.dumps(items).encode()),
        original_name="values.json",
    )
    assert batch.state == BatchState.APPLIED, batch.errors
    assert stored(world) == {None: 120, "sex=female": Decimal("70.5")}
    assert Value.objects.get(line=world.line("sbpac", "1.1.2")).value == Decimal("33.3333")
    again = services_bulk.bulk_import(
        actor=world.users["coordinator.dwf"],
        path_or_file=io.BytesIO(json.dumps(items).encode()),
        original_name="values.json",
    )
    assert again.summary["unchanged"] == 3 and again.summary["changed"] == 0


def test_a_file_over_the_limit_is_refused_before_reading(world, settings):
    from django.core.exceptions import ValidationError

    settings.NAPTRACK_IMPORT_MAX_MB = 0
    with pytest.raises(ValidationError, match="too large"):
        run(world.users["coordinator.dwf"], *GOOD)


def test_a_cp874_file(world):
    text = (HEADER + "1.1.1,๒๕๖๘,sbpac,,๑๒๐,,\n").encode("cp874")
    batch = services_bulk.bulk_import(
        actor=world.users["coordinator.dwf"], path_or_file=io.BytesIO(text), original_name="a.csv"
    )
    assert (batch.state, batch.encoding) == (BatchState.APPLIED, "cp874")
    assert stored(world) == {None: 120}


def test_report_state_is_irrelevant_for_untouched_reports(world):
    # The police's report is accepted-free and untouched: importing SBPAC's values leaves it as is.
    run(world.users["coordinator.dwf"], *GOOD)
    assert world.report("rtp").state == ReportState.DRAFT
    assert not world.report("rtp").events.filter(kind="saved").exists()
