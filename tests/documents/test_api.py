"""The documents API: ask (202), follow the job, download the file; 404 for others, 409, 410."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from naptrack.documents.models import DocumentJob, JobState
from tests.documents import jobs_fixtures as fixtures
from tests.documents.jobs_fixtures import CONTENT

world, english, fake_render, media = (
    fixtures.world,
    fixtures.english,
    fixtures.fake_render,
    fixtures.media,
)

pytestmark = pytest.mark.django_db

BODY = {"plan": "nap", "period": "FY2568", "format": "xlsx", "language": "en"}


@pytest.fixture
def api(client, world):
    class Api:
        def login(self, username):
            client.force_login(world.users[username])

        def post(self, body, capture=None):
            def send():
                return client.post(
                    "/api/v1/documents/?lang=en", body, content_type="application/json"
                )

            if capture is None:
                return send()
            with capture(execute=True):
                return send()

        def get(self, path):
            return client.get(f"/api/v1/{path.lstrip('/')}", {"lang": "en"})

    return Api()


def test_asking_answers_202_with_the_job(api, fake_render):
    api.login("coordinator.dwf")
    response = api.post({**BODY, "provisional": True})
    assert response.status_code == 202
    job = DocumentJob.objects.get()
    body = response.json()
    assert body["id"] == job.token
    assert (body["state"], body["state_label"], body["progress"]) == ("queued", "Waiting", 0)
    assert (body["plan"], body["period"], body["agency"]) == ("nap", "FY2568", None)
    assert body["options"] == {"provisional": True, "thai_digits": False, "end_of_plan": False}
    assert body["links"] == {
        "self": f"http://testserver/api/v1/documents/{job.token}/",
        "page": f"http://testserver/en/documents/{job.token}/",
        "file": None,
    }


def test_a_made_document_is_followed_and_downloaded(
    api, fake_render, django_capture_on_commit_callbacks
):
    api.login("reporter.sbpac")
    response = api.post({**BODY, "agency": "sbpac"}, django_capture_on_commit_callbacks)
    token = response.json()["id"]
    job = api.get(f"documents/{token}/").json()
    assert (job["state"], job["progress"], job["agency"]) == ("done", 100, "sbpac")
    assert job["filename"] == "report-nap-FY2568.xlsx" and job["size"] == len(CONTENT)
    assert job["links"]["file"] == f"http://testserver/api/v1/documents/{token}/file/"
    download = api.get(f"documents/{token}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == CONTENT
    assert download["X-Content-Type-Options"] == "nosniff"
    assert 'filename="report-nap-FY2568.xlsx"' in download["Content-Disposition"]
    # Asked again: the same document, already made.
    again = api.post({**BODY, "agency": "sbpac"})
    assert again.status_code == 200 and again.json()["id"] == token
    assert [j["id"] for j in api.get("documents/").json()["results"]] == [token]


def test_not_ready_failed_and_expired_files(api, fake_render, django_capture_on_commit_callbacks):
    api.login("coordinator.dwf")
    waiting = api.post(BODY).json()["id"]
    response = api.get(f"documents/{waiting}/file/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The document is not ready yet (0 % done). Try again shortly."
    }

    fake_render.fail_with = fake_render.DocumentError("No figures for FY2568.")
    failed = api.post({**BODY, "format": "pdf"}, django_capture_on_commit_callbacks).json()["id"]
    response = api.get(f"documents/{failed}/file/")
    assert (response.status_code, response.json()) == (409, {"detail": "No figures for FY2568."})
    assert api.get(f"documents/{failed}/").json()["error"] == "No figures for FY2568."

    fake_render.fail_with = None
    made = api.post({**BODY, "format": "docx"}, django_capture_on_commit_callbacks).json()["id"]
    DocumentJob.objects.filter(token=made).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = api.get(f"documents/{made}/file/")
    assert response.status_code == 410
    assert response.json() == {
        "detail": "This document has expired and its file was deleted. Ask for it again."
    }
    assert api.get(f"documents/{made}/").json()["links"]["file"] is None


def test_other_people_get_404_and_signed_out_people_403(
    api, client, world, fake_render, django_capture_on_commit_callbacks
):
    api.login("coordinator.dwf")
    token = api.post(BODY, django_capture_on_commit_callbacks).json()["id"]
    api.login("coordinator.rtp")
    for path in (f"documents/{token}/", f"documents/{token}/file/", "documents/nothing-here/"):
        response = api.get(path)
        assert (response.status_code, response.json()) == (404, {"detail": "Not found."}), path
    assert api.get("documents/").json()["results"] == []
    client.logout()
    assert api.get(f"documents/{token}/").status_code == 403
    assert api.post(BODY).status_code == 403
    assert DocumentJob.objects.count() == 1


def test_refusals_answer_with_their_reasons(api, fake_render):
    api.login("reporter.sbpac")
    response = api.post({**BODY, "agency": "rtp"})
    assert response.status_code == 403
    assert response.json()["detail"].startswith("You may ask only for your own agency's document")
    response = api.post({**BODY, "period": "FY2599", "format": "odt"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"format": ['"odt" is not a valid choice.']}
    response = api.post({**BODY, "period": "FY2599", "agency": "sbpac"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "There is no period “FY2599”. Choose a period such as FY2568.",
        "errors": {"period": ["There is no period “FY2599”. Choose a period such as FY2568."]},
    }
    response = api.post({"format": "pdf"})
    assert set(response.json()["errors"]) == {"plan", "period"}
    assert not DocumentJob.objects.exists()


def test_the_job_says_how_far_it_has_got(api, fake_render):
    api.login("coordinator.dwf")
    token = api.post(BODY).json()["id"]
    DocumentJob.objects.filter(token=token).update(
        state=JobState.RUNNING, progress=40, step="Drawing the charts"
    )
    body = api.get(f"documents/{token}/").json()
    assert (body["state"], body["progress"], body["step"]) == ("running", 40, "Drawing the charts")


def test_the_schema_documents_the_endpoints(client, db):
    document = client.get("/api/v1/schema/", {"format": "json"}).json()
    paths = document["paths"]
    assert set(paths["/api/v1/documents/"]) == {"get", "post"}
    assert set(paths["/api/v1/documents/{token}/"]) == {"get"}
    file_responses = paths["/api/v1/documents/{token}/file/"]["get"]["responses"]
    assert {"200", "404", "409", "410"} <= file_responses.keys()
    assert "application/pdf" in file_responses["200"]["content"]
    post = paths["/api/v1/documents/"]["post"]["responses"]
    assert {"202", "400", "403"} <= post.keys()
