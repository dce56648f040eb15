"""Who hears of each step of a report, in the inbox and by e-mail, once the step is committed."""

from naptrack.notifications.models import Notification
from naptrack.reporting import services
from tests.reporting.conftest import fill_sbpac


def _told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_submitting_tells_the_agencys_approver(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    report = fill_sbpac(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    # One message and one refresh of the progress figures, both after the commit.
    assert len(callbacks) == 2
    assert _told("submitted") == {"approver.sbpac"}
    note = Notification.objects.get(kind="submitted")
    assert note.report_id == report.pk and note.emailed_at is not None
    assert [m.to for m in mailoutbox] == [["approver.sbpac@example.go.th"]]
    assert note.title in mailoutbox[0].subject


def test_nothing_is_sent_if_the_step_is_rolled_back(world, django_capture_on_commit_callbacks):
    report = fill_sbpac(world)
    with django_capture_on_commit_callbacks(execute=False):
        services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    assert not Notification.objects.filter(kind="submitted").exists()


def test_returning_tells_the_reporters_with_the_feedback(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            actor=world.users["approver.sbpac"],
            report=report,
            feedback="Add the figures for Yala province.",
        )
    assert _told("returned") == {"reporter.sbpac", "reporter2.sbpac"}
    note = Notification.objects.get(kind="returned", user=world.users["reporter.sbpac"])
    assert "Add the figures for Yala province." in note.body
    assert [m.to for m in mailoutbox] == [["reporter.sbpac@example.go.th"]]
    assert "Add the figures for Yala province." in mailoutbox[0].body


def test_approving_tells_the_plans_coordinators_and_accepting_tells_the_agency(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(actor=world.users["approver.sbpac"], report=report)
    assert _told("approved") == {"coordinator.dwf"}
    assert "coordinator.dwf@example.go.th" in {m.to[0] for m in mailoutbox}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(actor=world.users["coordinator.dwf"], report=report)
    assert _told("accepted") == {"reporter.sbpac", "reporter2.sbpac", "approver.sbpac"}
    assert "reporter.sbpac@example.go.th" in {m.to[0] for m in mailoutbox}


def test_the_inbox_shows_the_step_with_a_link_to_the_report(
    client, world, django_capture_on_commit_callbacks
):
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            actor=world.users["approver.sbpac"], report=report, feedback="Check the totals."
        )
    client.force_login(world.users["reporter.sbpac"])
    html = client.get("/en/inbox/").content.decode()
    assert "Check the totals." in html
    assert f'href="/en/reports/{report.pk}/"' in html
    assert 'Inbox (<span id="inbox-count">1</span>)' in html
