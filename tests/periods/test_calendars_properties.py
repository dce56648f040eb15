"""Properties of the calendars that hold for every date and every code, checked with hypothesis."""

import datetime as dt
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from naptrack.periods import calendars
from naptrack.periods.calendars import Kind, PeriodCodeError

ONE_DAY = dt.timedelta(days=1)

# Dates whose fiscal year and its bounds are valid Python dates.
any_date = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9000, 12, 31))
# Dates that period codes accept (years 1950–2200 C.E.).
code_date = st.dates(
    min_value=dt.date(calendars.MIN_CE_YEAR, 1, 1), max_value=dt.date(calendars.MAX_CE_YEAR, 12, 31)
)
ce_years = st.integers(min_value=calendars.MIN_CE_YEAR, max_value=calendars.MAX_CE_YEAR)
fiscal_years = st.integers(
    min_value=calendars.be_year(calendars.MIN_CE_YEAR),
    max_value=calendars.be_year(calendars.MAX_CE_YEAR),
)


def halves(fy: int) -> list[tuple[dt.date, dt.date]]:
    return [calendars.fiscal_part_bounds(fy, 6, n) for n in (1, 2)]


def quarters(fy: int) -> list[tuple[dt.date, dt.date]]:
    return [calendars.fiscal_part_bounds(fy, 3, n) for n in (1, 2, 3, 4)]


