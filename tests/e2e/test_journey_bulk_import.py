"""The plan's coordinator imports values in Thai: a CSV with one mistake is refused with the row
and column, the corrected file shows what it will change, and confirming saves it with history.

The plan is the reporting tests' (tests/reporting/conftest.py): NAP WPS, FY2568 open, SBPAC
reporting 1.1.1 by sex and the percentage 1.1.2.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.e2e.conftest import requires_browser
from tests.reporting import conftest as reporting

pytestmark = [pytest.mark.e2e, requires_browser]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


HEADER = "ตัวชี้วัด,ปีงบประมาณ,หน่วยงาน,sex,ค่า,ตัวตั้ง,ตัวหาร\n"
WRONG = HEADER + "1.1.1,2568,sbpac,,120,,\n1.1.1,2568,sbpac,หญิง,เจ็ดสิบ,,\n1.1.2,2568,sbpac,,,12,40\n"
RIGHT = HEADER + "1.1.1,2568,sbpac,,120,,\n1.1.1,2568,sbpac,female,70,,\n1.1.2,2568,sbpac,,,12,40\n"


@pytest.fixture
def bulk_world(transactional_db, build):
    world = reporting.world.__wrapped__(build)
    from naptrack.frameworks.models import Option

    Option.objects.filter(code="female").update(name_th="หญิง")
    return world


@pytest.fixture
def coordinator_page(browser, live_server, bulk_world):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/th/accounts/login/")
    page.fill("#id_username", "coordinator.dwf")
    page.fill("#id_password", "pass-coordinator.dwf")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/th/$"))
    yield page
    context.close()


def upload(page, tmp_path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("cp874"))  # Thai Windows encoding, as Excel saves it in Thailand
    page.set_input_files("#id_file", str(path))
    page.locator("form[data-form='bulk-upload'] button[type=submit]").click()


def test_the_coordinator_fixes_a_mistake_and_imports_in_thai(
    coordinator_page, bulk_world, tmp_path
):
    from playwright.sync_api import expect

    from naptrack.reporting.models import Value, ValueChange

    page = coordinator_page
    page.goto("/th/plans/nap/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    page.locator("a[data-link='bulk-import']").click()
    expect(page).to_have_url(re.compile(r"/th/imports/\?plan=nap"))

    upload(page, tmp_path, "ผลการดำเนินงาน.csv", WRONG)
    expect(page).to_have_url(re.compile(r"/th/imports/[0-9a-f]{32}/"))
    expect(page.locator("[data-batch-state]")).to_have_attribute("data-batch-state", "invalid")
    problem = page.locator("table[data-table='problems'] tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_have_attribute("data-row", "3")
    expect(problem).to_contain_text("ค่า")
    expect(problem).to_contain_text("เจ็ดสิบ")
    expect(page.locator("#bulk-apply")).to_have_count(0)
    assert not Value.objects.exists()

    page.locator("a[data-link='upload-another']").click()
    upload(page, tmp_path, "ผลการดำเนินงาน-แก้ไข.csv", RIGHT)
    expect(page.locator("[data-batch-state]")).to_have_attribute("data-batch-state", "checked")
    expect(page.locator("[data-count='new']")).to_have_text("3")
    expect(page.locator("table[data-table='changes'] tbody tr")).to_have_count(3)
    assert not Value.objects.exists()

    page.locator("#bulk-apply").click()
    expect(page.locator("[data-batch-state]")).to_have_attribute("data-batch-state", "applied")
    expect(page.locator("[data-applied]")).to_be_visible()
    line = bulk_world.line("sbpac", "1.1.1")
    values = {
        (v.breakdown.key if v.breakdown_id else None): v.value
        for v in Value.objects.filter(line=line).select_related("breakdown")
    }
    assert values == {None: Decimal("120"), "sex=female": Decimal("70")}
    share = Value.objects.get(line=bulk_world.line("sbpac", "1.1.2"))
    assert share.value == Decimal("30")
    assert ValueChange.objects.filter(changed_by=bulk_world.users["coordinator.dwf"]).count() == 3
