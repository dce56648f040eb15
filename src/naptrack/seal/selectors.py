"""Reads for the Seal pages: enrolments a user may see, what waits for them, the stage track,
the self-assessment's progress, the assessment sheet, the gap analysis and the action plan.

Every function takes objects the caller may already see (checked with seal.permissions), except
the `*_for_user` ones, which filter by the user themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.organizations.models import Organization
from naptrack.seal import permissions, scoring
from naptrack.seal.models import (
    STAGE_ORDER,
    Action,
    ActionStatus,
    Answer,
    Assessment,
    AssessmentState,
    Benchmark,
    BenchmarkScore,
    Enrolment,
    EvidenceRequest,
    ItemState,
    Level,
    RequestState,
    SealDimension,
    SelfAssessmentItem,
    Stage,
    StageEvent,
)

DONE_STATES = (ItemState.ANSWERED, ItemState.REVIEWED)
UNMET = (Answer.NOT_MET, Answer.PARTLY_MET)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


# --- Enrolments ------------------------------------------------------------------------------------


def enrolment_get_for_user(user, pk: int) -> Enrolment | None:
    """The enrolment if the user may see it, with what every page shows in its head."""
    return (
        permissions.visible_enrolments(user)
        .select_related("institution", "programme", "previous", "commitment_letter")
        .filter(pk=pk)
        .first()
    )


@dataclass
class EnrolmentRow:
    enrolment: Enrolment
    award: object | None
    total: int
    answered: int

    @property
    def percent(self) -> int:
        return _percent(self.answered, self.total)


def enrolment_list_for_user(user) -> list[EnrolmentRow]:
    """The enrolments the user may see, newest cycle first, with their award and progress."""
    enrolments = (
        permissions.visible_enrolments(user)
        .select_related("institution", "programme", "award")
        .annotate(
            item_total=Count("items", distinct=True),
            item_answered=Count("items", filter=Q(items__state__in=DONE_STATES), distinct=True),
        )
        .order_by("institution__code", "-cycle")
    )
    rows = []
    for enrolment in enrolments:
        award = getattr(enrolment, "award", None)
        rows.append(EnrolmentRow(enrolment, award, enrolment.item_total, enrolment.item_answered))
    return rows


def items_to_answer_for_user(user) -> list[SelfAssessmentItem]:
    """Benchmarks waiting for the user's units: to answer, sent back, or asked for more evidence."""
    unit_ids = permissions.unit_ids_for(user)
    if not unit_ids:
        return []
    open_requests = EvidenceRequest.objects.filter(state=RequestState.OPEN)
    items = (
        SelfAssessmentItem.objects.filter(unit_id__in=unit_ids)
        .filter(
            Q(
                enrolment__self_assessment_submitted_at__isnull=True,
                state__in=(ItemState.ASSIGNED, ItemState.RETURNED),
            )
            | Q(evidence_requests__state=RequestState.OPEN)
        )
        .select_related("enrolment__institution", "benchmark", "unit")
        .prefetch_related(
            Prefetch("evidence_requests", queryset=open_requests, to_attr="open_requests")
        )
        .distinct()
        .order_by("due_on", "enrolment_id", "benchmark__sort_order", "benchmark__code")
    )
    return [
        item
        for item in items
        if permissions.can_answer_item(user, item)
        or (item.open_requests and permissions.owns_item(user, item))
    ]


def assessments_for_user(user) -> list[Assessment]:
    """External assessments the user is listed on (and may still see), the open ones first."""
    assessments = (
        Assessment.objects.filter(assessors=user)
        .select_related("enrolment__institution", "enrolment__programme")
        .annotate(
            scored=Count("scores", filter=~Q(scores__result=""), distinct=True),
            total=Count("scores", distinct=True),
        )
        .order_by("state", "-started_at")
    )
    return [a for a in assessments if permissions.is_assessor(user, a.enrolment)]


def institution_units(enrolment: Enrolment) -> list[Organization]:
    """The institution's units at any depth (departments, district offices …), by name."""
    units: list[Organization] = []
    parents = [enrolment.institution_id]
    seen = set(parents)
    while parents:
        children = list(
            Organization.objects.filter(parent_id__in=parents, is_active=True).exclude(pk__in=seen)
        )
        units.extend(children)
        parents = [child.pk for child in children]
        seen.update(parents)
    return sorted(units, key=lambda org: org.name)


