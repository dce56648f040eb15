"""Periods are added in the admin by their code; the calendar fills in the rest."""

import datetime as dt

import pytest

from naptrack.periods.models import Period, PeriodKind
from naptrack.periods.services import period_get_or_create


def add_period(admin_client, code: str, language: str = "en"):
    return admin_client.post(
        f"/{language}/admin/periods/period/add/", {"code": code, "_save": "Save"}
    )


def test_a_quarter_typed_in_lower_case_is_made_with_its_half_and_fiscal_year(admin_client):
    response = add_period(admin_client, " fy2568-q3 ")

    assert response.status_code == 302
    quarter = Period.objects.get(code="FY2568-Q3")
    assert (quarter.kind, quarter.start, quarter.end) == (
        PeriodKind.FISCAL_QUARTER,
        dt.date(2025, 4, 1),
        dt.date(2025, 6, 30),
    )
    assert (quarter.parent.code, quarter.parent.parent.code) == ("FY2568-H2", "FY2568")


def test_a_month_reuses_the_quarter_already_made(admin_client, db):
    quarter = period_get_or_create("CY2024-Q1")

    add_period(admin_client, "M2024-03")

    assert Period.objects.get(code="M2024-03").parent == quarter
    assert Period.objects.count() == 3


def test_a_code_that_names_no_period_is_refused_beside_the_code(admin_client):
    response = add_period(admin_client, "FY2568-Q5")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "code": ["This is not a period code such as FY2568, FY2568-Q1, CY2024 or M2024-03."]
    }
    assert not Period.objects.exists()


def test_a_code_in_thai_digits_is_refused(admin_client):
    response = add_period(admin_client, "FY๒๕๖๘", language="th")

    assert list(response.context["adminform"].form.errors) == ["code"]
    assert not Period.objects.exists()


def test_a_period_that_exists_is_not_made_twice(admin_client, db):
    period_get_or_create("FY2568")

    response = add_period(admin_client, "fy2568")

    assert response.context["adminform"].form.errors == {
        "code": ["Period with this Code already exists."]
    }
    assert Period.objects.count() == 1


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_period_page_shows_its_computed_dates_and_names_read_only(admin_client, db, language):
    quarter = period_get_or_create("FY2568-Q1")

    response = admin_client.get(f"/{language}/admin/periods/period/{quarter.pk}/change/")

    assert response.status_code == 200
    assert "ไตรมาส 1 ปีงบประมาณ พ.ศ. 2568 (ต.ค. 2567 – ธ.ค. 2567)" in response.text
    assert "FY2568 Q1 (Oct 2024 – Dec 2024)" in response.text
    assert list(response.context["adminform"].form.fields) == []


def test_the_period_list_names_periods_in_the_readers_language(admin_client, db):
    period_get_or_create("FY2568")

    assert "ปีงบประมาณ พ.ศ. 2568" in admin_client.get("/th/admin/periods/period/").text
    assert "FY2568 (Oct 2024 – Sep 2025)" in admin_client.get("/en/admin/periods/period/").text
