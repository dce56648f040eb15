"""Pages for browsing results frameworks: the plans, a plan's tree, an indicator, an agency."""

from collections import OrderedDict

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from naptrack.frameworks import selectors
from naptrack.frameworks.models import AssignmentRole, PlanStatus
from naptrack.organizations.models import Organization
from naptrack.reporting.permissions import coordinates_plan
from naptrack.reporting.selectors_values import indicator_reported_values

MAX_SEARCH_LENGTH = 200


@require_GET
def home(request):
    """The plans the user may see, grouped by the country or region they belong to."""
    groups: OrderedDict = OrderedDict()
    for plan in selectors.plan_list_for_user(request.user):
        groups.setdefault(plan.area, []).append(plan)
    return render(request, "frameworks/home.html", {"groups": list(groups.items()), "nav": "plans"})


@require_GET
def plan_detail(request, code: str):
    plan = selectors.plan_get_for_user(request.user, code)
    if plan is None:
        raise Http404
    fmt = request.GET.get("format", "").strip().lower()
    if fmt:
        # Every indicator of the plan, whatever the search on the page.
        response = _indicator_list_download(plan, selectors.plan_tree(plan), fmt)
        if response is not None:
            return response
        messages.warning(
            request,
            _("Downloads are in CSV or XLSX; “%(format)s” is not one of them.")
            % {"format": fmt[:20]},
        )
    query = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    tree = selectors.plan_tree(plan, search=query)
    context = {
        "plan": plan,
        "tree": tree,
        "query": query,
        "levels": list(plan.levels.all()),
        "child_plans": selectors.plan_list_for_user(request.user).filter(parent=plan),
        "nav": "plans",
        "is_draft": plan.status == PlanStatus.DRAFT,
        "can_open_round": coordinates_plan(request.user, plan)
        if request.user.is_authenticated
        else False,
    }
    if request.htmx and request.htmx.target == "plan-tree":
        return render(request, "frameworks/partials/plan_tree.html", context)
    return render(request, "frameworks/plan_detail.html", context)


def _plain_number(value):
    """120.0000 as 120 and 12.5000 as 12.5: a stored figure without its trailing zeros."""
    if value == value.to_integral_value():
        return value.quantize(1)
    return value.normalize()


def _indicator_list_download(plan, tree, fmt: str):
    """Every indicator of the plan under its result, with its agencies, as CSV or XLSX."""
    from naptrack.analytics.exports import FORMATS, table_response

    if fmt not in FORMATS:
        return None
    columns = [
        _("Plan code"),
        _("Level"),
        _("Result code"),
        _("Result"),
        _("Indicator code"),
        _("Indicator"),
        _("Key performance indicator"),
        _("Value type"),
        _("Unit"),
        _("Frequency"),
        _("Life-of-plan target"),
        _("Lead agency"),
        _("Supporting agencies"),
    ]
    rows = []
    for tree_node in (node for root in tree for node in root.walk()):
        level = tree_node.level.name if tree_node.level else ""
        for indicator in tree_node.indicators:
            assignments = list(indicator.assignments.all())
            leads = [
                a.organization.short_name for a in assignments if a.role == AssignmentRole.LEAD
            ]
            supports = [
                a.organization.short_name for a in assignments if a.role != AssignmentRole.LEAD
            ]
            rows.append(
                [
                    plan.code,
                    level,
                    tree_node.node.code,
                    tree_node.node.title,
                    indicator.code,
                    indicator.name,
                    _("Yes") if indicator.is_key else _("No"),
                    indicator.get_value_type_display(),
                    indicator.unit,
                    indicator.get_frequency_display(),
                    _plain_number(indicator.life_target_value)
                    if indicator.life_target_value is not None
                    else indicator.life_target_text,
                    ", ".join(leads),
                    ", ".join(supports),
                ]
            )
    return table_response(f"{plan.code}-indicators", columns, rows, fmt)


@require_GET
def indicator_detail(request, plan_code: str, code: str):
    indicator = selectors.indicator_get_for_user(request.user, plan_code, code)
    if indicator is None:
        raise Http404
    targets = list(indicator.targets.all())
    total_targets = [t for t in targets if t.breakdown_id is None]
    breakdown_targets: OrderedDict = OrderedDict()
    for target in targets:
        if target.breakdown_id is not None:
            breakdown_targets.setdefault(target.period, []).append(target)
    assignments = list(indicator.assignments.all())
    context = {
        "indicator": indicator,
        "plan": indicator.plan,
        "ancestors": [*selectors.node_ancestors(indicator.node), indicator.node],
        "total_targets": total_targets,
        "breakdown_targets": list(breakdown_targets.items()),
        "baselines": list(indicator.baselines.all()),
        "leads": [a for a in assignments if a.role == AssignmentRole.LEAD],
        "supporters": [a for a in assignments if a.role == AssignmentRole.SUPPORT],
        "dimensions": list(indicator.indicator_dimensions.all()),
        "references": list(indicator.references.all()),
        "has_demo": any(t.is_demo for t in targets)
        or any(b.is_demo for b in indicator.baselines.all()),
        "reported": indicator_reported_values(request.user, indicator),
        "nav": "plans",
    }
    return render(request, "frameworks/indicator_detail.html", context)


@require_GET
def organization_list(request):
    organizations = selectors.organization_list_with_counts(request.user)
    return render(
        request,
        "frameworks/organization_list.html",
        {"organizations": organizations, "nav": "organizations"},
    )


@require_GET
def organization_detail(request, code: str):
    organization = get_object_or_404(
        Organization.objects.select_related("parent", "country"), code=code
    )
    indicators = list(selectors.indicators_for_organization(request.user, organization))
    by_plan: OrderedDict = OrderedDict()
    for indicator in indicators:
        role = next(
            (a.role for a in indicator.assignments.all() if a.organization_id == organization.pk),
            None,
        )
        by_plan.setdefault(indicator.plan, []).append((indicator, role))
    context = {
        "organization": organization,
        "plans": list(by_plan.items()),
        "units": organization.children.filter(is_active=True),
        "lead_count": sum(
            1 for items in by_plan.values() for _, role in items if role == AssignmentRole.LEAD
        ),
        "indicator_count": len(indicators),
        "nav": "organizations",
    }
    return render(request, "frameworks/organization_detail.html", context)
