"""An agency reports in Thai: fill a breakdown grid, submit, get it back, fix, resubmit, approve, accept.

Set NAPTRACK_SCREENSHOTS=<folder> to keep screenshots of the report page at 1200 and 390 px.
"""

import datetime as dt
import os
import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from tests.e2e.conftest import requires_browser

pytestmark = [pytest.mark.e2e, requires_browser]

PASSWORD = "naptrack-demo"
GRID_INDICATOR = "3.1.1.1"  # people trained, by province × sex, parts add up to the total


@pytest.fixture
def open_round(transactional_db):
    """The demo with the FY2568 round of the Thai NAP open, and SBPAC's other indicators filled."""
    from django.contrib.auth import get_user_model

    from naptrack.core.services import SYSTEM
    from naptrack.frameworks.models import Plan
    from naptrack.periods.services import period_get_or_create
    from naptrack.reporting import services
    from naptrack.reporting.models import Round

    call_command("load_demo", verbosity=0)
    plan = Plan.objects.get(code="th-nap-wps-2567")
    period = period_get_or_create("FY2568")
    round_ = Round.objects.filter(plan=plan, period=period).first()
    if round_ is None:
        today = dt.date.today()
        round_ = services.round_open(
            actor=SYSTEM,
            plan=plan,
            period=period,
            opens_on=today - dt.timedelta(days=10),
            due_on=today + dt.timedelta(days=20),
            closes_on=today + dt.timedelta(days=50),
        )
    report = round_.reports.get(organization__code="sbpac")
    reporter = get_user_model().objects.get(username="reporter.sbpac")
    previous = services.previous_totals(report)
    for line in report.lines.select_related("indicator").exclude(indicator__code=GRID_INDICATOR):
        indicator = line.indicator
        last = previous.get(indicator.pk)
        figures = {
            "number": {"value": str(last or 40)},
            "percentage": {"numerator": "30", "denominator": "60"},
            "yes_no": {"value": "1"},
            "milestone": {"milestone_status": "in_progress", "text": "กำลังดำเนินการ"},
            "qualitative": {"text": "ดำเนินการแล้ว"},
        }[indicator.value_type]
        line.refresh_from_db()
        services.line_save(
            actor=reporter,
            line=line,
            expected_version=line.version,
            figures={None: figures},
            rating="on_track",
        )
    grid_line = report.lines.get(indicator__code=GRID_INDICATOR)
    # Figures close to last year's accepted total, so that no swing warning stops the journey.
    last = previous.get(grid_line.indicator_id) or Decimal(96)
    female = int(last) // 8 * 3 // 2 or 6
    male = int(last) // 8 // 2 or 2
    return {"report": report, "line": grid_line, "female": female, "male": male}


@pytest.fixture
def sign_in(browser, live_server):
    """Sign a user in, in a browser context of their own; every context closes with the test,
    before the live server stops, so that no request is left running against a closed database."""
    contexts = []

    def sign_in_as(username):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1200, "height": 900}
        )
        contexts.append(context)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto("/th/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/th/$"))
        return page

    yield sign_in_as
    for context in contexts:
        context.close()


def saved(page, selector):
    from playwright.sync_api import expect

    expect(page.locator(selector)).to_have_attribute("data-save-state", "saved")


def use_sum(page, card):
    button = page.locator(f"{card} [data-use-sum]")
    if button.is_visible():
        button.click()


def screenshots(page, name, card=None):
    """The page at a desktop and a phone width: all of it, and its main parts one by one."""
    folder = os.environ.get("NAPTRACK_SCREENSHOTS")
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    parts = {}
    if card:
        parts = {"grid": card, "narrative": "#narrative", "workflow": "#workflow"}
        parts["timeline"] = "#timeline"
    for width in (1200, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(folder, f"{name}-{width}.png"), full_page=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.path.join(folder, f"{name}-{width}-top.png"))
        for part, selector in parts.items():
            page.locator(selector).first.screenshot(
                path=os.path.join(folder, f"{name}-{width}-{part}.png")
            )
    page.set_viewport_size({"width": 1200, "height": 900})


