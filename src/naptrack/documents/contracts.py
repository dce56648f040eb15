"""What a progress report document holds, independent of its format (PDF, Word, Excel).

`report_data.build_report(spec, progress)` fills a `ReportDocument`; each renderer turns it into a
file. Text here is already translated into the document's language and numbers are already
formatted (B.E. years, Thai digits when asked), so renderers only lay things out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

# progress(percent 0–100, step label already translated)
Progress = Callable[[int, str], None]


def no_progress(percent: int, step: str) -> None:
    """The progress callback of callers that do not show progress."""


@dataclass(frozen=True)
class DocumentSpec:
    """What was asked: a plan, a period, optionally one agency, a language and a format."""

    plan_code: str
    period_code: str
    format: str  # "pdf" | "docx" | "xlsx"
    language: str = "th"  # "th" | "en" | "vi"
    agency_code: str = ""  # one agency's report; "" for the whole plan
    provisional: bool = False  # include submitted and approved figures, marked as provisional
    thai_digits: bool = False  # ๐๑๒… in numbers and dates (Thai documents only)
    end_of_plan: bool = False  # the end-of-plan report: the whole plan span, life-of-plan targets


@dataclass
class Chart:
    """A chart of the dashboards, drawn by the renderer. kind: "bars" (achievement per label,
    0–100+ %) or "status" (stacked counts per status) or "sex" (values per option)."""

    kind: str
    title: str
    labels: list[str]
    series: list[dict]  # [{"name": str, "values": [float | None, ...], "color": "#rrggbb"}]
    unit: str = ""
    # Optional in each series: "labels" (the values as formatted texts, one per label), "colors"
    # (one colour per bar, by status) and "status" (the status a "status" series counts).
    units: list[str] = field(default_factory=list)  # per label, for "sex" (one unit per row)


@dataclass
class IndicatorLine:
    code: str
    name: str
    lead_agency: str
    unit: str
    baseline: str  # formatted; "" when none
    target: str
    actual: str
    achievement: str  # "85 %" or ""
    status: str  # translated label
    status_key: str  # engine status code, for colours
    provisional: bool  # figure includes not-yet-accepted reports
    # Breakdown tables where the indicator has them: title ("By sex"), column labels, rows.
    breakdowns: list[BreakdownTable] = field(default_factory=list)
    agency_actual: str = ""  # the agency's own figure, in one agency's report


@dataclass
class BreakdownTable:
    title: str
    header: list[str]  # e.g. ["Province", "Value"] or ["", "Female", "Male", "Total"]
    rows: list[list[str]]


@dataclass
class Section:
    """A result node (pillar, outcome, output) with its indicators and its subsections."""

    code: str
    title: str
    level_name: str  # "Pillar", "Outcome" … in the document's language
    depth: int
    achievement: str
    status: str
    status_key: str
    counts: dict[str, int]  # status label → number of indicators
    indicators: list[IndicatorLine] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass
class Narrative:
    agency: str
    progress: str
    problems: str
    next_steps: str
    state: str  # translated report state, e.g. "Accepted"


@dataclass
class EvidenceItem:
    agency: str
    title: str
    indicator: str  # indicator code or ""
    kind: str  # "file" | "link"
    name: str  # file name or URL


@dataclass
class SummaryRow:
    """One pillar in the summary table."""

    code: str
    title: str
    achievement: str
    status: str
    status_key: str
    counts: dict[str, int]
    indicators: int


@dataclass
class ReportDocument:
    spec: DocumentSpec
    title: str  # "Progress report on the National Action Plan … fiscal year 2568"
    subtitle: str  # plan name, agency when one
    plan_name: str
    period_label: str  # "ปีงบประมาณ พ.ศ. 2568" / "Fiscal year 2025 (B.E. 2568)"
    agency_name: str  # "" for the whole plan
    generated_at: dt.datetime
    generated_label: str  # formatted date and time in the document's language (B.E. in Thai)
    basis_label: str  # "Accepted figures only" / "Includes provisional figures (marked *)"
    labels: dict[str, str]  # translated captions: "summary", "baseline", "target", "page" …
    status_legend: list[tuple[str, str, str]]  # (key, label, colour)
    summary: list[SummaryRow] = field(default_factory=list)
    overall_achievement: str = ""
    overall_counts: dict[str, int] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # top level = pillars
    narratives: list[Narrative] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)


@dataclass
class RenderedFile:
    content: bytes
    filename: str
    content_type: str
