"""Remind agencies that have not submitted, a set number of days before the due date, each once.

The days come from settings.NAPTRACK_REMINDER_DAYS (7, 3, 1). A run on a given day sends, for every
report still being prepared in an open round, the nearest reminder whose day has come. When the job
missed days it sends only the latest reminder it missed, never an older one after a newer one, and
nothing after the due date: late reports are the coordinator's business (the round overview).
A ReminderSent row per report and day, unique in the database, makes every reminder go out once,
however often and on however many machines the job runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from naptrack.notifications.models import NotificationKind, ReminderSent
from naptrack.notifications.services import _report_url, _users, deliver
from naptrack.organizations.models import Role
from naptrack.reporting.models import EDITABLE_STATES, Report, RoundState


@dataclass(frozen=True)
class SentReminder:
    """One reminder sent: for which report, how many days before the due date, to how many people."""

    report_id: int
    agency: str
    round: str
    due_on: dt.date
    days_before: int
    days_left: int
    recipients: int


@dataclass
class ReminderRun:
    """What a run of the reminder job did."""

    today: dt.date
    reports_checked: int = 0
    sent: list[SentReminder] = field(default_factory=list)

    def counts(self) -> dict:
        return {
            "date": self.today.isoformat(),
            "reports_checked": self.reports_checked,
            "reminders": len(self.sent),
            "recipients": sum(item.recipients for item in self.sent),
        }


def reminder_days() -> list[int]:
    return sorted({int(n) for n in settings.NAPTRACK_REMINDER_DAYS if int(n) >= 0})


def reminder_due(days_left: int, already_sent: Iterable[int], days: Iterable[int]) -> int | None:
    """Return the reminder (days before the due date) to send today, or None.

    It is the nearest reminder day that has come (days_left ≤ N), unless that reminder or a
    later one has been sent already. After the due date nothing is sent.
    """
    if days_left < 0:
        return None
    come = [n for n in days if n >= days_left]
    if not come:
        return None
    latest = min(come)
    if any(sent <= latest for sent in already_sent):
        return None
    return latest


def _candidates(today: dt.date, days: list[int]):
    """Reports still being prepared in open rounds whose due date is close enough to remind."""
    return (
        Report.objects.filter(
            state__in=EDITABLE_STATES,
            round__state=RoundState.OPEN,
            round__opens_on__lte=today,
            round__due_on__gte=today,
            round__due_on__lte=today + dt.timedelta(days=max(days)),
        )
        .select_related("round__plan", "round__period", "organization")
        .prefetch_related("reminders")
        .order_by("round__due_on", "round_id", "organization__code")
    )


def _due_phrase_title(round_title: str, days_left: int) -> str:
    if days_left == 0:
        return _("Reminder: your report for %(round)s is due today") % {"round": round_title}
    if days_left == 1:
        return _("Reminder: your report for %(round)s is due tomorrow") % {"round": round_title}
    return ngettext(
        "Reminder: your report for %(round)s is due in %(days)d day",
        "Reminder: your report for %(round)s is due in %(days)d days",
        days_left,
    ) % {"round": round_title, "days": days_left}


def _days_left_phrase(days_left: int) -> str:
    if days_left == 0:
        return _("The report is due today.")
    if days_left == 1:
        return _("The report is due tomorrow.")
    return ngettext(
        "%(days)d day is left.",
        "%(days)d days are left.",
        days_left,
    ) % {"days": days_left}


def _message(report: Report, days_left: int) -> tuple[str, str]:
    """The title and text of a reminder, in the platform's language, due date in B.E. in Thai."""
    from naptrack.periods.calendars import format_date

    round_ = report.round
    title = _due_phrase_title(round_.title, days_left)
    body = render_to_string(
        "notifications/email/reminder.txt",
        {
            "agency": report.organization.name,
            "round_title": round_.title,
            "plan_title": round_.plan.title,
            "due_date": format_date(round_.due_on, translation.get_language(), long=True),
            "days_left_phrase": _days_left_phrase(days_left),
            "returned": report.state == "returned",
        },
    ).strip()
    return title, body


def _send_one(report: Report, days_before: int, days_left: int) -> SentReminder | None:
    with transaction.atomic():
        # Submitting locks the report row: a report submitted meanwhile gets no reminder.
        still_open = (
            Report.objects.select_for_update()
            .filter(pk=report.pk, state__in=EDITABLE_STATES, round__state=RoundState.OPEN)
            .exists()
        )
        if not still_open:
            return None
        try:
            with transaction.atomic():
                record = ReminderSent.objects.create(report=report, days_before=days_before)
        except IntegrityError:
            # Another run (another worker, a cron line beside the worker) sent it first.
            return None
        users = _users([report.organization_id], [Role.REPORTER, Role.APPROVER])
        title, body = _message(report, days_left)
        deliver(
            users,
            kind=NotificationKind.REMINDER,
            title=title,
            body=body,
            url=_report_url(report),
            report=report,
        )
        record.recipients = len(users)
        record.save(update_fields=["recipients"])
    return SentReminder(
        report_id=report.pk,
        agency=report.organization.short_name,
        round=report.round.title,
        due_on=report.round.due_on,
        days_before=days_before,
        days_left=days_left,
        recipients=len(users),
    )


def send_due_reminders(today: dt.date | None = None) -> ReminderRun:
    """Send the reminders due today to agencies that have not submitted; safe to run many times."""
    today = today or timezone.localdate()
    days = reminder_days()
    run = ReminderRun(today=today)
    if not days:
        return run
    with translation.override(settings.LANGUAGE_CODE):
        for report in _candidates(today, days):
            run.reports_checked += 1
            days_left = (report.round.due_on - today).days
            sent_before = [r.days_before for r in report.reminders.all()]
            days_before = reminder_due(days_left, sent_before, days)
            if days_before is None:
                continue
            sent = _send_one(report, days_before, days_left)
            if sent is not None:
                run.sent.append(sent)
    return run
