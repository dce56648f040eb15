"""Calendars that plans report by: the Thai fiscal year (B.E.), calendar years, quarters and months.

Everything here is a pure function of dates and codes, so the rules can be tested exhaustively.
A period code names a period without ambiguity in every language:

    FY2568        Thai fiscal year 2568 B.E. (1 Oct 2024 – 30 Sep 2025)
    FY2568-H1     its first half (Oct – Mar)
    FY2568-Q1     its first quarter (Oct – Dec)
    CY2024        calendar year 2024
    CY2024-Q1     calendar quarter
    M2024-03      month
    LIFE-20231001-20270930   a plan's lifetime
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10


class Kind(StrEnum):
    FISCAL_YEAR = "fiscal_year"
    FISCAL_HALF = "fiscal_half"
    FISCAL_QUARTER = "fiscal_quarter"
    FISCAL_TO_DATE = "fiscal_to_date"
    CALENDAR_YEAR = "calendar_year"
    CALENDAR_QUARTER = "calendar_quarter"
    MONTH = "month"
    LIFETIME = "lifetime"


class PeriodCodeError(ValueError):
    """A period code that names no period."""


@dataclass(frozen=True)
class PeriodSpec:
    code: str
    kind: Kind
    start: dt.date
    end: dt.date
    parent_code: str | None = None


def be_year(ce_year: int) -> int:
    """Return the Buddhist-Era year of a Common-Era year."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    """Return the Common-Era year of a Buddhist-Era year."""
    return be - BE_OFFSET


def fiscal_year_of(day: dt.date) -> int:
    """Return the Thai fiscal year (B.E.) that a date falls in; it is named by the year it ends."""
    return day.year + BE_OFFSET + (1 if day.month >= FISCAL_YEAR_START_MONTH else 0)


def fiscal_year_bounds(fy_be: int) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a Thai fiscal year."""
    end_year = ce_year(fy_be)
    return dt.date(end_year - 1, 10, 1), dt.date(end_year, 9, 30)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def fiscal_part_bounds(fy_be: int, months: int, number: int) -> tuple[dt.date, dt.date]:
    """Return the bounds of the number-th part of `months` months (a half: 6, a quarter: 3)."""
    start, _ = fiscal_year_bounds(fy_be)
    y, m = _add_months(start.year, start.month, months * (number - 1))
    ey, em = _add_months(y, m, months - 1)
    return dt.date(y, m, 1), _month_end(ey, em)


def fiscal_quarter_of(day: dt.date) -> tuple[int, int]:
    """Return (fiscal year B.E., quarter 1–4) of a date."""
    fy = fiscal_year_of(day)
    start, _ = fiscal_year_bounds(fy)
    months = (day.year - start.year) * 12 + day.month - start.month
    return fy, months // 3 + 1


# ASCII only: in a str pattern \d also matches Thai (๒๕๖๘) and other digits, which would let
# "FY๒๕๖๘" through as a second, differently spelled code for FY2568.
_PATTERNS = [
    (re.compile(r"^FY(\d{4})$", re.ASCII), Kind.FISCAL_YEAR),
    (re.compile(r"^FY(\d{4})-H([12])$", re.ASCII), Kind.FISCAL_HALF),
    (re.compile(r"^FY(\d{4})-Q([1-4])$", re.ASCII), Kind.FISCAL_QUARTER),
    (re.compile(r"^FY(\d{4})-M(9)$", re.ASCII), Kind.FISCAL_TO_DATE),
    (re.compile(r"^CY(\d{4})$", re.ASCII), Kind.CALENDAR_YEAR),
    (re.compile(r"^CY(\d{4})-Q([1-4])$", re.ASCII), Kind.CALENDAR_QUARTER),
    (re.compile(r"^M(\d{4})-(\d{2})$", re.ASCII), Kind.MONTH),
    (re.compile(r"^LIFE-(\d{8})-(\d{8})$", re.ASCII), Kind.LIFETIME),
]

# Years outside this window are typing mistakes, not plans.
MIN_CE_YEAR, MAX_CE_YEAR = 1950, 2200


def _check_ce(year: int, code: str) -> None:
    if not MIN_CE_YEAR <= year <= MAX_CE_YEAR:
        raise PeriodCodeError(f"Year out of range in period code {code!r}")


