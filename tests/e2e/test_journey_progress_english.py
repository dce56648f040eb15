"""The progress pages in English: the plan's coordinator turns on provisional figures on a phone,
which nobody else may do; an analyst builds a pivot table by province and sex and downloads it."""

from __future__ import annotations

import io
import re

import pytest

from tests.e2e.conftest import requires_browser
from tests.e2e.test_journey_progress import (
    by_code,
    check_page,
    choose,
    column,
    count,
    download,
    expect_chart_drawn,
    percent,
    ready,
    status_label,
    table_rows,
)

pytestmark = [pytest.mark.e2e, requires_browser]

DASHBOARD = "/en/plans/nap/dashboard/"
PHONE = {"width": 390, "height": 844}


def test_the_coordinator_turns_on_provisional_figures_on_a_phone_and_others_cannot(
    progress_journey, browse
):
    from playwright.sync_api import expect

    journey = progress_journey
    accepted = journey.node(None, "FY2568")
    provisional = journey.node(None, "FY2568", provisional=True)
    # The police's FY2568 report is submitted, not accepted: it moves the plan from 62.5 % to 80.1 %.
    assert (percent(accepted.achievement), percent(provisional.achievement)) == ("62.5%", "80.1%")

    # The coordinator signs in on a phone and opens the plan's dashboard from the plan's page.
    page = browse(**PHONE, username="coordinator.dwf", language="en")
    page.goto("/en/plans/nap/")
    page.locator("a[data-link='plan-dashboard']").click()
    expect(page).to_have_url(re.compile(rf"{DASHBOARD}$"))
    expect(page.locator("h1")).to_have_text("NAP on Women, Peace and Security")
    expect(page.locator(".dash-summary .big-number")).to_have_text(percent(accepted.achievement))
    expect(page.locator("[data-notice='provisional']")).to_have_count(0)
    check_page(page, "progress-phone-accepted")

    # The switch sits in the filters; turning it on shows the figures with the unaccepted report.
    switch = page.locator("#f-provisional")
    expect(switch).to_be_visible()
    expect(switch).not_to_be_checked()
    ready(page)
    page.locator("label[for='f-provisional']").click()
    expect(page).to_have_url(re.compile(r"provisional=1"))
    expect(page.locator("#f-provisional")).to_be_checked()
    expect(page.locator("[data-notice='provisional']")).to_be_visible()
    expect(page.locator("[data-notice='provisional']")).to_contain_text("Provisional figures")
    expect(page.locator(".dash-head .badge-provisional")).to_have_text("Provisional figures")
    summary = page.locator(".dash-summary")
    expect(summary.locator(".big-number")).to_have_text(percent(provisional.achievement) + "*")
    expect(summary.locator(".pstatus")).to_have_text(status_label(provisional.status, "en"))

    # Each figure is marked as provisional, for the eye (*) and for screen readers.
    indicators = page.locator("table[data-table='indicators']")
    if not indicators.is_visible():
        page.locator("section[aria-labelledby='indicators-title'] summary").click()
    rows = by_code(table_rows(page, "indicators"))
    actual = column(page, "indicators", "Actual")
    achievement = column(page, "indicators", "Achievement")
    status = column(page, "indicators", "Status")
    mediators = journey.progress("mediators", "FY2568", provisional=True)
    assert mediators.value == 17  # SBPAC's 10 and the police's 7
    assert rows["1.1.1"][actual] == count(mediators.value) + "*"
    assert rows["1.1.1"][achievement] == percent(mediators.achievement) + "*"
    assert rows["1.1.1"][status] == status_label(mediators.status, "en") + "*"
    policy = journey.progress("policy", "FY2568", provisional=True)
    assert rows["2.1"][actual] == "Yes*"
    assert rows["2.1"][status] == status_label(policy.status, "en") + "*" == "Achieved*"
    first_marked = indicators.locator("tbody tr").first.locator(".prov-mark").first
    expect(first_marked).to_have_text("*")
    assert "(provisional)" in indicators.locator("tbody tr").first.text_content()
    pillars = by_code(table_rows(page, "results"))
    for code in ("1", "1.1", "2"):
        stored = journey.node(code, "FY2568", provisional=True)
        assert pillars[code][column(page, "results", "Achievement")].rstrip("*") == percent(
            stored.achievement
        )
    check_page(page, "progress-phone-provisional")

    # A viewer of the owning agency signs in: no switch, and asking by the address gets the
    # accepted figures with a word of explanation.
    viewer = browse(**PHONE, username="viewer.dwf", language="en")
    viewer.goto(DASHBOARD)
    expect(viewer.locator("h1")).to_have_text("NAP on Women, Peace and Security")
    expect(viewer.locator("#f-provisional")).to_have_count(0)
    viewer.goto(DASHBOARD + "?provisional=1")
    expect(viewer.locator("[data-notice='provisional-refused']")).to_be_visible()
    expect(viewer.locator("[data-notice='provisional']")).to_have_count(0)
    expect(viewer.locator(".dash-summary .big-number")).to_have_text(percent(accepted.achievement))
    check_page(viewer, "progress-phone-viewer")

    # Nor does a visitor who has not signed in.
    visitor = browse(**PHONE, language="en")
    visitor.goto(DASHBOARD)
    expect(visitor.locator(".dash-summary .big-number")).to_have_text(percent(accepted.achievement))
    expect(visitor.locator("#f-provisional")).to_have_count(0)
    expect_chart_drawn(visitor, "chart-off-track")
    check_page(visitor, "progress-phone-visitor")


