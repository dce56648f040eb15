"""Reads of results frameworks for pages, the API and exports, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from naptrack.frameworks.models import (
    Assignment,
    AssignmentRole,
    Baseline,
    Indicator,
    IndicatorDimension,
    Option,
    Plan,
    PlanLevel,
    ReferenceItem,
    ResultNode,
    Target,
)
from naptrack.frameworks.permissions import visible_plans


def plan_list_for_user(user: User | AnonymousUser) -> QuerySet[Plan]:
    """Plans the user may see, with owner, counts, and the parent plan's code only if it is visible too."""
    return (
        plan_list_for_api(user)
        .select_related("parent")
        .order_by("area__code", "-start_date", "code")
    )


def plan_get_for_user(user: User | AnonymousUser, code: str) -> Plan | None:
    return plan_list_for_user(user).filter(code=code).first()


def indicator_queryset() -> QuerySet[Indicator]:
    """Indicators with what their pages and the API show beside them, prefetched."""
    return Indicator.objects.select_related("plan", "node").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("organization").order_by(
                "role", "organization__code"
            ),
        ),
        Prefetch(
            "indicator_dimensions",
            queryset=IndicatorDimension.objects.select_related("dimension").prefetch_related(
                "options", "dimension__options"
            ),
        ),
        Prefetch(
            "targets",
            queryset=Target.objects.select_related("period", "breakdown").order_by(
                "period__start", "breakdown__key"
            ),
        ),
        "baselines__breakdown",
        "baselines__period",
        "references__framework",
    )


@dataclass
class TreeNode:
    """A result with its sub-results and indicators, for rendering the whole tree at once."""

    node: ResultNode
    level: PlanLevel | None
    depth: int
    children: list[TreeNode] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def indicator_count(self) -> int:
        return len(self.indicators) + sum(child.indicator_count for child in self.children)

    @property
    def lead_organizations(self) -> list:
        seen, leads = set(), []
        for tree_node in self.walk():
            for indicator in tree_node.indicators:
                for assignment in indicator.assignments.all():
                    if (
                        assignment.role == AssignmentRole.LEAD
                        and assignment.organization_id not in seen
                    ):
                        seen.add(assignment.organization_id)
                        leads.append(assignment.organization)
        return leads

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def plan_tree(plan: Plan, *, search: str = "") -> list[TreeNode]:
    """Return the plan's results as a forest of TreeNodes; with `search`, only the matching branches."""
    levels = {level.depth: level for level in plan.levels.all()}
    nodes = list(
        plan.nodes.all().prefetch_related("references__framework").order_by("sort_order", "code")
    )
    # The tree shows names and agencies only: baselines and targets are left for the indicator page.
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organization").order_by(
                    "role", "organization__code"
                ),
            )
        )
        .order_by("sort_order", "code")
    )
    by_parent: dict[int | None, list[ResultNode]] = defaultdict(list)
    for node in nodes:
        by_parent[node.parent_id].append(node)
    indicators_by_node: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        indicators_by_node[indicator.node_id].append(indicator)

    def build(parent_id: int | None, depth: int) -> list[TreeNode]:
        return [
            TreeNode(
                node=node,
                level=levels.get(depth),
                depth=depth,
                children=build(node.pk, depth + 1),
                indicators=indicators_by_node[node.pk],
            )
            for node in by_parent.get(parent_id, [])
        ]

    forest = build(None, 1)
    if search:
        forest = _filter_forest(forest, search.casefold())
    return forest


def _matches(text: str, needle: str) -> bool:
    return needle in (text or "").casefold()


def _node_text(node: ResultNode) -> str:
    return " ".join([node.code, node.title_th, node.title_en, node.title_vi])


def _indicator_text(indicator: Indicator) -> str:
    orgs = " ".join(
        f"{a.organization.abbreviation_th} {a.organization.abbreviation_en} {a.organization.name_th} {a.organization.name_en}"
        for a in indicator.assignments.all()
    )
    return " ".join([indicator.code, indicator.name_th, indicator.name_en, indicator.name_vi, orgs])