def parse_period_code(code: str) -> PeriodSpec:
    """Return the period a code names, or raise PeriodCodeError."""
    code = (code or "").strip().upper()
    for pattern, kind in _PATTERNS:
        match = pattern.match(code)
        if not match:
            continue
        a, b = match.group(1), match.group(2) if pattern.groups > 1 else None
        if kind is Kind.FISCAL_YEAR:
            fy = int(a)
            _check_ce(ce_year(fy), code)
            return PeriodSpec(code, kind, *fiscal_year_bounds(fy))
        if kind is Kind.FISCAL_HALF:
            fy, n = int(a), int(b)
            _check_ce(ce_year(fy), code)
            return PeriodSpec(code, kind, *fiscal_part_bounds(fy, 6, n), parent_code=f"FY{fy}")
        if kind is Kind.FISCAL_QUARTER:
            fy, n = int(a), int(b)
            _check_ce(ce_year(fy), code)
            return PeriodSpec(
                code, kind, *fiscal_part_bounds(fy, 3, n), parent_code=f"FY{fy}-H{(n + 1) // 2}"
            )
        if kind is Kind.FISCAL_TO_DATE:
            # The 9-month round of Thai government KPI reports: October to June, cumulative.
            # (The 6- and 12-month rounds are the first half, H1, and the whole year.)
            fy, months = int(a), int(b)
            _check_ce(ce_year(fy), code)
            start, _ = fiscal_year_bounds(fy)
            _, end = fiscal_part_bounds(fy, months, 1)
            return PeriodSpec(code, kind, start, end, parent_code=f"FY{fy}")
        if kind is Kind.CALENDAR_YEAR:
            year = int(a)
            _check_ce(year, code)
            return PeriodSpec(code, kind, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if kind is Kind.CALENDAR_QUARTER:
            year, n = int(a), int(b)
            _check_ce(year, code)
            first = 3 * (n - 1) + 1
            return PeriodSpec(
                code,
                kind,
                dt.date(year, first, 1),
                _month_end(year, first + 2),
                parent_code=f"CY{year}",
            )
        if kind is Kind.MONTH:
            year, month = int(a), int(b)
            _check_ce(year, code)
            if not 1 <= month <= 12:
                raise PeriodCodeError(f"No month {month} in period code {code!r}")
            quarter = (month - 1) // 3 + 1
            return PeriodSpec(
                code,
                kind,
                dt.date(year, month, 1),
                _month_end(year, month),
                parent_code=f"CY{year}-Q{quarter}",
            )
        if kind is Kind.LIFETIME:
            try:
                start = dt.datetime.strptime(a, "%Y%m%d").date()
                end = dt.datetime.strptime(b, "%Y%m%d").date()
            except ValueError as exc:
                raise PeriodCodeError(f"Invalid date in period code {code!r}") from exc
            _check_ce(start.year, code)
            _check_ce(end.year, code)
            if end < start:
                raise PeriodCodeError(f"Period {code!r} ends before it starts")
            return PeriodSpec(code, kind, start, end)
    raise PeriodCodeError(f"Unknown period code {code!r}")


def lifetime_code(start: dt.date, end: dt.date) -> str:
    return f"LIFE-{start:%Y%m%d}-{end:%Y%m%d}"


def fiscal_year_codes_between(start: dt.date, end: dt.date) -> list[str]:
    """Return the codes of the Thai fiscal years that a date range touches, in order."""
    return [f"FY{fy}" for fy in range(fiscal_year_of(start), fiscal_year_of(end) + 1)]


def calendar_year_codes_between(start: dt.date, end: dt.date) -> list[str]:
    return [f"CY{year}" for year in range(start.year, end.year + 1)]


# --- Formatting -------------------------------------------------------------------------------

_EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_EN_MONTHS_LONG = [_calendar.month_name[i] for i in range(1, 13)]


def thai_digits(text: str) -> str:
    """Write the Arabic digits of a text in Thai digits (๐–๙)."""
    return arabic_digit_to_thai_digit(text)


def _lang(language: str | None) -> str:
    return (language or "th").split("-")[0]


def format_date(
    day: dt.date,
    language: str = "th",
    *,
    era: str | None = None,
    long: bool = False,
    use_thai_digits: bool = False,
) -> str:
    """Format a date as Thai officials and ASEAN partners write it.

    Thai defaults to the Buddhist Era (24 มิ.ย. 2567); English to the Common Era (24 Jun 2024).
    """
    lang = _lang(language)
    era = era or ("be" if lang == "th" else "ce")
    year = be_year(day.year) if era == "be" else day.year
    if lang == "th":
        month = thai_strftime(dt.datetime(day.year, day.month, day.day), "%B" if long else "%b")
        text = f"{day.day} {month} {year}"
    elif lang == "vi":
        text = (
            f"{day.day}/{day.month}/{year}"
            if not long
            else f"ngày {day.day} tháng {day.month} năm {year}"
        )
    else:
        month = (_EN_MONTHS_LONG if long else _EN_MONTHS)[day.month - 1]
        text = f"{day.day} {month} {year}"
    if era == "be" and lang != "th":
        text += " B.E."
    return thai_digits(text) if use_thai_digits else text


def _month_year(day: dt.date, lang: str, era: str) -> str:
    year = be_year(day.year) if era == "be" else day.year
    if lang == "th":
        return f"{thai_strftime(dt.datetime(day.year, day.month, 1), '%b')} {year}"
    if lang == "vi":
        return f"{day.month}/{year}"
    return f"{_EN_MONTHS[day.month - 1]} {year}"


def _range(start: dt.date, end: dt.date, lang: str, era: str) -> str:
    return f"{_month_year(start, lang, era)} – {_month_year(end, lang, era)}"


def period_label(
    spec: PeriodSpec, language: str = "th", *, use_thai_digits: bool = False, short: bool = False
) -> str:
    """Name a period in a language: ปีงบประมาณ พ.ศ. 2568 · FY2568 (Oct 2024 – Sep 2025)."""
    lang = _lang(language)
    th_era = "be"
    code = spec.code
    text: str
    if spec.kind is Kind.FISCAL_YEAR:
        fy = int(code[2:6])
        if lang == "th":
            text = f"ปีงบประมาณ พ.ศ. {fy}" if not short else f"ปีงบ {fy}"
        elif lang == "vi":
            text = f"Năm tài khóa Thái Lan {fy}" + (
                "" if short else f" ({_range(spec.start, spec.end, lang, 'ce')})"
            )
        else:
            text = f"FY{fy}" + ("" if short else f" ({_range(spec.start, spec.end, lang, 'ce')})")
    elif spec.kind in (Kind.FISCAL_HALF, Kind.FISCAL_QUARTER):
        fy, part, n = int(code[2:6]), code[7], int(code[8])
        if lang == "th":
            part_name = ("ครึ่งปีแรก" if n == 1 else "ครึ่งปีหลัง") if part == "H" else f"ไตรมาส {n}"
            text = f"{part_name} ปีงบประมาณ พ.ศ. {fy}" if not short else f"{part_name} ปีงบ {fy}"
            if not short:
                text += f" ({_range(spec.start, spec.end, lang, th_era)})"
        elif lang == "vi":
            part_name = f"Nửa năm {n}" if part == "H" else f"Quý {n}"
            text = f"{part_name} năm tài khóa {fy} ({_range(spec.start, spec.end, lang, 'ce')})"
        else:
            text = f"FY{fy} {part}{n}" + (
                "" if short else f" ({_range(spec.start, spec.end, lang, 'ce')})"
            )
    elif spec.kind is Kind.FISCAL_TO_DATE:
        fy, months = int(code[2:6]), int(code[8:])
        if lang == "th":
            text = (
                f"รอบ {months} เดือน ปีงบประมาณ พ.ศ. {fy}"
                if not short
                else f"รอบ {months} เดือน ปีงบ {fy}"
            )
            if not short:
                text += f" ({_range(spec.start, spec.end, lang, th_era)})"
        elif lang == "vi":
            text = f"{months} tháng năm tài khóa {fy} ({_range(spec.start, spec.end, lang, 'ce')})"
        else:
            text = f"FY{fy} {months} months" + (
                "" if short else f" ({_range(spec.start, spec.end, lang, 'ce')})"
            )
    elif spec.kind is Kind.CALENDAR_YEAR:
        year = spec.start.year
        if lang == "th":
            text = f"ปี พ.ศ. {be_year(year)}" + ("" if short else f" (ค.ศ. {year})")
        elif lang == "vi":
            text = f"Năm {year}"
        else:
            text = str(year)
    elif spec.kind is Kind.CALENDAR_QUARTER:
        year, n = spec.start.year, int(code[-1])
        if lang == "th":
            text = f"ไตรมาส {n}/{be_year(year)}"
        elif lang == "vi":
            text = f"Quý {n}/{year}"
        else:
            text = f"Q{n} {year}"
    elif spec.kind is Kind.MONTH:
        text = _month_year(spec.start, lang, th_era if lang == "th" else "ce")
    else:
        if lang == "th":
            text = f"ตลอดแผน ({_range(spec.start, spec.end, lang, th_era)})"
        elif lang == "vi":
            text = f"Cả kỳ kế hoạch ({_range(spec.start, spec.end, lang, 'ce')})"
        else:
            text = f"Life of plan ({_range(spec.start, spec.end, lang, 'ce')})"
    return thai_digits(text) if use_thai_digits else text


def span_label(calendar: str, start: dt.date, end: dt.date, language: str = "th") -> str:
    """Name the years a plan runs: ปีงบประมาณ พ.ศ. 2567–2570 · FY2567–FY2570 · 2024–2030."""
    lang = _lang(language)
    if calendar == "thai_fiscal":
        first, last = fiscal_year_of(start), fiscal_year_of(end)
        if lang == "th":
            return f"ปีงบประมาณ พ.ศ. {first}–{last}"
        return f"FY{first}–FY{last} ({_range(start, end, lang, 'ce')})"
    if lang == "th":
        return f"พ.ศ. {be_year(start.year)}–{be_year(end.year)} (ค.ศ. {start.year}–{end.year})"
    return f"{start.year}–{end.year}"
