"""Document jobs: who may ask for what, the job through the queue, progress, notice, expiry."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from naptrack.documents import permissions, services
from naptrack.documents.contracts import DocumentSpec
from naptrack.documents.models import DocumentJob, JobState
from naptrack.notifications.models import Notification, NotificationKind
from tests.documents import jobs_fixtures as fixtures
from tests.documents.jobs_fixtures import CONTENT

# Fixtures: the reporting tests' world and English messages, the fake renderer, a media folder,
# and (from conftest.py) the documents tests' plan with accepted reports, for the real renderer.
world, english, fake_render, media = (
    fixtures.world,
    fixtures.english,
    fixtures.fake_render,
    fixtures.media,
)

pytestmark = pytest.mark.django_db


def spec(**changes) -> DocumentSpec:
    values = {"plan_code": "nap", "period_code": "FY2568", "format": "xlsx", "language": "en"}
    return DocumentSpec(**{**values, **changes})


def ask(actor, capture, **changes) -> DocumentJob:
    """Ask for a document and run what was queued at commit, as the worker would."""
    with capture(execute=True):
        job = services.document_request(actor=actor, spec=spec(**changes))
    job.refresh_from_db()
    return job


# --- Who may ask for what -----------------------------------------------------------------------

ALLOWED = [
    # (user, agency, provisional)
    ("coordinator.dwf", "", True),
    ("coordinator.dwf", "rtp", True),
    ("reporter.sbpac", "sbpac", True),
    ("approver.sbpac", "sbpac", False),
    ("viewer.rtp", "", False),
    ("viewer.rtp", "rtp", True),
]
REFUSED = [
    ("reporter.sbpac", "", False),  # the whole plan: viewers and coordinators only
    ("reporter.sbpac", "rtp", False),  # another agency
    ("viewer.rtp", "", True),  # provisional figures of the whole plan
    ("viewer.rtp", "sbpac", False),  # another agency's report
    ("coordinator.sbpac", "", False),  # coordinates nothing in this plan; not a viewer
]


@pytest.mark.parametrize(("username", "agency", "provisional"), ALLOWED)
def test_who_may_ask(world, username, agency, provisional):
    org = world.orgs.get(agency)
    user = world.users[username]
    assert permissions.can_request_document(user, world.plan, org, provisional=provisional)


@pytest.mark.parametrize(("username", "agency", "provisional"), REFUSED)
def test_who_may_not_ask(world, fake_render, username, agency, provisional):
    org = world.orgs.get(agency)
    user = world.users[username]
    assert not permissions.can_request_document(user, world.plan, org, provisional=provisional)
    with pytest.raises(PermissionDenied):
        services.document_request(
            actor=user, spec=spec(agency_code=agency, provisional=provisional)
        )
    assert not DocumentJob.objects.exists()


def test_nobody_signed_out_or_without_a_role_may_ask(world, build, fake_render):
    stranger = build.user("stranger")
    for user in (AnonymousUser(), stranger):
        assert not permissions.can_request_document(user, world.plan)
        with pytest.raises(PermissionDenied):
            services.document_request(actor=user, spec=spec())
    assert permissions.document_choices(stranger, world.plan).any is False


def test_the_refusal_of_provisional_figures_says_what_to_do(world, fake_render):
    with pytest.raises(PermissionDenied) as refusal:
        services.document_request(actor=world.users["viewer.rtp"], spec=spec(provisional=True))
    assert str(refusal.value) == (
        "Only the plan's coordinators, and an agency for its own document, may include figures "
        "not yet accepted. Leave out provisional figures."
    )


def test_choices_offered_follow_the_roles(world):
    coordinator = permissions.document_choices(world.users["coordinator.dwf"], world.plan)
    assert coordinator.whole_plan and coordinator.whole_plan_provisional
    assert {o.code for o in coordinator.agencies} == {"sbpac", "rtp"}
    reporter = permissions.document_choices(world.users["reporter.sbpac"], world.plan)
    assert not reporter.whole_plan
    assert [o.code for o in reporter.agencies] == ["sbpac"]
    assert reporter.provisional_possible
    viewer = permissions.document_choices(world.users["viewer.dwf"], world.plan)
    assert viewer.whole_plan and not viewer.whole_plan_provisional
    assert viewer.agencies == []  # the owner reports no indicator itself


# --- What is checked ------------------------------------------------------------------------------


def test_unknown_period_agency_format_and_language_are_refused_together(world, fake_render):
    coordinator = world.users["coordinator.dwf"]
    with pytest.raises(ValidationError) as refused:
        services.document_request(
            actor=coordinator,
            spec=spec(period_code="FY2599", agency_code="nobody", format="odt", language="fr"),
        )
    errors = refused.value.message_dict
    assert errors["period"] == ["There is no period “FY2599”. Choose a period such as FY2568."]
    assert errors["agency"] == ["There is no agency with the code “nobody”."]
    assert errors["format"] == ["Choose PDF, Word (.docx) or Excel (.xlsx)."]
    assert errors["language"] == ["Choose Thai, English or Vietnamese."]


def test_an_agency_outside_the_plan_is_refused(world, build, fake_render):
    build.organization("mfa", name_en="Ministry of Foreign Affairs")
    with pytest.raises(ValidationError) as refused:
        services.document_request(
            actor=world.users["coordinator.dwf"], spec=spec(agency_code="mfa")
        )
    assert refused.value.message_dict["agency"] == [
        "Ministry of Foreign Affairs has no indicator in this plan; choose one of its agencies."
    ]


def test_a_draft_plan_one_may_not_see_is_refused_as_unknown(world, build, fake_render):
    mfa = build.organization("mfa")
    build.plan("mfa-draft", owner=mfa, status="draft")
    with pytest.raises(ValidationError) as refused:
        services.document_request(
            actor=world.users["coordinator.dwf"], spec=spec(plan_code="mfa-draft")
        )
    assert refused.value.message_dict["plan"] == ["There is no plan with the code “mfa-draft”."]


def test_a_period_outside_the_plan_is_refused(world, fake_render):
    from naptrack.periods.services import period_get_or_create

    period_get_or_create("FY2580")
    with pytest.raises(ValidationError) as refused:
        services.document_request(
            actor=world.users["coordinator.dwf"], spec=spec(period_code="FY2580")
        )
    assert "outside the plan" in refused.value.message_dict["period"][0]


# --- The job ---------------------------------------------------------------------------------------


def test_the_job_is_queued_after_commit_and_made_by_the_task(
    world, fake_render, django_capture_on_commit_callbacks, mailoutbox
):
    coordinator = world.users["coordinator.dwf"]
    with django_capture_on_commit_callbacks() as callbacks:
        job = services.document_request(actor=coordinator, spec=spec(provisional=True))
    # Nothing runs before the commit; then exactly one job is queued.
    assert DocumentJob.objects.get().state == JobState.QUEUED
    assert len(callbacks) == 1 and fake_render.calls == []
    callbacks[0]()
    job.refresh_from_db()
    assert fake_render.calls == [spec(provisional=True)]
    assert job.state == JobState.DONE
    assert (job.progress, job.step) == (100, "Ready")
    assert job.filename == "report-nap-FY2568.xlsx"
    assert job.size == len(CONTENT)
    assert job.file.read() == CONTENT
    assert job.started_at <= job.finished_at
    assert job.expires_at == job.finished_at + dt.timedelta(hours=72)
    assert len(job.token) >= 20 and job.requested_by == coordinator

    note = Notification.objects.get(user=coordinator)
    assert note.kind == NotificationKind.DOCUMENT_READY
    assert note.title == "Your document is ready: report-nap-FY2568.xlsx"
    assert note.url == f"/en/documents/{job.token}/"
    assert note.emailed_at is not None
    [mail] = mailoutbox
    assert mail.to == ["coordinator.dwf@example.go.th"]
    assert f"/en/documents/{job.token}/" in mail.body
    assert "Download it before" in mail.body


def test_the_ttl_comes_from_the_settings(
    world, fake_render, settings, django_capture_on_commit_callbacks
):
    settings.NAPTRACK_DOCUMENT_TTL_HOURS = 5
    job = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks)
    assert job.expires_at - job.finished_at == dt.timedelta(hours=5)


def test_the_same_request_gives_the_same_job_until_it_expires(
    world, fake_render, django_capture_on_commit_callbacks
):
    coordinator = world.users["coordinator.dwf"]
    first = ask(coordinator, django_capture_on_commit_callbacks)
    again = ask(coordinator, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and len(fake_render.calls) == 1
    # Anything different is another document.
    other = ask(coordinator, django_capture_on_commit_callbacks, format="pdf")
    assert other.pk != first.pk
    other_person = ask(world.users["viewer.dwf"], django_capture_on_commit_callbacks)
    assert other_person.pk != first.pk
    # Once expired, asking again makes it again.
    DocumentJob.objects.filter(pk=first.pk).update(expires_at=timezone.now())
    renewed = ask(coordinator, django_capture_on_commit_callbacks)
    assert renewed.pk not in (first.pk, other.pk)


def test_a_failed_job_is_not_given_back(world, fake_render, django_capture_on_commit_callbacks):
    fake_render.fail_with = RuntimeError("boom")
    first = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks)
    assert first.state == JobState.FAILED
    fake_render.fail_with = None
    second = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks)
    assert second.pk != first.pk and second.state == JobState.DONE


def test_thai_digits_are_dropped_outside_thai(
    world, fake_render, django_capture_on_commit_callbacks
):
    job = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks, thai_digits=True)
    assert job.options["thai_digits"] is False
    thai = ask(
        world.users["coordinator.dwf"],
        django_capture_on_commit_callbacks,
        thai_digits=True,
        language="th",
    )
    assert thai.options["thai_digits"] is True and fake_render.calls[-1].thai_digits


def test_a_job_runs_once(world, fake_render, django_capture_on_commit_callbacks):
    job = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks)
    assert services.job_run(job.pk) is None
    assert services.job_run(987654) is None
    assert len(fake_render.calls) == 1


def test_a_renderer_refusal_is_shown_as_written(
    world, fake_render, django_capture_on_commit_callbacks, mailoutbox
):
    fake_render.fail_with = fake_render.DocumentError("The plan has no indicator to report on.")
    job = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks)
    assert job.state == JobState.FAILED
    assert job.error == "The plan has no indicator to report on."
    assert job.step == "Failed" and job.finished_at is not None and not job.file
    note = Notification.objects.get(user=world.users["coordinator.dwf"])
    assert note.title == "Your document could not be made: nap"
    assert note.body == "The plan has no indicator to report on."
    assert len(mailoutbox) == 1


def test_an_unexpected_error_is_logged_and_explained_plainly(
    world, fake_render, django_capture_on_commit_callbacks, caplog
):
    fake_render.fail_with = KeyError("secret internals")
    with caplog.at_level(logging.ERROR, logger="naptrack.documents.services"):
        job = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks)
    assert job.state == JobState.FAILED
    assert "secret internals" not in job.error
    assert job.error.startswith("The document could not be made because of an error")
    assert any("Document job" in r.message and r.exc_info for r in caplog.records)


def test_messages_are_in_the_language_the_person_used(
    world, fake_render, django_capture_on_commit_callbacks
):
    from django.utils import translation

    with translation.override("th"):
        job = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks)
    note = Notification.objects.get(user=world.users["coordinator.dwf"])
    assert note.url == f"/th/documents/{job.token}/"
    assert job.options["interface_language"] == "th"


# --- Progress ---------------------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_is_written_on_5_percent_steps_or_every_half_second(world, fake_render):
    job = DocumentJob.objects.create(
        token="t1",
        requested_by=world.users["coordinator.dwf"],
        plan=world.plan,
        format="xlsx",
        state=JobState.RUNNING,
    )
    clock = Clock()
    writer = services._ProgressWriter(job, clock)

    def stored():
        job.refresh_from_db()
        return job.progress, job.step

    clock.now = 0.1
    writer(3, "Reading")
    assert stored() == (0, "")  # too soon, too small
    writer(6, "Reading")
    assert stored() == (6, "Reading")  # crossed 5 %
    clock.now = 0.2
    writer(7, "Tables")
    assert stored() == (6, "Reading")
    clock.now = 0.75
    writer(8, "Tables")
    assert stored() == (8, "Tables")  # half a second passed
    clock.now = 2
    writer(4, "Back?")
    assert stored()[0] == 8  # never goes back
    writer(100, "Done already")
    assert stored()[0] == 99  # 100 only once the file is saved


# --- Expiry -----------------------------------------------------------------------------------------


def test_purge_deletes_expired_files_and_ends_stuck_jobs(
    world, fake_render, django_capture_on_commit_callbacks
):
    coordinator = world.users["coordinator.dwf"]
    done = ask(coordinator, django_capture_on_commit_callbacks)
    kept = ask(coordinator, django_capture_on_commit_callbacks, format="docx")
    path = done.file.path
    stuck = DocumentJob.objects.create(
        token="stuck",
        requested_by=coordinator,
        plan=world.plan,
        format="pdf",
        state=JobState.RUNNING,
        created_at=timezone.now() - dt.timedelta(hours=80),
    )
    ancient = DocumentJob.objects.create(
        token="ancient",
        requested_by=coordinator,
        plan=world.plan,
        format="pdf",
        state=JobState.FAILED,
        created_at=timezone.now() - dt.timedelta(days=40),
    )
    later = done.expires_at + dt.timedelta(minutes=1)
    DocumentJob.objects.filter(pk=kept.pk).update(expires_at=later + dt.timedelta(hours=1))

    assert services.jobs_purge_expired(now=later) == 1

    done.refresh_from_db()
    assert done.state == JobState.EXPIRED and not done.file
    import os

    assert not os.path.exists(path)
    kept.refresh_from_db()
    assert kept.state == JobState.DONE and kept.file.read() == CONTENT
    stuck.refresh_from_db()
    assert stuck.state == JobState.FAILED
    # In the platform's language (Thai), as the purge runs outside any request.
    with translation.override(settings.LANGUAGE_CODE):
        expected = gettext("The document took too long to make and was stopped. Ask for it again.")
    assert stuck.error == expected
    assert not DocumentJob.objects.filter(pk=ancient.pk).exists()
    # Nothing left to do the second time.
    assert services.jobs_purge_expired(now=later) == 0


def test_each_run_purges_first(world, fake_render, django_capture_on_commit_callbacks):
    coordinator = world.users["coordinator.dwf"]
    old = ask(coordinator, django_capture_on_commit_callbacks)
    DocumentJob.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    ask(coordinator, django_capture_on_commit_callbacks, format="pdf")
    old.refresh_from_db()
    assert old.state == JobState.EXPIRED


def test_purge_command(world, fake_render, django_capture_on_commit_callbacks, capsys):
    job = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks)
    DocumentJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    call_command("purge_documents")
    assert capsys.readouterr().out.strip() == "1 expired document(s) deleted"
    job.refresh_from_db()
    assert job.state == JobState.EXPIRED


def test_a_finished_document_queues_its_own_purge_when_the_queue_can_wait(
    world, fake_render, django_capture_on_commit_callbacks, monkeypatch
):
    from naptrack.documents import tasks

    planned = []
    monkeypatch.setattr(tasks, "schedule_purge", planned.append)
    job = ask(world.users["coordinator.dwf"], django_capture_on_commit_callbacks)
    assert planned == [job.expires_at]
    # The immediate backend of the tests cannot wait: nothing is queued, nothing fails.
    monkeypatch.undo()
    tasks.schedule_purge(job.expires_at)


# --- With the real renderer ---------------------------------------------------------------------------


def test_a_real_workbook_is_made_through_the_job(
    report_plan, media, django_capture_on_commit_callbacks, mailoutbox
):
    """No fake: the job runs the project's renderer and stores a workbook that opens."""
    import io

    from openpyxl import load_workbook

    coordinator = report_plan.users["coordinator.dwf"]
    coordinator.email = "coordinator@example.go.th"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.document_request(
            actor=coordinator,
            spec=DocumentSpec(plan_code="nap", period_code="FY2568", format="xlsx", language="th"),
        )
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    assert (job.progress, job.filename) == (100, "NAP_FY2568_th.xlsx")
    assert job.content_type.endswith("spreadsheetml.sheet")
    content = job.file.read()
    assert job.size == len(content) > 1000
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert {"1.1.1", "1.1.2", "2.1.1"} <= cells
    assert "จำนวนผู้ใหญ่ที่ผ่านการอบรมการไกล่เกลี่ย" in cells
    [mail] = mailoutbox
    assert mail.subject == "Your document is ready: NAP_FY2568_th.xlsx"
