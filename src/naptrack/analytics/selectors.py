"""Reads of the stored roll-ups: a plan's progress for a period, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef
from django.utils.translation import get_language

from naptrack.analytics.models import IndicatorProgress, NodeProgress, Status
from naptrack.core.models import FALLBACK_LANGUAGES
from naptrack.frameworks.models import Assignment, AssignmentRole, Plan, ResultNode
from naptrack.periods.models import Period
from naptrack.reporting.models import Report


def _pick(row: dict, field_name: str, language: str) -> str:
    for code in (language, *FALLBACK_LANGUAGES):
        text = row.get(f"{field_name}_{code}")
        if text:
            return text
    return ""


@dataclass
class NodeRow:
    id: int | None
    code: str
    title: str
    depth: int
    parent_id: int | None
    achievement: Decimal | None
    status: str
    counts: dict[str, int]
    indicators: int


@dataclass
class IndicatorRow:
    id: int
    code: str
    name: str
    node_id: int
    value_type: str
    unit: str
    decimals: int
    direction: str
    cumulative_mode: str
    aggregation: str
    is_key: bool
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    milestone_status: str
    baseline: Decimal | None
    target: Decimal | None
    target_source: str
    life_target: Decimal | None
    achievement: Decimal | None
    status: str
    agencies_reporting: int
    agencies_expected: int
    lead: str = ""


@dataclass
class PlanProgress:
    plan: Plan
    period: Period
    provisional: bool
    computed_at: dt.datetime | None
    overall: NodeRow | None
    nodes: list[NodeRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)

    def as_dict(self) -> dict:
        """A JSON-ready dict (numbers as strings, so no figure loses a digit)."""

        def plain(value):
            if isinstance(value, Decimal):
                # 30.0000 is "30" and 18.2500 is "18.25": no digit lost, none invented.
                return format(value.normalize(), "f")
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        return {
            "plan": self.plan.code,
            "period": self.period.code,
            "provisional": self.provisional,
            "computed_at": self.computed_at.isoformat() if self.computed_at else None,
            "overall": plain(asdict(self.overall)) if self.overall else None,
            "nodes": [plain(asdict(n)) for n in self.nodes],
            "indicators": [plain(asdict(i)) for i in self.indicators],
        }


def progress_periods_for_plan(plan: Plan) -> list[Period]:
    """The periods a plan has stored progress for, latest first."""
    ids = NodeProgress.objects.filter(plan=plan, node__isnull=True).values("period_id")
    return list(Period.objects.filter(pk__in=ids).order_by("-end", "start"))


def default_period(plan: Plan) -> Period | None:
    """The period of the latest round with accepted reports; else the latest stored period.

    A year without an accepted report is not the default even when cumulative and latest values
    carried forward from earlier years fill it in. One query.
    """
    from naptrack.analytics.services import ACCEPTED_Q

    accepted = Report.objects.filter(round__plan=plan, round__period=OuterRef("period")).filter(
        ACCEPTED_Q
    )
    rows = list(
        NodeProgress.objects.filter(plan=plan, node__isnull=True, provisional=False)
        .exclude(period__kind="lifetime")
        .select_related("period")
        .annotate(has_accepted=Exists(accepted))
        .order_by("-period__end", "period__start")
    )
    for row in rows:
        if row.has_accepted:
            return row.period
    return rows[0].period if rows else None


def _node_row(values: dict | None, node: dict | None, depth: int, language: str) -> NodeRow:
    values = values or {}
    counts = {status: values.get(status, 0) for status in Status.values}
    return NodeRow(
        id=node["id"] if node else None,
        code=node["code"] if node else "",
        title=_pick(node, "title", language) if node else "",
        depth=depth,
        parent_id=node["parent_id"] if node else None,
        achievement=values.get("achievement"),
        status=values.get("status", Status.NO_DATA),
        counts=counts,
        indicators=values.get("indicators", 0),
    )


def plan_progress(
    plan: Plan, period: Period, *, provisional: bool = False, language: str | None = None
) -> PlanProgress:
    """Every result's and indicator's stored progress for a period: four queries, any plan size."""
    language = (language or get_language() or "th").split("-")[0]
    node_values = {
        row["node_id"]: row
        for row in NodeProgress.objects.filter(
            plan=plan, period=period, provisional=provisional
        ).values(
            "node_id",
            "achievement",
            "status",
            "indicators",
            "computed_at",
            *Status.values,
        )
    }
    nodes = list(
        ResultNode.objects.filter(plan=plan)
        .order_by("sort_order", "code")
        .values("id", "code", "parent_id", "title_th", "title_en", "title_vi")
    )
    children: dict[int | None, list[dict]] = {}
    for node in nodes:
        children.setdefault(node["parent_id"], []).append(node)
    ordered: list[NodeRow] = []
    stack = [(n, 1) for n in reversed(children.get(None, []))]
    while stack:
        node, depth = stack.pop()
        ordered.append(_node_row(node_values.get(node["id"]), node, depth, language))
        stack.extend((child, depth + 1) for child in reversed(children.get(node["id"], [])))

    leads = {}
    for row in Assignment.objects.filter(indicator__plan=plan, role=AssignmentRole.LEAD).values(
        "indicator_id",
        *(f"organization__{f}_{c}" for f in ("abbreviation", "name") for c in ("th", "en", "vi")),
    ):
        org = {k.removeprefix("organization__"): v for k, v in row.items()}
        leads[row["indicator_id"]] = _pick(org, "abbreviation", language) or _pick(
            org, "name", language
        )
    indicator_rows = []
    for row in (
        IndicatorProgress.objects.filter(
            indicator__plan=plan,
            period=period,
            provisional=provisional,
            option__isnull=True,
            organization__isnull=True,
        )
        .order_by("indicator__sort_order", "indicator__code")
        .values(
            "indicator_id",
            "indicator__code",
            "indicator__name_th",
            "indicator__name_en",
            "indicator__name_vi",
            "indicator__node_id",
            "indicator__value_type",
            "indicator__unit_th",
            "indicator__unit_en",
            "indicator__unit_vi",
            "indicator__decimals",
            "indicator__direction",
            "indicator__cumulative_mode",
            "indicator__aggregation",
            "indicator__is_key",
            "value",
            "numerator",
            "denominator",
            "milestone_status",
            "baseline",
            "target",
            "target_source",
            "life_target",
            "achievement",
            "status",
            "agencies_reporting",
            "agencies_expected",
        )
    ):
        names = {f"name_{c}": row[f"indicator__name_{c}"] for c in ("th", "en", "vi")}
        units = {f"unit_{c}": row[f"indicator__unit_{c}"] for c in ("th", "en", "vi")}
        value_type = row["indicator__value_type"]
        indicator_rows.append(
            IndicatorRow(
                id=row["indicator_id"],
                code=row["indicator__code"],
                name=_pick(names, "name", language),
                node_id=row["indicator__node_id"],
                value_type=value_type,
                unit="%" if value_type == "percentage" else _pick(units, "unit", language),
                decimals=row["indicator__decimals"],
                direction=row["indicator__direction"],
                cumulative_mode=row["indicator__cumulative_mode"],
                aggregation=row["indicator__aggregation"],
                is_key=row["indicator__is_key"],
                value=row["value"],
                numerator=row["numerator"],
                denominator=row["denominator"],
                milestone_status=row["milestone_status"],
                baseline=row["baseline"],
                target=row["target"],
                target_source=row["target_source"],
                life_target=row["life_target"],
                achievement=row["achievement"],
                status=row["status"],
                agencies_reporting=row["agencies_reporting"],
                agencies_expected=row["agencies_expected"],
                lead=leads.get(row["indicator_id"], ""),
            )
        )
    overall_values = node_values.get(None)
    return PlanProgress(
        plan=plan,
        period=period,
        provisional=provisional,
        computed_at=max((v["computed_at"] for v in node_values.values()), default=None),
        overall=_node_row(overall_values, None, 0, language) if overall_values else None,
        nodes=ordered,
        indicators=indicator_rows,
    )


def last_computed_at(plan: Plan):
    return NodeProgress.objects.filter(plan=plan).aggregate(at=Max("computed_at"))["at"]
