"""The life of a report: opened, filled, submitted, returned, approved, accepted, locked."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.services import SYSTEM
from naptrack.reporting import services
from naptrack.reporting.models import Event, ReportState, Value, ValueChange
from tests.reporting.conftest import fill_sbpac


def test_opening_a_round_gives_each_agency_exactly_its_indicators(world):
    sbpac = world.report("sbpac")
    rtp = world.report("rtp")
    assert sorted(sbpac.lines.values_list("indicator__code", flat=True)) == ["1.1.1", "1.1.2"]
    assert sorted(rtp.lines.values_list("indicator__code", flat=True)) == ["1.1.1", "1.1.3"]
    assert not world.round.reports.filter(organization=world.orgs["dwf"]).exists()
    assert sbpac.state == ReportState.DRAFT


def test_only_the_plans_coordinator_opens_a_round(world):
    from naptrack.periods.services import period_get_or_create

    with pytest.raises(PermissionDenied):
        services.round_open(
            actor=world.users["coordinator.sbpac"],
            plan=world.plan,
            period=period_get_or_create("FY2569"),
            opens_on=world.round.opens_on,
            due_on=world.round.due_on,
            closes_on=world.round.closes_on,
        )


def test_a_report_goes_through_submit_return_approve_accept(world):
    report = fill_sbpac(world)
    report = services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    assert report.state == ReportState.SUBMITTED
    report = services.report_return(
        actor=world.users["approver.sbpac"], report=report, feedback="Add the Yala figures"
    )
    assert report.state == ReportState.RETURNED
    report = services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    report = services.report_approve(actor=world.users["approver.sbpac"], report=report)
    assert report.state == ReportState.APPROVED
    report = services.report_accept(actor=world.users["coordinator.dwf"], report=report)
    assert report.state == ReportState.ACCEPTED
    kinds = list(Event.objects.filter(report=report).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["opened", "submitted", "returned", "submitted", "approved", "accepted"]
    returned = Event.objects.get(report=report, kind="returned")
    assert (returned.state_before, returned.state_after, returned.comment) == (
        "submitted",
        "returned",
        "Add the Yala figures",
    )


def test_approving_never_changes_who_entered_the_data(world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    services.report_approve(actor=world.users["approver.sbpac"], report=report)
    assert set(
        Value.objects.filter(line__report=report).values_list("entered_by__username", flat=True)
    ) == {"reporter.sbpac"}


def test_submitting_lists_every_problem_at_once(world):
    report = world.report("sbpac")
    with pytest.raises(services.SubmissionRefused) as refused:
        services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    fields = sorted((p.line_id is not None, p.field) for p in refused.value.errors)
    assert fields == [
        (False, "progress"),
        (True, "rating"),
        (True, "rating"),
        (True, "value"),
        (True, "value"),
    ]
    assert world.report("sbpac").state == ReportState.DRAFT


def test_breakdown_parts_must_add_up_to_the_total(world):
    report = fill_sbpac(world)
    line = world.line("sbpac", "1.1.1")
    services.line_save(
        actor=world.users["reporter.sbpac"],
        line=line,
        expected_version=line.version,
        figures={"sex=male": {"value": "45"}},
    )
    with pytest.raises(services.SubmissionRefused) as refused:
        services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    assert [p.message for p in refused.value.errors] == [
        "The breakdown adds up to 115 but the total is 120."
    ]


def test_a_percentage_over_100_and_a_numerator_above_its_denominator_are_refused(world):
    line = world.line("sbpac", "1.1.2")
    actor = world.users["reporter.sbpac"]
    with pytest.raises(services.FigureInvalid) as invalid:
        services.line_save(
            actor=actor, line=line, expected_version=line.version, figures={None: {"value": "140"}}
        )
    assert invalid.value.figure_errors == {
        "": {"value": "A percentage must be between 0 and 100; 140 is not."}
    }
    with pytest.raises(services.FigureInvalid) as invalid:
        services.line_save(
            actor=actor,
            line=line,
            expected_version=line.version,
            figures={None: {"numerator": "50", "denominator": "40"}},
        )
    assert invalid.value.figure_errors == {
        "": {"numerator": "The numerator (50) cannot be larger than the denominator (40)."}
    }
    assert not Value.objects.filter(line=line).exists()


def test_a_stale_save_is_refused_and_kept_in_the_history(world):
    line = world.line("sbpac", "1.1.1")
    opened_version = line.version
    services.line_save(
        actor=world.users["reporter.sbpac"],
        line=line,
        expected_version=opened_version,
        figures={None: {"value": "120"}},
    )
    with pytest.raises(services.ConflictError) as conflict:
        services.line_save(
            actor=world.users["reporter2.sbpac"],
            line=line,
            expected_version=opened_version,
            figures={None: {"value": "130"}},
        )
    assert conflict.value.current[""]["value"] == "120"
    assert conflict.value.attempted[""]["value"] == "130"
    assert Value.objects.get(line=line, breakdown=None).value == 120
    event = Event.objects.get(kind="conflict")
    assert (
        event.data["attempted"][""]["value"] == "130"
        and event.data["current"][""]["value"] == "120"
    )


def test_every_change_keeps_who_when_before_and_after(world):
    line = world.line("sbpac", "1.1.1")
    actor = world.users["reporter.sbpac"]
    services.line_save(
        actor=actor, line=line, expected_version=line.version, figures={None: {"value": "120"}}
    )
    line.refresh_from_db()
    services.line_save(
        actor=actor, line=line, expected_version=line.version, figures={None: {"value": "1,250"}}
    )
    changes = list(ValueChange.objects.order_by("pk").values_list("before", "after"))
    assert changes[0] == (
        {},
        {
            "value": "120",
            "numerator": None,
            "denominator": None,
            "text": "",
            "milestone_status": "",
        },
    )
    assert changes[1][0]["value"] == "120" and changes[1][1]["value"] == "1250"


def test_a_change_after_approval_needs_a_reason(world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    services.report_approve(actor=world.users["approver.sbpac"], report=report)
    services.report_return(
        actor=world.users["coordinator.dwf"], report=report, feedback="Check the total"
    )
    line = world.line("sbpac", "1.1.1")
    with pytest.raises(ValidationError) as refused:
        services.line_save(
            actor=world.users["reporter.sbpac"],
            line=line,
            expected_version=line.version,
            figures={None: {"value": "121"}},
        )
    assert refused.value.message_dict == {
        "reason": ["This report was approved before: say why you change its figures."]
    }
    services.line_save(
        actor=world.users["reporter.sbpac"],
        line=line,
        expected_version=line.version,
        figures={None: {"value": "121"}, "sex=female": {"value": "71"}},
        reason="Late registration from Yala",
    )
    assert ValueChange.objects.filter(reason="Late registration from Yala").count() == 2


def test_closing_the_round_locks_every_report_and_a_coordinator_can_reopen(world):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    services.report_approve(actor=world.users["approver.sbpac"], report=report)
    services.report_accept(actor=world.users["coordinator.dwf"], report=report)
    services.round_close(actor=world.users["coordinator.dwf"], round_=world.round)
    assert set(world.round.reports.values_list("state", flat=True)) == {"locked"}
    with pytest.raises(ValidationError):
        services.report_reopen(
            actor=world.users["coordinator.dwf"], report=world.report("sbpac"), reason="  "
        )
    report = services.report_reopen(
        actor=world.users["coordinator.dwf"],
        report=world.report("sbpac"),
        reason="Police figures corrected",
    )
    assert report.state == ReportState.RETURNED


def test_another_agency_cannot_change_or_submit(world):
    line = world.line("sbpac", "1.1.1")
    with pytest.raises(PermissionDenied):
        services.line_save(
            actor=world.users["reporter.rtp"],
            line=line,
            expected_version=line.version,
            figures={None: {"value": "5"}},
        )
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=world.users["reporter.rtp"], report=world.report("sbpac"))
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=world.users["approver.rtp"], report=world.report("sbpac"))


def test_system_actor_is_allowed(world):
    report = fill_sbpac(world, actor=SYSTEM)
    assert report.lines.count() == 2


def test_the_indicator_page_shows_accepted_values_to_everyone_and_drafts_only_to_their_agency(
    client, world
):
    report = fill_sbpac(world)
    url = "/en/plans/nap/indicators/1.1.1/"
    client.force_login(world.users["reporter.rtp"])
    assert "120" not in client.get(url).content.decode().split('id="reported-title"')[1]
    client.force_login(world.users["reporter.sbpac"])
    html = client.get(url).content.decode()
    assert 'id="reported-table"' in html and "provisional" in html
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    services.report_approve(actor=world.users["approver.sbpac"], report=report)
    services.report_accept(actor=world.users["coordinator.dwf"], report=report)
    client.force_login(world.users["viewer.rtp"])
    html = client.get(url).content.decode()
    assert 'id="reported-table"' in html and "Accepted" in html and "provisional" not in html


def test_nul_bytes_typed_or_pasted_into_texts_are_dropped(world):
    report = world.report("sbpac")
    services.report_save_narrative(
        actor=world.users["reporter.sbpac"],
        report=report,
        expected_version=report.version,
        progress="Held\x00 in Yala",
    )
    report.refresh_from_db()
    assert report.progress == "Held in Yala"
