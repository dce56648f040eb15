"""What every service shares: who is acting, and refusing what they may not do."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class SystemActor:
    """The platform itself, acting for a command such as load_demo; it holds every permission."""

    is_authenticated = True
    is_superuser = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def require(allowed: bool, message: str | None = None) -> None:
    """Raise PermissionDenied with a message in the user's language unless allowed."""
    if not allowed:
        raise PermissionDenied(message or _("You do not have permission to do this."))
