"""The number of unread messages, for the Inbox link in the site header."""

from django.utils.functional import SimpleLazyObject

from naptrack.notifications.models import Notification


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox_unread": 0}
    # Counted only if a template shows it (JSON and file responses never do).
    return {
        "inbox_unread": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        )
    }
