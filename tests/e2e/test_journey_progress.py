"""An officer follows the plan's progress in Thai: the plan dashboard, an indicator most off track,
its figures over time as a table and a CSV file, the province map of the southern border, and an
agency's scorecard. Every figure on the pages is compared with what the progress engine stored.

The plan (tests/e2e/conftest.py, `progress_journey`) was reported through the real workflow:
FY2567 accepted from both agencies; FY2568 accepted from SBPAC, submitted only by the police.
"""

from __future__ import annotations

import csv
import io
import os
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.e2e.conftest import requires_browser

pytestmark = [pytest.mark.e2e, requires_browser]

DASHBOARD = "/th/plans/nap/dashboard/"


# --- What the officer reads, written independently of the pages' own formatting --------------------


def percent(value: Decimal | None) -> str:
    """An achievement as the pages show it: one decimal, rounded half up (62.5%); – when none."""
    if value is None:
        return "–"
    return f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,.1f}%"


def count(value: Decimal | int | None, places: int = 0) -> str:
    """A figure with its thousands grouped (1,250), or – when there is none."""
    if value is None:
        return "–"
    step = Decimal(1).scaleb(-places)
    return f"{Decimal(value).quantize(step, rounding=ROUND_HALF_UP):,.{places}f}"


def translated(text, language: str) -> str:
    """A message or label in the page's language, as the catalogue has it today (English until
    the new messages are translated)."""
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def status_label(status: str, language: str) -> str:
    from naptrack.analytics.models import Status

    return translated(Status(status).label, language)


def period_label(code: str, language: str) -> str:
    from naptrack.periods.models import Period

    return Period.objects.get(code=code).label(language)


# --- Reading the pages ----------------------------------------------------------------------------


def table_rows(page, name: str, scope: str = "") -> list[list[str]]:
    """The text of each body row of a dashboard table (heading rows of groups left out); a status
    bar's drawing and the words kept for screen readers are not part of a cell's text."""
    table = page.locator(f"{scope} table[data-table='{name}']".strip()).first
    return table.locator("tbody tr:not(.group-row)").evaluate_all(
        """rows => rows.map(row => Array.from(row.cells).map(cell => {
            const copy = cell.cloneNode(true);
            copy.querySelectorAll('svg, .visually-hidden').forEach(el => el.remove());
            return copy.textContent.replace(/\\s+/g, ' ').trim();
        }))"""
    )


def by_code(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row for row in rows}


def column(page, name: str, label: str, scope: str = "") -> int:
    """The position of a column in a dashboard table, by its heading."""
    table = page.locator(f"{scope} table[data-table='{name}']".strip()).first
    headings = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    return headings.index(label)


def expect_chart_drawn(page, chart_id: str) -> None:
    """ECharts has drawn into the chart's box (an <svg> or a <canvas>), replacing the fallback."""
    from playwright.sync_api import expect

    box = page.locator(f"[data-chart='{chart_id}']")
    expect(box.locator("svg, canvas").first).to_be_visible()
    expect(box.locator(".chart-fallback")).to_have_count(0)


# Elements that reach past the window's right edge and are not inside a scrolling box (an element
# positioned absolutely escapes a scrolling box that is not its containing block).
BEYOND_THE_WINDOW = """() => {
    const width = document.documentElement.clientWidth;
    const inScroller = el => {
        const absolute = getComputedStyle(el).position === 'absolute';
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (absolute && style.position === 'static') continue;
            if (style.overflowX !== 'visible') return true;
        }
        return false;
    };
    return Array.from(document.querySelectorAll('body *'))
        .filter(el => el.getBoundingClientRect().right > width + 1 && !inScroller(el))
        .slice(0, 5)
        .map(el => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}"`);
}"""


def check_page(page, name: str) -> None:
    """No error in the console, no uncaught exception, no server error, nothing wider than the
    window. A screenshot is kept as /tmp/e2e-<name>.png when something is wrong (in the folder
    NAPTRACK_SCREENSHOTS names, if set, every time)."""
    problems = list(page.problems)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        culprits = page.evaluate(BEYOND_THE_WINDOW)
        problems.append(f"the page is {overflow}px wider than the window: {culprits}")
    folder = os.environ.get("NAPTRACK_SCREENSHOTS")
    path = os.path.join(folder or "/tmp", f"e2e-{name}.png")
    if problems or folder:
        page.screenshot(path=path, full_page=True)
    assert problems == [], f"{name}: {problems} (screenshot: {path})"


