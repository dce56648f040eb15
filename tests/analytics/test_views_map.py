"""The province map page: Thai and English, the table and its downloads, permissions, bad input."""

# The fixtures are imported from the shared world module; tests name them as parameters.
# ruff: noqa: F811

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.analytics.province_world import english, province_world  # noqa: F401

SBPAC = {
    "1.1.1": {None: 10, "province=TH-94": 6, "province=TH-95": 4},
    "1.1.2": {
        None: {"numerator": "30", "denominator": "100"},
        "province=TH-94": {"numerator": "10", "denominator": "40"},
    },
}
RTP = {
    "1.1.1": {None: 3, "province=TH-90;sex=female": 2, "province=TH-94;sex=male": 1},
    "1.1.2": {
        None: {"numerator": "5", "denominator": "50"},
        "province=TH-94": {"numerator": "5", "denominator": "50"},
    },
    "2.1": {None: 1},
}


@pytest.fixture
def reported(province_world):
    province_world.report("sbpac", "FY2568", SBPAC)
    province_world.report("rtp", "FY2568", RTP)
    return province_world


def url(world, language="en", **params):
    with translation.override(language):
        path = reverse("province-map", args=[world.plan.code])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path}?{query}" if query else path


def map_data(response) -> dict:
    match = re.search(
        r'<script id="map-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def table_rows(response) -> list[list[str]]:
    """The province table as text, row by row (tags stripped, spaces collapsed)."""
    html = response.content.decode()
    body = html[html.index('class="data-table province-table"') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def test_the_english_page_shades_each_province_and_lists_all_77(client, reported):
    response = client.get(url(reported, indicator="1.1.1", period="FY2568"))

    assert response.status_code == 200
    rows = table_rows(response)
    assert len(rows) == 77
    assert ["Pattani", "94", "7", "2"] in rows
    assert ["Bangkok", "10", "No data", ""] in rows
    chart = map_data(response)
    assert len(chart["nameMap"]) == 77
    assert chart["nameMap"]["Pattani Province"] == "TH-94"
    points = {d["name"]: d for d in chart["data"]}
    assert (points["TH-94"]["value"], points["TH-94"]["label"]) == (7.0, "Pattani")
    assert points["TH-10"]["value"] is None  # grey, not zero
    assert "FY2568 (Oct 2024 – Sep 2025)" in response.content.decode()


def test_the_thai_page_names_provinces_in_thai_and_years_in_buddhist_era(client, reported):
    response = client.get(url(reported, "th", indicator="1.1.1", period="FY2568"))

    assert response.status_code == 200
    assert ["ปัตตานี", "94", "7", "2"] in table_rows(response)
    assert map_data(response)["data"][0]["label"] == "กรุงเทพมหานคร"
    assert "ปีงบประมาณ พ.ศ. 2568" in response.content.decode()


def test_percentages_show_the_numerator_and_denominator(client, reported):
    response = client.get(url(reported, indicator="1.1.2", period="FY2568"))

    assert ["Pattani", "94", "16.7%", "15", "90", "2"] in table_rows(response)


def test_the_southern_border_view_zooms_in_and_lists_its_areas(client, reported):
    response = client.get(url(reported, indicator="1.1.1", period="FY2568", focus="south"))

    chart = map_data(response)
    assert chart["focus"] is True
    assert {d["name"] for d in chart["data"] if d["focus"]} == {"TH-90", "TH-94", "TH-95", "TH-96"}
    text = response.content.decode()
    assert "Districts: Chana, Na Thawi, Thepha, Saba Yoi" in text


def test_the_csv_download_is_the_table(client, reported):
    response = client.get(url(reported, indicator="1.1.2", period="FY2568", format="csv"))

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="nap-1-1-2-fy2568-provinces.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Province",
        "Code",
        "Value",
        "Numerator",
        "Denominator",
        "Agencies reporting",
    ]
    assert len(rows) == 1 + 77
    assert ["Pattani", "94", "16.7", "15", "90", "2"] in rows
    assert ["Bangkok", "10", "No data", "", "", ""] in rows


def test_the_xlsx_download_holds_numbers(client, reported):
    response = client.get(url(reported, indicator="1.1.1", period="FY2568", format="xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Province", "Code", "Value", "Agencies reporting"]
    assert ["Pattani", "94", 7, 2] in rows


def test_a_draft_plan_is_not_found_for_strangers(client, build, django_capture_on_commit_callbacks):
    from tests.analytics.province_world import ProvinceWorld

    world = ProvinceWorld.build(build, django_capture_on_commit_callbacks, status="draft")
    stranger = build.user("stranger")

    assert client.get(url(world)).status_code == 404
    client.force_login(stranger)
    assert client.get(url(world)).status_code == 404
    client.force_login(world.users["coordinator.dwf"])
    assert client.get(url(world)).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"indicator": "9.9"}, "This plan has no indicator “9.9”."),
        ({"indicator": "9.9%00"}, "This plan has no indicator “9.9”."),
        ({"period": "FY2500"}, "There are no figures of this plan for the period “FY2500”."),
        (
            {"period": "not-a-period"},
            "There are no figures of this plan for the period “not-a-period”.",
        ),
        ({"format": "pdf"}, "Downloads are available as CSV or XLSX."),
        ({"focus": "north"}, "The map can zoom in on the southern border provinces only."),
        ({"pillar": "7"}, "This plan has no result “7”."),
    ],
)
def test_bad_parameters_get_a_friendly_message(client, reported, params, message):
    response = client.get(url(reported, **params))

    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_indicator_without_province_breakdown_says_so(client, reported):
    response = client.get(url(reported, indicator="2.1"))

    assert response.status_code == 200
    assert "This indicator has no province breakdown, so it cannot be shown on the map." in (
        response.content.decode()
    )


