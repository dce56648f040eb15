"""Dates and periods written as Thai officials and ASEAN partners write them."""

import datetime as dt

import pytest

from naptrack.periods import calendars
from naptrack.periods.calendars import Kind

MIDSUMMER = dt.date(2024, 6, 24)


def label(code: str, language: str, **options) -> str:
    return calendars.period_label(calendars.parse_period_code(code), language, **options)


# --- Dates ---------------------------------------------------------------------------------------


def test_a_thai_date_is_written_in_the_buddhist_era_with_the_short_month():
    assert calendars.format_date(MIDSUMMER, "th") == "24 มิ.ย. 2567"


def test_a_thai_date_can_be_written_in_thai_digits():
    assert calendars.format_date(MIDSUMMER, "th", use_thai_digits=True) == "๒๔ มิ.ย. ๒๕๖๗"


def test_a_thai_date_can_be_written_with_the_long_month():
    assert calendars.format_date(MIDSUMMER, "th", long=True) == "24 มิถุนายน 2567"
    assert (
        calendars.format_date(MIDSUMMER, "th", long=True, use_thai_digits=True) == "๒๔ มิถุนายน ๒๕๖๗"
    )


def test_a_thai_date_can_be_written_in_the_common_era():
    assert calendars.format_date(MIDSUMMER, "th", era="ce") == "24 มิ.ย. 2024"


def test_an_english_date_is_in_the_common_era_unless_the_buddhist_era_is_asked_for():
    assert calendars.format_date(MIDSUMMER, "en") == "24 Jun 2024"
    assert calendars.format_date(MIDSUMMER, "en", era="be") == "24 Jun 2567 B.E."
    assert calendars.format_date(MIDSUMMER, "en", long=True) == "24 June 2024"


def test_a_vietnamese_date_is_day_month_year():
    assert calendars.format_date(MIDSUMMER, "vi") == "24/6/2024"
    assert calendars.format_date(MIDSUMMER, "vi", long=True) == "ngày 24 tháng 6 năm 2024"


def test_a_regional_language_code_is_read_as_its_language():
    assert calendars.format_date(MIDSUMMER, "en-us") == "24 Jun 2024"
    assert calendars.format_date(MIDSUMMER, "th-th") == "24 มิ.ย. 2567"


@pytest.mark.parametrize(
    ("month", "thai_short"),
    [
        (1, "ม.ค."), (2, "ก.พ."), (3, "มี.ค."), (4, "เม.ย."), (5, "พ.ค."), (6, "มิ.ย."),
        (7, "ก.ค."), (8, "ส.ค."), (9, "ก.ย."), (10, "ต.ค."), (11, "พ.ย."), (12, "ธ.ค."),
    ],
)  # fmt: skip
def test_every_thai_month_has_its_official_abbreviation(month, thai_short):
    assert calendars.format_date(dt.date(2024, month, 1), "th") == f"1 {thai_short} 2567"


# --- Fiscal years, halves and quarters ----------------------------------------------------------------


def test_fiscal_year_2568_runs_from_october_2024_to_september_2025():
    spec = calendars.parse_period_code("FY2568")

    assert (spec.kind, spec.start, spec.end, spec.parent_code) == (
        Kind.FISCAL_YEAR,
        dt.date(2024, 10, 1),
        dt.date(2025, 9, 30),
        None,
    )


def test_fiscal_year_2568_is_named_as_thai_budget_documents_name_it():
    assert label("FY2568", "th") == "ปีงบประมาณ พ.ศ. 2568"
    assert label("FY2568", "th", short=True) == "ปีงบ 2568"
    assert label("FY2568", "th", use_thai_digits=True) == "ปีงบประมาณ พ.ศ. ๒๕๖๘"


def test_fiscal_year_2568_is_named_in_english_with_its_months():
    assert label("FY2568", "en") == "FY2568 (Oct 2024 – Sep 2025)"
    assert label("FY2568", "en", short=True) == "FY2568"


@pytest.mark.parametrize(
    ("code", "start", "end", "parent"),
    [
        ("FY2568-Q1", dt.date(2024, 10, 1), dt.date(2024, 12, 31), "FY2568-H1"),
        ("FY2568-Q2", dt.date(2025, 1, 1), dt.date(2025, 3, 31), "FY2568-H1"),
        ("FY2568-Q3", dt.date(2025, 4, 1), dt.date(2025, 6, 30), "FY2568-H2"),
        ("FY2568-Q4", dt.date(2025, 7, 1), dt.date(2025, 9, 30), "FY2568-H2"),
        ("FY2568-H1", dt.date(2024, 10, 1), dt.date(2025, 3, 31), "FY2568"),
        ("FY2568-H2", dt.date(2025, 4, 1), dt.date(2025, 9, 30), "FY2568"),
    ],
)
def test_fiscal_quarters_and_halves_of_2568(code, start, end, parent):
    spec = calendars.parse_period_code(code)

    assert (spec.start, spec.end, spec.parent_code) == (start, end, parent)


