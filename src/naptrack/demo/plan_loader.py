"""Load a demo plan through the framework services: the plan, its tree, indicators, agencies and figures.

A plan is read back in a handful of queries; only what is missing or differs is written, through
frameworks.services wherever a service exists, so every write is validated the way the platform
validates it. frameworks.services has no update service for results and indicators and none for
linking references: those few writes are made here, each after full_clean.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from naptrack.core.services import SYSTEM
from naptrack.demo.data.schema import Fig, IndicatorSpec, NodeSpec, PlanSpec
from naptrack.demo.loaders import LoadStats, differences, texts, upsert
from naptrack.frameworks import services
from naptrack.frameworks.models import (
    Assignment,
    AssignmentRole,
    Baseline,
    Breakdown,
    Dimension,
    Indicator,
    IndicatorDimension,
    Option,
    Plan,
    PlanLevel,
    ReferenceItem,
    ResultNode,
    Target,
    breakdown_key,
)
from naptrack.geo.models import Area
from naptrack.organizations.models import Organization
from naptrack.periods import calendars
from naptrack.periods.models import Calendar, Period
from naptrack.periods.services import (
    period_codes_for_calendar,
    period_get_or_create,
    periods_for_plan_span,
)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _as_fig(value) -> Fig:
    return value if isinstance(value, Fig) else Fig(value=value)


def _figure_wanted(fig: Fig, is_demo: bool) -> dict:
    """The fields a figure will have once saved: a percentage's value is worked out from its parts."""
    value, numerator, denominator = (
        _decimal(fig.value),
        _decimal(fig.numerator),
        _decimal(fig.denominator),
    )
    if value is None and numerator is not None and denominator:
        value = (numerator * 100 / denominator).quantize(Decimal("0.0001"))
    return {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        **texts("text", fig.text),
        "is_demo": is_demo,
    }


