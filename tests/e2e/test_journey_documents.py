"""A coordinator downloads the plan's progress report: in Thai as an Excel workbook from the
dashboard, in English as a Word document from the plan's page. The document is made by the real
renderers through the background job (run at once by the tests' task backend, so the progress
page is ready when it opens; it polls otherwise), downloaded and opened.

The plan (tests/e2e/conftest.py, `progress_journey`) was reported through the real workflow:
FY2567 accepted from both agencies; FY2568 accepted from SBPAC, submitted only by the police.
"""

from __future__ import annotations

import io
import re

import pytest

from naptrack.documents.models import DocumentJob
from tests.documents import jobs_fixtures
from tests.e2e.conftest import requires_browser
from tests.e2e.test_journey_progress import check_page, download, period_label, translated

pytestmark = [pytest.mark.e2e, requires_browser]

media = jobs_fixtures.media  # a media folder of the test's own


def translated_in_context(context: str, text: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return translation.pgettext(context, text)


JOB_PAGE = re.compile(r"/(th|en)/documents/[-_A-Za-z0-9]+/$")


def ask_for(page, language: str, fmt: str) -> DocumentJob:
    """On the documents page: check what is offered, choose the format, make it, reach "ready"."""
    from playwright.sync_api import expect

    expect(page).to_have_url(re.compile(rf"/{language}/plans/nap/documents/$"))
    # The latest period with accepted figures, the whole plan, the page's language.
    expect(page.locator("#id_period option:checked")).to_have_text(period_label("FY2568", language))
    expect(page.locator("#id_agency option:checked")).to_have_text(
        translated_in_context("every result of the plan", "Whole plan", language)
    )
    expect(page.locator(f"input[name=language][value={language}]")).to_be_checked()
    expect(page.locator("#id_provisional")).to_be_visible()  # a coordinator may include them
    page.locator(f"#id_format_{fmt}").check()
    check_page(page, f"documents-form-{language}")
    page.locator("#make-document").click()

    expect(page).to_have_url(JOB_PAGE)
    expect(page.locator("[data-job-state]")).to_have_attribute("data-job-state", "done")
    expect(page.locator("#job-status progress")).to_have_attribute("value", "100")
    expect(page.locator("#job-status")).not_to_have_attribute("hx-trigger", re.compile("."))
    token = page.url.rstrip("/").rsplit("/", 1)[-1]
    return DocumentJob.objects.get(token=token)


def test_a_coordinator_downloads_the_report_as_excel_in_thai(progress_journey, media, browse):
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    page = browse(username="coordinator.dwf", language="th")
    page.goto("/th/plans/nap/dashboard/")
    page.locator("a[data-link='plan-documents']").click()
    job = ask_for(page, "th", "xlsx")

    # Ready: the size and the expiry, in the Buddhist Era.
    status = page.locator("#job-status")
    expect(status).to_contain_text(translated("Your document is ready.", "th"))
    expect(status).to_contain_text(str(job.expires_at.year + 543))
    check_page(page, "documents-th")

    name, content = download(page, "#job-download")
    assert name == "NAP_FY2568_th.xlsx" == job.filename
    assert len(content) == job.size
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert {"1.1.1", "1.1.2", "ผู้ไกล่เกลี่ยหญิงที่ได้รับการอบรม"} <= cells

    # The document is listed, with its link, among the coordinator's documents.
    page.goto("/th/documents/")
    expect(page.locator(f"tr[data-job='{job.token}'] a[download]")).to_have_text(job.filename)
    check_page(page, "documents-list-th")


def test_a_coordinator_downloads_the_report_as_word_in_english(progress_journey, media, browse):
    from docx import Document
    from playwright.sync_api import expect

    page = browse(username="coordinator.dwf", language="en")
    page.goto("/en/plans/nap/")
    page.locator("a[data-link='plan-documents']").click()
    job = ask_for(page, "en", "docx")
    expect(page.locator("#job-status")).to_contain_text("Your document is ready.")
    check_page(page, "documents-en")

    name, content = download(page, "#job-download")
    assert name == "NAP_FY2568_en.docx" == job.filename
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "NAP on Women, Peace and Security" in text

    # Someone else following the link is told it does not exist.
    other = browse(username="viewer.dwf", language="en")
    response = other.goto(f"/en/documents/{job.token}/download/")
    assert response.status == 404


def test_the_progress_page_follows_a_job_being_made(progress_journey, media, browse):
    """A job the worker is making: the page polls and moves with it, then offers the file."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone
    from playwright.sync_api import expect

    from naptrack.documents.models import JobState

    world = progress_journey.world
    job = DocumentJob.objects.create(
        token="being-made-by-the-worker",
        requested_by=world.users["coordinator.dwf"],
        plan=world.plan,
        period=world.round("FY2568").period,
        format="xlsx",
        language="en",
        state=JobState.RUNNING,
        progress=30,
        step="Reading the figures",
    )
    page = browse(username="coordinator.dwf", language="en")
    page.goto(f"/en/documents/{job.token}/")
    status = page.locator("#job-status")
    expect(status.locator("progress")).to_have_attribute("value", "30")
    expect(status).to_contain_text("You can leave this page")

    # The worker moves on; the page follows without being reloaded.
    DocumentJob.objects.filter(pk=job.pk).update(progress=70, step="Drawing the charts")
    expect(status.locator("progress")).to_have_attribute("value", "70")
    expect(status).to_contain_text("Drawing the charts")

    job.file.save("report.xlsx", ContentFile(b"PK\x03\x04 workbook"), save=False)
    DocumentJob.objects.filter(pk=job.pk).update(
        file=job.file.name,
        filename="report.xlsx",
        size=18,
        state=JobState.DONE,
        progress=100,
        finished_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(hours=72),
    )
    expect(page.locator("[data-job-state]")).to_have_attribute("data-job-state", "done")
    expect(page.locator("#job-download")).to_have_text("Download report.xlsx")
    check_page(page, "documents-progress")
