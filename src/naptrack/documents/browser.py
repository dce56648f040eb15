"""A headless Chromium page for printing documents and drawing chart images.

Documents are printed by Debian's Chromium (`apt-get install chromium`), driven by Playwright:
its PDF keeps a correct Thai text layer where other HTML-to-PDF engines lose vowels. One browser
is launched per document and closed with it. The page is given only HTML that the platform wrote,
and every network request is refused, so nothing outside the document can be loaded.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils.translation import gettext as _

from naptrack.documents.report_data import DocumentError

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
    "--font-render-hinting=none",
]
TIMEOUT_MS = 120_000  # a national plan's report is a few hundred pages


def chromium_path() -> str:
    """The Chromium program to print with: settings.NAPTRACK_CHROMIUM, else `chromium` on PATH."""
    path = (
        getattr(settings, "NAPTRACK_CHROMIUM", "")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        raise DocumentError(
            _(
                "PDF documents and chart images need the Chromium browser on the server, and it "
                "was not found. Ask the administrator to install it (Debian: apt-get install "
                "chromium) or to set NAPTRACK_CHROMIUM to its path."
            )
        )
    return path


@contextmanager
def browser_page(*, width: int = 1000, height: int = 1400, scale: float = 1) -> Iterator:
    """Launch Chromium, give a page with the network shut off, and close everything after."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        except PlaywrightError as exc:
            raise DocumentError(
                _("The Chromium browser at %(path)s could not be started: %(error)s")
                % {"path": executable, "error": str(exc).splitlines()[0]}
            ) from exc
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=scale,
                offline=True,
            )
            context.set_default_timeout(TIMEOUT_MS)
            # Only the document itself and its data: fonts; nothing from the network or the disk.
            context.route("**/*", lambda route: route.abort())
            yield context.new_page()
        finally:
            browser.close()