def _filter_forest(forest: list[TreeNode], needle: str) -> list[TreeNode]:
    kept = []
    for tree_node in forest:
        if _matches(_node_text(tree_node.node), needle):
            kept.append(tree_node)
            continue
        children = _filter_forest(tree_node.children, needle)
        indicators = [i for i in tree_node.indicators if _matches(_indicator_text(i), needle)]
        if children or indicators:
            kept.append(
                TreeNode(tree_node.node, tree_node.level, tree_node.depth, children, indicators)
            )
    return kept


def indicator_get_for_user(
    user: User | AnonymousUser, plan_code: str, code: str
) -> Indicator | None:
    return (
        indicator_queryset()
        .filter(plan__in=visible_plans(user), plan__code=plan_code, code=code)
        .first()
    )


def node_ancestors(node: ResultNode) -> list[ResultNode]:
    """The chain of results above a node, from the top (pillar) down."""
    chain, current = [], node.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def indicators_for_organization(user: User | AnonymousUser, organization) -> QuerySet[Indicator]:
    """Indicators across visible plans that the organization leads or supports."""
    return (
        indicator_queryset()
        .filter(plan__in=visible_plans(user), assignments__organization=organization)
        .distinct()
        .order_by("plan__start_date", "plan__code", "sort_order", "code")
    )


def organization_list_with_counts(user: User | AnonymousUser):
    from naptrack.organizations.models import Organization

    plan_ids = visible_plans(user).values("pk")
    return (
        Organization.objects.filter(is_active=True)
        .select_related("parent")
        .annotate(
            indicator_count=Count(
                "assignments__indicator",
                filter=Q(assignments__indicator__plan__in=plan_ids),
                distinct=True,
            ),
            lead_count=Count(
                "assignments__indicator",
                filter=Q(
                    assignments__indicator__plan__in=plan_ids, assignments__role=AssignmentRole.LEAD
                ),
                distinct=True,
            ),
        )
        .order_by("kind", "code")
    )


# --- Reads for the API (naptrack.api) ------------------------------------------------------------
# Counts are subqueries rather than Count() over joins: a join would multiply rows (nodes ×
# indicators × assignments) and, after visible_plans() has joined indicators, would count only the
# indicators that matched the visibility filter.
# These imports sit here, not at the top, so that this section could be appended without touching
# the lines above; fold them into the top block when convenient.


