"""The pivot table's arithmetic: accepted values only, one level of cells, sums and ratios of sums."""

# The fixtures are imported from the shared world module; tests name them as parameters.
# ruff: noqa: F811

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.analytics.selectors_pivot import (
    PivotSpec,
    pivot_indicators,
    pivot_setup,
    pivot_table,
)
from naptrack.frameworks.models import Indicator
from tests.analytics.province_world import (  # noqa: F401
    RTP_FY2568,
    SBPAC_FY2568,
    english,
    province_world,
)


@pytest.fixture
def reported(province_world):
    """SBPAC and RTP reported FY2568 and both were accepted; SBPAC reported FY2567 too."""
    world = province_world
    world.report("sbpac", "FY2567", {"1.1.1": {None: 8, "sex=female": 5, "sex=male": 3}})
    world.report("sbpac", "FY2568", SBPAC_FY2568)
    world.report("rtp", "FY2568", RTP_FY2568)
    return world


def table(world, indicator="mediators", rows="agency", cols=None, periods=("FY2568",), **filters):
    setup = pivot_setup(world.indicators[indicator], language="en")
    agency = filters.pop("agency", None)
    spec = PivotSpec(
        rows=setup.axis(rows),
        cols=setup.axis(cols) if cols else None,
        periods=[p for p in setup.periods if p.code in periods],
        agency=next((a for a in setup.agencies if a.code == agency), None),
        filters={
            setup.axis(code).dimension_id: setup.option(setup.axis(code).dimension_id, value)
            for code, value in filters.items()
        },
    )
    return pivot_table(setup, spec, language="en")


def grid(pivot):
    """The table as plain values: {row label: [cells…, row total]} and the totals row."""
    result = {}
    for row in pivot.grid():
        values = [fig.value for fig in row.cells]
        if row.total is not None:
            values.append(row.total.value)
        result[row.member.label] = values
    result["Total"] = [fig.value for fig in pivot.footer]
    return result


def test_agencies_by_sex_add_up_the_single_cells_and_the_line_totals(reported):
    pivot = table(reported, rows="agency", cols="sex")

    assert [m.label for m in pivot.cols] == ["Female", "Male"]
    assert grid(pivot) == {
        "RTP": [5, 2, 7],
        "SBPAC": [6, 4, 10],
        "Total": [11, 6, 17],
    }
    assert pivot.level == "single"


def test_a_table_by_agency_alone_uses_the_line_totals_never_their_parts(reported):
    pivot = table(reported, rows="agency")

    assert pivot.level == "total"
    assert grid(pivot) == {"RTP": [7], "SBPAC": [10], "Total": [17]}


def test_provinces_use_single_cells_and_the_full_cross_of_agencies_that_typed_no_singles(reported):
    # SBPAC's province singles (5, 3, 2) count and its crosses do not; RTP typed only crosses,
    # so its crosses count: 4 in Songkhla and 3 in Pattani.
    pivot = table(reported, rows="province")

    assert grid(pivot) == {
        "Songkhla": [4],
        "Pattani": [8],
        "Yala": [3],
        "Narathiwat": [2],
        "Total": [17],
    }


def test_province_by_sex_uses_the_full_cross_cells(reported):
    pivot = table(reported, rows="province", cols="sex")

    assert pivot.level == "cross"
    assert grid(pivot) == {
        "Songkhla": [3, 1, 4],
        "Pattani": [5, 3, 8],
        "Yala": [2, 1, 3],
        "Narathiwat": [1, 1, 2],
        "Total": [11, 6, 17],
    }


def test_a_filter_on_another_dimension_reads_the_full_cross(reported):
    pivot = table(reported, rows="province", sex="female")

    assert grid(pivot) == {
        "Songkhla": [3],
        "Pattani": [5],
        "Yala": [2],
        "Narathiwat": [1],
        "Total": [11],
    }


