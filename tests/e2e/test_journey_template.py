"""An officer fills the report in Excel: downloads the workbook from the report page, fills it in
(here with openpyxl, as Excel would save it), uploads it, reads the preview of the changes (and of
the mistakes, in English), confirms, and finds the figures on the report page. In Thai and English.

The plan is the reporting tests' (tests/reporting/conftest.py): NAP WPS, FY2568 open, SBPAC reports
1.1.1 (a count by sex) and 1.1.2 (a percentage).
"""

# The reporting tests' world fixture is imported, and named as a test argument.
# ruff: noqa: F811

from __future__ import annotations

import io
import os
import re

import pytest

from tests.e2e.conftest import requires_browser
from tests.reporting.conftest import world  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e, requires_browser]


@pytest.fixture
def report_world(transactional_db, world):
    return world


def download_workbook(page, selector: str):
    with page.expect_download() as arrived:
        page.locator(selector).click()
    file = arrived.value
    with open(file.path(), "rb") as handle:
        return file.suggested_filename, handle.read()


def locate(workbook, code: str, key: str, field: str):
    from tests.transfers.test_template_workbook import locate as find

    return find(workbook, code, key, field)


def fill(data: bytes, figures: dict) -> bytes:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    for (code, key, field), value in figures.items():
        locate(workbook, code, key, field).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(page, tmp_path, data: bytes, name: str = "filled.xlsx") -> None:
    path = tmp_path / name
    path.write_bytes(data)
    page.set_input_files("#workbook-file", str(path))
    with page.expect_navigation(url=re.compile(r"/workbook/[0-9a-f]{32}/$")):
        page.locator("form[data-form='workbook-upload'] button[type=submit]").click()


def screenshot(page, name: str) -> None:
    """Keep the page as NAPTRACK_SCREENSHOTS/<name>.png when that folder is set."""
    folder = os.environ.get("NAPTRACK_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def translated(text: str, language: str) -> str:
    """A label in the page's language, as the catalogue has it today."""
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(text)


def rows(page, table: str) -> list[list[str]]:
    return page.locator(f"table[data-table='{table}'] tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.replace(/\\s+/g, ' ').trim()))"
    )


FIGURES = {
    ("1.1.1", "", "value"): 1200,
    ("1.1.1", "sex=female", "value"): 700,
    ("1.1.1", "sex=male", "value"): 500,
    ("1.1.1", "", "rating"): "เป็นไปตามแผน / On track",
    ("1.1.2", "", "numerator"): 12,
    ("1.1.2", "", "denominator"): 40,
}


def test_an_officer_fills_the_report_in_excel_in_thai(report_world, browse, tmp_path, settings):
    from playwright.sync_api import expect

    from naptrack.reporting.models import Value, ValueChange

    settings.MEDIA_ROOT = tmp_path / "media"
    world = report_world
    report = world.report("sbpac")
    page = browse(username="reporter.sbpac", language="th")
    page.goto(f"/th/reports/{report.pk}/")
    expect(page.locator("#workbook")).to_be_visible()

    name, data = download_workbook(page, "a[data-link='workbook-download']")

    assert name.endswith(".xlsx") and data[:2] == b"PK"
    upload(page, tmp_path, fill(data, FIGURES))

    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("[data-count='errors']")).to_have_text("0")
    screenshot(page, "workbook-preview-th")
    changes = rows(page, "changes")
    total, value = translated("Total", "th"), translated("Value", "th")
    assert ["1.1.1 Women mediators trained", total, value, "–", "1200"] == changes[0][:5]
    assert any(row[1] == "female" and row[4] == "700" for row in changes)
    denominator = translated("Denominator", "th")
    assert any(row[2] == denominator and row[4] == "40" for row in changes)
    assert not Value.objects.exists()  # nothing saved before the confirmation

    page.locator("form[data-form='workbook-confirm'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/th/reports/{report.pk}/$"))
    expect(page.locator(".messages .message-success")).to_be_visible()
    line = world.line("sbpac", "1.1.1")
    expect(page.locator(f"#line-{line.pk} input[name='total|value']")).to_have_value("1200")
    expect(page.locator(f"#line-{line.pk} input[name='b|sex=female|value']")).to_have_value("700")
    screenshot(page, "workbook-applied-th")
    assert ValueChange.objects.filter(report=report).count() == 4
    assert page.problems == []


def test_an_officer_fixes_a_mistake_then_applies_the_workbook_in_english(
    report_world, browse, tmp_path, settings
):
    from playwright.sync_api import expect

    from naptrack.reporting.models import Value

    settings.MEDIA_ROOT = tmp_path / "media"
    world = report_world
    report = world.report("sbpac")
    page = browse(username="reporter.sbpac", language="en")
    page.goto(f"/en/reports/{report.pk}/")

    _name, data = download_workbook(page, "a[data-link='workbook-download-single']")
    wrong = fill(data, {**FIGURES, ("1.1.1", "sex=male", "value"): "five hundred"})
    upload(page, tmp_path, wrong)

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#problems")).to_contain_text("“five hundred” is not a number.")
    from openpyxl import load_workbook

    cell = locate(load_workbook(io.BytesIO(wrong)), "1.1.1", "sex=male", "value")
    screenshot(page, "workbook-problems-en")
    problems = rows(page, "problems")
    assert [f"Indicators!{cell.coordinate}", "“five hundred” is not a number."] in problems
    expect(page.locator("form[data-form='workbook-confirm']")).to_have_count(0)

    page.goto(f"/en/reports/{report.pk}/")
    upload(page, tmp_path, fill(data, FIGURES), name="fixed.xlsx")
    expect(page.locator("[data-count='errors']")).to_have_text("0")
    page.locator("form[data-form='workbook-confirm'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/en/reports/{report.pk}/$"))
    expect(page.locator(".messages .message-success")).to_contain_text("The workbook was applied")
    share = world.line("sbpac", "1.1.2")
    expect(page.locator(f"#line-{share.pk} input[name='total|numerator']")).to_have_value("12")
    total = Value.objects.get(line=share, breakdown__isnull=True)
    assert (total.numerator, total.denominator, total.value) == (12, 40, 30)
    assert page.problems == []
