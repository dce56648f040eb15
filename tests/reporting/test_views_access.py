"""Who reaches which report page: 404 for what one may not read, 403 for a step one may not take."""

import pytest
from django.urls import reverse

from naptrack.reporting import permissions, selectors, services
from naptrack.reporting.models import Report, ReportState, Value
from tests.reporting.conftest import fill_sbpac

HTMX = {"HX-Request": "true"}
ACTIONS = ("submit", "approve", "return", "accept", "reopen")


def post_urls(report, line):
    return [
        reverse("report-line-save", args=[report.pk, line.pk]),
        reverse("report-narrative-save", args=[report.pk]),
        *[reverse("report-action", args=[report.pk, action]) for action in ACTIONS],
    ]


def test_every_page_asks_to_sign_in(client, world):
    report = world.report("sbpac")
    line = world.line("sbpac", "1.1.1")
    for url in [reverse("report-list"), reverse("report-detail", args=[report.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for url in post_urls(report, line):
        response = client.post(url, {"expected_version": 1, "total|value": "5"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Value.objects.exists()


@pytest.mark.parametrize("username", ["reporter.rtp", "approver.rtp", "viewer.rtp"])
def test_another_agency_finds_nothing_of_a_draft(client, world, username):
    report = world.report("sbpac")
    line = world.line("sbpac", "1.1.1")
    client.force_login(world.users[username])

    assert client.get(reverse("report-detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("report-line-save", args=[report.pk, line.pk])).status_code == 404
    for url in post_urls(report, line):
        for headers in ({}, HTMX):
            response = client.post(
                url,
                {"expected_version": 1, "total|value": "5", "progress": "x", "feedback": "x"},
                headers=headers,
            )
            assert response.status_code == 404, url
    listed = client.get(reverse("report-list")).content.decode()
    assert f'data-report="{report.pk}"' not in listed
    assert not Value.objects.exists()
    assert world.report("sbpac").progress == ""


def test_a_line_of_another_report_is_not_found_through_ones_own(client, world):
    own = world.report("rtp")
    foreign_line = world.line("sbpac", "1.1.1")
    client.force_login(world.users["reporter.rtp"])

    response = client.post(
        reverse("report-line-save", args=[own.pk, foreign_line.pk]),
        {"expected_version": 1, "total|value": "5"},
    )

    assert response.status_code == 404
    assert not Value.objects.exists()


@pytest.mark.parametrize("username", ["viewer.sbpac", "approver.sbpac"])
def test_who_may_read_but_not_edit_gets_a_clear_403(client, world, username):
    report = world.report("sbpac")
    line = world.line("sbpac", "1.1.1")
    client.force_login(world.users[username])

    assert client.get(reverse("report-detail", args=[report.pk])).status_code == 200
    page = client.post(
        reverse("report-line-save", args=[report.pk, line.pk]),
        {"expected_version": line.version, "total|value": "5"},
    )
    assert page.status_code == 403
    html = page.content.decode()
    assert "This report cannot be changed now." in html and "<html" in html
    fragment = client.post(
        reverse("report-narrative-save", args=[report.pk]),
        {"expected_version": report.version, "progress": "x"},
        headers=HTMX,
    )
    assert fragment.status_code == 403
    assert "<html" not in fragment.content.decode()
    for action in ACTIONS:
        response = client.post(
            reverse("report-action", args=[report.pk, action]),
            {"feedback": "x", "reason": "x"},
        )
        assert response.status_code == 403, action
    assert not Value.objects.exists()
    assert world.report("sbpac").state == ReportState.DRAFT


def test_the_reporter_cannot_approve_or_accept_their_own_report(client, world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    client.force_login(world.users["reporter.sbpac"])

    for action in ("approve", "accept", "return", "submit"):
        response = client.post(
            reverse("report-action", args=[report.pk, action]), {"feedback": "x"}
        )
        assert response.status_code == 403, action
    assert (
        "You cannot approve this report now."
        in client.post(reverse("report-action", args=[report.pk, "approve"])).content.decode()
    )
    assert world.report("sbpac").state == ReportState.SUBMITTED


def test_an_unknown_step_is_not_found(client, world):
    report = world.report("sbpac")
    client.force_login(world.users["reporter.sbpac"])

    response = client.post(reverse("report-action", args=[report.pk, "delete"]))

    assert response.status_code == 404


def test_the_coordinator_sees_a_draft_only_once_it_is_submitted(client, world):
    report = world.report("sbpac")
    client.force_login(world.users["coordinator.dwf"])
    assert client.get(reverse("report-detail", args=[report.pk])).status_code == 404

    fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)

    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert 'id="action-accept"' not in page  # the agency's approver comes first
    assert "Submitted: waiting for the agency's approver." in page


def test_my_reports_shows_state_completeness_and_what_waits(client, world):
    fill_sbpac(world)
    client.force_login(world.users["reporter.sbpac"])

    html = client.get(reverse("report-list")).content.decode()

    sbpac = world.report("sbpac")
    assert f'data-report="{sbpac.pk}" class="row-waiting"' in html
    assert "2 of 2" in html
    assert '<span class="badge state-draft">Draft</span>' in html
    assert "Fill in and submit" in html
    assert "15 Nov 2025" in html
    assert f'data-report="{world.report("rtp").pk}"' not in html


def test_my_reports_tells_the_approver_and_the_coordinator_what_waits_for_them(client, world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    client.force_login(world.users["approver.sbpac"])
    assert "Review and approve" in client.get(reverse("report-list")).content.decode()

    services.report_approve(actor=world.users["approver.sbpac"], report=report)
    client.force_login(world.users["coordinator.dwf"])
    html = client.get(reverse("report-list")).content.decode()
    assert "Review and accept" in html
    assert f'data-report="{report.pk}"' in html
    assert f'data-report="{world.report("rtp").pk}"' not in html  # a draft of another agency


def test_what_waits_agrees_with_the_permissions_for_every_user_and_report(world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    reports = list(Report.objects.select_related("round__plan"))
    for user in world.users.values():
        waiting = selectors.waiting_for(user, reports)
        for report in reports:
            allowed = permissions.allowed_actions(user, report)
            assert (
                waiting[report.pk].edit,
                waiting[report.pk].approve,
                waiting[report.pk].accept,
            ) == (allowed["edit"], allowed["approve"], allowed["accept"]), (user, report)


def test_my_reports_asks_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.users["coordinator.dwf"])
    client.get(reverse("report-list"))

    with django_assert_max_num_queries(10):
        assert client.get(reverse("report-list")).status_code == 200


def test_accepted_reports_of_other_agencies_show_to_viewers_only_when_asked(client, world):
    report = fill_sbpac(world)
    for step, user in (
        (services.report_submit, "reporter.sbpac"),
        (services.report_approve, "approver.sbpac"),
        (services.report_accept, "coordinator.dwf"),
    ):
        report = step(actor=world.users[user], report=report)
    client.force_login(world.users["viewer.rtp"])

    mine = client.get(reverse("report-list")).content.decode()
    everything = client.get(reverse("report-list") + "?all=1").content.decode()

    assert f'data-report="{report.pk}"' not in mine
    assert f'data-report="{world.report("rtp").pk}"' in mine
    assert f'data-report="{report.pk}"' in everything
    assert client.get(reverse("report-detail", args=[report.pk])).status_code == 200
    # Another agency's reporter does not open it, accepted or not.
    client.force_login(world.users["reporter.rtp"])
    assert client.get(reverse("report-detail", args=[report.pk])).status_code == 404