class PlanLoader:
    def __init__(
        self,
        stats: LoadStats,
        *,
        organizations: dict[str, Organization],
        references: dict[str, ReferenceItem],
        options: dict[str, Option],
    ) -> None:
        self.stats = stats
        self.organizations = organizations
        self.references = references
        self.options = options
        self.dimensions: dict[str, Dimension] = Dimension.objects.in_bulk(field_name="code")
        self.periods: dict[str, Period] = Period.objects.in_bulk(field_name="code")
        self.breakdowns: dict[str, Breakdown] = Breakdown.objects.in_bulk(field_name="key")
        self.plans: dict[str, Plan] = {}

    # --- lookups ---------------------------------------------------------------------------------

    def period(self, code: str) -> Period:
        period = self.periods.get(code)
        if period is None:
            period = self.periods[code] = period_get_or_create(code)
        return period

    def breakdown(self, option_refs: tuple[str, ...]) -> Breakdown:
        options = [self.options[ref] for ref in option_refs]
        # The same key breakdown_get_or_create makes, so an existing breakdown is found without a query.
        key = breakdown_key((o.dimension.code, o.code) for o in options)
        breakdown = self.breakdowns.get(key)
        if breakdown is None:
            breakdown = self.breakdowns[key] = services.breakdown_get_or_create(options)
            self.stats.add(Breakdown._meta.label, created=1)
        return breakdown

    # --- the plan ---------------------------------------------------------------------------------

    def load(self, spec: PlanSpec) -> Plan:
        plan = self._plan(spec)
        self._periods(spec)
        nodes = self._nodes(plan, spec)
        self._indicators(plan, spec, nodes)
        self.plans[spec.code] = plan
        return plan

    def _plan(self, spec: PlanSpec) -> Plan:
        wanted = {
            **texts("title", spec.title),
            **texts("short_title", spec.short_title),
            **texts("description", spec.description),
            "kind": spec.kind,
            "area": Area.objects.get(code=spec.area) if spec.area else None,
            "parent": self._plan_by_code(spec.parent) if spec.parent else None,
            "start_date": spec.start,
            "end_date": spec.end,
            "calendar": spec.calendar,
            "status": spec.status,
            "adopted_on": spec.adopted_on,
            "adopted_by": spec.adopted_by,
            "languages": spec.languages,
            "has_demo_figures": spec.has_demo_figures,
        }
        owner = self.organizations[spec.owner]
        plan = Plan.objects.filter(code=spec.code).first()
        if plan is None:
            plan = services.plan_create(
                actor=SYSTEM, code=spec.code, owner=owner, level_names=list(spec.levels), **wanted
            )
            self.stats.add(Plan._meta.label, created=1)
            self.stats.add(PlanLevel._meta.label, created=len(spec.levels))
            return plan
        changed = differences(plan, {**wanted, "owner": owner})
        if changed:
            services.plan_update(actor=SYSTEM, plan=plan, **changed)
            self.stats.add(Plan._meta.label, updated=1)
        levels = {level.depth: level for level in plan.levels.all()}
        for depth, names in enumerate(spec.levels, start=1):
            upsert(
                PlanLevel,
                levels.get(depth),
                {"plan": plan, "depth": depth},
                texts("name", names),
                self.stats,
            )
        return plan

    def _plan_by_code(self, code: str) -> Plan:
        return self.plans.get(code) or Plan.objects.get(code=code)

    def _periods(self, spec: PlanSpec) -> None:
        """Make the years (with halves and quarters) the plan spans, so rounds can be opened for them."""
        wanted = [calendars.lifetime_code(spec.start, spec.end)]
        for year in period_codes_for_calendar(spec.calendar, spec.start, spec.end):
            parts = [f"{year}-H1", f"{year}-H2"] if spec.calendar == Calendar.THAI_FISCAL else []
            wanted += [year, *parts, *(f"{year}-Q{n}" for n in range(1, 5))]
        if all(code in self.periods for code in wanted):
            return
        for period in periods_for_plan_span(spec.calendar, spec.start, spec.end):
            self.periods[period.code] = period

    # --- the results tree ------------------------------------------------------------------------

    def _nodes(self, plan: Plan, spec: PlanSpec) -> dict[str, ResultNode]:
        existing = {node.code: node for node in ResultNode.objects.filter(plan=plan)}
        linked = defaultdict(set)
        for node_id, item_id in ResultNode.references.through.objects.filter(
            resultnode__plan=plan
        ).values_list("resultnode_id", "referenceitem_id"):
            linked[node_id].add(item_id)
        nodes: dict[str, ResultNode] = {}

        def visit(node_spec: NodeSpec, parent: ResultNode | None, order: int) -> None:
            wanted = {
                **texts("title", node_spec.title),
                **texts("description", node_spec.description),
                "sort_order": order,
            }
            node = existing.get(node_spec.code)
            if node is None:
                node = services.node_create(
                    actor=SYSTEM, plan=plan, code=node_spec.code, parent=parent, **wanted
                )
                self.stats.add(ResultNode._meta.label, created=1)
            else:
                if node.parent_id != (parent.pk if parent else None):
                    node = services.node_move(actor=SYSTEM, node=node, parent=parent)
                    self.stats.add(ResultNode._meta.label, updated=1)
                upsert(ResultNode, node, {}, wanted, self.stats)
            self._link_references(node, node_spec.references, linked[node.pk])
            nodes[node_spec.code] = node
            for child_order, child in enumerate(node_spec.children, start=1):
                visit(child, node, child_order)

        for order, node_spec in enumerate(spec.nodes, start=1):
            visit(node_spec, None, order)
        return nodes

    def _link_references(self, obj, refs: tuple[str, ...], linked: set[int]) -> None:
        wanted = {self.references[ref].pk for ref in refs}
        if wanted != linked:
            obj.references.set(wanted)
            self.stats.add(
                f"{obj._meta.label}.references", **{"updated" if linked else "created": 1}
            )

    # --- indicators ------------------------------------------------------------------------------

    def _indicators(self, plan: Plan, spec: PlanSpec, nodes: dict[str, ResultNode]) -> None:
        self.existing = {ind.code: ind for ind in Indicator.objects.filter(plan=plan)}
        self.linked = defaultdict(set)
        for ind_id, item_id in Indicator.references.through.objects.filter(
            indicator__plan=plan
        ).values_list("indicator_id", "referenceitem_id"):
            self.linked[ind_id].add(item_id)
        self.breakdowns_of = defaultdict(list)
        for link in (
            IndicatorDimension.objects.filter(indicator__plan=plan)
            .prefetch_related("options")
            .order_by("indicator_id", "sort_order")
        ):
            self.breakdowns_of[link.indicator_id].append(
                (link.dimension_id, frozenset(o.pk for o in link.options.all()))
            )
        self.assignments = defaultdict(dict)
        for assignment in Assignment.objects.filter(indicator__plan=plan):
            self.assignments[assignment.indicator_id][assignment.organization_id] = assignment
        self.baselines = {
            (b.indicator_id, b.breakdown_id): b
            for b in Baseline.objects.filter(indicator__plan=plan)
        }
        self.targets = {
            (t.indicator_id, t.period_id, t.breakdown_id): t
            for t in Target.objects.filter(indicator__plan=plan)
        }

        order = 0
        for node_spec in spec.all_nodes():
            for ind_spec in node_spec.indicators:
                order += 1
                indicator = self._indicator(nodes[node_spec.code], ind_spec, order)
                self._link_references(indicator, ind_spec.references, self.linked[indicator.pk])
                self._dimensions(indicator, ind_spec)
                self._assignments(indicator, ind_spec)
                self._figures(indicator, ind_spec, spec.has_demo_figures)

    def _indicator(self, node: ResultNode, spec: IndicatorSpec, order: int) -> Indicator:
        wanted = {
            **texts("name", spec.name),
            **texts("definition", spec.definition),
            **texts("unit", spec.unit),
            **texts("means_of_verification", spec.means_of_verification),
            **texts("life_target_text", spec.life_target_text),
            "value_type": spec.value_type,
            "decimals": spec.decimals,
            "direction": spec.direction,
            "cumulative_mode": spec.cumulative_mode,
            "aggregation": spec.aggregation,
            "frequency": spec.frequency,
            "life_target_value": _decimal(spec.life_target),
            "is_key": spec.is_key,
            "sort_order": order,
        }
        indicator = self.existing.get(spec.code)
        if indicator is None:
            indicator = services.indicator_create(actor=SYSTEM, node=node, code=spec.code, **wanted)
            self.stats.add(Indicator._meta.label, created=1)
            return indicator
        return upsert(Indicator, indicator, {}, {**wanted, "node": node}, self.stats)

    def _dimensions(self, indicator: Indicator, spec: IndicatorSpec) -> None:
        wanted = []
        for dimension_code, option_codes in spec.dimensions:
            dimension = self.dimensions[dimension_code]
            options = [self.options[f"{dimension_code}:{code}"] for code in option_codes or ()]
            wanted.append((dimension, options or None))
        signature = [(d.pk, frozenset(o.pk for o in options or ())) for d, options in wanted]
        if signature != self.breakdowns_of[indicator.pk]:
            services.indicator_set_dimensions(actor=SYSTEM, indicator=indicator, dimensions=wanted)
            had = bool(self.breakdowns_of[indicator.pk])
            self.stats.add(
                IndicatorDimension._meta.label,
                **{"updated" if had else "created": len(wanted) or 1},
            )

    def _assignments(self, indicator: Indicator, spec: IndicatorSpec) -> None:
        current = self.assignments[indicator.pk]
        lead = self.organizations[spec.lead]
        supports = []
        for entry in spec.support:
            code, reports = (entry, True) if isinstance(entry, str) else entry
            supports.append((self.organizations[code], reports))

        def apply(org: Organization, role: str, reports: bool) -> None:
            assignment = current.get(org.pk)
            if assignment is None or assignment.role != role or assignment.reports != reports:
                services.assignment_set(
                    actor=SYSTEM, indicator=indicator, organization=org, role=role, reports=reports
                )
                self.stats.add(
                    Assignment._meta.label, **{"created" if assignment is None else "updated": 1}
                )

        # Supporting agencies first, so that a former lead becomes supporting before the new lead is set.
        for org, reports in supports:
            apply(org, AssignmentRole.SUPPORT, reports)
        wanted_ids = {lead.pk, *(org.pk for org, _ in supports)}
        for org_id, assignment in current.items():
            if assignment.role == AssignmentRole.LEAD and org_id not in wanted_ids:
                # A lead the data no longer names: keep its history, but only one agency can lead.
                services.assignment_set(
                    actor=SYSTEM,
                    indicator=indicator,
                    organization=assignment.organization,
                    role=AssignmentRole.SUPPORT,
                    reports=assignment.reports,
                )
                self.stats.add(Assignment._meta.label, updated=1)
        apply(lead, AssignmentRole.LEAD, spec.lead_reports)

    def _figures(self, indicator: Indicator, spec: IndicatorSpec, is_demo: bool) -> None:
        self._baseline(indicator, spec.baseline, None, is_demo)
        for period_code, value in spec.targets.items():
            self._target(indicator, period_code, _as_fig(value), None, is_demo)
        for group in spec.by:
            breakdown = self.breakdown(group.options)
            if group.baseline is not None:
                self._baseline(indicator, group.baseline, breakdown, is_demo)
            for period_code, value in group.targets.items():
                self._target(indicator, period_code, _as_fig(value), breakdown, is_demo)

    def _baseline(
        self, indicator: Indicator, fig: Fig, breakdown: Breakdown | None, is_demo: bool
    ) -> None:
        period = self.period(fig.period) if fig.period else None
        existing = self.baselines.get((indicator.pk, breakdown.pk if breakdown else None))
        wanted = {**_figure_wanted(fig, is_demo), "period": period, "source": fig.source}
        if existing is not None and not differences(existing, wanted):
            return
        services.baseline_set(
            actor=SYSTEM,
            indicator=indicator,
            value=fig.value,
            numerator=fig.numerator,
            denominator=fig.denominator,
            texts=fig.text,
            breakdown=breakdown,
            period=period,
            source=fig.source,
            is_demo=is_demo,
        )
        self.stats.add(Baseline._meta.label, **{"created" if existing is None else "updated": 1})

    def _target(
        self,
        indicator: Indicator,
        period_code: str,
        fig: Fig,
        breakdown: Breakdown | None,
        is_demo: bool,
    ) -> None:
        period = self.period(period_code)
        existing = self.targets.get((indicator.pk, period.pk, breakdown.pk if breakdown else None))
        if existing is not None and not differences(existing, _figure_wanted(fig, is_demo)):
            return
        services.target_set(
            actor=SYSTEM,
            indicator=indicator,
            period=period,
            value=fig.value,
            numerator=fig.numerator,
            denominator=fig.denominator,
            texts=fig.text,
            breakdown=breakdown,
            is_demo=is_demo,
        )
        self.stats.add(Target._meta.label, **{"created" if existing is None else "updated": 1})