def test_a_period_without_accepted_figures_shows_an_empty_state(client, province_world):
    province_world.report("sbpac", "FY2568", SBPAC, until="submitted")

    response = client.get(url(province_world, indicator="1.1.1", period="FY2568"))

    assert response.status_code == 200
    assert "No accepted figures by province for this period yet." in response.content.decode()
    assert all(row[2] == "No data" for row in table_rows(response))


def test_only_coordinators_see_figures_not_yet_accepted(client, province_world):
    province_world.report("sbpac", "FY2568", SBPAC, until="submitted")
    params = {"indicator": "1.1.1", "period": "FY2568", "provisional": "1"}

    client.force_login(province_world.users["viewer.sbpac"])
    viewer = client.get(url(province_world, **params))
    client.force_login(province_world.users["coordinator.dwf"])
    coordinator = client.get(url(province_world, **params))

    assert ["Pattani", "94", "No data", ""] in table_rows(viewer)
    assert 'name="provisional"' not in viewer.content.decode()
    assert ["Pattani", "94", "6", "1"] in table_rows(coordinator)
    assert "Includes data not yet accepted" in coordinator.content.decode()


def test_a_plan_without_province_indicators_says_so(client, build):
    handle = build.plan("plain")
    handle.node("1", "Pillar").indicator("1.1", "Laws adopted", lead="dwf")

    response = client.get(reverse("province-map", args=["plain"]))

    assert response.status_code == 200
    assert "No indicator of this plan is broken down by province" in response.content.decode()


def test_an_agency_link_from_the_dashboard_points_to_the_pivot_table(client, reported):
    response = client.get(url(reported, indicator="1.1.1", period="FY2568", agency="rtp"))

    assert response.status_code == 200
    assert (
        "/en/plans/nap/pivot/?indicator=1.1.1&amp;rows=province&amp;cols=&amp;agency=rtp"
        "&amp;period=FY2568" in response.content.decode()
    )


def test_the_page_reads_a_constant_number_of_queries(client, province_world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(province_world, indicator="1.1.1", period="FY2568"))
        assert response.status_code == 200
        return len(queries)

    province_world.report("sbpac", "FY2568", SBPAC)
    few = count()
    province_world.report("rtp", "FY2568", RTP)
    assert count() == few
    assert few <= 14