def ready(page) -> None:
    """Wait until the page has loaded and its scripts run: a choice made earlier would change a
    filter before the script that applies it is listening (an officer is never that quick)."""
    page.wait_for_load_state("load")


def choose(page, selector: str, value: str, address: str) -> None:
    """Choose in a filter that applies at once, and wait for the page it leads to."""
    from playwright.sync_api import expect

    ready(page)
    with page.expect_navigation(url=re.compile(address)):
        page.select_option(selector, value)
    expect(page.locator(f"{selector} option:checked")).to_have_attribute("value", value)
    ready(page)


def download(page, selector: str):
    """Click a download link; the file as it arrived: its name and its bytes."""
    with page.expect_download() as arrived:
        page.locator(selector).click()
    file = arrived.value
    with open(file.path(), "rb") as handle:
        return file.suggested_filename, handle.read()


# --- Journeys ---------------------------------------------------------------------------------------


def test_an_officer_follows_the_plan_from_its_dashboard_to_the_southern_border_map_in_thai(
    progress_journey, browse
):
    from playwright.sync_api import expect

    journey = progress_journey
    page = browse()

    # From the plan's page, the officer opens its dashboard: the latest period with accepted data.
    page.goto("/th/plans/nap/")
    page.locator("a[data-link='plan-dashboard']").click()
    expect(page).to_have_url(re.compile(rf"{DASHBOARD}$"))
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("h1")).to_have_text("แผนปฏิบัติการสตรีกับสันติภาพและความมั่นคง")
    expect(page.locator("#f-period option:checked")).to_have_text(period_label("FY2568", "th"))

    def expect_plan_figures(period: str) -> None:
        """The whole plan's achievement and status, and each pillar's, as the engine stored them."""
        whole = journey.node(None, period)
        summary = page.locator(".dash-summary")
        expect(summary.locator(".big-number")).to_have_text(percent(whole.achievement))
        expect(summary.locator(".pstatus")).to_have_text(status_label(whole.status, "th"))
        results = by_code(table_rows(page, "results"))
        assert set(results) == {"1", "1.1", "2"}
        achievement = column(page, "results", translated("Achievement", "th"))
        status = column(page, "results", translated("Status", "th"))
        for code, row in results.items():
            stored = journey.node(code, period)
            assert row[achievement] == percent(stored.achievement), (period, code, row)
            assert row[status] == status_label(stored.status, "th"), (period, code, row)
        indicators = by_code(table_rows(page, "indicators"))
        assert set(indicators) == {"1.1.1", "1.1.2", "1.1.3", "2.1"}
        for key, code in (("mediators", "1.1.1"), ("share", "1.1.2")):
            stored = journey.progress(key, period)
            row = indicators[code]
            places = 1 if key == "share" else 0
            assert row[column(page, "indicators", translated("Actual", "th"))] == count(
                stored.value, places
            )
            assert row[column(page, "indicators", translated("Target", "th"))] == count(
                stored.target, places
            )
            assert row[column(page, "indicators", translated("Achievement", "th"))] == percent(
                stored.achievement
            )
            assert row[column(page, "indicators", translated("Status", "th"))] == status_label(
                stored.status, "th"
            )

    # FY2568: SBPAC trained 10 mediators of the 40 planned; the pillar is at risk.
    expect_plan_figures("FY2568")
    assert journey.node("1", "FY2568").status == "at_risk"
    assert journey.progress("mediators", "FY2568").status == "off_track"
    check_page(page, "progress-plan-fy2568")

    # The year before, both agencies' figures were accepted and nothing was off track.
    choose(page, "#f-period", "FY2567", r"period=FY2567")
    expect(page.locator("#f-period option:checked")).to_have_text(period_label("FY2567", "th"))
    expect_plan_figures("FY2567")
    assert journey.node(None, "FY2567").status == "on_track"
    expect(page.locator("[data-chart='chart-off-track']")).to_have_count(0)
    expect(page.locator("section[aria-labelledby='offtrack-title']")).to_contain_text(
        translated("No indicator is off track or at risk in this view.", "th")
    )
    check_page(page, "progress-plan-fy2567")

    # Back in FY2568, the mediators trained head the indicators most off track.
    choose(page, "#f-period", "FY2568", r"period=FY2568")
    expect_chart_drawn(page, "chart-off-track")
    off_track = page.locator("section[aria-labelledby='offtrack-title']")
    off_track.locator("details.chart-table summary").click()
    rows = table_rows(page, "off-track", "section[aria-labelledby='offtrack-title']")
    assert [row[0] for row in rows] == ["1.1.1"]
    assert percent(journey.progress("mediators", "FY2568").achievement) in rows[0]
    off_track.locator("table a", has_text="1.1.1").first.click()

    # The indicator's dashboard keeps the period chosen.
    expect(page).to_have_url(
        re.compile(r"/th/plans/nap/dashboard/indicators/1\.1\.1/\?(.*&)?period=FY2568")
    )
    expect(page.locator("h1")).to_have_text("ผู้ไกล่เกลี่ยหญิงที่ได้รับการอบรม")
    expect(page.locator("#f-period option:checked")).to_have_text(period_label("FY2568", "th"))
    stored = journey.progress("mediators", "FY2568")
    facts = page.locator(".indicator-facts")
    expect(facts.locator("dd.big-number")).to_have_text(count(stored.value))
    expect(facts).to_contain_text(percent(stored.achievement))
    expect(facts.locator(".pstatus")).to_have_text(status_label(stored.status, "th"))

    # Over time: the chart, and the same figures as a table.
    expect_chart_drawn(page, "chart-over-time")
    over_time = page.locator("section[aria-labelledby='time-title']")
    table = over_time.locator("table[data-table='over-time']")
    expect(table).to_be_hidden()
    over_time.locator("details.chart-table summary").click()
    expect(table).to_be_visible()
    rows = table_rows(page, "over-time", "section[aria-labelledby='time-title']")
    expected = []
    for period in ("FY2567", "FY2568"):
        stored = journey.progress("mediators", period)
        expected.append(
            [
                period,
                period_label(period, "th"),
                count(stored.value),
                count(stored.target),
                "–",  # no baseline
                percent(stored.achievement),
                status_label(stored.status, "th"),
                count(stored.agencies_reporting),
            ]
        )
    assert rows == expected
    assert expected[0][2:4] == ["20", "20"] and expected[1][2:4] == ["10", "40"]

    # The table's CSV holds the same rows.
    csv_name, content = download(page, "a[data-download='over-time-csv']")
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, body = lines[0], lines[1:]
    assert [row[header.index(translated("Period code", "th"))] for row in body] == [
        "FY2567",
        "FY2568",
    ]
    for row, period in zip(body, ("FY2567", "FY2568"), strict=True):
        stored = journey.progress("mediators", period)
        assert Decimal(row[header.index(translated("Actual", "th"))]) == stored.value
        assert Decimal(row[header.index(translated("Target", "th"))]) == stored.target
        assert Decimal(row[header.index(translated("Achievement", "th"))]) == Decimal(
            stored.achievement
        ).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert row[header.index(translated("Status", "th"))] == status_label(stored.status, "th")
    check_page(page, "progress-indicator")

    # Back on the plan's dashboard (the period kept), on to the map by province.
    page.locator("nav.breadcrumbs a", has_text=translated("Dashboard", "th")).click()
    expect(page).to_have_url(re.compile(rf"{DASHBOARD}\?(.*&)?period=FY2568"))
    page.locator("nav.other-views a", has_text=translated("Map by province", "th")).click()
    expect(page).to_have_url(re.compile(r"/th/plans/nap/map/\?(.*&)?period=FY2568"))
    choose(page, "#map-indicator", "1.1.1", r"indicator=1\.1\.1")
    expect(page.locator("#map-indicator option:checked")).to_contain_text("1.1.1")
    expect(page.locator("#map-period option:checked")).to_have_text(period_label("FY2568", "th"))
    expect(page.locator("#province-map svg").first).to_be_visible()

    # The southern border view zooms in on the four provinces and lists them beside the map.
    page.locator("nav.view-switch a", has_text="จังหวัดชายแดนภาคใต้").click()
    expect(page).to_have_url(re.compile(r"focus=south"))
    expect(page).to_have_url(re.compile(r"indicator=1\.1\.1"))
    expect(page).to_have_url(re.compile(r"period=FY2568"))
    expect(page.locator("nav.view-switch a[aria-current='page']")).to_have_text("จังหวัดชายแดนภาคใต้")
    expect(page.locator("#province-map svg").first).to_be_visible()
    pattani = journey.progress("mediators", "FY2568", option="TH-94")
    assert pattani.value == 5  # SBPAC's accepted figure; the police's 3 are not accepted yet
    focus = page.locator(".focus-card tbody tr", has_text="ปัตตานี")
    expect(focus.locator("td").first).to_have_text(count(pattani.value))

    # The table under the map: every province, Pattani with its figure.
    table = page.locator("table.province-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(77)  # every province, with figures or not
    row = page.locator("#province-TH-94")
    expect(row.locator("th")).to_have_text("ปัตตานี")
    expect(row.locator("td")).to_have_text(["94", count(pattani.value), "1"])
    check_page(page, "progress-map-south")

    # The CSV downloaded above is named after the plan, the indicator, the period and the table,
    # the indicator's code written with dashes as the map and the pivot table write it (slugify
    # would drop the dots: 1.1.1 and 11.1 would both become 111).
    assert csv_name == "nap-1-1-1-fy2568-over-time.csv"


def test_an_agency_member_reads_the_agency_scorecard_in_thai(progress_journey, browse):
    from django.utils import timezone
    from playwright.sync_api import expect

    from naptrack.periods import calendars
    from naptrack.reporting.models import Report

    journey = progress_journey
    page = browse(username="viewer.sbpac")

    # From the list of agencies to SBPAC's page, and its scorecard.
    page.goto("/th/organizations/")
    page.locator("main a[href='/th/organizations/sbpac/']").first.click()
    expect(page).to_have_url(re.compile(r"/th/organizations/sbpac/$"))
    page.locator("a[data-link='agency-scorecard']").click()
    expect(page).to_have_url(re.compile(r"/th/organizations/sbpac/scorecard/$"))
    expect(page.locator("h1")).to_have_text("ศูนย์อำนวยการบริหารจังหวัดชายแดนภาคใต้")

    # Its indicators' statuses: the chart, and the table of indicators, as the engine stored them.
    expect_chart_drawn(page, "chart-status")
    rows = by_code(table_rows(page, "indicators"))
    assert set(rows) == {"1.1.1", "1.1.2", "1.1.3"}
    achievement = column(page, "indicators", translated("Achievement", "th"))
    status = column(page, "indicators", translated("Status", "th"))
    for key, code in (("mediators", "1.1.1"), ("share", "1.1.2"), ("story", "1.1.3")):
        stored = journey.progress(key, "FY2568")
        assert rows[code][achievement] == percent(stored.achievement), (code, rows[code])
        assert rows[code][status] == status_label(stored.status, "th"), (code, rows[code])
    assert [journey.progress(k, "FY2568").status for k in ("mediators", "share", "story")] == [
        "off_track",
        "achieved",
        "no_data",
    ]

    # Its reports: FY2567's came in after the due date, FY2568's before it.
    reports = page.locator("section[aria-labelledby='reports-title']")
    expect_chart_drawn(page, "chart-reports")
    reports.locator("details.chart-table summary").click()
    rows = table_rows(page, "reports", "section[aria-labelledby='reports-title']")
    timeliness = column(
        page, "reports", translated("Timeliness", "th"), "section[aria-labelledby='reports-title']"
    )
    days = column(
        page, "reports", translated("Days late", "th"), "section[aria-labelledby='reports-title']"
    )
    due = column(
        page, "reports", translated("Due on", "th"), "section[aria-labelledby='reports-title']"
    )
    by_period = {}
    for row in rows:
        period = next(code for code in ("FY2567", "FY2568") if code in row)
        by_period[period] = row
    assert set(by_period) == {"FY2567", "FY2568"}
    for period in ("FY2567", "FY2568"):
        report = Report.objects.select_related("round").get(
            round__plan=journey.world.plan,
            round__period__code=period,
            organization__code="sbpac",
        )
        submitted = timezone.localtime(report.submitted_at).date()
        late = (submitted - report.round.due_on).days
        row = by_period[period]
        assert row[due] == calendars.format_date(report.round.due_on, "th")
        if period == "FY2567":
            assert late > 0
            assert row[timeliness] == translated("Late", "th")
            assert row[days] == count(late)
        else:
            assert late < 0
            assert row[timeliness] == translated("On time", "th")
            assert row[days] == "0"
    check_page(page, "progress-scorecard")
