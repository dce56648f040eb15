"""Another agency cannot read, change or download anything of a report not its own.

Checked across every reporting operation of the OpenAPI schema and every web address of the
reporting app that names a report or its evidence: each answers 404 — the same as for a report
that does not exist — never 403, 200 or a redirect, so that not even the existence of a draft
shows. Anonymous callers get 403 from the API and the sign-in page from the web.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from naptrack.reporting import services
from naptrack.reporting.models import Event, Evidence, Value
from naptrack.reporting.views import ACTIONS
from tests.reporting import conftest as reporting
from tests.reporting.conftest import fill_sbpac

world = reporting.world  # the reporting tests' fixture: agencies and their users

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OTHER_AGENCY = ["reporter.rtp", "approver.rtp", "coordinator.rtp", "viewer.rtp"]


@pytest.fixture
def draft(world, settings, tmp_path):
    """SBPAC's filled draft with a file attached, and what it looked like before anyone tried."""
    settings.MEDIA_ROOT = tmp_path
    report = fill_sbpac(world)
    evidence = services.evidence_add(
        actor=world.users["reporter.sbpac"],
        report=report,
        title="Attendance",
        upload=SimpleUploadedFile("attendance.pdf", PDF),
    )
    report.refresh_from_db()
    return report, evidence


def reporting_operations(client) -> list[tuple[str, str]]:
    """(method, path) of every reporting operation the schema documents on one report."""
    document = client.get("/api/v1/schema/", {"format": "json"}).json()
    return [
        (method, path)
        for path, operations in document["paths"].items()
        if path.startswith("/api/v1/reports/{id}/")
        for method in operations
    ]


def fill_path(path: str, world, report) -> str:
    line = report.lines.first()
    address = path.replace("{id}", str(report.pk)).replace("{line_id}", str(line.pk))
    return f"{address}?lang=en"


def bodies(world, report) -> dict[str, dict]:
    line = report.lines.first()
    return {
        "lines": {"expected_version": line.version, "figures": [{"value": 1}]},
        "narrative": {"expected_version": report.version, "progress": "Overwritten"},
        "return": {"feedback": "x"},
        "reopen": {"reason": "x"},
    }


def test_the_schema_lists_every_reporting_write(client, db):
    operations = reporting_operations(client)

    assert sorted(path.split("/")[5] for method, path in operations if method == "post") == [
        "accept",
        "approve",
        "evidence",
        "lines",
        "narrative",
        "reopen",
        "return",
        "submit",
    ]


@pytest.mark.parametrize("username", OTHER_AGENCY)
def test_another_agency_gets_404_from_every_api_operation_on_a_draft(
    client, world, draft, username
):
    report, evidence = draft
    client.force_login(world.users[username])
    payloads = bodies(world, report)
    answers = {}
    for method, path in reporting_operations(client):
        address = fill_path(path, world, report)
        if method == "get":
            response = client.get(address)
        elif path.endswith("/evidence/"):
            response = client.post(address, {"title": "x", "url": "https://example.org/"})
        else:
            body = payloads.get(path.split("/")[5], {})
            response = client.post(address, body, content_type="application/json")
        answers[f"{method} {path}"] = (response.status_code, response.json())

    assert answers == {key: (404, {"detail": "Not found."}) for key in answers}
    listed = client.get("/api/v1/reports/").json()["results"]
    assert [r["organization"]["code"] for r in listed] == ["rtp"]
    assert Value.objects.filter(line__report=report, value=1).count() == 0
    assert Evidence.objects.filter(report=report).count() == 1
    assert not Event.objects.filter(report=report, actor=world.users[username]).exists()


def web_addresses(report, evidence) -> list[tuple[str, str]]:
    line = report.lines.first()
    addresses = [
        ("get", reverse("report-detail", args=[report.pk])),
        ("post", reverse("report-line-save", args=[report.pk, line.pk])),
        ("post", reverse("report-narrative-save", args=[report.pk])),
        ("post", reverse("evidence-upload", args=[report.pk])),
        ("get", reverse("evidence-download", args=[evidence.pk])),
        ("post", reverse("evidence-remove", args=[evidence.pk])),
    ]
    addresses += [("post", reverse("report-action", args=[report.pk, a])) for a in ACTIONS]
    return addresses


@pytest.mark.parametrize("username", OTHER_AGENCY)
def test_another_agency_gets_404_from_every_page_and_download_of_a_draft(
    client, world, draft, username
):
    report, evidence = draft
    client.force_login(world.users[username])

    answers = {
        f"{method} {address}": getattr(client, method)(address).status_code
        for method, address in web_addresses(report, evidence)
    }

    assert answers == {key: 404 for key in answers}
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_anonymous_callers_get_403_from_the_api_and_the_sign_in_page_from_the_web(
    client, world, draft
):
    report, evidence = draft
    api = {
        f"{method} {path}": getattr(client, method)(fill_path(path, world, report)).status_code
        for method, path in reporting_operations(client)
    }
    api["get /api/v1/reports/"] = client.get("/api/v1/reports/").status_code
    api["get /api/v1/rounds/"] = client.get("/api/v1/rounds/").status_code
    web = {
        f"{method} {address}": getattr(client, method)(address)
        for method, address in web_addresses(report, evidence)
    }

    assert api == {key: 403 for key in api}
    assert {key: (r.status_code, "/login" in r["Location"]) for key, r in web.items()} == {
        key: (302, True) for key in web
    }


def test_a_line_of_another_report_is_not_found_through_ones_own(client, world):
    own, other = world.report("sbpac"), world.line("rtp", "1.1.3")
    client.force_login(world.users["reporter.sbpac"])

    answer = client.post(
        f"/api/v1/reports/{own.pk}/lines/{other.pk}/",
        {"expected_version": other.version, "figures": [{"value": 1}]},
        content_type="application/json",
    )

    assert answer.status_code == 404
    assert not Value.objects.filter(line=other).exists()


def test_evidence_cannot_be_pinned_to_a_line_of_another_report(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    own, other = world.report("sbpac"), world.line("rtp", "1.1.3")
    client.force_login(world.users["reporter.sbpac"])

    answer = client.post(
        f"/api/v1/reports/{own.pk}/evidence/?lang=en",
        {"title": "x", "url": "https://example.org/", "line": other.pk},
    )

    assert answer.status_code == 400
    assert answer.json()["errors"] == {"line": ["This indicator is not part of the report."]}
