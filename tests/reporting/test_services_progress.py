"""Every step of a report's life tells the progress engine which figures it changed, after commit."""

import pytest

from naptrack.analytics import tasks
from naptrack.analytics.models import IndicatorProgress
from naptrack.reporting import services
from tests.reporting.conftest import fill_sbpac


@pytest.fixture
def queued(monkeypatch):
    """The refreshes queued, as (report id, bases), instead of running them."""
    calls = []

    class Recorder:
        @staticmethod
        def enqueue(report_id, bases):
            calls.append((report_id, tuple(bases)))

    monkeypatch.setattr(tasks, "refresh_report_progress", Recorder)
    return calls


def test_each_step_queues_a_refresh_of_the_figures_it_changed(
    world, queued, django_capture_on_commit_callbacks
):
    report = fill_sbpac(world)
    steps = [
        (services.report_submit, "reporter.sbpac", {}),
        (services.report_return, "approver.sbpac", {"feedback": "Add Yala."}),
        (services.report_submit, "reporter.sbpac", {}),
        (services.report_approve, "approver.sbpac", {}),
        (services.report_accept, "coordinator.dwf", {}),
        (services.report_reopen, "coordinator.dwf", {"reason": "A wrong figure."}),
    ]
    seen = []
    for step, user, extra in steps:
        before = len(queued)
        with django_capture_on_commit_callbacks(execute=True):
            report = step(actor=world.users[user], report=report, **extra)
        seen.append(tuple(bases for _, bases in queued[before:]))

    assert seen == [
        (("provisional",),),
        (("provisional",),),
        (("provisional",),),
        (),  # the agency's approval changes no figure
        (("accepted",),),
        (("accepted", "provisional"),),
    ]
    assert {report_id for report_id, _ in queued} == {report.pk}


def test_nothing_is_queued_when_a_step_is_refused(world, queued):
    report = world.report("rtp")

    with pytest.raises(services.SubmissionRefused):
        services.report_submit(actor=world.users["reporter.rtp"], report=report)

    assert queued == []
    assert world.report("rtp").state == "draft"


def test_reopening_clears_the_acceptance_and_takes_the_data_out_of_the_figures(
    world, django_capture_on_commit_callbacks
):
    report = fill_sbpac(world)
    for step, user, extra in [
        (services.report_submit, "reporter.sbpac", {}),
        (services.report_approve, "approver.sbpac", {}),
        (services.report_accept, "coordinator.dwf", {}),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            report = step(actor=world.users[user], report=report, **extra)
    mediators = IndicatorProgress.objects.filter(
        indicator=world.indicators["mediators"],
        period=world.round.period,
        provisional=False,
        option__isnull=True,
        organization__isnull=True,
    )
    assert mediators.get().value == 120

    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_reopen(
            actor=world.users["coordinator.dwf"], report=report, reason="A wrong figure."
        )

    assert (report.state, report.accepted_at) == ("returned", None)
    assert mediators.get().value is None
