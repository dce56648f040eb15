"""The pivot table page: rows and columns from the address, totals, downloads, permissions, bad input."""

# The fixtures are imported from the shared world module; tests name them as parameters.
# ruff: noqa: F811

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.analytics.province_world import (  # noqa: F401
    RTP_FY2568,
    SBPAC_FY2568,
    ProvinceWorld,
    english,
    province_world,
)


@pytest.fixture
def reported(province_world):
    province_world.report("sbpac", "FY2567", {"1.1.1": {None: 8, "sex=female": 5, "sex=male": 3}})
    province_world.report("sbpac", "FY2568", SBPAC_FY2568)
    province_world.report("rtp", "FY2568", RTP_FY2568)
    return province_world


def url(world, language="en", **params):
    with translation.override(language):
        path = reverse("pivot", args=[world.plan.code])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path}?{query}" if query else path


def grid(response) -> list[list[str]]:
    """The pivot table as text: the header row, the body rows, the totals row."""
    html = response.content.decode()
    table = html[html.index('class="data-table pivot-table"') : html.index("</table>")]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def test_the_default_table_shows_agencies_by_the_first_breakdown(client, reported):
    response = client.get(url(reported))

    assert response.status_code == 200
    assert grid(response) == [
        ["Agency \\ Sex", "Female", "Male", "Total"],
        ["RTP", "5", "2", "7"],
        ["SBPAC", "6", "4", "10"],
        ["Total", "11", "6", "17"],
    ]
    assert "Only values of reports that the plan's coordinators have accepted are counted." in (
        response.content.decode()
    )


def test_province_by_sex_in_thai_with_buddhist_era_years(client, reported):
    response = client.get(
        url(reported, "th", indicator="1.1.1", rows="province", cols="sex", period="FY2568")
    )

    assert response.status_code == 200
    rows = grid(response)
    assert rows[0][1:3] == ["หญิง", "ชาย"]
    assert ["ปัตตานี", "5", "3", "8"] in rows
    assert rows[-1][1:] == ["11", "6", "17"]
    assert "ปีงบประมาณ พ.ศ. 2568" in response.content.decode()


def test_periods_as_columns_with_their_totals(client, reported):
    response = client.get(url(reported, indicator="1.1.1", rows="agency", cols="period"))

    assert grid(response) == [
        ["Agency \\ Period", "FY2567", "FY2568", "Total"],
        ["RTP", "–", "7", "7"],
        ["SBPAC", "8", "10", "18"],
        ["Total", "8", "17", "25"],
    ]


def test_percentages_total_as_a_ratio_of_sums(client, reported):
    response = client.get(
        url(reported, indicator="1.1.2", rows="province", cols="", period="FY2568")
    )

    assert grid(response) == [
        ["Province", "Value"],
        ["Pattani", "16.7% 15/90"],
        ["Yala", "33.3% 20/60"],
        ["Total", "23.3% 35/150"],
    ]


def test_filters_come_from_the_address(client, reported):
    response = client.get(
        url(
            reported,
            indicator="1.1.1",
            rows="province",
            cols="",
            period="FY2568",
            sex="female",
            agency="rtp",
        )
    )

    assert grid(response)[1:] == [["Songkhla", "3"], ["Pattani", "2"], ["Total", "5"]]


def test_a_province_filter_accepts_the_official_code(client, reported):
    response = client.get(
        url(reported, indicator="1.1.1", rows="sex", cols="", period="FY2568", province="94")
    )

    assert grid(response)[1:] == [["Female", "5"], ["Male", "3"], ["Total", "8"]]


def test_the_csv_download_is_the_grid_with_its_totals(client, reported):
    response = client.get(
        url(reported, indicator="1.1.1", rows="province", cols="sex", period="FY2568", format="csv")
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="nap-1-1-1-province-sex-fy2568.csv"'
    )
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [
        ["Province \\ Sex", "Female", "Male", "Total"],
        ["Songkhla", "3", "1", "4"],
        ["Pattani", "5", "3", "8"],
        ["Yala", "2", "1", "3"],
        ["Narathiwat", "1", "1", "2"],
        ["Total", "11", "6", "17"],
    ]