def test_an_analyst_builds_a_pivot_by_province_and_sex_and_downloads_it(progress_journey, browse):
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    journey = progress_journey
    page = browse(language="en")

    # From the plan's dashboard to the pivot table.
    page.goto(DASHBOARD)
    page.locator("nav.other-views a", has_text="Pivot table").click()
    expect(page).to_have_url(re.compile(r"/en/plans/nap/pivot/"))
    expect(page.locator("h1")).to_have_text("Pivot table")

    # Another indicator first, then the mediators trained, by province in rows and sex in columns.
    choose(page, "#pivot-indicator", "1.1.2", r"indicator=1\.1\.2")
    choose(page, "#pivot-indicator", "1.1.1", r"indicator=1\.1\.1")
    choose(page, "#pivot-rows", "province", r"rows=province")
    choose(page, "#pivot-cols", "sex", r"rows=province&cols=sex")
    expect(page.locator("#pivot-rows option:checked")).to_have_text("Province")
    expect(page.locator("#pivot-cols option:checked")).to_have_text("Sex")
    expect(page.locator("#pivot-period option:checked")).to_have_text(
        "FY2568 (Oct 2024 – Sep 2025)"
    )
    expect(page.locator("#pivot-title")).to_have_text("1.1.1 Women mediators trained")

    table = page.locator("table.pivot-table")
    headings = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    assert headings == ["Province \\ Sex", "Female", "Male", "Total"]
    grid = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))"
    )
    footer = table.locator("tfoot tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))"
    )
    assert grid == [
        ["Pattani", "3", "2", "5"],
        ["Yala", "2", "1", "3"],
        ["Narathiwat", "1", "1", "2"],
    ]
    assert footer == [["Total", "6", "4", "10"]]

    # The totals are the accepted figures the engine stored for each province, each sex, and all.
    for row, area in zip(grid, ("TH-94", "TH-95", "TH-96"), strict=True):
        assert row[-1] == count(journey.progress("mediators", "FY2568", option=area).value)
    assert footer[0][1:] == [
        count(journey.progress("mediators", "FY2568", option="female").value),
        count(journey.progress("mediators", "FY2568", option="male").value),
        count(journey.progress("mediators", "FY2568").value),
    ]
    check_page(page, "progress-pivot")

    # The XLSX download holds the grid, with numbers as numbers.
    name, content = download(page, "a[download][href*='format=xlsx']")
    assert name == "nap-1-1-1-province-sex-fy2568.xlsx"
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == headings
    assert [[row[0], *(count(value) for value in row[1:])] for row in cells[1:]] == [
        *grid,
        *footer,
    ]
    assert all(isinstance(value, (int, float)) for row in cells[1:] for value in row[1:])
