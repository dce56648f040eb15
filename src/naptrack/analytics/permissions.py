"""Who may see progress. Accepted figures of a plan in force are public like the plan itself;
provisional figures (submitted, not yet accepted) only to the plan's coordinators."""

from naptrack.frameworks.models import Plan
from naptrack.frameworks.permissions import can_view_plan
from naptrack.reporting.permissions import coordinates_plan


def can_view_progress(user, plan: Plan) -> bool:
    return can_view_plan(user, plan)


def can_view_provisional(user, plan: Plan) -> bool:
    """Data not yet accepted may still change: only the plan's coordinators look at it."""
    return bool(getattr(user, "is_authenticated", False)) and coordinates_plan(user, plan)
