"""Browser journeys on Debian's Chromium, driven by Playwright against a live server."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass

import pytest

CHROMIUM = (
    os.environ.get("NAPTRACK_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
IN_CI = os.environ.get("CI", "").lower() == "true"

# Off CI a machine without Chromium skips the journeys; on CI a missing browser is a failure.
requires_browser = pytest.mark.skipif(
    CHROMIUM is None and not IN_CI,
    reason="Debian's chromium is not installed (apt-get install chromium)",
)

LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.fail(
            "CI=true but Chromium is not installed: .ci/run installs Debian's chromium package"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


# --- The progress pages: a plan reported by province and sex, and pages that watch the console -----

# FY2567: SBPAC types totals and provinces; the police type the policy as not yet adopted.
SBPAC_FY2567 = {
    "1.1.1": {
        None: 18,
        "sex=female": 10,
        "sex=male": 8,
        "province=TH-94": 9,
        "province=TH-95": 6,
        "province=TH-96": 3,
    },
    "1.1.2": {None: {"numerator": "12", "denominator": "48"}},
}
RTP_FY2567 = {
    "1.1.1": {None: 2},
    "1.1.2": {None: {"numerator": "3", "denominator": "12"}},
    "2.1": {None: 0},
}


@dataclass
class ProgressJourney:
    """A plan whose agencies reported through the real workflow; the engine stored its progress."""

    world: object  # tests.analytics.province_world.ProvinceWorld

    @classmethod
    def build(cls, build, run_on_commit) -> ProgressJourney:
        from django.utils import timezone

        from naptrack.frameworks.models import Plan, ResultNode
        from naptrack.organizations.models import Organization
        from naptrack.reporting.models import Round
        from tests.analytics.province_world import RTP_FY2568, SBPAC_FY2568, ProvinceWorld
        from tests.builders import IndicatorBuilder

        world = ProvinceWorld.build(build, run_on_commit)
        Plan.objects.filter(pk=world.plan.pk).update(
            title_th="แผนปฏิบัติการสตรีกับสันติภาพและความมั่นคง",
            title_en="NAP on Women, Peace and Security",
        )
        thai_titles = {"1": "การมีส่วนร่วม", "1.1": "ผู้หญิงมีส่วนร่วม", "2": "การคุ้มครอง"}
        for code, title in thai_titles.items():
            ResultNode.objects.filter(plan=world.plan, code=code).update(title_th=title)
        world.plan.refresh_from_db()
        Organization.objects.filter(code="sbpac").update(name_th="ศูนย์อำนวยการบริหารจังหวัดชายแดนภาคใต้")
        mediators = IndicatorBuilder(world.indicators["mediators"])
        mediators.target("FY2567", 20)
        mediators.target("FY2568", 40)
        share = IndicatorBuilder(world.indicators["share"])
        share.target("FY2567", 30)
        share.target("FY2568", 30)
        IndicatorBuilder(world.indicators["policy"]).target("FY2568", 1)
        journey = cls(world)
        # FY2568's reports are due in a month, so they come in on time; FY2567's came in late.
        today = timezone.localdate()
        Round.objects.filter(pk=world.round("FY2568").pk).update(
            due_on=today + dt.timedelta(days=30), closes_on=today + dt.timedelta(days=60)
        )
        journey.deliver("sbpac", "FY2567", SBPAC_FY2567)
        journey.deliver("rtp", "FY2567", RTP_FY2567)
        journey.deliver("sbpac", "FY2568", SBPAC_FY2568)
        journey.deliver("rtp", "FY2568", RTP_FY2568, until="submitted")
        return journey

    def deliver(self, org_code: str, period_code: str, figures: dict, *, until: str = "accepted"):
        """An agency's report filled with `figures` and taken through the workflow to `until`."""
        from naptrack.reporting import services
        from naptrack.reporting.models import Report

        world = self.world
        report = Report.objects.get(
            round=world.round(period_code), organization=world.orgs[org_code]
        )
        reporter = world.users[f"reporter.{org_code}"]
        with world.run_on_commit(execute=True):
            for line in report.lines.select_related("indicator"):
                given = figures.get(line.indicator.code)
                services.line_save(
                    actor=reporter,
                    line=line,
                    expected_version=line.version,
                    figures={
                        key: value if isinstance(value, dict) else {"value": str(value)}
                        for key, value in (given or {}).items()
                    },
                    rating="on_track" if given else "no_data",
                    rating_reason="" if given else "Not measured this period.",
                )
            report.refresh_from_db()
            services.report_save_narrative(
                actor=reporter,
                report=report,
                expected_version=report.version,
                progress="Training held in the southern border provinces.",
            )
            report.refresh_from_db()
            # A figure far from last year's asks for a reason; these figures are deliberate.
            confirmations = {
                str(line.pk): "Checked with the field offices." for line in report.lines.all()
            }
            report = services.report_submit(
                actor=reporter, report=report, confirmations=confirmations
            )
            if until == "submitted":
                return report
            report = services.report_approve(
                actor=world.users[f"approver.{org_code}"], report=report
            )
            return services.report_accept(actor=world.users["coordinator.dwf"], report=report)

    # --- What the engine stored -----------------------------------------------------------------

    def progress(self, key: str, period_code: str, *, provisional=False, option=None):
        """The stored progress of an indicator (by its key in world.indicators), for all agencies,
        in total or for one option (female, TH-94)."""
        from naptrack.analytics.models import IndicatorProgress

        rows = IndicatorProgress.objects.filter(
            indicator=self.world.indicators[key],
            period__code=period_code,
            provisional=provisional,
            organization=None,
        )
        return rows.get(option__code=option) if option else rows.get(option=None)

    def node(self, node_code: str | None, period_code: str, *, provisional=False):
        """The stored progress of a result, or of the whole plan (node_code None)."""
        from naptrack.analytics.models import NodeProgress

        rows = NodeProgress.objects.filter(
            plan=self.world.plan, period__code=period_code, provisional=provisional
        )
        return rows.get(node__code=node_code) if node_code else rows.get(node=None)


@pytest.fixture
def progress_journey(build, transactional_db, django_capture_on_commit_callbacks):
    """The province plan of tests/analytics/province_world.py with targets and two rounds, its
    figures taken through the reporting workflow so that the engine stores the progress:

    FY2567: SBPAC and the police reported, both accepted;
    FY2568: SBPAC accepted; the police submitted only (its figures are provisional).
    """
    return ProgressJourney.build(build, django_capture_on_commit_callbacks)


@pytest.fixture
def browse(browser, live_server):
    """Open a page in a browser context of its own, optionally signed in, at a given window size.
    Every console error, uncaught exception and server error is collected in page.problems."""
    contexts = []

    def open_page(*, width=1200, height=900, username=None, language="th"):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            accept_downloads=True,
        )
        contexts.append(context)
        context.set_default_timeout(15_000)
        # The browser asks for /favicon.ico on its own; the platform has none, and that 404 is not
        # a problem of the page under test.
        context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
        page = context.new_page()
        problems = []
        page.on(
            "console",
            lambda message: (
                problems.append(f"console {message.type}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
        page.on(
            "response",
            lambda response: (
                problems.append(f"HTTP {response.status} {response.url}")
                if response.status >= 500
                else None
            ),
        )
        page.problems = problems
        if username:
            page.goto(f"/{language}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", "pass-" + username)  # the builders' password
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(f"**/{language}/")
        return page

    yield open_page
    for context in contexts:
        context.close()
