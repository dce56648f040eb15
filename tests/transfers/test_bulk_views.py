"""The import pages, the API and the command: who may use them, and what they answer."""

from __future__ import annotations

import base64
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from naptrack.reporting.models import Value, ValueChange
from naptrack.transfers.models import BatchState, ImportBatch
from tests.reporting import conftest as reporting
from tests.transfers.test_bulk_service import GOOD, HEADER

english = reporting.english  # the reporting tests' fixture
world = reporting.world  # the reporting tests' fixture


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


CSV = HEADER + "\n".join(GOOD) + "\n"
BAD = HEADER + "\n".join([*GOOD[:2], "1.1.1,FY2568,sbpac,male,fifty,,"]) + "\n"


def signed_in(client, world, username):
    client.force_login(world.users[username])
    return client


def upload(client, text, **extra):
    return client.post(
        "/en/imports/",
        {"file": SimpleUploadedFile("values.csv", text.encode(), "text/csv"), **extra},
    )


def test_the_coordinator_checks_then_applies(client, world):
    signed_in(client, world, "coordinator.dwf")
    page = client.get("/en/imports/?plan=nap")
    assert page.status_code == 200
    assert b"Check the file" in page.content and b"imports/example.csv?plan=nap" in page.content
    answer = upload(client, CSV, plan="nap")
    assert answer.status_code == 302
    batch = ImportBatch.objects.get()
    assert answer.url == reverse("bulk-import-detail", args=[batch.token])
    assert batch.state == BatchState.CHECKED and batch.plan == world.plan
    detail = client.get(answer.url)
    assert detail.status_code == 200
    assert b'data-count="new">4<' in detail.content and b"bulk-apply" in detail.content
    assert not Value.objects.exists()
    applied = client.post(reverse("bulk-import-apply", args=[batch.token]), follow=True)
    assert b"The import was applied: 4 values saved." in applied.content
    assert Value.objects.count() == 4 and ValueChange.objects.count() == 4


def test_a_file_with_a_problem_shows_row_and_column(client, world):
    signed_in(client, world, "coordinator.dwf")
    answer = upload(client, BAD)
    detail = client.get(answer.url)
    assert b"1 problem: nothing can be saved" in detail.content
    assert (
        b'data-row="4"' in detail.content and "“fifty” is not a number.".encode() in detail.content
    )
    assert b"bulk-apply" not in detail.content
    discard = client.post(reverse("bulk-import-discard", args=[ImportBatch.objects.get().token]))
    assert discard.status_code == 302
    assert ImportBatch.objects.get().state == BatchState.DISCARDED


def test_others_never_see_a_batch_and_viewers_cannot_import(client, world):
    signed_in(client, world, "coordinator.dwf")
    answer = upload(client, CSV)
    token = ImportBatch.objects.get().token
    client.force_login(world.users["reporter.sbpac"])
    assert client.get(answer.url).status_code == 404
    assert client.post(reverse("bulk-import-apply", args=[token])).status_code == 404
    client.force_login(world.users["viewer.dwf"])
    assert client.get("/en/imports/").status_code == 403
    assert upload(client, CSV).status_code == 403
    client.logout()
    assert client.get("/en/imports/").status_code == 302
    assert not Value.objects.exists()


def test_the_example_csv_has_every_column_and_the_plans_codes(client, world):
    signed_in(client, world, "coordinator.dwf")
    answer = client.get("/en/imports/example.csv?plan=nap")
    text = answer.content.decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert (
        header
        == "plan,indicator,period,agency,sex,value,numerator,denominator,text,milestone_status"
    )
    assert first.startswith("nap,1.1.1,FY2568,")


def test_the_plan_page_links_coordinators_to_the_import(client, world):
    signed_in(client, world, "coordinator.dwf")
    assert b'data-link="bulk-import"' in client.get("/en/plans/nap/").content
    client.force_login(world.users["reporter.sbpac"])
    assert b'data-link="bulk-import"' not in client.get("/en/plans/nap/").content


# --- API ----------------------------------------------------------------------------------------------


def basic(username):
    token = base64.b64encode(f"{username}:pass-{username}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def api_post(client, text, username="coordinator.dwf", **data):
    return client.post(
        "/api/v1/imports/?lang=en",
        {"file": SimpleUploadedFile("values.csv", text.encode(), "text/csv"), **data},
        **(basic(username) if username else {}),
    )


def test_api_dry_run_import_and_refusal(client, world):
    dry = api_post(client, CSV, dry_run="true")
    assert dry.status_code == 200, dry.content
    assert dry.json()["summary"]["new"] == 4 and not Value.objects.exists()
    done = api_post(client, CSV)
    assert done.status_code == 201 and done.json()["state"] == "applied"
    assert Value.objects.count() == 4
    again = api_post(client, CSV)
    assert again.json()["summary"]["changed"] == 0 and again.json()["summary"]["unchanged"] == 4
    refused = api_post(client, BAD)
    assert refused.status_code == 422
    assert api_post(client, BAD).json()["errors"][0]["message"] == "“fifty” is not a number."
    thai = client.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile("v.csv", BAD.encode(), "text/csv")},
        **basic("coordinator.dwf"),
    )
    assert thai.json()["errors"][0]["message"] != "“fifty” is not a number."  # Thai by default
    assert refused.json()["errors"] == [
        {"row": 4, "column": "value", "message": "“fifty” is not a number."}
    ]


def test_api_refuses_strangers_and_bad_requests(client, world):
    assert api_post(client, CSV, username=None).status_code in (401, 403)
    assert api_post(client, CSV, username="viewer.dwf").status_code == 403
    missing = client.post("/api/v1/imports/", {"dry_run": "true"}, **basic("coordinator.dwf"))
    assert missing.status_code == 400 and "file" in missing.json()["errors"]
    assert api_post(client, CSV, plan="nope").status_code == 400
    assert not Value.objects.exists()


def test_api_schema_documents_the_import(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/imports/"]["post"]
    assert {"200", "201", "400", "403", "422"} <= set(operation["responses"])


# --- Command ------------------------------------------------------------------------------------------


def test_the_command_imports_and_fails_on_problems(world, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(CSV)
    bad.write_text(BAD)
    out = io.StringIO()
    call_command("import_values", str(good), "--dry-run", "--user", "coordinator.dwf", stdout=out)
    assert "new 4" in out.getvalue() and not Value.objects.exists()
    with pytest.raises(CommandError) as refused:
        call_command("import_values", str(bad), stdout=(out := io.StringIO()))
    assert refused.value.returncode == 1
    assert "row 4, column value: “fifty” is not a number." in out.getvalue()
    out = io.StringIO()
    call_command("import_values", str(good), "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["summary"]["new"] == 4
    assert Value.objects.count() == 4
    with pytest.raises(CommandError, match="No user"):
        call_command("import_values", str(good), "--user", "nobody")
    with pytest.raises(CommandError):
        call_command("import_values", str(good), "--user", "viewer.dwf")
