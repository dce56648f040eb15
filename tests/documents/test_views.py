"""The document pages: the form, the progress page and its polling, the download, my documents."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from naptrack.documents.models import DocumentJob, JobState
from naptrack.periods import calendars
from tests.documents import jobs_fixtures as fixtures
from tests.documents.jobs_fixtures import CONTENT

world, english, fake_render, media = (
    fixtures.world,
    fixtures.english,
    fixtures.fake_render,
    fixtures.media,
)

pytestmark = pytest.mark.django_db

FORM = {"period": "FY2568", "agency": "", "language": "en", "format": "xlsx"}


@pytest.fixture
def as_user(client, world):
    def login(username):
        client.force_login(world.users[username])
        return client

    return login


def make(client, capture, data=None, lang="en"):
    """Post the form and run the queued job at commit; return the response and the job."""
    with capture(execute=True):
        response = client.post(f"/{lang}/plans/nap/documents/", {**FORM, **(data or {})})
    return response, DocumentJob.objects.order_by("-pk").first()


def options(html: str, select: str) -> list[str]:
    block = re.search(rf'<select id="id_{select}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', block)


# --- The form ---------------------------------------------------------------------------------------


def test_signed_out_people_are_sent_to_sign_in(client, world):
    response = client.get("/en/plans/nap/documents/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/login/") or "login" in response["Location"]
    assert client.get("/en/documents/").status_code == 302


def test_the_coordinator_may_ask_for_any_agency_and_provisional_figures(as_user):
    html = as_user("coordinator.dwf").get("/en/plans/nap/documents/").content.decode()
    assert options(html, "agency") == ["", "rtp", "sbpac"]
    assert options(html, "period") == ["FY2568"]
    assert 'name="provisional"' in html
    assert 'value="xlsx"' in html and 'value="docx"' in html and 'value="pdf"' in html


def test_an_agency_member_is_offered_only_its_own_agency(as_user):
    html = as_user("reporter.sbpac").get("/en/plans/nap/documents/").content.decode()
    assert options(html, "agency") == ["sbpac"]
    assert 'name="provisional"' in html  # its own figures, not yet accepted


def test_a_viewer_of_another_organization_gets_the_whole_plan_without_provisional(
    as_user, world, build
):
    from naptrack.organizations.models import Role

    outsider = build.user("viewer.mfa", organization=build.organization("mfa"), role=Role.VIEWER)
    client = as_user("viewer.dwf")
    client.force_login(outsider)
    html = client.get("/en/plans/nap/documents/").content.decode()
    assert options(html, "agency") == [""]
    assert 'name="provisional"' not in html


def test_someone_with_no_role_is_told_plainly(client, build, world):
    client.force_login(build.user("stranger"))
    response = client.get("/en/plans/nap/documents/")
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    assert 'id="make-document"' not in response.content.decode()


def test_a_hidden_plan_answers_404(as_user, build):
    build.plan("mfa-draft", owner=build.organization("mfa"), status="draft")
    assert as_user("coordinator.dwf").get("/en/plans/mfa-draft/documents/").status_code == 404


def test_a_refused_request_shows_the_reason_beside_the_form(as_user):
    client = as_user("reporter.sbpac")
    response = client.post("/en/plans/nap/documents/", {**FORM, "agency": "rtp"})
    assert response.status_code == 400
    assert "Choose one of the agencies in the list." in response.content.decode()
    assert not DocumentJob.objects.exists()


# --- The job page -------------------------------------------------------------------------------------


def test_asking_redirects_to_the_job_page_which_polls_while_waiting(
    as_user, fake_render, django_capture_on_commit_callbacks
):
    client = as_user("coordinator.dwf")
    # Without running the queue: the job waits, and its page polls.
    response = client.post("/en/plans/nap/documents/", FORM)
    job = DocumentJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/documents/{job.token}/"
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="job-progress" max="100" value="0">' in page
    assert "You can leave this page" in page
    partial = client.get(f"/en/documents/{job.token}/", headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="job-status"') and "<html" not in html
    # Half way: the bar and the step follow the stored progress.
    DocumentJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, progress=45, step="Drawing the charts"
    )
    html = client.get(
        f"/en/documents/{job.token}/", headers={"HX-Request": "true"}
    ).content.decode()
    assert 'value="45"' in html and "45 %" in html and "Drawing the charts" in html
    assert 'hx-trigger="every 1s"' in html


def test_a_ready_document_stops_polling_and_offers_the_download(
    as_user, fake_render, django_capture_on_commit_callbacks
):
    client = as_user("coordinator.dwf")
    _, job = make(client, django_capture_on_commit_callbacks)
    html = client.get(
        f"/en/documents/{job.token}/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in html
    assert f'href="/en/documents/{job.token}/download/"' in html
    assert "Download report-nap-FY2568.xlsx" in html
    assert "available until" in html


def test_the_expiry_is_written_in_the_buddhist_era_in_thai(
    as_user, fake_render, django_capture_on_commit_callbacks
):
    client = as_user("coordinator.dwf")
    _, job = make(client, django_capture_on_commit_callbacks, lang="th")
    html = client.get(f"/th/documents/{job.token}/").content.decode()
    local = timezone.localtime(job.expires_at)
    assert calendars.format_date(local.date(), "th", long=True) in html
    assert str(local.year + 543) in html
    assert local.strftime("%H:%M") in html


def test_a_failure_is_shown_with_a_way_to_try_again(
    as_user, fake_render, django_capture_on_commit_callbacks
):
    fake_render.fail_with = fake_render.DocumentError("No indicator has figures for FY2568.")
    client = as_user("coordinator.dwf")
    _, job = make(client, django_capture_on_commit_callbacks)
    html = client.get(f"/en/documents/{job.token}/").content.decode()
    assert job.state == JobState.FAILED
    assert "No indicator has figures for FY2568." in html
    assert "Make it again" in html and "hx-trigger" not in html


def test_someone_else_never_sees_the_job(
    as_user, world, fake_render, django_capture_on_commit_callbacks
):
    client = as_user("coordinator.dwf")
    _, job = make(client, django_capture_on_commit_callbacks)
    client.force_login(world.users["coordinator.rtp"])
    assert client.get(f"/en/documents/{job.token}/").status_code == 404
    assert client.get(f"/en/documents/{job.token}/download/").status_code == 404
    assert client.get("/en/documents/not-a-token/").status_code == 404
    assert job.token not in client.get("/en/documents/").content.decode()


# --- The download -----------------------------------------------------------------------------------


def test_the_requester_downloads_the_file(as_user, fake_render, django_capture_on_commit_callbacks):
    client = as_user("coordinator.dwf")
    _, job = make(client, django_capture_on_commit_callbacks)
    response = client.get(f"/en/documents/{job.token}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Disposition"] == 'attachment; filename="report-nap-FY2568.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_thai_file_name_is_kept(as_user, fake_render, django_capture_on_commit_callbacks):
    client = as_user("coordinator.dwf")
    _, job = make(client, django_capture_on_commit_callbacks)
    DocumentJob.objects.filter(pk=job.pk).update(filename="รายงานความก้าวหน้า.xlsx")
    response = client.get(f"/en/documents/{job.token}/download/")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "%E0%B8%A3" in response["Content-Disposition"]  # ร


def test_a_platform_administrator_may_download(
    client, as_user, build, fake_render, django_capture_on_commit_callbacks
):
    _, job = make(as_user("coordinator.dwf"), django_capture_on_commit_callbacks)
    client.force_login(build.user("root", is_superuser=True))
    assert client.get(f"/en/documents/{job.token}/download/").status_code == 200


def test_a_document_not_ready_sends_back_to_its_page(as_user, fake_render):
    client = as_user("coordinator.dwf")
    client.post("/en/plans/nap/documents/", FORM)
    job = DocumentJob.objects.get()
    response = client.get(f"/en/documents/{job.token}/download/")
    assert response.status_code == 302 and response["Location"] == f"/en/documents/{job.token}/"


def test_an_expired_document_says_so_and_can_be_made_again(
    as_user, fake_render, django_capture_on_commit_callbacks
):
    client = as_user("coordinator.dwf")
    _, job = make(client, django_capture_on_commit_callbacks, {"provisional": "on"})
    DocumentJob.objects.filter(pk=job.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.get(f"/en/documents/{job.token}/download/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This document has expired" in html and "Make it again" in html
    assert 'name="provisional" value="on"' in html
    # The button posts the same request again: a new job.
    remade, new = make(
        client,
        django_capture_on_commit_callbacks,
        {"provisional": "on"},
    )
    assert new.pk != job.pk and new.state == JobState.DONE and new.options["provisional"]
    assert remade["Location"] == f"/en/documents/{new.token}/"


# --- Lists ------------------------------------------------------------------------------------------


def test_my_documents_lists_only_mine(
    as_user, world, fake_render, django_capture_on_commit_callbacks
):
    mine = make(as_user("coordinator.dwf"), django_capture_on_commit_callbacks)[1]
    client = as_user("viewer.dwf")
    theirs = make(client, django_capture_on_commit_callbacks)[1]
    html = client.get("/en/documents/").content.decode()
    assert theirs.token in html and mine.token not in html
    plan_page = client.get("/en/plans/nap/documents/").content.decode()
    assert theirs.token in plan_page and mine.token not in plan_page
    assert "report-nap-FY2568.xlsx" in plan_page


def test_the_dashboard_and_the_plan_page_link_to_the_documents(as_user):
    client = as_user("coordinator.dwf")
    for url in ("/en/plans/nap/dashboard/", "/en/plans/nap/"):
        assert 'href="/en/plans/nap/documents/"' in client.get(url).content.decode(), url


def test_the_admin_lists_jobs_without_changing_them(
    client, build, as_user, fake_render, django_capture_on_commit_callbacks
):
    _, job = make(as_user("coordinator.dwf"), django_capture_on_commit_callbacks)
    client.force_login(build.user("root", is_superuser=True, is_staff=True))
    listing = client.get("/en/admin/documents/documentjob/")
    assert listing.status_code == 200
    assert f"/en/admin/documents/documentjob/{job.pk}/change/" in listing.content.decode()
    page = client.get(f"/en/admin/documents/documentjob/{job.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get("/en/admin/documents/documentjob/add/").status_code == 403