def test_the_agency_and_period_filters_narrow_the_values(reported):
    assert grid(table(reported, rows="sex", agency="rtp")) == {
        "Female": [5],
        "Male": [2],
        "Total": [7],
    }
    assert grid(table(reported, rows="sex", periods=("FY2567",))) == {
        "Female": [5],
        "Male": [3],
        "Total": [8],
    }


def test_periods_in_rows_add_up_to_a_total_over_the_plan(reported):
    pivot = table(reported, rows="period", cols="agency", periods=("FY2567", "FY2568"))

    assert grid(pivot) == {
        "FY2567": [None, 8, 8],
        "FY2568": [7, 10, 17],
        "Total": [7, 18, 25],
    }


def test_percentages_are_the_sum_of_numerators_over_the_sum_of_denominators(reported):
    by_province = table(reported, indicator="share", rows="province")
    by_agency = table(reported, indicator="share", rows="agency")

    # Pattani: (10 + 5) / (40 + 50); never the average of 25 % and 10 %.
    pattani = by_province.grid()[0].cells[0]
    assert (pattani.numerator, pattani.denominator) == (Decimal("15"), Decimal("90"))
    assert pattani.value == Decimal("16.6667")
    assert by_province.total.value == Decimal("23.3333")  # 35 / 150, not (16.67 + 33.33) / 2
    assert grid(by_agency) == {
        "RTP": [Decimal("10.0000")],
        "SBPAC": [Decimal("30.0000")],
        "Total": [Decimal("23.3333")],  # 35 / 150, not the average 20
    }


def test_values_of_reports_not_yet_accepted_are_left_out(reported):
    reported.report(
        "rtp", "FY2567", {"1.1.1": {None: 9, "sex=female": 6, "sex=male": 3}}, until="approved"
    )

    pivot = table(reported, rows="agency", periods=("FY2567",))

    assert grid(pivot) == {"SBPAC": [8], "Total": [8]}


def test_a_level_indicator_is_not_added_up_over_periods(reported):
    share = reported.indicators["share"]
    Indicator.objects.filter(pk=share.pk).update(cumulative_mode="latest")
    share.refresh_from_db()
    reported.report("rtp", "FY2567", {"1.1.2": {None: {"numerator": "20", "denominator": "100"}}})

    pivot = table(reported, indicator="share", rows="period", periods=("FY2567", "FY2568"))

    assert [fig.value for row in pivot.grid() for fig in row.cells] == [
        Decimal("20.0000"),
        Decimal("23.3333"),
    ]
    assert pivot.show_col_totals is False
    assert pivot.footer == []
    assert (
        "This indicator is measured as a level: figures of different periods are not added up, "
        "so there is no total across periods." in pivot.notes
    )
    # By agency and period: each period has its total over agencies, no agency one over periods.
    by_agency = table(
        reported, indicator="share", rows="agency", cols="period", periods=("FY2567", "FY2568")
    )
    assert grid(by_agency) == {
        "RTP": [Decimal("20.0000"), Decimal("10.0000")],
        "SBPAC": [None, Decimal("30.0000")],
        "Total": [Decimal("20.0000"), Decimal("23.3333")],
    }


def test_an_empty_selection_has_no_rows(province_world):
    pivot = table(province_world, rows="agency")

    assert pivot.is_empty
    assert pivot.total.is_empty


def test_only_indicators_with_figures_can_be_tabulated(province_world):
    codes = [i.code for i in pivot_indicators(province_world.plan)]

    assert codes == ["1.1.1", "1.1.2", "2.1"]


def test_the_number_of_queries_does_not_grow_with_the_data(province_world):
    world = province_world

    def count():
        with CaptureQueriesContext(connection) as queries:
            table(world, rows="province", cols="sex", periods=("FY2567", "FY2568"))
        return len(queries)

    world.report("sbpac", "FY2567", {"1.1.1": {None: 8, "province=TH-94;sex=female": 2}})
    few = count()
    world.report("sbpac", "FY2568", SBPAC_FY2568)
    world.report("rtp", "FY2568", RTP_FY2568)
    assert count() == few
