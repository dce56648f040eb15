"""The inbox: a user's messages, newest first; marking them read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from naptrack.notifications import services
from naptrack.notifications.models import Notification

PAGE_SIZE = 30


def _unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    """The user's messages, newest first, unread ones highlighted; POST marks them all read."""
    if request.method == "POST":
        count = services.notifications_mark_all_read(actor=request.user)
        if count:
            messages.success(request, _("All messages are marked as read."))
        return redirect("inbox")
    only_unread = request.GET.get("show") == "unread"
    notes = Notification.objects.filter(user=request.user)
    if only_unread:
        notes = notes.filter(read_at__isnull=True)
    page = Paginator(notes.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "only_unread": only_unread, "nav": "inbox"},
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one of the user's messages read; another user's message is not found."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(actor=request.user, notification=note)
    if request.htmx:
        return render(
            request,
            "notifications/partials/notification_read.html",
            {"note": note, "unread": _unread_count(request.user)},
        )
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("inbox")
