"""Every change to a results framework: each checks permission, validates and saves."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naptrack.core.services import SYSTEM, require
from naptrack.frameworks.models import (
    Aggregation,
    Assignment,
    AssignmentRole,
    Baseline,
    Breakdown,
    Indicator,
    IndicatorDimension,
    Option,
    Plan,
    PlanLevel,
    ResultNode,
    Target,
    ValueType,
    breakdown_key,
)
from naptrack.frameworks.permissions import can_edit_framework
from naptrack.periods.models import Period


def _allowed(actor, plan: Plan | None = None, owner_id: int | None = None) -> bool:
    return actor is SYSTEM or can_edit_framework(actor, plan, owner_id)


def _save(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def plan_create(
    *, actor, code: str, owner, level_names: list[dict[str, str]] | None = None, **fields: Any
) -> Plan:
    """Create a plan with the names of its levels, e.g. [{"en": "Pillar", "th": "เสาหลัก"}, …]."""
    require(_allowed(actor, owner_id=owner.pk))
    plan = _save(Plan(code=code, owner=owner), **fields)
    for depth, names in enumerate(level_names or [], start=1):
        _save(
            PlanLevel(plan=plan, depth=depth),
            **{f"name_{lang}": text for lang, text in names.items()},
        )
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, **fields: Any) -> Plan:
    require(_allowed(actor, plan))
    if "owner" in fields and fields["owner"].pk != plan.owner_id:
        # Handing a plan to another agency needs the right to shape that agency's plans too.
        require(_allowed(actor, owner_id=fields["owner"].pk))
    return _save(plan, **fields)


@transaction.atomic
def node_create(
    *, actor, plan: Plan, code: str, parent: ResultNode | None = None, **fields: Any
) -> ResultNode:
    require(_allowed(actor, plan))
    return _save(ResultNode(plan=plan, parent=parent, code=code), **fields)


@transaction.atomic
def node_move(*, actor, node: ResultNode, parent: ResultNode | None) -> ResultNode:
    """Place a result under another; refuse a move that would make a cycle."""
    require(_allowed(actor, node.plan))
    previous = node.parent
    try:
        return _save(node, parent=parent)
    except ValidationError:
        node.parent = previous  # leave the caller's object as the database holds it
        raise


# How values combine when the indicator does not say: never an average of percentages.
DEFAULT_AGGREGATION = {
    ValueType.NUMBER: Aggregation.SUM,
    ValueType.PERCENTAGE: Aggregation.RATIO,
    ValueType.YES_NO: Aggregation.LATEST,
    ValueType.MILESTONE: Aggregation.LATEST,
    ValueType.QUALITATIVE: Aggregation.LATEST,
}


@transaction.atomic
def indicator_create(*, actor, node: ResultNode, code: str, **fields: Any) -> Indicator:
    require(_allowed(actor, node.plan))
    value_type = fields.setdefault("value_type", ValueType.NUMBER)
    fields.setdefault("aggregation", DEFAULT_AGGREGATION.get(value_type, Aggregation.SUM))
    return _save(Indicator(plan=node.plan, node=node, code=code), **fields)


@transaction.atomic
def indicator_set_dimensions(
    *, actor, indicator: Indicator, dimensions: list[tuple[Any, list[Option] | None]]
) -> None:
    """Set the breakdowns of an indicator: [(dimension, [options] or None for all), …]."""
    require(_allowed(actor, indicator.plan))
    IndicatorDimension.objects.filter(indicator=indicator).delete()
    for order, (dimension, options) in enumerate(dimensions):
        link = IndicatorDimension.objects.create(
            indicator=indicator, dimension=dimension, sort_order=order
        )
        if options:
            foreign = [o for o in options if o.dimension_id != dimension.pk]
            if foreign:
                raise ValidationError(
                    _("“%(option)s” is not an option of %(dimension)s.")
                    % {"option": foreign[0].name, "dimension": dimension.name}
                )
            link.options.set(options)


@transaction.atomic
def assignment_set(
    *,
    actor,
    indicator: Indicator,
    organization,
    role: str = AssignmentRole.LEAD,
    reports: bool = True,
) -> Assignment:
    require(_allowed(actor, indicator.plan))
    assignment = Assignment.objects.filter(
        indicator=indicator, organization=organization
    ).first() or Assignment(indicator=indicator, organization=organization)
    return _save(assignment, role=role, reports=reports)


def breakdown_get_or_create(options: list[Option]) -> Breakdown:
    """Return the breakdown for a set of options, at most one per dimension."""
    if not options:
        raise ValidationError(
            _("A breakdown needs at least one option; leave the breakdown empty for the total.")
        )
    by_dimension: dict[int, Option] = {}
    for option in options:
        if (
            option.dimension_id in by_dimension
            and by_dimension[option.dimension_id].pk != option.pk
        ):
            raise ValidationError(_("A breakdown takes one option per dimension."))
        by_dimension[option.dimension_id] = option
    key = breakdown_key((o.dimension.code, o.code) for o in by_dimension.values())
    breakdown, created = Breakdown.objects.get_or_create(key=key)
    if created:
        breakdown.options.set(by_dimension.values())
    return breakdown


def _figure_fields(
    value, numerator, denominator, texts: dict[str, str] | None, is_demo: bool
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "value": None if value is None else Decimal(str(value)),
        "numerator": None if numerator is None else Decimal(str(numerator)),
        "denominator": None if denominator is None else Decimal(str(denominator)),
        "is_demo": is_demo,
    }
    for lang in ("th", "en", "vi"):
        fields[f"text_{lang}"] = (texts or {}).get(lang, "")
    return fields


@transaction.atomic
def baseline_set(
    *,
    actor,
    indicator: Indicator,
    value=None,
    numerator=None,
    denominator=None,
    texts: dict[str, str] | None = None,
    breakdown: Breakdown | None = None,
    period: Period | None = None,
    source: str = "",
    is_demo: bool = False,
) -> Baseline:
    require(_allowed(actor, indicator.plan))
    baseline = Baseline.objects.filter(
        indicator=indicator, breakdown=breakdown
    ).first() or Baseline(indicator=indicator, breakdown=breakdown)
    return _save(
        baseline,
        period=period,
        source=source,
        **_figure_fields(value, numerator, denominator, texts, is_demo),
    )


@transaction.atomic
def target_set(
    *,
    actor,
    indicator: Indicator,
    period: Period,
    value=None,
    numerator=None,
    denominator=None,
    texts: dict[str, str] | None = None,
    breakdown: Breakdown | None = None,
    is_demo: bool = False,
) -> Target:
    require(_allowed(actor, indicator.plan))
    target = Target.objects.filter(
        indicator=indicator, period=period, breakdown=breakdown
    ).first() or Target(indicator=indicator, period=period, breakdown=breakdown)
    return _save(target, **_figure_fields(value, numerator, denominator, texts, is_demo))
