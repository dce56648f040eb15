"""Who may see and change plans."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from naptrack.frameworks.models import Plan, PlanStatus
from naptrack.organizations.models import Role
from naptrack.organizations.permissions import is_platform_admin, organization_ids_for

PUBLIC_STATUSES = (PlanStatus.PUBLISHED, PlanStatus.CLOSED)


def visible_plans(user: User | AnonymousUser) -> QuerySet[Plan]:
    """Plans in force or ended are public; drafts only to the owner's and the assigned agencies' members."""
    plans = Plan.objects.all()
    if is_platform_admin(user):
        return plans
    org_ids = organization_ids_for(user)
    return plans.filter(
        Q(status__in=PUBLIC_STATUSES)
        | Q(owner_id__in=org_ids)
        | Q(indicators__assignments__organization_id__in=org_ids)
    ).distinct()


def can_view_plan(user: User | AnonymousUser, plan: Plan) -> bool:
    return visible_plans(user).filter(pk=plan.pk).exists()


def can_edit_framework(
    user: User | AnonymousUser | None, plan: Plan | None = None, owner_id: int | None = None
) -> bool:
    """The plan's coordinators and platform administrators shape its framework."""
    if user is None:
        return False
    if is_platform_admin(user):
        return True
    owner = owner_id if owner_id is not None else (plan.owner_id if plan else None)
    return owner in organization_ids_for(user, {Role.COORDINATOR, Role.ADMIN})
