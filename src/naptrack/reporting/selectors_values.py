"""Reported values as the indicator page shows them: by period and agency, accepted or provisional."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from naptrack.reporting.models import ACCEPTED_STATES, ReportLine, Value
from naptrack.reporting.permissions import visible_reports


@dataclass
class ReportedRow:
    line: ReportLine
    total: Value | None
    parts: list[Value]

    @property
    def report(self):
        return self.line.report

    @property
    def is_provisional(self) -> bool:
        return self.line.report.state not in ACCEPTED_STATES


def indicator_reported_values(user, indicator) -> list[ReportedRow]:
    """Every report line of the indicator that the user may read, newest period first."""
    lines = (
        ReportLine.objects.filter(indicator=indicator, report__in=visible_reports(user))
        .select_related("report__round__period", "report__organization")
        .prefetch_related(Prefetch("values", queryset=Value.objects.select_related("breakdown")))
        .order_by("-report__round__period__start", "report__organization__code")
    )
    rows = []
    for line in lines:
        values = list(line.values.all())
        total = next((v for v in values if v.breakdown_id is None), None)
        parts = [v for v in values if v.breakdown_id is not None]
        if total is None and not parts:
            continue
        rows.append(ReportedRow(line=line, total=total, parts=parts))
    return rows
