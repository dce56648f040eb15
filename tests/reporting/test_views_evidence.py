"""Evidence pages: upload through htmx and plain forms, download only for those who may read the
report, removal while editable, and hostile input."""

import hashlib
import json
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from naptrack.reporting import services
from naptrack.reporting.models import Evidence
from tests.reporting import evidence_samples as samples
from tests.reporting.conftest import fill_sbpac

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def as_user(world, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def upload_url(report, line=None) -> str:
    url = reverse("evidence-upload", args=[report.pk])
    return f"{url}?line={line.pk}" if line else url


def attach(world, data=samples.PDF, name="minutes.pdf", *, title="Meeting minutes", line=None):
    return services.evidence_add(
        actor=world.users["reporter.sbpac"],
        report=world.report("sbpac"),
        title=title,
        upload=samples.upload(name, data),
        line=line,
    )


def submit_sbpac(world):
    report = fill_sbpac(world)
    return services.report_submit(actor=world.users["reporter.sbpac"], report=report)


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Uploading --------------------------------------------------------------------------------------


def test_htmx_upload_returns_the_refreshed_evidence_block(world, media):
    report = world.report("sbpac")
    client = as_user(world, "reporter.sbpac")
    response = client.post(
        upload_url(report),
        {
            "title": "Training report",
            "description": "Pattani, 12 March",
            "file": samples.upload("training.pdf", samples.PDF),
        },
        **HTMX,
    )
    assert response.status_code == 200
    item = Evidence.objects.get()
    assert item.sha256 == hashlib.sha256(samples.PDF).hexdigest()
    html = response.content.decode()
    assert f'id="report-{report.pk}-evidence"' in html
    assert "“Training report” is attached." in html
    assert reverse("evidence-download", args=[item.pk]) in html
    assert "training.pdf" in html and "Pattani, 12 March" in html
    assert reverse("evidence-remove", args=[item.pk]) in html
    assert "/media/" not in html
    assert json.loads(response["HX-Trigger"]) == {
        "evidence-changed": {"report": report.pk, "line": None}
    }


def test_evidence_for_an_indicator_is_chosen_in_the_report_block(world):
    report = world.report("sbpac")
    line = world.line("sbpac", "1.1.1")
    client = as_user(world, "reporter.sbpac")
    response = client.post(
        upload_url(report),
        {"title": "Photo", "line": str(line.pk), "file": samples.upload("p.png", samples.PNG)},
        **HTMX,
    )
    assert response.status_code == 200
    assert Evidence.objects.get().line == line
    assert "Indicator 1.1.1" in response.content.decode()


def test_a_lines_block_refreshes_itself(world):
    report = world.report("sbpac")
    line = world.line("sbpac", "1.1.1")
    client = as_user(world, "reporter.sbpac")
    response = client.post(
        upload_url(report, line),
        {"title": "Photo", "line": str(line.pk), "file": samples.upload("p.png", samples.PNG)},
        **HTMX,
    )
    html = response.content.decode()
    assert f'id="line-{line.pk}-evidence"' in html
    assert f'action="{upload_url(report, line)}"' in html
    assert Evidence.objects.get().line == line


def test_plain_upload_redirects_to_the_report_with_a_message(world):
    report = world.report("sbpac")
    client = as_user(world, "reporter.sbpac")
    response = client.post(
        upload_url(report),
        {"title": "Cabinet resolution", "url": "https://www.soc.go.th/resolution"},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("report-detail", args=[report.pk]) + f"#report-{report.pk}-evidence"
    )
    assert flashed(response) == ["“Cabinet resolution” is attached."]
    assert Evidence.objects.get().url == "https://www.soc.go.th/resolution"


def test_a_refused_file_is_explained_beside_the_field_and_the_form_keeps_what_was_typed(
    world, media
):
    report = world.report("sbpac")
    client = as_user(world, "reporter.sbpac")
    response = client.post(
        upload_url(report),
        {
            "title": "Budget <b>2568</b>",
            "description": "Line one\nLine two",
            "file": samples.upload("budget.pdf", samples.EXE, "application/pdf"),
        },
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="report-{report.pk}-evidence-file-error"' in html
    assert (
        "“budget.pdf” is named as a PDF file, but its content is a program. "
        "Programs, scripts and web pages are not accepted as evidence." in html
    )
    assert 'value="Budget &lt;b&gt;2568&lt;/b&gt;"' in html
    assert ">Line one\nLine two</textarea>" in html
    assert not Evidence.objects.exists()
    assert stored(media) == []


def test_a_plain_refusal_comes_back_as_a_message(world):
    report = world.report("sbpac")
    client = as_user(world, "reporter.sbpac")
    response = client.post(
        upload_url(report), {"title": "Page", "file": samples.upload("x.pdf", samples.HTML)}
    )
    assert response.status_code == 302
    assert flashed(response) == [
        "“x.pdf” is named as a PDF file, but its content is a web page (HTML or XML). "
        "Programs, scripts and web pages are not accepted as evidence."
    ]


def test_html_in_titles_and_descriptions_is_shown_as_text(world):
    attach(world, title='<script>alert("t")</script>')
    item = Evidence.objects.get()
    item.description = '<img src=x onerror="alert(1)">'
    item.save()
    response = as_user(world, "reporter.sbpac").post(
        upload_url(world.report("sbpac")), {"title": "x", "url": "https://example.org"}, **HTMX
    )
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_a_200_mb_upload_is_refused_before_its_body_is_read(world, media):
    report = world.report("sbpac")
    client = as_user(world, "reporter.sbpac")
    # The request says 200 MB; reading past the few bytes really sent would fail the test.
    response = client.post(
        upload_url(report),
        {"title": "Annual report", "file": samples.upload("annual.pdf", samples.PDF)},
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Reswap"] == "none"
    html = response.content.decode()
    assert f'id="report-{report.pk}-evidence-file-error"' in html and 'hx-swap-oob="true"' in html
    assert "The file is too large: 200.0 MB; the limit is 20 MB." in html
    assert not Evidence.objects.exists()
    assert stored(media) == []

    response = client.post(
        upload_url(report),
        {"title": "Annual report", "file": samples.upload("annual.pdf", samples.PDF)},
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 302
    assert flashed(response) == ["The file is too large: 200.0 MB; the limit is 20 MB."]


def test_a_file_over_the_limit_is_not_taken_in_and_the_title_is_kept(world, settings, media):
    settings.NAPTRACK_EVIDENCE_MAX_MB = 1
    report = world.report("sbpac")
    big = samples.PDF + b"0" * (1024 * 1024 + 10)
    response = as_user(world, "reporter.sbpac").post(
        upload_url(report),
        {"title": "Scanned letters", "file": samples.upload("letters.pdf", big)},
        **HTMX,
    )
    html = response.content.decode()
    assert "The file is too large: the limit is 1 MB." in html
    assert 'value="Scanned letters"' in html
    assert not Evidence.objects.exists()
    assert stored(media) == []


def test_the_upload_needs_the_csrf_token(world, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["reporter.sbpac"])
    response = client.post(
        upload_url(world.report("sbpac")),
        {"title": "Minutes", "file": samples.upload("a.pdf", samples.PDF)},
    )
    assert response.status_code == 403
    assert not Evidence.objects.exists()
    assert stored(media) == []


def test_another_agency_cannot_upload_to_a_report(world, media):
    response = as_user(world, "reporter.rtp").post(
        upload_url(world.report("sbpac")),
        {"title": "Minutes", "file": samples.upload("a.pdf", samples.PDF)},
    )
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_an_approver_sees_why_they_cannot_upload(world, media):
    response = as_user(world, "approver.sbpac").post(
        upload_url(world.report("sbpac")),
        {"title": "Minutes", "file": samples.upload("a.pdf", samples.PDF)},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Evidence can be added only while the report is being prepared." in html
    assert 'name="title"' not in html  # no form for those who cannot add
    assert not Evidence.objects.exists()


def test_a_line_of_another_report_is_refused(world):
    response = as_user(world, "reporter.sbpac").post(
        upload_url(world.report("sbpac")),
        {
            "title": "Minutes",
            "line": str(world.line("rtp", "1.1.3").pk),
            "url": "https://example.org",
        },
        **HTMX,
    )
    assert "This indicator is not part of the report." in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_link_that_is_not_a_web_address_is_refused(world):
    response = as_user(world, "reporter.sbpac").post(
        upload_url(world.report("sbpac")),
        {"title": "Click me", "url": "javascript:alert(document.cookie)"},
        **HTMX,
    )
    html = response.content.decode()
    assert "Give a web address that starts with http:// or https://." in html
    assert 'value="javascript:alert(document.cookie)"' in html  # kept, as text, for correction
    assert not Evidence.objects.exists()


# --- Downloading ------------------------------------------------------------------------------------


def test_the_owner_agency_downloads_the_file_with_safe_headers(world):
    item = attach(world, name="minutes.pdf")
    response = as_user(world, "reporter.sbpac").get(reverse("evidence-download", args=[item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "private" in response["Cache-Control"]
    assert "Location" not in response
    assert "media" not in response["Content-Disposition"]


def test_a_thai_file_name_is_sent_as_rfc_5987(world):
    name = "รายงานการประชุม ครั้งที่ 1.pdf"
    item = attach(world, name=name)
    response = as_user(world, "viewer.sbpac").get(reverse("evidence-download", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_another_agency_gets_404_for_a_draft(world):
    item = attach(world)
    for username in ("reporter.rtp", "approver.rtp", "coordinator.rtp", "viewer.dwf"):
        response = as_user(world, username).get(reverse("evidence-download", args=[item.pk]))
        assert response.status_code == 404, username


def test_the_coordinator_downloads_once_the_report_is_submitted(world):
    item = attach(world)
    coordinator = as_user(world, "coordinator.dwf")
    url = reverse("evidence-download", args=[item.pk])
    assert coordinator.get(url).status_code == 404
    submit_sbpac(world)
    response = coordinator.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    # Submitted is not accepted: other agencies still see nothing.
    assert as_user(world, "reporter.rtp").get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world):
    item = attach(world)
    client = Client()
    for response in (
        client.get(reverse("evidence-download", args=[item.pk])),
        client.post(upload_url(world.report("sbpac")), {"title": "x"}),
        client.post(reverse("evidence-remove", args=[item.pk])),
    ):
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    assert Evidence.objects.count() == 1


def test_the_media_folder_is_not_served(world):
    item = attach(world)
    response = as_user(world, "reporter.sbpac").get(f"/media/{item.file.name}")
    assert response.status_code == 404


def test_a_link_redirects_only_to_a_web_address(world):
    item = services.evidence_add(
        actor=world.users["reporter.sbpac"],
        report=world.report("sbpac"),
        title="Resolution",
        url="https://www.soc.go.th/resolution",
    )
    client = as_user(world, "reporter.sbpac")
    response = client.get(reverse("evidence-download", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == "https://www.soc.go.th/resolution"
    assert response["Referrer-Policy"] == "no-referrer"
    # A link that slipped in some other way (an import, the admin) is never followed.
    Evidence.objects.filter(pk=item.pk).update(url="javascript:alert(1)")
    assert client.get(reverse("evidence-download", args=[item.pk])).status_code == 404


def test_a_missing_stored_file_is_404(world, media):
    item = attach(world)
    (media / item.file.name).unlink()
    response = as_user(world, "reporter.sbpac").get(reverse("evidence-download", args=[item.pk]))
    assert response.status_code == 404


# --- Removing ---------------------------------------------------------------------------------------


def test_the_reporter_removes_evidence_while_editable(
    world, media, django_capture_on_commit_callbacks
):
    item = attach(world, title="Old minutes")
    client = as_user(world, "reporter.sbpac")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evidence-remove", args=[item.pk]), {"block": "report"}, **HTMX
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "“Old minutes” is removed." in html
    assert "No evidence attached yet." in html
    assert not Evidence.objects.exists()
    assert stored(media) == []


def test_removal_is_refused_once_submitted(world, media):
    item = attach(world, title="Minutes")
    submit_sbpac(world)
    client = as_user(world, "reporter.sbpac")
    response = client.post(reverse("evidence-remove", args=[item.pk]))
    assert response.status_code == 302
    assert flashed(response) == ["Evidence can be removed only while the report is being prepared."]
    response = client.post(reverse("evidence-remove", args=[item.pk]), **HTMX)
    html = response.content.decode()
    assert "Evidence can be removed only while the report is being prepared." in html
    assert reverse("evidence-remove", args=[item.pk]) not in html
    assert Evidence.objects.filter(pk=item.pk).exists()
    assert len(stored(media)) == 1


def test_another_agency_cannot_remove_evidence(world):
    item = attach(world)
    response = as_user(world, "reporter.rtp").post(reverse("evidence-remove", args=[item.pk]))
    assert response.status_code == 404
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_the_block_is_read_only_for_those_who_cannot_edit(world):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from naptrack.reporting.views_evidence import evidence_context

    attach(world, title="Minutes")
    request = RequestFactory().get("/")
    request.user = world.users["approver.sbpac"]
    context = evidence_context(request.user, world.report("sbpac"))
    html = render_to_string("reporting/partials/evidence_list.html", context, request=request)
    assert "Minutes" in html
    assert 'name="title"' not in html and "evidence-remove" not in html
    assert "/remove/" not in html


def test_removing_from_a_lines_block_refreshes_that_block(world):
    line = world.line("sbpac", "1.1.1")
    item = attach(world, line=line, title="Photo")
    response = as_user(world, "reporter.sbpac").post(
        reverse("evidence-remove", args=[item.pk]), {"block": "line"}, **HTMX
    )
    html = response.content.decode()
    assert f'id="line-{line.pk}-evidence"' in html
    assert "No evidence for this indicator yet." in html


def test_the_download_answers_head_requests(world):
    item = attach(world)
    response = as_user(world, "reporter.sbpac").head(reverse("evidence-download", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_block_costs_the_same_queries_for_one_item_or_many(world):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from naptrack.reporting.views_evidence import evidence_context

    line = world.line("sbpac", "1.1.1")
    request = RequestFactory().get("/")
    request.user = world.users["reporter.sbpac"]
    report = world.report("sbpac")

    def render() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            context = evidence_context(request.user, report)
            render_to_string("reporting/partials/evidence_list.html", context, request=request)
        return len(queries)

    attach(world, title="One")
    render()  # warms what is cached per user
    one = render()
    for number in range(5):
        attach(world, data=samples.PNG, name=f"p{number}.png", title=f"Photo {number}", line=line)
    assert render() == one
