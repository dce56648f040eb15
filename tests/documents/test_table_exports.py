"""CSV and Excel downloads of the report list, a round's overview and a plan's indicators.

Each holds exactly the rows its page shows the user, a CSV starts with a byte-order mark (so
that Excel reads Thai as UTF-8), and a text starting with =, +, - or @ is written with a leading
apostrophe so that no spreadsheet runs it as a formula.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from naptrack.reporting import services
from tests.reporting import conftest as reporting
from tests.reporting.conftest import fill_sbpac

world, english = reporting.world, reporting.english

pytestmark = pytest.mark.django_db

BOM = "\ufeff"


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def submitted(world):
    """SBPAC's report submitted; the police's still a draft."""
    fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=world.report("sbpac"))
    return world


@pytest.fixture
def hostile(world):
    """An agency whose name a spreadsheet would read as a formula."""
    rtp = world.orgs["rtp"]
    rtp.name_en = '=HYPERLINK("http://x","RTP")'
    rtp.save()
    return world


# --- My reports --------------------------------------------------------------------------------------


def test_the_report_list_holds_the_users_own_reports_only(client, submitted):
    client.force_login(submitted.users["reporter.sbpac"])
    rows = read_csv(client.get("/en/reports/", {"format": "csv"}))
    assert rows[0][:7] == [
        "Plan code",
        "Plan",
        "Period code",
        "Period",
        "Agency code",
        "Agency",
        "State",
    ]
    assert [(r[0], r[2], r[4], r[6]) for r in rows[1:]] == [("nap", "FY2568", "sbpac", "Submitted")]
    # The police's draft is in no download of SBPAC's, even with every readable report asked for.
    everything = read_csv(client.get("/en/reports/", {"format": "csv", "all": "1"}))
    assert "rtp" not in {r[4] for r in everything[1:]}


def test_the_coordinator_gets_submitted_reports_but_no_drafts(client, submitted):
    client.force_login(submitted.users["coordinator.dwf"])
    rows = read_xlsx(client.get("/en/reports/", {"format": "xlsx"}))
    assert [(r[4], r[6], r[7], r[8]) for r in rows[1:]] == [("sbpac", "Submitted", 2, 2)]
    header = rows[0]
    assert rows[1][header.index("Waiting for you")] is None  # approval is the agency's, first
    assert rows[1][header.index("Due date")] == "2025-11-15"


def test_a_formula_in_an_agency_name_is_neutralised(client, hostile):
    client.force_login(hostile.users["reporter.rtp"])
    [_, row] = read_csv(client.get("/en/reports/", {"format": "csv"}))
    assert row[5] == '\'=HYPERLINK("http://x","RTP")'
    [_, row] = read_xlsx(client.get("/en/reports/", {"format": "xlsx"}))
    assert row[5] == '\'=HYPERLINK("http://x","RTP")'


def test_the_page_offers_both_downloads(client, world):
    client.force_login(world.users["reporter.sbpac"])
    html = client.get("/en/reports/").content.decode()
    assert 'href="?format=csv"' in html and 'href="?format=xlsx"' in html
    html = client.get("/en/reports/", {"all": "1"}).content.decode()
    assert 'href="?all=1&amp;format=xlsx"' in html


def test_an_unknown_format_shows_the_page_with_a_message(client, world):
    client.force_login(world.users["reporter.sbpac"])
    response = client.get("/en/reports/", {"format": "pdf"})
    assert response.status_code == 200
    assert "Downloads are in CSV or XLSX; “pdf” is not one of them." in response.content.decode()


def test_signed_out_people_get_no_list(client, world):
    response = client.get("/en/reports/", {"format": "csv"})
    assert response.status_code == 302


# --- A round's overview -----------------------------------------------------------------------------


def test_the_round_overview_gives_the_coordinator_every_agency(client, submitted):
    client.force_login(submitted.users["coordinator.dwf"])
    url = f"/en/rounds/{submitted.round.pk}/"
    rows = read_csv(client.get(url, {"format": "csv"}))
    header = rows[0]
    assert header[:6] == ["Plan code", "Period code", "Period", "Agency code", "Agency", "State"]
    # State and completeness of every agency, as the page shows; no figures of the drafts.
    by_agency = {r[3]: r for r in rows[1:]}
    assert set(by_agency) == {"rtp", "sbpac"}
    assert by_agency["sbpac"][5] == "Submitted" and by_agency["sbpac"][6:8] == ["2", "2"]
    assert by_agency["rtp"][5] == "Draft" and by_agency["rtp"][6] == "0"
    # The page's filters hold for the download.
    rows = read_xlsx(client.get(url, {"format": "xlsx", "state": "submitted"}))
    assert [r[3] for r in rows[1:]] == ["sbpac"]


def test_an_agency_gets_only_its_own_row_of_the_round(client, submitted):
    client.force_login(submitted.users["reporter.rtp"])
    rows = read_csv(client.get(f"/en/rounds/{submitted.round.pk}/", {"format": "csv"}))
    assert [r[3] for r in rows[1:]] == ["rtp"]


def test_a_round_one_takes_no_part_in_answers_404(client, world, build):
    client.force_login(build.user("stranger"))
    assert client.get(f"/en/rounds/{world.round.pk}/", {"format": "csv"}).status_code == 404


def test_the_round_page_links_to_its_downloads_with_its_filters(client, world):
    client.force_login(world.users["coordinator.dwf"])
    html = client.get(f"/en/rounds/{world.round.pk}/", {"state": "draft"}).content.decode()
    assert 'href="?state=draft&amp;format=csv"' in html
    assert 'href="?state=draft&amp;format=xlsx"' in html


def test_a_formula_in_the_round_download_is_neutralised(client, hostile):
    client.force_login(hostile.users["coordinator.dwf"])
    rows = read_csv(client.get(f"/en/rounds/{hostile.round.pk}/", {"format": "csv"}))
    names = {r[3]: r[4] for r in rows[1:]}
    assert names["rtp"] == '\'=HYPERLINK("http://x","RTP")'


# --- A plan's indicators ----------------------------------------------------------------------------


def test_the_plan_indicators_download_lists_every_indicator(client, world):
    rows = read_csv(client.get("/en/plans/nap/", {"format": "csv"}))
    assert rows[0] == [
        "Plan code",
        "Level",
        "Result code",
        "Result",
        "Indicator code",
        "Indicator",
        "Key performance indicator",
        "Value type",
        "Unit",
        "Frequency",
        "Life-of-plan target",
        "Lead agency",
        "Supporting agencies",
    ]
    by_code = {r[4]: r for r in rows[1:]}
    assert list(by_code) == ["1.1.1", "1.1.2", "1.1.3"]
    assert by_code["1.1.1"][1:6] == [
        "Outcome",
        "1.1",
        "Women take part",
        "1.1.1",
        "Women mediators trained",
    ]
    assert by_code["1.1.1"][11:] == ["SBPAC", "RTP"]
    assert by_code["1.1.2"][8] == "%"


def test_a_formula_in_an_indicator_name_and_a_negative_text_are_neutralised(client, world):
    indicator = world.indicators["policy"]
    indicator.name_en = "@SUM(A1:A9)"
    indicator.life_target_text_en = "-10 % cases"
    indicator.save()
    rows = read_xlsx(client.get("/en/plans/nap/", {"format": "xlsx"}))
    row = next(r for r in rows if r[4] == "1.1.3")
    assert row[5] == "'@SUM(A1:A9)"
    assert row[10] == "'-10 % cases"
    csv_row = next(
        r for r in read_csv(client.get("/en/plans/nap/", {"format": "csv"})) if r[4] == "1.1.3"
    )
    assert csv_row[5] == "'@SUM(A1:A9)"


def test_a_draft_plan_one_may_not_see_has_no_download(client, build):
    build.plan("mfa-draft", owner=build.organization("mfa"), status="draft")
    assert client.get("/en/plans/mfa-draft/", {"format": "csv"}).status_code == 404


def test_the_plan_page_links_to_its_downloads(client, world):
    html = client.get("/en/plans/nap/").content.decode()
    assert 'href="?format=csv"' in html and 'href="?format=xlsx"' in html
