"""Round pages: a coordinator opens a round, follows every agency's report, closes the round."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.core.services import SYSTEM
from naptrack.notifications.models import Notification, ReminderSent
from naptrack.periods.services import period_get_or_create
from naptrack.reporting import services
from naptrack.reporting.models import Report, ReportState, Round, RoundState
from tests.reporting.conftest import fill_sbpac

BANGKOK = ZoneInfo("Asia/Bangkok")
CREATE_URL = "/en/plans/nap/rounds/new/"


def at(day: str, hour: int = 9):
    """Travel to a day in Bangkok."""
    return time_machine.travel(
        dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=BANGKOK), tick=False
    )


def form(period="FY2569", opens="2026-04-01", due="2026-04-30", closes="2026-05-31", **extra):
    return {"period": period, "opens_on": opens, "due_on": due, "closes_on": closes, **extra}


def row(html: str, agency: str) -> str:
    match = re.search(rf'<tr data-agency="{agency}".*?</tr>', html, re.S)
    assert match, f"no row for {agency}"
    return match.group(0)


# --- Opening a round ------------------------------------------------------------------------------


def test_the_form_offers_the_plans_fiscal_periods_and_marks_those_with_a_round(client, world):
    client.force_login(world.users["coordinator.dwf"])
    html = client.get(CREATE_URL).content.decode()
    for code in ("FY2567", "FY2569-H1", "FY2569-H2", "FY2569-Q3", "FY2570"):
        assert f'value="{code}"' in html
    assert 'value="CY2025"' not in html
    assert re.search(r'value="FY2568" disabled>[^<]*a round exists', html)


def test_a_gregorian_plan_offers_calendar_years(client, build, world):
    plan = build.plan(
        "somswd",
        owner=world.orgs["dwf"],
        calendar="gregorian",
        start="2021-01-01",
        end="2025-12-31",
    )
    client.force_login(world.users["coordinator.dwf"])
    html = client.get(f"/en/plans/{plan.plan.code}/rounds/new/").content.decode()
    assert 'value="CY2021"' in html and 'value="CY2025"' in html
    assert 'value="FY2568"' not in html and 'value="CY2024-Q1"' not in html


def test_a_coordinator_opens_a_round_with_a_report_per_agency(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(world.users["coordinator.dwf"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE_URL, form(period="FY2569-H1", title_en="Six-month report"))
    round_ = Round.objects.get(period__code="FY2569-H1")
    assert response.status_code == 302
    assert response["Location"] == f"/en/rounds/{round_.pk}/"
    assert (round_.opens_on, round_.due_on, round_.closes_on) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 31),
    )
    assert round_.title_en == "Six-month report"
    assert round_.opened_by == world.users["coordinator.dwf"]
    reports = {r.organization.code: r for r in round_.reports.all()}
    assert set(reports) == {"sbpac", "rtp"}
    assert sorted(reports["rtp"].lines.values_list("indicator__code", flat=True)) == [
        "1.1.1",
        "1.1.3",
    ]
    # The agencies' reporters and approvers hear of it, in the inbox and by e-mail.
    told = set(
        Notification.objects.filter(kind="round_opened").values_list("user__username", flat=True)
    )
    assert told == {
        "reporter.sbpac",
        "approver.sbpac",
        "reporter.rtp",
        "approver.rtp",
        "reporter2.sbpac",
    }
    assert {m.to[0] for m in mailoutbox} == {
        "reporter.sbpac@example.go.th",
        "approver.sbpac@example.go.th",
        "reporter.rtp@example.go.th",
        "approver.rtp@example.go.th",
    }
    html = client.get(response["Location"]).content.decode()
    assert "2 agencies have a report to fill in" in html


@pytest.mark.parametrize(
    "username, status",
    [("coordinator.sbpac", 403), ("reporter.dwf", 403), ("approver.dwf", 403), ("viewer.dwf", 403)],
)
def test_only_the_plan_owners_coordinators_may_open_a_round(client, world, username, status):
    client.force_login(world.users[username])
    assert client.get(CREATE_URL).status_code == status
    assert client.post(CREATE_URL, form()).status_code == status
    assert not Round.objects.filter(period__code="FY2569").exists()


def test_signed_out_users_are_sent_to_sign_in_and_unknown_plans_are_not_found(client, world):
    response = client.get(CREATE_URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(world.users["coordinator.dwf"])
    assert client.get("/en/plans/nope/rounds/new/").status_code == 404


def test_a_draft_plan_of_another_owner_is_not_found(client, build, world):
    other = build.organization("mfa", name_en="Ministry of Foreign Affairs")
    build.plan("mfa-plan", owner=other, status="draft")
    client.force_login(world.users["coordinator.dwf"])
    assert client.get("/en/plans/mfa-plan/rounds/new/").status_code == 404


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            form(opens="2026-04-10", due="2026-04-01"),
            "due_on",
            "The due date cannot be before the round opens.",
        ),
        (
            form(due="2026-04-30", closes="2026-04-20"),
            "closes_on",
            "The round cannot close before its due date.",
        ),
        (form(due="31/02/2569"), "due_on", "Enter a date such as 15/11/2568 or 2025-11-15."),
        (form(opens=""), "opens_on", "Give the date the round opens."),
        (form(period=""), "period", "Choose the period the agencies report on."),
        (form(period="FY2568"), "period", "A round for this plan and period exists already."),
        (form(period="CY2025"), "period", "Choose a period of this plan from the list."),
        (form(period="FY2580"), "period", "Choose a period of this plan from the list."),
    ],
)
def test_invalid_input_is_refused_with_the_message_beside_the_field(
    client, world, data, field, message
):
    client.force_login(world.users["coordinator.dwf"])
    before = Round.objects.count()
    response = client.post(CREATE_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Round.objects.count() == before
    beside = re.search(
        rf'<p class="field-error" id="(?:errors-)?{field}(?:-errors)?">([^<]*)</p>', html
    )
    assert beside and message in beside.group(1), html
    assert 'role="alert"' in html
    # What was typed stays in the form.
    if data["due_on"] == "31/02/2569":
        assert 'value="31/02/2569"' in html


def test_dates_typed_in_the_buddhist_era_are_understood(client, world):
    client.force_login(world.users["coordinator.dwf"])
    response = client.post(
        CREATE_URL, form(opens="1/4/2569", due="30/04/2569", closes="2026-05-31")
    )
    assert response.status_code == 302
    round_ = Round.objects.get(period__code="FY2569")
    assert (round_.opens_on, round_.due_on) == (dt.date(2026, 4, 1), dt.date(2026, 4, 30))


def test_the_thai_form_shows_the_dates_in_the_buddhist_era(client, world):
    client.force_login(world.users["coordinator.dwf"])
    with at("2025-11-01"):
        html = client.get("/th/plans/nap/rounds/new/").content.decode()
    assert 'value="2025-11-01"' in html
    assert "1 พฤศจิกายน 2568" in html
    assert "1 ธันวาคม 2568" in html
    assert "ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2569" in html
    response = client.post("/th/plans/nap/rounds/new/", form(due="2026-03-01"))
    assert "1 มีนาคม 2569" in response.content.decode()


# --- The list of rounds ---------------------------------------------------------------------------


def test_the_round_list_shows_the_rounds_a_user_takes_part_in(client, build, world):
    client.force_login(world.users["reporter.sbpac"])
    html = client.get("/en/rounds/").content.decode()
    assert f'data-round="{world.round.pk}"' in html
    assert f'href="/en/reports/{world.report("sbpac").pk}/"' in html
    assert "Open a round for" not in html

    client.force_login(world.users["coordinator.dwf"])
    html = client.get("/en/rounds/").content.decode()
    assert f'data-round="{world.round.pk}"' in html and "/en/plans/nap/rounds/new/" in html

    outsider = build.user("outsider", organization=build.organization("mfa"), role="reporter")
    client.force_login(outsider)
    html = client.get("/en/rounds/").content.decode()
    assert f'data-round="{world.round.pk}"' not in html


# --- The overview ---------------------------------------------------------------------------------


def _advance(world):
    """SBPAC submitted on time; RTP has a value in one of its two indicators, still a draft."""
    with at("2025-11-10"):
        report = fill_sbpac(world)
        services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    line = world.line("rtp", "1.1.3")
    services.line_save(
        actor=world.users["reporter.rtp"],
        line=line,
        expected_version=line.version,
        figures={None: {"value": "1"}},
    )


def test_the_overview_shows_state_completeness_lateness_activity_and_reminders(client, world):
    _advance(world)
    ReminderSent.objects.create(report=world.report("rtp"), days_before=7, recipients=2)
    client.force_login(world.users["coordinator.dwf"])
    url = f"/en/rounds/{world.round.pk}/"
    with at("2025-11-14"):
        html = client.get(url).content.decode()
    sbpac, rtp = row(html, "sbpac"), row(html, "rtp")
    assert 'data-state="submitted"' in sbpac and "Submitted" in sbpac
    assert 'data-completeness="2/2"' in sbpac
    assert 'data-late="no"' in sbpac and "On time" in sbpac
    assert 'data-state="draft"' in rtp and 'data-completeness="1/2"' in rtp
    assert 'data-late="no"' in rtp
    assert "7 days before" in rtp and "None" in sbpac
    assert "15 Nov 2025" in rtp  # due date
    # Drafts of another agency are never linked, even for the coordinators.
    assert f"/en/reports/{world.report('sbpac').pk}/" in sbpac
    assert f"/en/reports/{world.report('rtp').pk}/" not in rtp

    with at("2025-11-16"):
        html = client.get(url).content.decode()
    assert 'data-late="no"' in row(html, "sbpac")
    assert 'data-late="yes"' in row(html, "rtp") and "1 day" in row(html, "rtp")


def test_a_report_submitted_after_the_due_date_is_late(client, world):
    with at("2025-11-20"):
        report = fill_sbpac(world)
        services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    client.force_login(world.users["coordinator.dwf"])
    with at("2025-11-25"):
        html = client.get(f"/en/rounds/{world.round.pk}/").content.decode()
    assert 'data-late="yes"' in row(html, "sbpac") and "5 days" in row(html, "sbpac")


def test_filters_by_state_and_lateness_are_carried_in_the_address(client, world):
    _advance(world)
    client.force_login(world.users["coordinator.dwf"])
    url = f"/en/rounds/{world.round.pk}/"
    with at("2025-11-20"):
        submitted = client.get(url, {"state": "submitted"}).content.decode()
        late = client.get(url, {"late": "late"}).content.decode()
        on_time_drafts = client.get(url, {"state": "draft", "late": "on_time"}).content.decode()
        fragment = client.get(
            url, {"late": "late"}, headers={"HX-Request": "true", "HX-Target": "round-reports"}
        ).content.decode()
    assert 'data-agency="sbpac"' in submitted and 'data-agency="rtp"' not in submitted
    assert '<option value="submitted" selected>' in submitted
    assert 'data-agency="rtp"' in late and 'data-agency="sbpac"' not in late
    assert '<option value="late" selected>' in late
    assert "No report matches these filters." in on_time_drafts
    assert fragment.startswith('<div id="round-reports"') and 'data-agency="rtp"' in fragment
    assert "<html" not in fragment


def test_the_overview_is_read_in_a_constant_number_of_queries(client, build, world):
    client.force_login(world.users["coordinator.dwf"])
    url = f"/en/rounds/{world.round.pk}/"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # Five more agencies report on the plan, with values and reminders.
    plan = world.plan
    handle_node = plan.nodes.get(code="1.1")
    from naptrack.frameworks import services as framework_services

    for n in range(5):
        org = build.organization(f"agency{n}", name_en=f"Agency {n}")
        for indicator in world.indicators.values():
            framework_services.assignment_set(
                actor=SYSTEM, indicator=indicator, organization=org, role="support"
            )
    assert handle_node
    round_ = services.round_open(
        actor=SYSTEM,
        plan=plan,
        period=period_get_or_create("FY2569"),
        opens_on=dt.date(2026, 10, 1),
        due_on=dt.date(2026, 11, 15),
        closes_on=dt.date(2026, 12, 31),
    )
    for report in Report.objects.filter(round=round_):
        ReminderSent.objects.create(report=report, days_before=7)
        ReminderSent.objects.create(report=report, days_before=3)
    url = f"/en/rounds/{round_.pk}/"
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count("<tr data-agency=") == 7
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_agency_sees_only_its_own_report_and_outsiders_see_nothing(client, build, world):
    url = f"/en/rounds/{world.round.pk}/"
    client.force_login(world.users["reporter.rtp"])
    html = client.get(url).content.decode()
    assert 'data-agency="rtp"' in html and 'data-agency="sbpac"' not in html
    assert 'id="close-round"' not in html
    outsider = build.user("outsider", organization=build.organization("mfa"), role="coordinator")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}close/", {"confirm": "yes"}).status_code == 404


# --- Closing --------------------------------------------------------------------------------------


def test_closing_the_round_locks_every_report(client, world):
    _advance(world)
    client.force_login(world.users["coordinator.dwf"])
    url = f"/en/rounds/{world.round.pk}/"
    assert 'id="close-round"' in client.get(url).content.decode()

    response = client.post(f"{url}close/")
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.state == RoundState.OPEN  # not confirmed

    response = client.post(f"{url}close/", {"confirm": "yes"}, follow=True)
    html = response.content.decode()
    world.round.refresh_from_db()
    assert world.round.state == RoundState.CLOSED
    assert set(world.round.reports.values_list("state", flat=True)) == {ReportState.LOCKED}
    assert "Every report is locked as it stands." in html
    assert 'id="close-round"' not in html
    assert html.count('data-state="locked"') == 2


def test_only_the_coordinators_close_a_round_and_only_by_post(client, world):
    url = f"/en/rounds/{world.round.pk}/close/"
    client.force_login(world.users["approver.sbpac"])
    assert client.post(url, {"confirm": "yes"}).status_code == 403
    client.force_login(world.users["coordinator.dwf"])
    assert client.get(url).status_code == 405
    world.round.refresh_from_db()
    assert world.round.state == RoundState.OPEN


def test_a_thai_fiscal_plan_offers_the_nine_month_round(client, world):
    client.force_login(world.users["coordinator.dwf"])
    html = client.get("/th/plans/nap/rounds/new/").content.decode()
    assert "รอบ 9 เดือน ปีงบประมาณ พ.ศ. 2568" in html