# --- The stage track -------------------------------------------------------------------------------


@dataclass
class StageStep:
    code: str
    label: str
    state: str  # done, current, upcoming
    entered_at: dt.datetime | dt.date | None
    facts: list[tuple[str, object]] = field(default_factory=list)


def stage_track(enrolment: Enrolment) -> list[StageStep]:
    """Engage → self-assessment → action plan → external assessment → award, with dates."""
    entered: dict[str, dt.datetime] = {}
    for event in enrolment.events.exclude(stage="").order_by("created_at", "pk"):
        entered.setdefault(event.stage, event.created_at)
    current = STAGE_ORDER.index(enrolment.stage)
    assessment = Assessment.objects.filter(enrolment=enrolment).first()
    award = getattr(enrolment, "award", None) if _has_award(enrolment) else None
    facts: dict[str, list[tuple[str, object]]] = {
        Stage.ENGAGE: [
            (_("Started on"), enrolment.started_on),
            (_("Commitment letter signed on"), enrolment.commitment_signed_on),
        ],
        Stage.SELF_ASSESSMENT: [
            (_("Due on"), enrolment.self_assessment_due_on),
            (_("Submitted on"), enrolment.self_assessment_submitted_at),
        ],
        Stage.ACTION_PLAN: [],
        Stage.EXTERNAL_ASSESSMENT: [
            (_("Started on"), assessment.started_at if assessment else None),
            (_("Concluded on"), assessment.concluded_at if assessment else None),
        ],
        Stage.AWARD: [
            (_("Awarded on"), award.awarded_on if award else None),
            (_("Expires on"), award.expires_on if award else None),
        ],
    }
    steps = []
    for index, stage in enumerate(Stage):
        state = "done" if index < current else "current" if index == current else "upcoming"
        if stage == Stage.AWARD and award is not None:
            state = "done"
        when = entered.get(stage.value)
        if stage == Stage.ENGAGE and when is None:
            when = enrolment.started_on
        steps.append(
            StageStep(
                code=stage.value,
                label=str(stage.label),
                state=state,
                entered_at=when if state != "upcoming" else None,
                facts=[(label, value) for label, value in facts[stage] if value],
            )
        )
    return steps


def _has_award(enrolment: Enrolment) -> bool:
    try:
        return enrolment.award is not None
    except Enrolment.award.RelatedObjectDoesNotExist:
        return False


def award_for(enrolment: Enrolment):
    return enrolment.award if _has_award(enrolment) else None