def test_a_report_goes_from_the_reporter_to_the_coordinator_in_thai(open_round, sign_in):
    from playwright.sync_api import expect

    from naptrack.reporting.models import Report, Value

    report, line = open_round["report"], open_round["line"]
    url = f"/th/reports/{report.pk}/"
    card = f"#line-{line.pk}"

    # The reporter finds the report under "My reports" and opens it.
    reporter = sign_in("reporter.sbpac")
    reporter.locator(".main-nav a[href='/th/reports/']").click()
    screenshots(reporter, "report-list")
    reporter.locator(f"tr[data-report='{report.pk}'] th a").click()
    expect(reporter).to_have_url(re.compile(rf"{url}$"))
    expect(reporter.locator("h1")).to_contain_text("ศูนย์อำนวยการบริหารจังหวัดชายแดนภาคใต้")
    expect(reporter.locator("h1")).to_contain_text("พ.ศ. 2568")

    # A column of four figures copied from Excel goes into the female column of the grid.
    grid = reporter.locator(f"{card} table[data-grid]")
    female, male = open_round["female"], open_round["male"]
    column = "\r\n".join([str(female)] * 4) + "\r\n"
    grid.locator("input[data-r='0'][data-c='0']").evaluate(
        """(input, text) => {
            const data = new DataTransfer();
            data.setData('text/plain', text);
            input.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        column,
    )
    for row in range(4):
        expect(grid.locator(f"input[data-r='{row}'][data-c='0']")).to_have_value(str(female))
        grid.locator(f"input[data-r='{row}'][data-c='1']").fill(str(male))
    expect(grid.locator("[data-sum-all]")).to_have_text(str(4 * (female + male)))
    # Totals that were the sum of their cells follow it; an empty total offers the sum.
    use_sum(reporter, card)
    expect(reporter.locator(f"{card} input[data-total]")).to_have_value(str(4 * (female + male)))
    for column in range(2):
        margin = grid.locator(f"input[data-margin-col='{column}']")
        assert margin.input_value() in ("", str(4 * (female if column == 0 else male)))
    reporter.select_option(f"#l{line.pk}-rating", "on_track")
    reporter.locator(f"{card} input[data-total]").press("Enter")  # Enter saves the indicator
    saved(reporter, card)
    assert Value.objects.get(line=line, breakdown__isnull=True).value == 4 * (female + male)

    reporter.fill("#narrative-progress", "จัดอบรมในปัตตานี ยะลา นราธิวาส และสงขลา")
    reporter.locator("#narrative footer button[type=submit]").click()
    saved(reporter, "#narrative")
    screenshots(reporter, "report-draft", card)

    reporter.locator("#action-submit").click()
    expect(reporter.locator("#report-state")).to_have_class(re.compile("state-submitted"))

    # The approver sends it back with a comment.
    approver = sign_in("approver.sbpac")
    approver.goto(url)
    approver.fill("#return-feedback", "ตัวเลขผู้ชายในยะลาไม่ตรงกับทะเบียน โปรดตรวจสอบ")
    approver.locator("#action-return").click()
    expect(approver.locator("#report-state")).to_have_class(re.compile("state-returned"))

    # The reporter reads the feedback, fixes one cell (saved while typing) and resubmits.
    reporter.goto(url)
    expect(reporter.locator(".notice-feedback")).to_contain_text("ตัวเลขผู้ชายในยะลา")
    cell = reporter.locator(f"{card} table[data-grid] input[data-r='1'][data-c='1']")
    cell.fill(str(male + 1))
    use_sum(reporter, card)
    expect(reporter.locator(f"{card} input[data-total]")).to_have_value(
        str(4 * (female + male) + 1)
    )
    saved(reporter, card)
    assert Value.objects.get(line=line, breakdown__isnull=True).value == 4 * (female + male) + 1
    reporter.locator("#action-submit").click()
    expect(reporter.locator("#report-state")).to_have_class(re.compile("state-submitted"))

    # The approver approves; the plan's coordinator accepts.
    approver.goto(url)
    approver.locator("#action-approve").click()
    expect(approver.locator("#report-state")).to_have_class(re.compile("state-approved"))
    coordinator = sign_in("coordinator.dwf")
    coordinator.goto(url)
    coordinator.locator("#action-accept").click()
    expect(coordinator.locator("#report-state")).to_have_class(re.compile("state-accepted"))

    # The timeline tells the whole story, newest first, with Buddhist-era dates.
    steps = coordinator.locator("#timeline .timeline-item").evaluate_all(
        "items => items.map(i => i.dataset.kind)"
    )
    events = [kind for kind in steps if kind != "value"]
    assert events[:5] == ["accepted", "approved", "submitted", "returned", "submitted"]
    assert "value" in steps
    expect(coordinator.locator("#timeline")).to_contain_text("ตัวเลขผู้ชายในยะลา")
    year_be = str(dt.date.today().year + 543)
    expect(coordinator.locator("#timeline time").first).to_contain_text(year_be)
    assert Report.objects.get(pk=report.pk).state == "accepted"
    screenshots(coordinator, "report-accepted", card)
