"""Reminders 7, 3 and 1 days before the due date, to agencies that have not submitted, each once.

The world's round is due on 15 Nov 2025: reminders fall on 8, 12 and 14 November.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from naptrack.core.services import SYSTEM
from naptrack.notifications.models import Notification, ReminderSent
from naptrack.notifications.reminders import reminder_due, send_due_reminders
from naptrack.reporting import services
from tests.reporting.conftest import fill_sbpac

BANGKOK = ZoneInfo("Asia/Bangkok")
DAYS = (7, 3, 1)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def run_every_day(first: str, last: str):
    today = day(first)
    while today <= day(last):
        send_due_reminders(today)
        today += dt.timedelta(days=1)


def sent(world, org_code: str) -> list[int]:
    return sorted(
        ReminderSent.objects.filter(report=world.report(org_code)).values_list(
            "days_before", flat=True
        ),
        reverse=True,
    )


def reminders_for(username: str) -> list[Notification]:
    return list(Notification.objects.filter(kind="reminder", user__username=username))


@pytest.mark.parametrize(
    "days_left, already, expected",
    [
        (10, [], None),
        (8, [], None),
        (7, [], 7),
        (5, [], 7),  # the 7-day run was missed
        (5, [7], None),
        (3, [7], 3),
        (2, [], 3),  # missed both: only the latest
        (2, [3], None),
        (1, [7], 1),
        (0, [7, 3], 1),  # due today, the 1-day run was missed
        (0, [1], None),
        (-1, [], None),  # after the due date nothing
        (7, [3], None),  # never an older one after a newer one
    ],
)
def test_which_reminder_is_due(days_left, already, expected):
    assert reminder_due(days_left, already, DAYS) == expected


def test_each_agency_that_has_not_submitted_gets_7_3_and_1_days_before_once(world, mailoutbox):
    run_every_day("2025-10-01", "2025-11-30")
    assert sent(world, "sbpac") == [7, 3, 1]
    assert sent(world, "rtp") == [7, 3, 1]
    # Reporters and approvers of the agency, in the inbox and by e-mail; nobody else.
    for username in ("reporter.sbpac", "approver.sbpac", "reporter2.sbpac", "reporter.rtp"):
        assert len(reminders_for(username)) == 3
    for username in ("coordinator.dwf", "viewer.sbpac", "coordinator.sbpac", "reporter.dwf"):
        assert reminders_for(username) == []
    to_sbpac = [m for m in mailoutbox if m.to == ["reporter.sbpac@example.go.th"]]
    assert len(to_sbpac) == 3
    assert ReminderSent.objects.get(report=world.report("sbpac"), days_before=7).recipients == 3


def test_reminders_are_sent_on_the_right_days(world):
    for today, expected in [
        ("2025-11-07", []),
        ("2025-11-08", [7]),
        ("2025-11-09", [7]),
        ("2025-11-12", [7, 3]),
        ("2025-11-14", [7, 3, 1]),
        ("2025-11-15", [7, 3, 1]),
        ("2025-11-16", [7, 3, 1]),
    ]:
        send_due_reminders(day(today))
        assert sent(world, "rtp") == expected, today


def test_the_message_names_the_round_the_due_date_in_buddhist_era_and_the_days_left(
    world, mailoutbox
):
    send_due_reminders(day("2025-11-12"))
    note = reminders_for("reporter.sbpac")[0]
    assert world.round.title in note.title or "NAP WPS" in note.title
    # Reminders are written in the platform's language, Thai.
    assert "จะครบกำหนดส่งในอีก 3 วัน" in note.title
    assert "15 พฤศจิกายน 2568" in note.body
    assert "เหลือเวลาอีก 3 วัน" in note.body
    assert note.report_id == world.report("sbpac").pk
    mail = next(m for m in mailoutbox if m.to == ["reporter.sbpac@example.go.th"])
    assert mail.subject == note.title
    assert "15 พฤศจิกายน 2568" in mail.body
    assert f"/reports/{world.report('sbpac').pk}/" in mail.body
    assert "&#x27;" not in mail.body and "&amp;" not in mail.body


def test_no_reminder_for_a_submitted_report(world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    run_every_day("2025-11-01", "2025-11-15")
    assert sent(world, "sbpac") == []
    assert reminders_for("reporter.sbpac") == []
    assert sent(world, "rtp") == [7, 3, 1]


def test_a_returned_report_is_reminded_again(world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    send_due_reminders(day("2025-11-08"))
    services.report_return(actor=world.users["approver.sbpac"], report=report, feedback="Fix it")
    send_due_reminders(day("2025-11-12"))
    assert sent(world, "sbpac") == [3]
    assert "รายงานถูกส่งกลับมาให้ท่านพร้อมข้อเสนอแนะ" in reminders_for("reporter.sbpac")[0].body


def test_running_twice_the_same_day_sends_nothing_new(world, mailoutbox):
    first = send_due_reminders(day("2025-11-08"))
    mails = len(mailoutbox)
    second = send_due_reminders(day("2025-11-08"))
    assert first.counts()["reminders"] == 2
    assert second.counts()["reminders"] == 0
    assert len(mailoutbox) == mails
    assert len(reminders_for("reporter.rtp")) == 1


def test_skipped_days_send_only_the_latest_missed_reminder_once(world):
    send_due_reminders(day("2025-11-08"))  # 7 days before
    send_due_reminders(day("2025-11-13"))  # 12 Nov was missed: the 3-day reminder, late
    send_due_reminders(day("2025-11-13"))
    assert sent(world, "rtp") == [7, 3]
    send_due_reminders(day("2025-11-15"))  # 14 Nov was missed: the 1-day one, on the due date
    assert sent(world, "rtp") == [7, 3, 1]
    titles = [n.title for n in reminders_for("reporter.rtp")]
    assert any("จะครบกำหนดส่งในอีก 2 วัน" in t for t in titles) and any(
        "ครบกำหนดส่งวันนี้" in t for t in titles
    )


def test_a_job_that_starts_late_never_sends_an_older_reminder_after_a_newer_one(world):
    send_due_reminders(day("2025-11-13"))  # first run ever: 2 days left
    run_every_day("2025-11-13", "2025-11-20")
    assert sent(world, "rtp") == [3, 1]


def test_a_closed_round_sends_nothing(world):
    services.round_close(actor=SYSTEM, round_=world.round)
    run_every_day("2025-11-01", "2025-11-15")
    assert ReminderSent.objects.count() == 0
    assert not Notification.objects.filter(kind="reminder").exists()


def test_with_time_moved_forward_each_agency_gets_exactly_the_reminders_due(world):
    for today in ("2025-11-07", "2025-11-08", "2025-11-11", "2025-11-12", "2025-11-14"):
        moment = dt.datetime.combine(day(today), dt.time(7), tzinfo=BANGKOK)
        with time_machine.travel(moment, tick=False):
            send_due_reminders()
            send_due_reminders()
    assert sent(world, "sbpac") == [7, 3, 1]
    assert len(reminders_for("approver.rtp")) == 3


def test_the_command_prints_what_it_sent(world):
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", "--date", "2025-11-12", stdout=out)
    text = out.getvalue()
    # Messages and names are in the platform's language (Thai).
    assert "ศอ.บต." in text and "ตร." in text and "3-day reminder" in text
    assert "2 reminder(s) sent to 5 recipient(s)" in text
    out = StringIO()
    call_command("send_reminders", "--date", "2025-11-12", stdout=out)
    assert "0 reminder(s) sent" in out.getvalue()


def test_the_command_uses_today_in_bangkok(world):
    from io import StringIO

    out = StringIO()
    # 1 a.m. on 8 Nov in Bangkok is still 7 Nov in UTC.
    with time_machine.travel(dt.datetime(2025, 11, 8, 1, tzinfo=BANGKOK), tick=False):
        call_command("send_reminders", stdout=out)
    assert "2025-11-08: 2 reminder(s)" in out.getvalue()


def test_the_command_refuses_a_date_that_is_not_one(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "15/11/2568")


def test_reminders_reach_every_open_round(world, build):
    from naptrack.periods.services import period_get_or_create

    services.round_open(
        actor=SYSTEM,
        plan=world.plan,
        period=period_get_or_create("FY2569-Q1"),
        opens_on=day("2025-11-01"),
        due_on=day("2025-11-19"),
        closes_on=day("2025-12-31"),
    )
    run = send_due_reminders(day("2025-11-12"))
    # 3 days before the first round's due date, 7 days before the second's.
    assert sorted((s.days_before, s.agency) for s in run.sent) == [
        (3, "ตร."),
        (3, "ศอ.บต."),
        (7, "ตร."),
        (7, "ศอ.บต."),
    ]