def next_stage(enrolment: Enrolment) -> str | None:
    index = STAGE_ORDER.index(enrolment.stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


# --- Progress of the self-assessment ---------------------------------------------------------------


@dataclass
class ProgressRow:
    key: str
    label: str
    total: int = 0
    answered: int = 0  # answered or reviewed
    reviewed: int = 0
    returned: int = 0
    unassigned: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return _percent(self.answered, self.total)

    @property
    def reviewed_percent(self) -> int:
        return _percent(self.reviewed, self.total)


def _count(row: ProgressRow, item: SelfAssessmentItem, today: dt.date) -> None:
    row.total += 1
    if item.state in DONE_STATES:
        row.answered += 1
    if item.state == ItemState.REVIEWED:
        row.reviewed += 1
    if item.state == ItemState.RETURNED:
        row.returned += 1
    if item.unit_id is None:
        row.unassigned += 1
    if item.due_on and item.due_on < today and item.state not in DONE_STATES:
        row.overdue += 1


def self_assessment_progress(enrolment: Enrolment, today: dt.date | None = None) -> dict:
    """Answered and reviewed benchmarks in total, by dimension and by unit."""
    today = today or timezone.localdate()
    items = enrolment.items.select_related("benchmark__standard__dimension", "unit").order_by(
        "benchmark__standard__dimension__sort_order",
        "benchmark__standard__dimension__code",
        "benchmark__sort_order",
        "benchmark__code",
    )
    total = ProgressRow("all", _("All benchmarks"))
    by_dimension: dict[int, ProgressRow] = {}
    by_unit: dict[int | None, ProgressRow] = {}
    for item in items:
        dimension = item.benchmark.standard.dimension
        _count(total, item, today)
        row = by_dimension.get(dimension.pk)
        if row is None:
            row = by_dimension[dimension.pk] = ProgressRow(
                dimension.code, f"{dimension.code} {dimension.name}"
            )
        _count(row, item, today)
        unit_row = by_unit.get(item.unit_id)
        if unit_row is None:
            label = item.unit.name if item.unit else _("Not assigned to a unit yet")
            unit_row = by_unit[item.unit_id] = ProgressRow(str(item.unit_id or ""), label)
        _count(unit_row, item, today)
    units = sorted(by_unit.values(), key=lambda row: (row.key == "", row.label))  # unassigned last
    return {"total": total, "dimensions": list(by_dimension.values()), "units": units}


# --- The self-assessment list ---------------------------------------------------------------------


@dataclass
class ItemFilters:
    unit: str = ""  # an organization id, or "none" for benchmarks not assigned yet
    state: str = ""
    dimension: str = ""

    @classmethod
    def from_query(cls, query) -> ItemFilters:
        return cls(
            unit=(query.get("unit") or "").strip()[:20],
            state=(query.get("state") or "").strip()[:20],
            dimension=(query.get("dimension") or "").strip()[:20],
        )

    @property
    def active(self) -> bool:
        return bool(self.unit or self.state or self.dimension)


@dataclass
class StandardGroup:
    standard: object
    items: list


@dataclass
class DimensionGroup:
    dimension: SealDimension
    standards: list[StandardGroup]

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.standards)


def items_for(user, enrolment: Enrolment) -> QuerySet[SelfAssessmentItem]:
    """The enrolment's items the user may read, with their evidence counted (the commitment
    letter, kept on the first benchmark, is not that benchmark's evidence)."""
    evidence = ~Q(evidence__pk=enrolment.commitment_letter_id or 0)
    return (
        permissions.visible_items(user, enrolment)
        .select_related("benchmark__standard__dimension", "unit", "answered_by")
        .annotate(evidence_count=Count("evidence", filter=evidence, distinct=True))
    )


def item_groups(user, enrolment: Enrolment, filters: ItemFilters) -> list[DimensionGroup]:
    """The benchmarks of the self-assessment the user may read, by dimension and standard."""
    items = items_for(user, enrolment)
    if filters.unit == "none":
        items = items.filter(unit__isnull=True)
    elif filters.unit.isdigit():
        items = items.filter(unit_id=int(filters.unit))
    if filters.state in ItemState.values:
        items = items.filter(state=filters.state)
    if filters.dimension:
        items = items.filter(benchmark__standard__dimension__code=filters.dimension)
    items = items.order_by(
        "benchmark__standard__dimension__sort_order",
        "benchmark__standard__dimension__code",
        "benchmark__standard__sort_order",
        "benchmark__standard__code",
        "benchmark__sort_order",
        "benchmark__code",
    )
    groups: list[DimensionGroup] = []
    for item in items:
        standard = item.benchmark.standard
        dimension = standard.dimension
        if not groups or groups[-1].dimension.pk != dimension.pk:
            groups.append(DimensionGroup(dimension, []))
        standards = groups[-1].standards
        if not standards or standards[-1].standard.pk != standard.pk:
            standards.append(StandardGroup(standard, []))
        standards[-1].items.append(item)
    return groups


def dimensions_of(enrolment: Enrolment) -> list[SealDimension]:
    return list(SealDimension.objects.filter(programme_id=enrolment.programme_id))


def item_get(enrolment: Enrolment, code: str) -> SelfAssessmentItem | None:
    return (
        enrolment.items.select_related(
            "benchmark__standard__dimension", "unit", "answered_by", "enrolment__institution"
        )
        .filter(benchmark__code=code)
        .first()
    )


def item_evidence(item: SelfAssessmentItem) -> list:
    """The benchmark's evidence; the commitment letter, kept on the first benchmark, is not."""
    evidence = item.evidence.select_related("uploaded_by", "request").order_by("created_at")
    letter = item.enrolment.commitment_letter_id
    return list(evidence.exclude(pk=letter) if letter else evidence)


