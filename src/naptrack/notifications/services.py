"""Tell people what needs them: an inbox message for each, and the same by e-mail."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naptrack.notifications.models import Notification, NotificationKind
from naptrack.organizations.models import Membership, Role

logger = logging.getLogger(__name__)


def _users(organization_ids, roles) -> list:
    user_ids = Membership.objects.filter(
        organization_id__in=organization_ids, role__in=roles
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def _report_url(report) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("report-detail", args=[report.pk])


def deliver(
    users, *, kind: str, title: str, body: str, url: str = "", report=None
) -> list[Notification]:
    """Put a message in each user's inbox and e-mail it to those with an address."""
    created = []
    for user in users:
        note = Notification.objects.create(
            user=user, kind=kind, title=title[:300], body=body, url=url, report=report
        )
        created.append(note)
        if user.email:
            link = f"{settings.NAPTRACK_BASE_URL}{url}" if url else ""
            try:
                send_mail(
                    title[:300],
                    f"{body}\n\n{link}".strip(),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            except Exception:  # the inbox message stands; a mail server failure must not undo it
                logger.exception("E-mail to user %s failed", user.pk)
            else:
                note.emailed_at = timezone.now()
                note.save(update_fields=["emailed_at"])
    return created


def round_opened(round_id: int) -> None:
    """Tell every reporting agency that a round has opened, with its due date."""
    from naptrack.periods.calendars import format_date
    from naptrack.reporting.models import Round

    round_ = Round.objects.select_related("plan", "period").get(pk=round_id)
    with translation.override(settings.LANGUAGE_CODE):
        for report in round_.reports.select_related("organization"):
            users = _users([report.organization_id], [Role.REPORTER, Role.APPROVER])
            deliver(
                users,
                kind=NotificationKind.ROUND_OPENED,
                title=_("Reporting round opened: %(round)s") % {"round": round_.title},
                body=_("Your agency's report is due on %(due)s.")
                % {"due": format_date(round_.due_on, settings.LANGUAGE_CODE)},
                url=_report_url(report),
                report=report,
            )


# Who hears of each step, and what they read.
def report_event(
    kind: str, report_id: int, *, actor_id: int | None = None, comment: str = ""
) -> None:
    from naptrack.reporting.models import Report

    report = Report.objects.select_related("round__plan", "organization").get(pk=report_id)
    with translation.override(settings.LANGUAGE_CODE):
        name = f"{report.organization.short_name} · {report.round.title}"
        if kind == "submitted":
            users = _users([report.organization_id], [Role.APPROVER])
            title = _("Report submitted for your approval: %(report)s") % {"report": name}
            note_kind = NotificationKind.SUBMITTED
        elif kind == "returned":
            users = _users([report.organization_id], [Role.REPORTER])
            title = _("Report returned: %(report)s") % {"report": name}
            note_kind = NotificationKind.RETURNED
        elif kind == "approved":
            users = _users([report.round.plan.owner_id], [Role.COORDINATOR])
            title = _("Report approved by the agency, ready for acceptance: %(report)s") % {
                "report": name
            }
            note_kind = NotificationKind.APPROVED
        elif kind == "accepted":
            users = _users([report.organization_id], [Role.REPORTER, Role.APPROVER])
            title = _("Report accepted: %(report)s") % {"report": name}
            note_kind = NotificationKind.ACCEPTED
        elif kind == "reopened":
            users = _users([report.organization_id], [Role.REPORTER, Role.APPROVER])
            title = _("Report reopened for correction: %(report)s") % {"report": name}
            note_kind = NotificationKind.REOPENED
        else:
            return
        users = [u for u in users if u.pk != actor_id]
        deliver(
            users, kind=note_kind, title=title, body=comment, url=_report_url(report), report=report
        )


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> None:
    if notification.user_id != getattr(actor, "pk", None):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread message of the user as read; return how many."""
    if not getattr(actor, "pk", None):
        return 0
    return Notification.objects.filter(user_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