def test_the_first_fiscal_quarter_is_october_to_december_2024():
    assert label("FY2568-Q1", "en") == "FY2568 Q1 (Oct 2024 – Dec 2024)"
    assert label("FY2568-Q1", "th") == "ไตรมาส 1 ปีงบประมาณ พ.ศ. 2568 (ต.ค. 2567 – ธ.ค. 2567)"
    assert label("FY2568-Q1", "th", short=True) == "ไตรมาส 1 ปีงบ 2568"


def test_fiscal_halves_are_named_first_and_second():
    assert label("FY2568-H1", "th", short=True) == "ครึ่งปีแรก ปีงบ 2568"
    assert label("FY2568-H2", "th", short=True) == "ครึ่งปีหลัง ปีงบ 2568"
    assert label("FY2568-H2", "en") == "FY2568 H2 (Apr 2025 – Sep 2025)"


def test_a_date_knows_its_fiscal_quarter():
    assert calendars.fiscal_quarter_of(dt.date(2024, 10, 1)) == (2568, 1)
    assert calendars.fiscal_quarter_of(MIDSUMMER) == (2567, 3)
    assert calendars.fiscal_quarter_of(dt.date(2025, 9, 30)) == (2568, 4)


# --- Calendar years, quarters, months and lifetimes ----------------------------------------------------


def test_calendar_periods_are_named_in_each_language():
    assert label("CY2024", "th") == "ปี พ.ศ. 2567 (ค.ศ. 2024)"
    assert label("CY2024", "en") == "2024"
    assert label("CY2024", "vi") == "Năm 2024"
    assert label("CY2024-Q2", "th") == "ไตรมาส 2/2567"
    assert label("CY2024-Q2", "en") == "Q2 2024"
    assert label("CY2024-Q2", "vi") == "Quý 2/2024"
    assert label("M2024-03", "th") == "มี.ค. 2567"
    assert label("M2024-03", "en") == "Mar 2024"


def test_a_month_is_part_of_its_calendar_quarter():
    spec = calendars.parse_period_code("M2024-03")

    assert (spec.start, spec.end, spec.parent_code) == (
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 31),
        "CY2024-Q1",
    )
    assert calendars.parse_period_code("M2024-02").end == dt.date(2024, 2, 29)


def test_a_plan_lifetime_is_named_by_its_months():
    code = calendars.lifetime_code(dt.date(2023, 10, 1), dt.date(2027, 9, 30))

    assert code == "LIFE-20231001-20270930"
    assert label(code, "en") == "Life of plan (Oct 2023 – Sep 2027)"
    assert label(code, "th") == "ตลอดแผน (ต.ค. 2566 – ก.ย. 2570)"


def test_the_years_of_a_plan_are_named_by_its_calendar():
    start, end = dt.date(2023, 10, 1), dt.date(2027, 9, 30)

    assert calendars.span_label("thai_fiscal", start, end, "th") == "ปีงบประมาณ พ.ศ. 2567–2570"
    assert (
        calendars.span_label("thai_fiscal", start, end, "en")
        == "FY2567–FY2570 (Oct 2023 – Sep 2027)"
    )
    assert (
        calendars.span_label("gregorian", dt.date(2024, 1, 1), dt.date(2030, 12, 31), "en")
        == "2024–2030"
    )


def test_the_fiscal_years_a_plan_touches_are_listed_in_order():
    codes = calendars.fiscal_year_codes_between(dt.date(2024, 1, 1), dt.date(2026, 12, 31))

    assert codes == ["FY2567", "FY2568", "FY2569", "FY2570"]


def test_the_nine_month_round_runs_from_october_to_june_of_the_fiscal_year():
    spec = calendars.parse_period_code("FY2568-M9")
    assert (spec.start, spec.end, spec.parent_code) == (
        dt.date(2024, 10, 1),
        dt.date(2025, 6, 30),
        "FY2568",
    )
    assert (
        calendars.period_label(spec, "th")
        == "รอบ 9 เดือน ปีงบประมาณ พ.ศ. 2568 (ต.ค. 2567 – มิ.ย. 2568)"
    )
    assert calendars.period_label(spec, "en") == "FY2568 9 months (Oct 2024 – Jun 2025)"
