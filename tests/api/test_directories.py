"""Organizations, areas and periods: public directories, looked up by code."""

import datetime as dt

import pytest

from naptrack.geo.models import Area, AreaLevel
from naptrack.periods.services import periods_for_plan_span


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["results"]]


# --- Organizations ----------------------------------------------------------------------------


def test_organizations_show_names_and_the_indicators_they_carry(frameworks, api):
    response = api.get("organizations/dwf/", lang="en")

    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["kind"], body["name"], body["abbreviation"]) == (
        "dwf",
        "department",
        "Department of Women's Affairs",
        "DWF",
    )
    assert (body["name_th"], body["abbreviation_th"], body["country"]) == (
        "กรมกิจการสตรีและสถาบันครอบครัว",
        "สค.",
        "TH",
    )
    assert (body["indicator_count"], body["lead_count"]) == (1, 1)


def test_indicators_of_drafts_are_counted_only_for_those_who_may_see_them(frameworks, api):
    assert api.get("organizations/mfa/").json()["indicator_count"] == 0
    assert api.get("organizations/rtp/").json()["indicator_count"] == 2

    api.login(frameworks.owner_member)

    assert api.get("organizations/mfa/").json()["indicator_count"] == 2
    assert api.get("organizations/rtp/").json()["indicator_count"] == 3


def test_organizations_are_filtered_by_kind_parent_and_country(frameworks, build, api):
    build.organization("mfa-dip", parent=frameworks.draft.owner)

    assert codes(api.get("organizations/")) == ["dwf", "mfa", "mfa-dip", "rtp"]
    assert codes(api.get("organizations/", kind="ministry")) == ["mfa"]
    assert codes(api.get("organizations/", parent="mfa")) == ["mfa-dip"]
    assert codes(api.get("organizations/", country="TH")) == ["dwf"]


# --- Areas ------------------------------------------------------------------------------------


@pytest.fixture
def areas(build):
    thailand = build.country("TH", "Thailand")
    vietnam = build.country("VN", "Viet Nam")
    for code, name, parent in [
        ("TH-90", "Songkhla", thailand),
        ("TH-94", "Pattani", thailand),
        ("VN-01", "Ha Noi", vietnam),
    ]:
        Area.objects.create(code=code, level=AreaLevel.PROVINCE, parent=parent, name_en=name)


def test_areas_are_found_by_code_and_filtered_by_level_and_parent(areas, api):
    province = api.get("areas/TH-94/", lang="en").json()

    assert (province["name"], province["level"], province["parent"]) == (
        "Pattani",
        "province",
        "TH",
    )
    assert codes(api.get("areas/", level="country")) == ["TH", "VN"]
    assert codes(api.get("areas/", parent="TH")) == ["TH-90", "TH-94"]
    assert codes(api.get("areas/", level="province", parent="VN")) == ["VN-01"]


# --- Periods ----------------------------------------------------------------------------------


@pytest.fixture
def periods(db):
    return periods_for_plan_span("thai_fiscal", dt.date(2023, 10, 1), dt.date(2027, 9, 30))


def test_a_fiscal_year_is_labelled_in_thai_and_english(periods, api):
    response = api.get("periods/FY2568/")

    assert response.status_code == 200
    assert response.json() == {
        "code": "FY2568",
        "kind": "fiscal_year",
        "start": "2024-10-01",
        "end": "2025-09-30",
        "parent": None,
        "label": "ปีงบประมาณ พ.ศ. 2568",
        "label_th": "ปีงบประมาณ พ.ศ. 2568",
        "label_en": "FY2568 (Oct 2024 – Sep 2025)",
        "label_vi": "Năm tài khóa Thái Lan 2568 (10/2024 – 9/2025)",
    }
    assert api.get("periods/fy2568-q1/").json()["parent"] == "FY2568-H1"


def test_periods_are_filtered_by_kind_parent_and_dates(periods, api):
    assert codes(api.get("periods/", kind="fiscal_year")) == [
        "FY2567",
        "FY2568",
        "FY2569",
        "FY2570",
    ]
    assert codes(api.get("periods/", parent="FY2568")) == ["FY2568-M9", "FY2568-H1", "FY2568-H2"]
    assert codes(
        api.get("periods/", kind="fiscal_year", date_from="2025-01-01", date_to="2025-12-31")
    ) == [
        "FY2568",
        "FY2569",
    ]
    assert codes(
        api.get("periods/", kind="fiscal_quarter", date_from="2025-02-15", date_to="2025-02-15")
    ) == ["FY2568-Q2"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2025-13-01"}, "date_from"),
        ({"date_from": "2025-06-01", "date_to": "2025-01-01"}, "date_to"),
        ({"kind": "decade"}, "kind"),
    ],
)
def test_bad_period_filters_answer_400(periods, api, params, field):
    response = api.get("periods/", **params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
