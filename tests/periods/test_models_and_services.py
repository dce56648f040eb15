"""Periods in the database: made from their codes, with the larger periods they belong to."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from naptrack.periods.models import Calendar, Period, PeriodKind
from naptrack.periods.services import period_get_or_create, periods_for_plan_span
from tests.core.refusals import assert_refused


def test_a_quarter_is_made_with_its_half_and_its_fiscal_year(db):
    quarter = period_get_or_create("FY2568-Q3")

    half = quarter.parent
    year = half.parent
    assert (quarter.kind, quarter.start, quarter.end) == (
        PeriodKind.FISCAL_QUARTER,
        dt.date(2025, 4, 1),
        dt.date(2025, 6, 30),
    )
    assert (half.code, half.kind, half.start, half.end) == (
        "FY2568-H2",
        PeriodKind.FISCAL_HALF,
        dt.date(2025, 4, 1),
        dt.date(2025, 9, 30),
    )
    assert (year.code, year.kind, year.parent) == ("FY2568", PeriodKind.FISCAL_YEAR, None)


def test_making_a_period_again_returns_the_same_one_with_one_read(db):
    first = period_get_or_create("FY2568-Q3")

    with CaptureQueriesContext(connection) as queries:
        again = period_get_or_create("FY2568-Q3")

    statements = [
        q["sql"].split()[0].upper()
        for q in queries.captured_queries
        if "SAVEPOINT" not in q["sql"].upper()
    ]
    assert statements == ["SELECT"]
    assert again.pk == first.pk
    assert Period.objects.count() == 3


def test_a_code_typed_in_lower_case_finds_the_same_period(db):
    period = period_get_or_create("FY2568")

    assert period_get_or_create(" fy2568 ").pk == period.pk


def test_a_later_quarter_reuses_the_larger_periods_already_made(db):
    q3 = period_get_or_create("FY2568-Q3")
    q4 = period_get_or_create("FY2568-Q4")
    q1 = period_get_or_create("FY2568-Q1")

    assert q4.parent == q3.parent
    assert q1.parent.parent == q3.parent.parent
    assert sorted(Period.objects.values_list("code", flat=True)) == [
        "FY2568",
        "FY2568-H1",
        "FY2568-H2",
        "FY2568-Q1",
        "FY2568-Q3",
        "FY2568-Q4",
    ]


def test_a_month_is_made_with_its_calendar_quarter_and_year(db):
    month = period_get_or_create("M2024-03")

    assert [month.code, month.parent.code, month.parent.parent.code] == [
        "M2024-03",
        "CY2024-Q1",
        "CY2024",
    ]


def test_a_thai_fiscal_plan_gets_its_years_halves_nine_months_quarters_and_lifetime(db):
    periods = periods_for_plan_span(
        Calendar.THAI_FISCAL, dt.date(2023, 10, 1), dt.date(2025, 9, 30)
    )

    assert [p.code for p in periods] == [
        "FY2567", "FY2567-H1", "FY2567-M9", "FY2567-H2", "FY2567-Q1", "FY2567-Q2", "FY2567-Q3", "FY2567-Q4",
        "FY2568", "FY2568-H1", "FY2568-M9", "FY2568-H2", "FY2568-Q1", "FY2568-Q2", "FY2568-Q3", "FY2568-Q4",
        "LIFE-20231001-20250930",
    ]  # fmt: skip


def test_a_calendar_year_plan_gets_its_years_quarters_and_lifetime(db):
    periods = periods_for_plan_span(
        Calendar.GREGORIAN, dt.date(2024, 1, 1), dt.date(2024, 12, 31), with_parts=True
    )

    assert [p.code for p in periods] == [
        "CY2024",
        "CY2024-Q1",
        "CY2024-Q2",
        "CY2024-Q3",
        "CY2024-Q4",
        "LIFE-20240101-20241231",
    ]


def test_a_period_is_labelled_in_the_active_language(db):
    period = period_get_or_create("FY2568")

    with override("en"):
        assert str(period) == "FY2568 (Oct 2024 – Sep 2025)"
    with override("th"):
        assert str(period) == "ปีงบประมาณ พ.ศ. 2568"
        assert period.short_label == "ปีงบ 2568"


def test_a_period_whose_dates_are_not_those_of_its_code_is_refused(db):
    period = Period(
        code="FY2568",
        kind=PeriodKind.FISCAL_YEAR,
        start=dt.date(2024, 10, 1),
        end=dt.date(2025, 9, 29),
    )

    assert_refused(
        period.full_clean, {"code": ["The kind and dates must be those of the code FY2568."]}
    )


def test_a_period_whose_kind_is_not_that_of_its_code_is_refused(db):
    period = Period(
        code="FY2568",
        kind=PeriodKind.CALENDAR_YEAR,
        start=dt.date(2024, 10, 1),
        end=dt.date(2025, 9, 30),
    )

    assert_refused(
        period.full_clean, {"code": ["The kind and dates must be those of the code FY2568."]}
    )


def test_a_period_with_no_valid_code_is_refused(db):
    period = Period(
        code="FY2568-Q5",
        kind=PeriodKind.FISCAL_QUARTER,
        start=dt.date(2025, 7, 1),
        end=dt.date(2025, 9, 30),
    )

    assert_refused(
        period.full_clean,
        {"code": ["This is not a period code such as FY2568, FY2568-Q1, CY2024 or M2024-03."]},
    )


def test_a_period_typed_in_lower_case_is_kept_under_its_one_spelling(db):
    period = Period(
        code="fy2568-h1",
        kind=PeriodKind.FISCAL_HALF,
        start=dt.date(2024, 10, 1),
        end=dt.date(2025, 3, 31),
    )

    period.full_clean()

    assert period.code == "FY2568-H1"
    assert period.label("en") == "FY2568 H1 (Oct 2024 – Mar 2025)"
