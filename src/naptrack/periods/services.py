"""Create periods from their codes, with the larger periods they belong to."""

import datetime as dt

from django.db import transaction

from naptrack.periods import calendars
from naptrack.periods.models import Calendar, Period


@transaction.atomic
def period_get_or_create(code: str) -> Period:
    """Return the period with this code, creating it and its parents if needed."""
    spec = calendars.parse_period_code(code)
    existing = Period.objects.filter(code=spec.code).first()
    if existing:
        return existing
    parent = period_get_or_create(spec.parent_code) if spec.parent_code else None
    period, _ = Period.objects.get_or_create(
        code=spec.code,
        defaults={"kind": spec.kind.value, "start": spec.start, "end": spec.end, "parent": parent},
    )
    return period


def period_codes_for_calendar(calendar: str, start: dt.date, end: dt.date) -> list[str]:
    """Return the yearly period codes of a calendar between two dates."""
    if calendar == Calendar.THAI_FISCAL:
        return calendars.fiscal_year_codes_between(start, end)
    return calendars.calendar_year_codes_between(start, end)


def periods_for_plan_span(
    calendar: str, start: dt.date, end: dt.date, *, with_parts: bool = True
) -> list[Period]:
    """Create the yearly periods (and their halves and quarters) that a plan spans, plus its lifetime."""
    periods = []
    for code in period_codes_for_calendar(calendar, start, end):
        periods.append(period_get_or_create(code))
        if with_parts:
            parts = (
                [f"{code}-H1", f"{code}-M9", f"{code}-H2"]
                if calendar == Calendar.THAI_FISCAL
                else []
            )
            parts += [f"{code}-Q{n}" for n in range(1, 5)]
            periods.extend(period_get_or_create(p) for p in parts)
    periods.append(period_get_or_create(calendars.lifetime_code(start, end)))
    return periods