def test_the_xlsx_download_rounds_percentages_as_shown(client, reported):
    response = client.get(
        url(reported, indicator="1.1.2", rows="agency", cols="", period="FY2568", format="xlsx")
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Agency", "Value"],
        ["RTP", 10],
        ["SBPAC", 30],
        ["Total", 23.3],
    ]


def test_a_draft_plan_is_not_found_for_strangers(client, build, django_capture_on_commit_callbacks):
    world = ProvinceWorld.build(build, django_capture_on_commit_callbacks, status="draft")
    stranger = build.user("stranger")

    assert client.get(url(world)).status_code == 404
    client.force_login(stranger)
    assert client.get(url(world)).status_code == 404
    client.force_login(world.users["viewer.sbpac"])
    assert client.get(url(world)).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"indicator": "9.9"}, "This plan has no indicator “9.9”."),
        ({"indicator": "9.9%00"}, "This plan has no indicator “9.9”."),
        ({"period": "FY99999"}, "“FY99999” is not a period code such as FY2568 or CY2024."),
        (
            {"indicator": "1.1.3"},
            "Indicator 1.1.3 is reported as text or milestones; the table needs figures. "
            "Choose another indicator.",
        ),
        (
            {"rows": "colour"},
            "This indicator cannot be shown by “colour” in rows. Choose one of: Period, Agency, "
            "Sex, Province.",
        ),
        ({"rows": "sex", "cols": "sex"}, "Choose different things for the rows and the columns."),
        ({"period": "next-year"}, "“next-year” is not a period code such as FY2568 or CY2024."),
        ({"period": "CY2040"}, "No reporting round of this plan falls in 2040."),
        ({"agency": "unicef"}, "“unicef” is not an agency that reports on this indicator."),
        ({"sex": "other"}, "“other” is not an option of Sex for this indicator."),
        ({"format": "pdf"}, "Downloads are available as CSV or XLSX."),
        ({"pillar": "9"}, "This plan has no result “9”."),
    ],
)
def test_bad_parameters_get_a_friendly_message(client, reported, params, message):
    response = client.get(url(reported, **{"indicator": "1.1.1", **params}))

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_province_filter_on_an_indicator_without_provinces_is_explained(client, reported):
    response = client.get(url(reported, indicator="2.1", rows="agency", province="TH-94"))

    assert response.status_code == 200
    assert (
        "This indicator has no province breakdown, so the province filter is not used."
        in response.content.decode()
    )
    assert grid(response)[1:] == [["RTP", "Yes"], ["Total", "Yes"]]


def test_no_accepted_values_yet_is_said_plainly(client, province_world):
    province_world.report("sbpac", "FY2568", SBPAC_FY2568, until="approved")

    response = client.get(url(province_world, indicator="1.1.1", period="FY2568"))

    assert response.status_code == 200
    assert "No accepted values yet for this period and these filters." in response.content.decode()
    assert "pivot-table" not in response.content.decode()


def test_a_plan_without_rounds_says_so(client, province_world):
    response = client.get(url(province_world))

    assert response.status_code == 200
    assert "No reporting round has been opened for this plan yet" in response.content.decode()


def test_the_page_reads_a_constant_number_of_queries(client, province_world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                url(province_world, indicator="1.1.1", rows="province", cols="sex", period="all")
            )
        assert response.status_code == 200
        return len(queries)

    province_world.report("sbpac", "FY2567", {"1.1.1": {None: 8, "province=TH-94;sex=female": 8}})
    few = count()
    province_world.report("sbpac", "FY2568", SBPAC_FY2568)
    province_world.report("rtp", "FY2568", RTP_FY2568)
    assert count() == few
    assert few <= 14
