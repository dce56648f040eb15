"""Who holds which role where; the other apps ask here rather than reading memberships."""

from django.contrib.auth.models import AnonymousUser, User

from naptrack.organizations.models import Membership


def organization_ids_for(user: User | AnonymousUser, roles: set[str] | None = None) -> set[int]:
    """Return the organizations in which the user holds one of the roles (any role if None)."""
    if not user.is_authenticated:
        return set()
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return set(memberships.values_list("organization_id", flat=True))


def is_platform_admin(user: User | AnonymousUser) -> bool:
    """Superusers run the platform; an organization's `admin` role reaches only that organization."""
    return bool(user.is_authenticated and user.is_superuser)
