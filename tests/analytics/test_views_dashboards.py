"""The dashboard pages: plan, indicator and agency scorecard, in Thai and English, with their
filters, their downloads, who sees provisional figures, and a constant number of queries."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from naptrack.analytics import selectors_dashboards as dashboards
from naptrack.core.services import SYSTEM
from naptrack.frameworks import services as framework_services
from naptrack.frameworks.models import PlanStatus
from tests.analytics.test_selectors_dashboards import build_world, report_figures


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def reported(build, django_capture_on_commit_callbacks):
    """SBPAC reported on time and was accepted; RTP reported late and waits for acceptance."""
    return report_figures(build_world(build), django_capture_on_commit_callbacks)


PLAN = "/en/plans/nap/dashboard/"
PLAN_TH = "/th/plans/nap/dashboard/"
INDICATOR = "/en/plans/nap/dashboard/indicators/1.1.1/"
SCORECARD = "/en/organizations/rtp/scorecard/"


def text(response) -> str:
    return response.content.decode()


def table_rows(html: str, name: str) -> list[list[str]]:
    """The visible text of a table's body cells, by its data-table name."""
    match = re.search(
        rf'<table[^>]*data-table="{re.escape(name)}".*?<tbody>(.*?)</tbody>', html, re.S
    )
    assert match, f"no table {name}"
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        cells = [re.sub(r"<svg.*?</svg>", "", c, flags=re.S) for c in cells]  # status bars
        rows.append([re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def plain(value) -> str:
    """A cell as the CSV writer writes it."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


# --- Pages in Thai and English ----------------------------------------------------------------------


def test_the_plan_dashboard_in_english(client, reported):
    response = client.get(PLAN)
    assert response.status_code == 200
    html = text(response)
    assert "<h1>NAP WPS</h1>" in html
    assert "Pillars and outcomes" in html
    assert "Indicators most off track" in html
    assert "Reporting timeliness by agency" in html
    assert '<option value="FY2568" selected>FY2568 (Oct 2024 – Sep 2025)</option>' in html
    assert "Figures computed on " in html
    assert table_rows(html, "results")[0][:3] == ["1", "Participation", "Pillar"]
    assert 'data-chart="chart-off-track"' not in html  # nothing off track on accepted data


def test_the_plan_dashboard_in_thai_writes_buddhist_era_years(client, reported):
    with translation.override("th"):
        response = client.get(PLAN_TH)
    assert response.status_code == 200
    html = text(response)
    assert '<html lang="th">' in html
    assert '<option value="FY2568" selected>ปีงบประมาณ พ.ศ. 2568</option>' in html
    # Dates in the Buddhist Era: reports due 15 Nov 2025 = 15 พ.ย. 2568.
    assert "15 พ.ย. 2568" in html


def test_the_indicator_dashboard_in_english_and_thai(client, reported):
    response = client.get(INDICATOR)
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Women mediators trained</h1>" in html
    assert 'data-chart="chart-over-time"' in html
    assert 'id="chart-over-time" type="application/json"' in html
    assert table_rows(html, "over-time") == [
        ["FY2568", "FY2568 (Oct 2024 – Sep 2025)", "120", "100", "40", "133.3%", "Achieved", "1"]
    ]
    assert table_rows(html, "breakdown-sex") == [["female", "70", "1"], ["male", "50", "1"]]
    with translation.override("th"):
        thai = client.get(INDICATOR.replace("/en/", "/th/"))
    assert thai.status_code == 200
    assert table_rows(text(thai), "over-time")[0][:2] == ["FY2568", "ปีงบประมาณ พ.ศ. 2568"]


def test_the_agency_scorecard_in_english_and_thai(client, reported):
    response = client.get(SCORECARD)
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Royal Thai Police</h1>" in html
    # Plan, period and basis head the plan's rows; the download has them as columns.
    assert [row[0] for row in table_rows(html, "indicators")] == ["1.1.1", "2.1.1", "2.1.2"]
    assert (
        '<th colspan="9" scope="colgroup"><span>NAP WPS · FY2568 · FY2568 (Oct 2024 – Sep 2025) · '
        "Accepted reports only</span></th>" in html
    )
    assert "Reports are shown to the agency&#x27;s own members" in html
    with translation.override("th"):
        thai = client.get(SCORECARD.replace("/en/", "/th/"))
    assert thai.status_code == 200
    assert "ปีงบประมาณ พ.ศ. 2568" in text(thai)


def test_the_pages_link_to_each_other(client, reported):
    html = text(client.get(PLAN + "?pillar=1"))
    assert 'href="/en/plans/nap/dashboard/indicators/1.1.1/?period=FY2568&amp;pillar=1"' in html
    indicator = text(client.get(INDICATOR + "?period=FY2568&pillar=1"))
    assert 'href="/en/plans/nap/dashboard/?period=FY2568&amp;pillar=1"' in indicator


# --- Filters ------------------------------------------------------------------------------------------


def test_filters_narrow_the_page_and_travel_in_every_link(client, reported):
    response = client.get(PLAN + "?period=FY2568&pillar=2&agency=rtp&province=TH-94")
    html = text(response)
    assert [row[0] for row in table_rows(html, "indicators")] == ["2.1.1", "2.1.2"]
    assert [row[0] for row in table_rows(html, "results")] == ["2", "2.1"]
    query = "period=FY2568&amp;pillar=2&amp;agency=rtp&amp;province=TH-94"
    assert f'href="/en/plans/nap/map/?{query}"' in html
    assert f'href="/en/plans/nap/pivot/?{query}"' in html
    assert f'href="?{query}&amp;download=indicators&amp;format=csv"' in html
    assert "Figure for Pattani" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "?period=FY2099",
            "There are no figures for the period “FY2099” in this plan. "
            "Showing FY2568 (Oct 2024 – Sep 2025) instead.",
        ),
        ("?pillar=%3Cscript%3E", "This plan has no result with the code “&lt;script&gt;”"),
        ("?agency=nobody", "No agency with the code “nobody” is assigned"),
        ("?province=XX-99", "No indicator of this plan is broken down by a province with the code"),
        ("?download=secrets", "There is no table called “secrets” on this page to download."),
        ("?download=results&format=pdf", "Downloads are in CSV or XLSX; “pdf” is not one of them."),
    ],
)
def test_bad_parameters_give_the_page_with_a_message(client, reported, query, message):
    response = client.get(PLAN + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert message in text(response)


def test_bad_parameters_on_the_indicator_and_scorecard_pages(client, reported):
    response = client.get(INDICATOR + "?period=nonsense&download=over-time&format=docx")
    assert response.status_code == 200
    html = text(response)
    assert "There are no figures for the period “nonsense” in this plan." in html
    assert "Downloads are in CSV or XLSX; “docx” is not one of them." in html
    response = client.get(SCORECARD + "?plan=unknown-plan")
    assert response.status_code == 200
    assert "This agency has no indicator in a plan with the code “unknown-plan”" in text(response)


def test_a_plan_without_a_round_shows_why_it_is_empty(client, build):
    build.plan("quiet", title="Quiet plan")
    response = client.get("/en/plans/quiet/dashboard/")
    assert response.status_code == 200
    assert "No reporting round has been opened for this plan yet" in text(response)


# --- Provisional figures --------------------------------------------------------------------------------


def test_a_coordinator_sees_provisional_figures_clearly_marked(client, reported):
    client.force_login(reported.users["coordinator.dwf"])
    html = text(client.get(PLAN + "?provisional=1"))
    assert 'data-notice="provisional"' in html
    assert "Each such figure is marked with *." in html
    first = table_rows(html, "indicators")[0]
    assert first[4] == "150* (provisional)"
    assert 'data-chart="chart-off-track"' in html
    indicator = text(client.get(INDICATOR + "?provisional=1"))
    assert table_rows(indicator, "agencies")[1][-1] == "30* (provisional)"


@pytest.mark.parametrize("username", ["viewer.unwomen", "reporter.rtp", None])
def test_others_never_see_provisional_figures_even_when_they_ask(client, reported, username):
    if username:
        client.force_login(reported.users[username])
    for url in (PLAN, INDICATOR, SCORECARD):
        html = text(client.get(url + "?provisional=1"))
        assert 'data-notice="provisional-refused"' in html
        assert 'data-notice="provisional"' not in html
        assert "(provisional)" not in html
    assert table_rows(text(client.get(PLAN + "?provisional=1")), "indicators")[0][4] == "120"


# --- Downloads --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["results", "indicators", "timeliness"])
def test_a_csv_download_holds_exactly_the_rows_of_its_table(client, reported, name):
    coordinator = reported.users["coordinator.dwf"]
    client.force_login(coordinator)
    response = client.get(PLAN + f"?pillar=1&download={name}&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="nap-fy2568-{name}.csv"'
    board = dashboards.plan_dashboard(reported.plan, coordinator, {"pillar": "1"})
    table = board.tables()[name]
    assert csv_rows(response) == [
        table.headers(),
        *([plain(v) for v in row] for row in table.export_rows()),
    ]
    assert len(csv_rows(response)) > 1


def test_an_xlsx_download_opens_in_a_spreadsheet(client, reported):
    response = client.get(INDICATOR + "?download=breakdown-sex&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    shared = ["1.1.1", "Women mediators trained", "persons", "FY2568"]
    shared += ["FY2568 (Oct 2024 – Sep 2025)", "Accepted reports only"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Indicator code", "Indicator", "Unit", "Period code", "Period", "Figures"]
        + ["sex", "Actual", "Agencies reporting"],
        [*shared, "female", 70, 1],
        [*shared, "male", 50, 1],
    ]


def test_downloads_of_the_scorecard_have_thai_headers_and_buddhist_era_labels(client, reported):
    with translation.override("th"):
        response = client.get("/th/organizations/rtp/scorecard/?download=status&format=csv")
        header = dashboards.agency_scorecard(reported.orgs["rtp"], AnonymousUser(), {})
        expected = header.status.table.headers()
    rows = csv_rows(response)
    assert rows[0] == expected
    assert rows[0][:3] == ["แผน", expected[1], "ช่วงเวลา"]
    assert rows[1][1:3] == ["FY2568", "ปีงบประมาณ พ.ศ. 2568"]


def test_a_title_that_looks_like_a_formula_is_neutralised(client, reported):
    framework_services.node_create(
        actor=SYSTEM, plan=reported.plan, code="9", title_en='=HYPERLINK("http://x")'
    )
    response = client.get(PLAN + "?download=results&format=csv")
    header, *rows = csv_rows(response)
    code, title = header.index("Code"), header.index("Result")
    (row,) = [r for r in rows if r[code] == "9"]
    assert row[title] == '\'=HYPERLINK("http://x")'
    response = client.get(PLAN + "?download=results&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    (row,) = [r for r in sheet.iter_rows(values_only=True) if r[code] == "9"]
    assert row[title] == '\'=HYPERLINK("http://x")'


# --- Who may see a plan's dashboard ----------------------------------------------------------------------


def test_a_draft_plan_is_hidden_from_strangers_and_shown_to_its_members(client, reported):
    reported.plan.status = PlanStatus.DRAFT
    reported.plan.save(update_fields=["status"])
    for url in (PLAN, INDICATOR):
        assert client.get(url).status_code == 404
        client.force_login(reported.users["viewer.unwomen"])
        assert client.get(url).status_code == 404
        client.force_login(reported.users["reporter.sbpac"])
        assert client.get(url).status_code == 200
        client.logout()
    html = text(client.get(SCORECARD))
    assert "This agency leads or supports no indicator in the plans you can see." in html


def test_unknown_plans_indicators_and_agencies_are_not_found(client, reported):
    assert client.get("/en/plans/nope/dashboard/").status_code == 404
    assert client.get("/en/plans/nap/dashboard/indicators/9.9.9/").status_code == 404
    assert client.get("/en/organizations/nobody/scorecard/").status_code == 404


# --- Queries ----------------------------------------------------------------------------------------------


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_plan_dashboard_reads_a_constant_number_of_queries(
    client, build, django_capture_on_commit_callbacks
):
    small = report_figures(build_world(build), django_capture_on_commit_callbacks)
    large = report_figures(
        build_world(build, code="big", suffix="2", extra_pillars=4, per_outcome=6),
        django_capture_on_commit_callbacks,
    )
    assert large.plan.indicators.count() == 28
    client.force_login(small.users["coordinator.dwf"])
    query = "?provisional=1&province=TH-94&agency=rtp"
    counts = [queries(client, f"/en/plans/{w.plan.code}/dashboard/{query}") for w in (small, large)]
    assert counts[0] == counts[1]
    assert counts[0] <= 22
    counts = [queries(client, f"/en/plans/{w.plan.code}/dashboard/") for w in (small, large)]
    assert counts[0] == counts[1]
    indicator = "/en/plans/{}/dashboard/indicators/1.1.1/?provisional=1"
    counts = [queries(client, indicator.format(w.plan.code)) for w in (small, large)]
    assert counts[0] == counts[1]


def test_the_plan_indicator_and_agency_pages_link_to_their_dashboards(client, reported):
    assert 'href="/en/plans/nap/dashboard/"' in text(client.get("/en/plans/nap/"))
    indicator = text(client.get("/en/plans/nap/indicators/1.1.1/"))
    assert 'href="/en/plans/nap/dashboard/indicators/1.1.1/"' in indicator
    assert 'href="/en/organizations/rtp/scorecard/"' in text(client.get("/en/organizations/rtp/"))


def test_figures_follow_the_thai_digits_preference(client, reported):
    client.cookies["naptrack_digits"] = "thai"
    with translation.override("th"):
        html = text(client.get(PLAN_TH))
    first = table_rows(html, "indicators")[0]
    assert first[4] == "๑๒๐"  # SBPAC's 120 mediators
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๘" in html
