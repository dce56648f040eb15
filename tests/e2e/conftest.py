"""Browser journeys on Debian's Chromium, driven by Playwright against a live server."""

import os
import shutil

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
