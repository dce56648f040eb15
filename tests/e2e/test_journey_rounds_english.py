"""The plan's coordinator follows a reporting round in English and accepts an approved report."""

import re

import pytest

from tests.e2e.conftest import requires_browser
from tests.e2e.test_journey_reporting import open_round, sign_in  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, requires_browser]


def test_the_coordinator_filters_the_round_and_accepts_an_approved_report_in_english(
    open_round,  # noqa: F811  (the fixture imported above)
    sign_in,  # noqa: F811
):
    from playwright.sync_api import expect

    page = sign_in("coordinator.dwf")
    page.goto("/en/rounds/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("[data-round] a").first.click()
    expect(page).to_have_url(re.compile(r"/en/rounds/\d+/"))
    rows = page.locator("tr[data-agency]")
    expect(rows.first).to_be_visible()
    assert rows.count() > 3

    page.select_option("#filter-state", "approved")
    expect(page).to_have_url(re.compile(r"state=approved"))
    approved = page.locator("tr[data-agency]")
    expect(approved.first).to_have_attribute("data-state", "approved")
    assert all(row.get_attribute("data-state") == "approved" for row in approved.all())

    approved.first.locator("a[href*='/en/reports/']").first.click()
    expect(page).to_have_url(re.compile(r"/en/reports/\d+/"))
    page.locator("#action-accept").click()
    expect(page.locator("body")).to_contain_text("Accepted")
    expect(page.locator("#timeline")).to_contain_text("Accepted")
