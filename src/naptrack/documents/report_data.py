"""Gather a progress report's content: what every format (PDF, Word, Excel) lays out.

Figures are the progress engine's stored roll-ups (`naptrack.analytics`), read in a fixed number of
bulk queries whatever the plan's size: the tree and the indicators' totals (`plan_progress`), their
breakdown rows, the agency's own rows for one agency's report, the narratives and the evidence.

The end-of-plan report reads the plan's LIFETIME period: the engine stores it for every plan with a
round, over the plan's whole span (every round counts, even a fiscal year that began before the
plan), judged against the life-of-plan targets as the plan states them — exactly what an
end-of-plan report needs, with no second arithmetic here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naptrack.analytics import engine
from naptrack.analytics.models import IndicatorProgress, NodeProgress, Status
from naptrack.analytics.selectors import IndicatorRow, PlanProgress, plan_progress
from naptrack.analytics.selectors_dashboards import STATUSES, figure_cell
from naptrack.analytics.services import ACCEPTED_Q, PROVISIONAL_Q, thresholds_for
from naptrack.core.models import FALLBACK_LANGUAGES
from naptrack.documents.contracts import (
    BreakdownTable,
    Chart,
    DocumentSpec,
    EvidenceItem,
    IndicatorLine,
    Narrative,
    Progress,
    ReportDocument,
    Section,
    SummaryRow,
    no_progress,
)
from naptrack.frameworks.models import Assignment, Plan, PlanLevel, ResultNode
from naptrack.organizations.models import Organization
from naptrack.periods import calendars
from naptrack.periods.models import Period, PeriodKind
from naptrack.reporting.models import Evidence, Report, ReportState

# Colours of the statuses, the same as the dashboards' (dashboards.css and dashboards.js).
STATUS_COLOURS = {
    Status.ACHIEVED: "#1d7a3e",
    Status.ON_TRACK: "#17739e",
    Status.AT_RISK: "#c27c00",
    Status.OFF_TRACK: "#b3261e",
    Status.NO_DATA: "#8a94a3",
}
NEUTRAL_COLOUR = "#1d3a6e"
SEX_COLOURS = {"female": "#6b4e9b", "male": "#1d3a6e"}
KEY_INDICATORS_BY_SEX = 8  # at most this many key indicators in the chart by sex
LANGUAGES = ("th", "en", "vi")


class DocumentError(ValueError):
    """A document cannot be made as asked; the message says why, in the asker's language."""


def _pick(row: dict, prefix: str, language: str) -> str:
    for code in (language, *FALLBACK_LANGUAGES):
        text = row.get(f"{prefix}_{code}")
        if text:
            return text
    return ""


def _names(prefix: str, field: str) -> list[str]:
    return [f"{prefix}{field}_{code}" for code in LANGUAGES]


def build_report(spec: DocumentSpec, progress: Progress = no_progress) -> ReportDocument:
    """Read everything a progress report shows, translated and formatted for its language."""
    language = spec.language if spec.language in LANGUAGES else "en"
    with translation.override(language):
        return _Builder(spec, language, progress).build()