def _count_by_plan(model) -> Coalesce:
    rows = (
        model.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def plan_list_for_api(
    user: User | AnonymousUser,
    *,
    kind: str | None = None,
    status: str | None = None,
    owner_code: str | None = None,
    area_code: str | None = None,
) -> QuerySet[Plan]:
    """Visible plans with owner, area, level names and counts; the parent's code only if visible."""
    visible_ids = visible_plans(user).values("pk")
    plans = (
        Plan.objects.filter(pk__in=visible_ids)
        .select_related("owner", "area")
        .prefetch_related("levels")
        .annotate(
            indicator_count=_count_by_plan(Indicator),
            node_count=_count_by_plan(ResultNode),
            visible_parent_code=Case(
                When(parent_id__in=visible_ids, then=F("parent__code")), default=None
            ),
        )
        .order_by("start_date", "code")
    )
    if kind:
        plans = plans.filter(kind=kind)
    if status:
        plans = plans.filter(status=status)
    if owner_code:
        plans = plans.filter(owner__code=owner_code)
    if area_code:
        plans = plans.filter(area__code=area_code)
    return plans


def node_list_for_user(
    user: User | AnonymousUser, *, plan_code: str | None = None, parent_id: int | None = None
) -> QuerySet[ResultNode]:
    """Results of visible plans with their direct indicator count and references."""
    nodes = (
        ResultNode.objects.filter(plan__in=visible_plans(user).values("pk"))
        .select_related("plan", "parent")
        .prefetch_related(
            Prefetch("references", queryset=ReferenceItem.objects.select_related("framework"))
        )
        .annotate(
            indicator_count=Coalesce(
                Subquery(
                    Indicator.objects.filter(node=OuterRef("pk"))
                    .order_by()
                    .values("node")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            )
        )
        .order_by("plan__start_date", "plan__code", "sort_order", "code", "pk")
    )
    if plan_code:
        nodes = nodes.filter(plan__code=plan_code)
    if parent_id is not None:
        nodes = nodes.filter(parent_id=parent_id)
    return nodes


def node_levels(nodes: list[ResultNode]) -> dict[int, tuple[int, PlanLevel | None]]:
    """Return {node id: (depth, level)} for the given nodes, in two queries whatever their number."""
    plan_ids = {node.plan_id for node in nodes}
    if not plan_ids:
        return {}
    parents = dict(ResultNode.objects.filter(plan_id__in=plan_ids).values_list("pk", "parent_id"))
    levels = {
        (level.plan_id, level.depth): level
        for level in PlanLevel.objects.filter(plan_id__in=plan_ids)
    }
    result = {}
    for node in nodes:
        depth, parent_id, seen = 1, parents.get(node.pk), {node.pk}
        while parent_id is not None and parent_id not in seen:
            seen.add(parent_id)
            depth += 1
            parent_id = parents.get(parent_id)
        result[node.pk] = (depth, levels.get((node.plan_id, depth)))
    return result


def indicator_full_queryset() -> QuerySet[Indicator]:
    """Indicators with agencies, breakdowns, baselines and targets down to their breakdown options."""
    breakdown_options = Prefetch(
        "breakdown__options", queryset=Option.objects.select_related("dimension", "area")
    )
    options = Option.objects.select_related("area")
    total_first = F("breakdown__key").asc(nulls_first=True)
    return Indicator.objects.select_related("plan", "node").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("organization").order_by(
                "role", "organization__code"
            ),
        ),
        Prefetch(
            "indicator_dimensions",
            queryset=IndicatorDimension.objects.select_related("dimension").prefetch_related(
                Prefetch("options", queryset=options),
                Prefetch("dimension__options", queryset=options),
            ),
        ),
        Prefetch(
            "baselines",
            queryset=Baseline.objects.select_related("period", "breakdown")
            .prefetch_related(breakdown_options)
            .order_by(total_first, "pk"),
        ),
        Prefetch(
            "targets",
            queryset=Target.objects.select_related("period", "breakdown")
            .prefetch_related(breakdown_options)
            .order_by("period__start", "-period__end", total_first, "pk"),
        ),
        Prefetch("references", queryset=ReferenceItem.objects.select_related("framework")),
    )


def indicator_list_for_user(
    user: User | AnonymousUser,
    *,
    plan_code: str | None = None,
    node_id: int | None = None,
    organization_code: str | None = None,
    value_type: str | None = None,
) -> QuerySet[Indicator]:
    """Indicators of visible plans with their whole definition prefetched."""
    indicators = indicator_full_queryset().filter(plan__in=visible_plans(user).values("pk"))
    if plan_code:
        indicators = indicators.filter(plan__code=plan_code)
    if node_id is not None:
        indicators = indicators.filter(node_id=node_id)
    if organization_code:
        indicators = indicators.filter(
            pk__in=Assignment.objects.filter(organization__code=organization_code).values(
                "indicator_id"
            )
        )
    if value_type:
        indicators = indicators.filter(value_type=value_type)
    return indicators.order_by("plan__start_date", "plan__code", "sort_order", "code", "pk")


def organization_list_for_api(
    user: User | AnonymousUser,
    *,
    kind: str | None = None,
    parent_code: str | None = None,
    country_code: str | None = None,
):
    """Every organization, with the indicators of visible plans it leads or supports counted."""
    from naptrack.organizations.models import Organization

    visible_ids = visible_plans(user).values("pk")

    def count(**role):
        rows = (
            Assignment.objects.filter(
                organization=OuterRef("pk"), indicator__plan__in=visible_ids, **role
            )
            .order_by()
            .values("organization")
            .annotate(n=Count("indicator", distinct=True))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    organizations = (
        Organization.objects.select_related("parent", "country")
        .annotate(indicator_count=count(), lead_count=count(role=AssignmentRole.LEAD))
        .order_by("code")
    )
    if kind:
        organizations = organizations.filter(kind=kind)
    if parent_code:
        organizations = organizations.filter(parent__code=parent_code)
    if country_code:
        organizations = organizations.filter(country__code=country_code)
    return organizations