def item_requests(item: SelfAssessmentItem) -> list[EvidenceRequest]:
    return list(
        item.evidence_requests.select_related("requested_by", "responded_by")
        .prefetch_related("evidence")
        .order_by("created_at")
    )


def item_score(item: SelfAssessmentItem) -> BenchmarkScore | None:
    return (
        BenchmarkScore.objects.filter(
            assessment__enrolment_id=item.enrolment_id, benchmark_id=item.benchmark_id
        )
        .select_related("scored_by", "assessment")
        .first()
    )


EVENT_LABELS = {
    "created": _("Enrolled"),
    "engagement_saved": _("Engagement saved"),
    "commitment_letter": _("Commitment letter attached"),
    "stage": _("Stage changed"),
    "assigned": _("Assigned to a unit"),
    "answered": _("Answered"),
    "reviewed": _("Answer accepted"),
    "returned": _("Sent back to the unit"),
    "evidence_added": _("Evidence attached"),
    "evidence_removed": _("Evidence removed"),
    "submitted": _("Self-assessment submitted"),
    "assessment_started": _("External assessment started"),
    "evidence_requested": _("Assessors asked for more evidence"),
    "request_answered": _("The unit answered the assessors"),
    "request_closed": _("Request closed"),
    "concluded": _("Assessment concluded"),
    "action_saved": _("Action saved"),
    "action_reported": _("Progress reported on an action"),
    "reminder": _("Reminder sent"),
}


def _labelled(events) -> list[StageEvent]:
    for event in events:
        label = EVENT_LABELS.get(event.kind, event.kind)
        if event.kind == "stage" and event.stage:
            label = _("Moved to the stage: %(stage)s") % {"stage": Stage(event.stage).label}
        event.label = label
    return list(events)


def item_history(item: SelfAssessmentItem) -> list[StageEvent]:
    """The events recorded for this benchmark (assigned, answered, reviewed, asked …)."""
    events = item.enrolment.events.select_related("actor").order_by("created_at", "pk")
    own = list(events.filter(data__item=item.pk))
    # An assignment names every benchmark it gave to the unit.
    assigned = [e for e in events.filter(kind="assigned") if item.pk in e.data.get("items", [])]
    merged = sorted(own + assigned, key=lambda e: (e.created_at, e.pk))
    return _labelled(merged)