class _Builder:
    def __init__(self, spec: DocumentSpec, language: str, progress: Progress):
        self.spec, self.language, self.progress = spec, language, progress
        self.thai_digits = spec.thai_digits and language == "th"

    # --- Formatting -----------------------------------------------------------------------------

    def digits(self, text: str) -> str:
        return calendars.thai_digits(text) if self.thai_digits and text else text

    def figure(self, value, row: IndicatorRow, milestone: str = "") -> str:
        if value is None and not milestone:
            return ""
        cell = figure_cell(
            value, value_type=row.value_type, decimals=row.decimals, milestone=milestone
        )
        return "" if cell.text == "–" else self.digits(cell.text)

    def percent(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        cell = figure_cell(Decimal(value), value_type="percentage", decimals=1)
        return self.digits(f"{cell.text}%")

    def lower(self, text: str) -> str:
        """A name inside a sentence: "By sex", "Achievement by pillar" (Thai has no case)."""
        return text.lower() if self.language != "th" else text

    def count(self, n: int) -> str:
        return self.digits(f"{n:,}")

    def status_label(self, status: str) -> str:
        return str(Status(status).label) if status in Status.values else ""

    def counts(self, values: dict[str, int]) -> dict[str, int]:
        return {self.status_label(s): int(values.get(s, 0)) for s in STATUSES}

    # --- Reading --------------------------------------------------------------------------------

    def build(self) -> ReportDocument:
        spec, language = self.spec, self.language
        plan = self._plan()
        period = self._period(plan)
        agency = self._agency(plan)
        self.progress(5, _("Reading the figures"))

        stored = plan_progress(plan, period, provisional=spec.provisional, language=language)
        accepted = (
            {
                row.id: row
                for row in plan_progress(
                    plan, period, provisional=False, language=language
                ).indicators
            }
            if spec.provisional
            else {}
        )
        self.levels = levels = {
            row["depth"]: _pick(row, "name", language)
            for row in PlanLevel.objects.filter(plan=plan).values(
                "depth", "name_th", "name_en", "name_vi"
            )
        }
        own = self._agency_rows(plan, period, agency) if agency else {}
        shown = self._indicators_of(plan, agency) if agency else None
        breakdowns = self._breakdowns(plan, period, stored)
        self.progress(8, _("Reading the narratives and the evidence"))
        reports = self._reports(plan, period, agency)

        now = timezone.localtime()
        plan_name = plan.title
        period_label = (
            calendars.span_label(plan.calendar, plan.start_date, plan.end_date, language)
            if spec.end_of_plan
            else period.label(language)
        )
        agency_name = agency.name if agency else ""
        title = (
            _("End-of-plan progress report")
            if spec.end_of_plan
            else _("Progress report, %(period)s") % {"period": period_label}
        )
        subtitle = f"{plan_name} · {agency_name}" if agency_name else plan_name
        document = ReportDocument(
            spec=spec,
            title=self.digits(title),
            subtitle=self.digits(subtitle),
            plan_name=self.digits(plan_name),
            period_label=self.digits(period_label),
            agency_name=agency_name,
            generated_at=now,
            generated_label=self._moment(now),
            basis_label=(
                _("Includes provisional figures from reports not yet accepted (marked *)")
                if spec.provisional
                else _("Accepted reports only")
            ),
            labels=self._labels(),
            status_legend=[(str(s), self.status_label(s), STATUS_COLOURS[s]) for s in STATUSES],
        )
        self._tree(document, stored, accepted, levels, own, shown, breakdowns, plan)
        document.charts = self._charts(document, stored, breakdowns, shown)
        document.narratives = self._narratives(reports)
        document.evidence = self._evidence(reports)
        self.progress(10, _("Figures read"))
        return document

    def _plan(self) -> Plan:
        plan = Plan.objects.filter(code=self.spec.plan_code.strip()).first()
        if plan is None:
            raise DocumentError(
                _("There is no plan with the code “%(code)s”.") % {"code": self.spec.plan_code}
            )
        return plan

    def _stored_periods(self, plan: Plan) -> list[Period]:
        ids = NodeProgress.objects.filter(plan=plan, node__isnull=True).values("period_id")
        return list(Period.objects.filter(pk__in=ids).order_by("start", "-end"))

    def _period(self, plan: Plan) -> Period:
        stored = self._stored_periods(plan)
        if not stored:
            raise DocumentError(
                _(
                    "The plan “%(plan)s” has no progress figures yet: a reporting round must be "
                    "opened and reports accepted first."
                )
                % {"plan": plan.code}
            )
        if self.spec.end_of_plan:
            life = calendars.lifetime_code(plan.start_date, plan.end_date)
            period = next((p for p in stored if p.code == life), None)
            if period is None:
                raise DocumentError(
                    _("No figures are stored for the whole of the plan “%(plan)s” yet.")
                    % {"plan": plan.code}
                )
            return period
        code = self.spec.period_code.strip().upper()
        period = next((p for p in stored if p.code == code), None)
        if period is None:
            known = ", ".join(p.code for p in stored if p.kind != PeriodKind.LIFETIME)
            raise DocumentError(
                _(
                    "The plan “%(plan)s” has no progress figures for the period “%(period)s”. "
                    "Periods with figures: %(known)s."
                )
                % {"plan": plan.code, "period": self.spec.period_code, "known": known}
            )
        return period

    def _agency(self, plan: Plan) -> Organization | None:
        code = self.spec.agency_code.strip()
        if not code:
            return None
        agency = Organization.objects.filter(code=code).first()
        if agency is None:
            raise DocumentError(_("There is no agency with the code “%(code)s”.") % {"code": code})
        if not Assignment.objects.filter(indicator__plan=plan, organization=agency).exists():
            raise DocumentError(
                _("The agency “%(agency)s” leads or supports no indicator of the plan “%(plan)s”.")
                % {"agency": code, "plan": plan.code}
            )
        return agency

    def _indicators_of(self, plan: Plan, agency: Organization) -> set[int]:
        return set(
            Assignment.objects.filter(indicator__plan=plan, organization=agency).values_list(
                "indicator_id", flat=True
            )
        )

    def _agency_rows(self, plan: Plan, period: Period, agency: Organization) -> dict[int, dict]:
        return {
            row["indicator_id"]: row
            for row in IndicatorProgress.objects.filter(
                indicator__plan=plan,
                period=period,
                provisional=self.spec.provisional,
                option__isnull=True,
                organization=agency,
            ).values("indicator_id", "value", "milestone_status")
        }

    def _breakdowns(self, plan: Plan, period: Period, stored: PlanProgress) -> dict:
        """indicator id → [(dimension code, dimension name, [(option code, option name, text)])]."""
        rows = {row.id: row for row in stored.indicators}
        result: dict[int, dict[int, tuple]] = defaultdict(dict)
        for row in (
            IndicatorProgress.objects.filter(
                indicator__plan=plan,
                period=period,
                provisional=self.spec.provisional,
                option__isnull=False,
                organization__isnull=True,
            )
            .order_by(
                "indicator_id",
                "option__dimension__sort_order",
                "option__dimension__code",
                "option__sort_order",
                "option__code",
            )
            .values(
                "indicator_id",
                "value",
                "milestone_status",
                "option__code",
                "option__dimension_id",
                "option__dimension__code",
                *_names("option__", "name"),
                *_names("option__dimension__", "name"),
            )
        ):
            indicator = rows.get(row["indicator_id"])
            if indicator is None or (row["value"] is None and not row["milestone_status"]):
                continue
            names = {k.removeprefix("option__"): v for k, v in row.items()}
            dimension = result[row["indicator_id"]].setdefault(
                row["option__dimension_id"],
                (
                    row["option__dimension__code"],
                    _pick(
                        {k.removeprefix("dimension__"): v for k, v in names.items()},
                        "name",
                        self.language,
                    ),
                    [],
                ),
            )
            dimension[2].append(
                (
                    row["option__code"],
                    _pick(names, "name", self.language),
                    self.figure(row["value"], indicator, row["milestone_status"]),
                    row["value"],
                )
            )
        return {key: list(value.values()) for key, value in result.items()}

    def _reports(self, plan: Plan, period: Period, agency: Organization | None) -> list[Report]:
        reports = Report.objects.filter(round__plan=plan).filter(
            PROVISIONAL_Q if self.spec.provisional else ACCEPTED_Q
        )
        if not self.spec.end_of_plan:
            reports = reports.filter(round__period=period)
        if agency is not None:
            reports = reports.filter(organization=agency)
        return list(
            reports.select_related("organization", "round__period").order_by(
                "round__period__start", "organization__code"
            )
        )

    # --- Building -------------------------------------------------------------------------------

    def _line(
        self,
        row: IndicatorRow,
        accepted: dict[int, IndicatorRow],
        own: dict[int, dict],
        breakdowns: dict,
    ) -> IndicatorLine:
        provisional = False
        if self.spec.provisional:
            # Marked when the figure differs from what accepted reports alone give.
            before = accepted.get(row.id)
            was = (
                (before.value, before.numerator, before.milestone_status, before.status)
                if before
                else (None, None, "", Status.NO_DATA)
            )
            provisional = was != (row.value, row.numerator, row.milestone_status, row.status)
        own_row = own.get(row.id)
        line = IndicatorLine(
            code=row.code,
            name=row.name,
            lead_agency=row.lead,
            unit=row.unit,
            baseline=self.figure(row.baseline, row),
            target=self.figure(row.target, row),
            actual=self.figure(row.value, row, row.milestone_status),
            achievement=self.percent(row.achievement),
            status=self.status_label(row.status),
            status_key=row.status,
            provisional=provisional,
            agency_actual=(
                self.figure(own_row["value"], row, own_row["milestone_status"]) if own_row else ""
            ),
        )
        for _code, title, options in breakdowns.get(row.id, []):
            line.breakdowns.append(
                BreakdownTable(
                    title=_("By %(dimension)s") % {"dimension": self.lower(title)},
                    header=[title, _("Actual")],
                    rows=[[name, text] for _c, name, text, _v in options],
                )
            )
        return line

    def _tree(self, document, stored, accepted, levels, own, shown, breakdowns, plan) -> None:
        by_node: dict[int, list[IndicatorRow]] = defaultdict(list)
        for row in stored.indicators:
            if shown is None or row.id in shown:
                by_node[row.node_id].append(row)
        sections: dict[int, Section] = {}
        roots: list[Section] = []
        for node in stored.nodes:
            section = Section(
                code=node.code,
                title=node.title,
                level_name=levels.get(node.depth, ""),
                depth=node.depth,
                achievement=self.percent(node.achievement),
                status=self.status_label(node.status),
                status_key=node.status,
                counts=self.counts(node.counts),
                indicators=[
                    self._line(row, accepted, own, breakdowns) for row in by_node.get(node.id, [])
                ],
            )
            sections[node.id] = section
            if node.parent_id in sections:
                sections[node.parent_id].children.append(section)
            else:
                roots.append(section)
        if shown is not None:
            self._agency_rollup(stored, by_node, sections, plan)
            roots = [s for s in roots if _has_indicators(s)]
            for section in sections.values():
                section.children = [c for c in section.children if _has_indicators(c)]
        document.sections = roots
        node_by_code = {n.code: n for n in stored.nodes}
        for section in roots:
            node = node_by_code[section.code]
            document.summary.append(
                SummaryRow(
                    code=section.code,
                    title=section.title,
                    achievement=section.achievement,
                    status=section.status,
                    status_key=section.status_key,
                    counts=section.counts,
                    indicators=sum(section.counts.values())
                    if shown is not None
                    else node.indicators,
                )
            )
        if shown is None:
            overall = stored.overall
            document.overall_achievement = self.percent(overall.achievement if overall else None)
            document.overall_counts = self.counts(overall.counts if overall else {})
        else:
            achieved, counts = self._agency_overall
            document.overall_achievement = self.percent(achieved)
            document.overall_counts = self.counts(counts)

    def _agency_rollup(self, stored, by_node, sections, plan) -> None:
        """One agency's indicators rolled up the tree as the engine rolls up the whole plan's."""
        thresholds = thresholds_for(plan)
        weights = dict(ResultNode.objects.filter(plan=plan).values_list("id", "weight"))
        children: dict[int | None, list[int]] = defaultdict(list)
        for node in stored.nodes:
            children[node.parent_id].append(node.id)

        def walk(node_id: int | None) -> tuple[Decimal | None, dict[str, int]]:
            counts = dict.fromkeys(Status.values, 0)
            parts: list[tuple[Decimal, Decimal | None]] = []
            for row in by_node.get(node_id, []):
                counts[row.status] += 1
                parts.append((Decimal(1), row.achievement))
            for child in children.get(node_id, []):
                achieved, child_counts = walk(child)
                for key, n in child_counts.items():
                    counts[key] += n
                if sum(child_counts.values()):
                    parts.append((weights.get(child) or Decimal(1), achieved))
            achieved = engine.rollup(parts)
            has_data = sum(counts.values()) > counts[Status.NO_DATA]
            status = engine.status(
                achieved, has_data=has_data and achieved is not None, thresholds=thresholds
            )
            if node_id is not None:
                section = sections[node_id]
                section.achievement = self.percent(achieved)
                section.status, section.status_key = self.status_label(status), status
                section.counts = self.counts(counts)
            return achieved, counts

        # The plan itself is the tree's root (node None), as in the engine's walk.
        self._agency_overall = walk(None)

    def _charts(self, document: ReportDocument, stored, breakdowns, shown) -> list[Chart]:
        summary = document.summary
        if not summary:
            return []
        labels = [f"{row.code} {row.title}" for row in summary]
        level = self.levels.get(1) or _("Pillar")
        charts = [
            Chart(
                kind="bars",
                title=_("Achievement by %(level)s") % {"level": self.lower(level)},
                labels=labels,
                series=[
                    {
                        "name": _("Achievement"),
                        "values": [_number(row.achievement) for row in summary],
                        "labels": [row.achievement or "–" for row in summary],
                        "colors": [
                            STATUS_COLOURS.get(row.status_key, NEUTRAL_COLOUR) for row in summary
                        ],
                        "statuses": [row.status_key for row in summary],
                        "legend": [[key, label] for key, label, _c in document.status_legend],
                        "color": NEUTRAL_COLOUR,
                    }
                ],
                unit="%",
            ),
            Chart(
                kind="status",
                title=_("Indicators by status and %(level)s") % {"level": self.lower(level)},
                labels=labels,
                series=[
                    {
                        "name": label,
                        "status": key,
                        "values": [float(row.counts.get(label, 0)) for row in summary],
                        "labels": [self.count(row.counts.get(label, 0)) for row in summary],
                        "color": colour,
                    }
                    for key, label, colour in document.status_legend
                ],
            ),
        ]
        by_sex = self._sex_chart(stored, breakdowns, shown)
        if by_sex is not None:
            charts.append(by_sex)
        return charts

    def _sex_chart(self, stored, breakdowns, shown) -> Chart | None:
        """Female and male figures of the key indicators reported by sex (each row on its own scale)."""
        picked, female, male = [], [], []
        for row in stored.indicators:
            if not row.is_key or (shown is not None and row.id not in shown):
                continue
            sex = next((d for d in breakdowns.get(row.id, []) if d[0] == "sex"), None)
            if sex is None:
                continue
            values = {code: (text, value) for code, _n, text, value in sex[2]}
            if "female" not in values and "male" not in values:
                continue
            picked.append(row)
            female.append(values.get("female", ("", None)))
            male.append(values.get("male", ("", None)))
            if len(picked) == KEY_INDICATORS_BY_SEX:
                break
        if not picked:
            return None
        return Chart(
            kind="sex",
            title=_("Key indicators by sex"),
            labels=[f"{row.code} {row.name}" for row in picked],
            series=[
                {
                    "name": _("Female"),
                    "values": [_float(v) for _t, v in female],
                    "labels": [t for t, _v in female],
                    "color": SEX_COLOURS["female"],
                },
                {
                    "name": _("Male"),
                    "values": [_float(v) for _t, v in male],
                    "labels": [t for t, _v in male],
                    "color": SEX_COLOURS["male"],
                },
            ],
            units=[row.unit for row in picked],
        )

    def _narratives(self, reports: list[Report]) -> list[Narrative]:
        narratives = []
        several_periods = self.spec.end_of_plan or len({r.round.period_id for r in reports}) > 1
        for report in reports:
            if not (report.progress or report.problems or report.next_steps):
                continue
            agency = report.organization.name
            if several_periods:
                agency = f"{agency} · {self.digits(report.round.period.label(self.language, short=True))}"
            narratives.append(
                Narrative(
                    agency=agency,
                    progress=report.progress,
                    problems=report.problems,
                    next_steps=report.next_steps,
                    state=str(ReportState(report.state).label),
                )
            )
        return narratives

    def _evidence(self, reports: list[Report]) -> list[EvidenceItem]:
        by_id = {r.pk: r for r in reports}
        items = []
        for evidence in (
            Evidence.objects.filter(report_id__in=list(by_id))
            .select_related("line__indicator")
            .order_by("report__organization__code", "line__indicator__sort_order", "created_at")
        ):
            report = by_id[evidence.report_id]
            items.append(
                EvidenceItem(
                    agency=report.organization.short_name,
                    title=evidence.title,
                    indicator=evidence.line.indicator.code if evidence.line_id else "",
                    kind="link" if evidence.url else "file",
                    name=evidence.url or evidence.original_name,
                )
            )
        return items

    def _moment(self, moment: dt.datetime) -> str:
        day = calendars.format_date(moment.date(), self.language, long=True)
        return self.digits(f"{day} {moment:%H:%M}")

    def _labels(self) -> dict[str, str]:
        return {
            "summary": _("Summary"),
            "overall": _("Whole plan"),
            "results": _("Results and indicators"),
            "charts": _("Charts"),
            "code": _("Code"),
            "indicator": _("Indicator"),
            "indicators": _("Indicators"),
            "result": _("Result"),
            "lead_agency": _("Lead agency"),
            "unit": _("Unit"),
            "baseline": _("Baseline"),
            "target": _("Target"),
            "life_target": _("Life-of-plan target"),
            "actual": _("Actual"),
            "agency_actual": _("Agency's own figure"),
            "achievement": _("Achievement"),
            "status": _("Status"),
            "breakdowns": _("Breakdowns"),
            "narratives": _("What the agencies report"),
            "agency": _("Agency"),
            "progress": _("Progress"),
            "problems": _("Problems and obstacles"),
            "next_steps": _("Next steps"),
            "report_state": _("Report"),
            "evidence": _("Evidence"),
            "title": _("Title"),
            "kind": _("Kind"),
            "file": _("File"),
            "link": _("Link"),
            "name": _("File or address"),
            "period": _("Period"),
            "plan": _("Plan"),
            "basis": _("Figures"),
            "generated": _("Generated on"),
            "page": _("Page"),
            "page_of": _("of"),
            "provisional_mark": _("* provisional: includes reports not yet accepted"),
            "no_narratives": _("No agency narrative is available for this report."),
            "no_evidence": _("No evidence is attached to the reports of this period."),
            "no_indicators": _("No indicator."),
            "none": "–",
            "contents": _("Contents"),
            "status_legend": _("Statuses"),
            "sex_note": _("Each indicator's bars are drawn on its own scale."),
        }


def _has_indicators(section: Section) -> bool:
    return bool(section.indicators) or any(_has_indicators(c) for c in section.children)


def _float(value) -> float | None:
    return float(value) if value is not None else None


def _number(text: str) -> float | None:
    """The number in a formatted percentage ("71.7%", "๗๑.๗%") for a chart."""
    if not text:
        return None
    digits = text.translate({ord(t): str(i) for i, t in enumerate("๐๑๒๓๔๕๖๗๘๙")})
    try:
        return float(digits.rstrip("%").replace(",", "").strip())
    except ValueError:
        return None
