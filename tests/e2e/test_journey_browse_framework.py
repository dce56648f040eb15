"""A coordinator browses the NAP WPS framework in Thai, then shares the page with an English reader."""

import re

import pytest
from django.core.management import call_command

from tests.e2e.conftest import requires_browser

pytestmark = [pytest.mark.e2e, requires_browser]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_browse_the_nap_in_thai_then_read_the_same_indicator_in_english(page, demo):
    from playwright.sync_api import expect

    page.goto("/th/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_have_text("แผนปฏิบัติการ")
    uses_sarabun = page.evaluate(
        "document.fonts.ready.then(() => document.fonts.check('16px Sarabun', 'สตรี สันติภาพ'))"
    )
    assert uses_sarabun
    assert "Sarabun" in page.evaluate("getComputedStyle(document.body).fontFamily")

    page.locator("[data-plan='th-nap-wps-2567'] h3 a").click()
    expect(page).to_have_url(re.compile(r"/th/plans/th-nap-wps-2567/$"))
    pillar = page.locator("#plan-tree > ul > li").first.locator(":scope > details")
    expect(pillar).not_to_have_attribute("open", "")
    pillar.locator(":scope > summary").click()
    expect(pillar).to_have_attribute("open", "")

    first_indicator = pillar.locator(".indicator-link").first
    expect(first_indicator).to_be_visible()
    code = first_indicator.locator(".indicator-code").inner_text()
    first_indicator.click()
    expect(page).to_have_url(
        re.compile(rf"/th/plans/th-nap-wps-2567/indicators/{re.escape(code)}/$")
    )
    expect(page.locator("#targets-table")).to_contain_text("ปีงบประมาณ พ.ศ. 2568")
    thai_title = page.get_by_role("heading", level=1).inner_text()

    page.locator(".lang-switch a[data-lang='en']").click()
    expect(page).to_have_url(
        re.compile(rf"/en/plans/th-nap-wps-2567/indicators/{re.escape(code)}/$")
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#targets-table")).to_contain_text("FY2568 (Oct 2024 – Sep 2025)")
    english_title = page.get_by_role("heading", level=1).inner_text()
    assert english_title != thai_title
    expect(page.get_by_role("link", name="Plans").first).to_be_visible()


def test_search_the_plan_tree_in_english(page, demo):
    from playwright.sync_api import expect

    page.goto("/en/plans/th-nap-wps-2567/")
    rows_before = page.locator(".indicator-row").count()
    page.get_by_label("Search this plan").fill("SBPAC")
    expect(page).to_have_url(re.compile(r"\?q=SBPAC"))
    expect(page.locator(".indicator-row").first).to_be_visible()
    rows_after = page.locator(".indicator-row").count()
    assert 0 < rows_after < rows_before
    for chips in page.locator(".indicator-row").all():
        assert "SBPAC" in chips.inner_text()