def enrolment_history(enrolment: Enrolment, limit: int = 30) -> list[StageEvent]:
    """The stage changes and main steps of the enrolment (not each benchmark's), newest first."""
    kinds = (
        "created",
        "engagement_saved",
        "commitment_letter",
        "stage",
        "assigned",
        "submitted",
        "assessment_started",
        "concluded",
    )
    events = (
        enrolment.events.filter(kind__in=kinds)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    return _labelled(list(events))


def item_neighbours(item: SelfAssessmentItem) -> tuple[str | None, str | None]:
    """The codes of the benchmarks before and after this one, for next/previous links."""
    codes = list(
        item.enrolment.items.order_by(
            "benchmark__standard__dimension__sort_order",
            "benchmark__standard__dimension__code",
            "benchmark__standard__sort_order",
            "benchmark__standard__code",
            "benchmark__sort_order",
            "benchmark__code",
        ).values_list("benchmark__code", flat=True)
    )
    index = codes.index(item.benchmark.code)
    before = codes[index - 1] if index > 0 else None
    after = codes[index + 1] if index + 1 < len(codes) else None
    return before, after


# --- The external assessment -----------------------------------------------------------------------


def assessment_of(enrolment: Enrolment) -> Assessment | None:
    return Assessment.objects.filter(enrolment=enrolment).prefetch_related("assessors").first()


@dataclass
class AssessmentRow:
    item: SelfAssessmentItem
    score: BenchmarkScore | None
    evidence_count: int
    open_requests: int
    answered_requests: int

    @property
    def benchmark(self):
        return self.item.benchmark

    @property
    def differs(self) -> bool:
        return bool(self.score and self.score.result and self.score.result != self.item.answer)


def assessment_rows(user, assessment: Assessment) -> list[DimensionGroup]:
    """Every benchmark with the institution's answer, its evidence and the assessors' score,
    grouped by dimension and standard."""
    enrolment = assessment.enrolment
    scores = {s.benchmark_id: s for s in assessment.scores.select_related("scored_by")}
    requests = Counter()
    answered = Counter()
    for item_id, state in EvidenceRequest.objects.filter(item__enrolment=enrolment).values_list(
        "item_id", "state"
    ):
        if state == RequestState.OPEN:
            requests[item_id] += 1
        elif state == RequestState.ANSWERED:
            answered[item_id] += 1
    groups = item_groups(user, enrolment, ItemFilters())
    for group in groups:
        for standard in group.standards:
            standard.items = [
                AssessmentRow(
                    item,
                    scores.get(item.benchmark_id),
                    item.evidence_count,
                    requests[item.pk],
                    answered[item.pk],
                )
                for item in standard.items
            ]
    return groups


def _facts(benchmarks) -> list:
    return [scoring.BenchmarkFacts.of(b) for b in benchmarks]


def thresholds_of(programme) -> dict[str, Decimal]:
    return scoring.thresholds_of(programme)


def programme_benchmarks(programme) -> list[Benchmark]:
    return list(
        Benchmark.objects.filter(programme=programme)
        .select_related("standard__dimension")
        .order_by(
            "standard__dimension__sort_order",
            "standard__dimension__code",
            "standard__sort_order",
            "standard__code",
            "sort_order",
            "code",
        )
    )


def assessment_preview(assessment: Assessment):
    """What concluding now would give: scoring.assess on the assessors' results."""
    enrolment = assessment.enrolment
    benchmarks = programme_benchmarks(enrolment.programme)
    results = {
        code: result for code, result in assessment.scores.values_list("benchmark__code", "result")
    }
    return scoring.assess(_facts(benchmarks), results, thresholds_of(enrolment.programme))


def assessment_unscored(assessment: Assessment) -> int:
    return assessment.scores.filter(result="").count()


def assessment_open_requests(assessment: Assessment) -> int:
    return EvidenceRequest.objects.filter(
        item__enrolment_id=assessment.enrolment_id, state=RequestState.OPEN
    ).count()


# --- Gap analysis ----------------------------------------------------------------------------------


@dataclass
class DimensionGap:
    code: str
    name: str
    compliance: Decimal | None  # on the analysis' basis
    self_compliance: Decimal | None
    assessed_compliance: Decimal | None
    previous_compliance: Decimal | None
    met: int
    applicable: int
    unmet: list = field(default_factory=list)  # benchmarks not met on the basis
    verdict: str = ""  # strength, weakness, or ""


@dataclass
class Difference:
    benchmark: Benchmark
    self_answer: str
    assessed: str
    comment: str

    @property
    def self_label(self) -> str:
        return Answer(self.self_answer).label if self.self_answer else "–"

    @property
    def assessed_label(self) -> str:
        return Answer(self.assessed).label if self.assessed else "–"


@dataclass
class Blocker:
    benchmark: Benchmark
    result: str

    @property
    def result_label(self) -> str:
        return Answer(self.result).label if self.result else _("No answer")


@dataclass
class GapAnalysis:
    basis: str  # "assessment" or "self_assessment"
    compliance: Decimal | None
    level: str | None
    next_level: str | None
    next_threshold: Decimal | None
    next_threshold_reached: bool
    blockers: list[Blocker]
    dimensions: list[DimensionGap]
    differences: list[Difference]
    previous: Enrolment | None
    previous_compliance: Decimal | None
    previous_level: str | None
    has_scores: bool
    chart: dict

    @property
    def level_label(self) -> str:
        return Level(self.level).label if self.level else ""

    @property
    def previous_level_label(self) -> str:
        return Level(self.previous_level).label if self.previous_level else ""

    @property
    def next_level_label(self) -> str:
        return Level(self.next_level).label if self.next_level else ""

    @property
    def strengths(self) -> list[DimensionGap]:
        return [d for d in self.dimensions if d.verdict == "strength"]

    @property
    def weaknesses(self) -> list[DimensionGap]:
        return [d for d in self.dimensions if d.verdict == "weakness"]


def _self_results(enrolment: Enrolment) -> dict[str, str]:
    return dict(enrolment.items.values_list("benchmark__code", "answer"))


def _assessed_results(enrolment: Enrolment) -> tuple[dict[str, str], dict[str, str], bool]:
    """(results, comments, concluded) of the enrolment's assessment; empty when there is none."""
    assessment = Assessment.objects.filter(enrolment=enrolment).first()
    if assessment is None:
        return {}, {}, False
    results, comments = {}, {}
    for code, result, comment in assessment.scores.values_list(
        "benchmark__code", "result", "comment"
    ):
        results[code] = result
        comments[code] = comment
    return results, comments, assessment.state == AssessmentState.CONCLUDED


def _by_dimension(benchmarks, results: dict[str, str]) -> dict[str, Decimal | None]:
    grouped: dict[str, list] = defaultdict(list)
    for benchmark in benchmarks:
        grouped[benchmark.standard.dimension.code].append(
            (results.get(benchmark.code, ""), benchmark.weight)
        )
    return {code: scoring.compliance(rows) for code, rows in grouped.items()}


def basis_results(enrolment: Enrolment) -> tuple[str, dict[str, str]]:
    """The results an analysis stands on: the assessors' once concluded, else the institution's."""
    assessed, _comments, concluded = _assessed_results(enrolment)
    if concluded:
        return "assessment", assessed
    return "self_assessment", _self_results(enrolment)


def gap_analysis(enrolment: Enrolment) -> GapAnalysis:
    """Strengths and weaknesses by dimension, what blocks the next level, self vs assessors,
    and the previous cycle beside this one."""
    programme = enrolment.programme
    benchmarks = programme_benchmarks(programme)
    thresholds = thresholds_of(programme)
    self_results = _self_results(enrolment)
    assessed, comments, concluded = _assessed_results(enrolment)
    basis = "assessment" if concluded else "self_assessment"
    results = assessed if concluded else self_results
    outcome = scoring.assess(_facts(benchmarks), results, thresholds)

    self_by_dim = _by_dimension(benchmarks, self_results)
    assessed_by_dim = _by_dimension(benchmarks, assessed) if assessed else {}
    previous = enrolment.previous
    previous_by_dim: dict[str, Decimal | None] = {}
    previous_outcome = None
    if previous is not None:
        previous_benchmarks = programme_benchmarks(previous.programme)
        _basis, previous_results = basis_results(previous)
        previous_by_dim = _by_dimension(previous_benchmarks, previous_results)
        previous_outcome = scoring.assess(
            _facts(previous_benchmarks), previous_results, thresholds_of(previous.programme)
        )

    dimensions: list[DimensionGap] = []
    seen: dict[str, DimensionGap] = {}
    for benchmark in benchmarks:
        dimension = benchmark.standard.dimension
        gap = seen.get(dimension.code)
        if gap is None:
            gap = seen[dimension.code] = DimensionGap(
                code=dimension.code,
                name=dimension.name,
                compliance=(assessed_by_dim if concluded else self_by_dim).get(dimension.code),
                self_compliance=self_by_dim.get(dimension.code),
                assessed_compliance=assessed_by_dim.get(dimension.code),
                previous_compliance=previous_by_dim.get(dimension.code),
                met=0,
                applicable=0,
            )
            dimensions.append(gap)
        result = results.get(benchmark.code, "")
        if result and result != Answer.NOT_APPLICABLE:
            gap.applicable += 1
            if result == Answer.MET:
                gap.met += 1
            else:
                gap.unmet.append(benchmark)
    for gap in dimensions:
        if gap.compliance is None:
            continue
        if gap.compliance >= thresholds[Level.GOLD]:
            gap.verdict = "strength"
        elif gap.compliance < thresholds[Level.BRONZE]:
            gap.verdict = "weakness"

    level = outcome.level
    next_level = outcome.next_level
    next_threshold = thresholds.get(next_level) if next_level else None
    reached = bool(next_level and outcome.levels[next_level]["reached_threshold"])
    by_code = {b.code: b for b in benchmarks}
    blockers = [
        Blocker(by_code[code], results.get(code, ""))
        for code in outcome.next_level_blocking
        if code in by_code
    ]

    differences = [
        Difference(b, self_results.get(b.code, ""), assessed[b.code], comments.get(b.code, ""))
        for b in benchmarks
        if assessed.get(b.code) and assessed[b.code] != self_results.get(b.code, "")
    ]

    analysis = GapAnalysis(
        basis=basis,
        compliance=outcome.compliance,
        level=level,
        next_level=next_level,
        next_threshold=next_threshold,
        next_threshold_reached=reached,
        blockers=blockers,
        dimensions=dimensions,
        differences=differences,
        previous=previous,
        previous_compliance=previous_outcome.compliance if previous_outcome else None,
        previous_level=previous_outcome.level if previous_outcome else None,
        has_scores=any(assessed.values()),
        chart={},
    )
    analysis.chart = _gap_chart(analysis, enrolment)
    return analysis


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _gap_chart(analysis: GapAnalysis, enrolment: Enrolment) -> dict:
    """The chart's data (json_script): one bar per dimension and series."""
    series = []
    if analysis.has_scores:
        series.append(
            {
                "key": "self",
                "name": _("Self-assessment"),
                "values": [_number(d.self_compliance) for d in analysis.dimensions],
            }
        )
        series.append(
            {
                "key": "assessed",
                "name": _("Assessors"),
                "values": [_number(d.assessed_compliance) for d in analysis.dimensions],
            }
        )
    else:
        series.append(
            {
                "key": "self",
                "name": _("Self-assessment"),
                "values": [_number(d.self_compliance) for d in analysis.dimensions],
            }
        )
    if analysis.previous is not None:
        series.append(
            {
                "key": "previous",
                "name": _("Cycle %(cycle)s") % {"cycle": analysis.previous.cycle},
                "values": [_number(d.previous_compliance) for d in analysis.dimensions],
            }
        )
    return {
        "title": _("Compliance by dimension (%)"),
        "categories": [d.code for d in analysis.dimensions],
        "names": [d.name for d in analysis.dimensions],
        "series": series,
        "thresholds": [
            {"name": str(Level(level).label), "value": float(enrolment.programme.threshold(level))}
            for level in Level.values
        ],
    }


# --- Action plan -----------------------------------------------------------------------------------


@dataclass
class ActionRow:
    action: Action
    overdue: bool
    last_update: object | None
    updates: list


def action_rows(enrolment: Enrolment, today: dt.date | None = None) -> list[ActionRow]:
    today = today or timezone.localdate()
    actions = (
        enrolment.actions.select_related("unit")
        .prefetch_related("benchmarks", "updates__reported_by")
        .order_by("due_on", "pk")
    )
    rows = []
    for action in actions:
        updates = list(action.updates.all())
        overdue = bool(
            action.due_on
            and action.due_on < today
            and action.status not in (ActionStatus.DONE, ActionStatus.DROPPED)
        )
        rows.append(ActionRow(action, overdue, updates[0] if updates else None, updates))
    return rows


def action_summary(rows: list[ActionRow]) -> dict:
    counts = Counter(row.action.status for row in rows)
    live = [r for r in rows if r.action.status != ActionStatus.DROPPED]
    mean = round(sum(r.action.progress for r in live) / len(live)) if live else 0
    return {
        "total": len(rows),
        "by_status": [(s.value, s.label, counts.get(s.value, 0)) for s in ActionStatus],
        "overdue": sum(1 for r in rows if r.overdue),
        "progress": mean,
    }


def unmet_benchmarks(enrolment: Enrolment) -> list[tuple[Benchmark, str, bool]]:
    """Benchmarks not met on the analysis' basis, as (benchmark, result, already in an action)."""
    _basis, results = basis_results(enrolment)
    covered = set(
        Action.benchmarks.through.objects.filter(action__enrolment=enrolment).values_list(
            "benchmark_id", flat=True
        )
    )
    return [
        (b, results.get(b.code, ""), b.pk in covered)
        for b in programme_benchmarks(enrolment.programme)
        if results.get(b.code) in UNMET
    ]