def assert_tiles(parts: list[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> None:
    """The parts begin at start, end at end, and each begins the day after the previous one ends."""
    assert parts[0][0] == start
    assert parts[-1][1] == end
    for (_, previous_end), (next_start, _) in zip(parts, parts[1:], strict=False):
        assert next_start == previous_end + ONE_DAY
    assert all(part_start <= part_end for part_start, part_end in parts)


# --- Buddhist Era and fiscal years ---------------------------------------------------------------


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_be_and_ce_years_convert_both_ways(year):
    assert calendars.ce_year(calendars.be_year(year)) == year
    assert calendars.be_year(year) - year == 543


@given(any_date)
@example(dt.date(2024, 9, 30))
@example(dt.date(2024, 10, 1))
@example(dt.date(2024, 12, 31))
@example(dt.date(2025, 1, 1))
def test_a_date_falls_in_the_fiscal_year_named_by_the_be_year_it_ends(day):
    expected = day.year + 543 + (1 if day.month >= 10 else 0)

    assert calendars.fiscal_year_of(day) == expected


@given(any_date)
def test_every_date_lies_inside_its_fiscal_year(day):
    start, end = calendars.fiscal_year_bounds(calendars.fiscal_year_of(day))

    assert start <= day <= end
    assert (start.month, start.day, end.month, end.day) == (10, 1, 9, 30)
    assert calendars.be_year(end.year) == calendars.fiscal_year_of(day)


@given(any_date)
def test_every_date_lies_in_exactly_one_half_and_one_quarter(day):
    fy = calendars.fiscal_year_of(day)

    containing_halves = [n for n, (start, end) in enumerate(halves(fy), 1) if start <= day <= end]
    containing_quarters = [
        n for n, (start, end) in enumerate(quarters(fy), 1) if start <= day <= end
    ]

    assert len(containing_halves) == 1
    assert len(containing_quarters) == 1
    assert calendars.fiscal_quarter_of(day) == (fy, containing_quarters[0])
    assert containing_halves[0] == (containing_quarters[0] + 1) // 2


@given(st.integers(min_value=1600, max_value=9000))
def test_halves_and_quarters_tile_the_fiscal_year_without_gap_or_overlap(fy):
    start, end = calendars.fiscal_year_bounds(fy)

    assert_tiles(halves(fy), start, end)
    assert_tiles(quarters(fy), start, end)
    assert_tiles(quarters(fy)[:2], *halves(fy)[0])
    assert_tiles(quarters(fy)[2:], *halves(fy)[1])


@given(st.integers(min_value=1600, max_value=9000))
def test_consecutive_fiscal_years_follow_each_other(fy):
    _, end = calendars.fiscal_year_bounds(fy)
    next_start, _ = calendars.fiscal_year_bounds(fy + 1)

    assert next_start == end + ONE_DAY


# --- Period codes ------------------------------------------------------------------------------


@st.composite
def period_codes(draw) -> str:
    """Draw a well-formed code of any kind within the years codes accept."""
    kind = draw(st.sampled_from(list(Kind)))
    if kind is Kind.FISCAL_YEAR:
        return f"FY{draw(fiscal_years)}"
    if kind is Kind.FISCAL_HALF:
        return f"FY{draw(fiscal_years)}-H{draw(st.integers(1, 2))}"
    if kind is Kind.FISCAL_QUARTER:
        return f"FY{draw(fiscal_years)}-Q{draw(st.integers(1, 4))}"
    if kind is Kind.CALENDAR_YEAR:
        return f"CY{draw(ce_years)}"
    if kind is Kind.CALENDAR_QUARTER:
        return f"CY{draw(ce_years)}-Q{draw(st.integers(1, 4))}"
    if kind is Kind.MONTH:
        return f"M{draw(ce_years)}-{draw(st.integers(1, 12)):02d}"
    start = draw(code_date)
    end = draw(st.dates(min_value=start, max_value=dt.date(calendars.MAX_CE_YEAR, 12, 31)))
    return calendars.lifetime_code(start, end)


CANONICAL = re.compile(
    r"FY\d{4}(-H[12]|-Q[1-4])?|CY\d{4}(-Q[1-4])?|M\d{4}-(0[1-9]|1[0-2])|LIFE-\d{8}-\d{8}", re.ASCII
)


@given(period_codes())
def test_a_generated_code_parses_back_to_itself_with_consistent_bounds(code):
    spec = calendars.parse_period_code(code)

    assert spec.code == code
    assert spec.start <= spec.end
    assert calendars.parse_period_code(code.lower()) == spec
    assert calendars.parse_period_code(f"  {code}\n") == spec


@given(period_codes())
def test_a_period_lies_inside_the_period_it_is_part_of(code):
    spec = calendars.parse_period_code(code)
    assume(spec.parent_code is not None)

    parent = calendars.parse_period_code(spec.parent_code)

    assert parent.start <= spec.start <= spec.end <= parent.end


@given(period_codes())
def test_fiscal_codes_name_their_own_fiscal_year(code):
    spec = calendars.parse_period_code(code)
    assume(spec.kind in (Kind.FISCAL_YEAR, Kind.FISCAL_HALF, Kind.FISCAL_QUARTER))

    assert (
        calendars.fiscal_year_of(spec.start) == calendars.fiscal_year_of(spec.end) == int(code[2:6])
    )


@given(code_date, code_date)
def test_a_lifetime_code_round_trips(first, second):
    start, end = min(first, second), max(first, second)

    spec = calendars.parse_period_code(calendars.lifetime_code(start, end))

    assert (spec.kind, spec.start, spec.end) == (Kind.LIFETIME, start, end)


@given(st.text(max_size=30))
@example("FY๒๕๖๘")  # Thai digits would be a second spelling of FY2568
@example("FY٢٥٦٨")
@example("FY2568\n")
def test_any_text_is_either_a_canonical_code_or_refused(text):
    try:
        spec = calendars.parse_period_code(text)
    except PeriodCodeError:
        return
    assert CANONICAL.fullmatch(spec.code)
    assert calendars.parse_period_code(spec.code) == spec


@given(period_codes(), st.data())
def test_a_mistyped_code_is_either_refused_or_another_canonical_code(code, data):
    position = data.draw(st.integers(0, len(code) - 1))
    typo = data.draw(st.sampled_from(["", "0", "9", "-", "Q", "H", "5", " ", "x", "๒"]))
    mistyped = code[:position] + typo + code[position + 1 :]

    try:
        spec = calendars.parse_period_code(mistyped)
    except PeriodCodeError:
        return
    assert CANONICAL.fullmatch(spec.code)
    assert spec.code == mistyped.strip().upper()


@pytest.mark.parametrize(
    "code",
    [
        "",
        "FY",
        "2568",
        "FY 2568",
        "FY25680",
        "FY2568-H3",
        "FY2568-H0",
        "FY2568-Q5",
        "FY2568-Q0",
        "FY2568-Q",
        "FY2568Q1",
        "CY2024-H1",
        "CY2024-Q5",
        "M2024-13",
        "M2024-00",
        "M2024-3",
        "LIFE-20240230-20250101",
        "LIFE-20250101-20240101",
        "LIFE-2024-2025",
        "FY1900",
        "CY1949",
        "CY2201",
        "FY๒๕๖๘",
        "Q1-FY2568",
    ],
)
def test_a_malformed_code_is_refused(code):
    with pytest.raises(PeriodCodeError):
        calendars.parse_period_code(code)


def test_a_missing_code_is_refused():
    with pytest.raises(PeriodCodeError):
        calendars.parse_period_code(None)


# --- Ranges of years -------------------------------------------------------------------------------


@given(code_date, code_date)
def test_fiscal_year_codes_between_cover_start_and_end_without_gaps(first, second):
    start, end = min(first, second), max(first, second)

    codes = calendars.fiscal_year_codes_between(start, end)
    bounds = [calendars.fiscal_year_bounds(int(code.removeprefix("FY"))) for code in codes]

    assert bounds[0][0] <= start <= bounds[0][1]
    assert bounds[-1][0] <= end <= bounds[-1][1]
    for (_, previous_end), (next_start, _) in zip(bounds, bounds[1:], strict=False):
        assert next_start == previous_end + ONE_DAY


@given(code_date, code_date)
def test_calendar_year_codes_between_cover_start_and_end_without_gaps(first, second):
    start, end = min(first, second), max(first, second)

    codes = calendars.calendar_year_codes_between(start, end)

    assert codes == [f"CY{year}" for year in range(start.year, end.year + 1)]
