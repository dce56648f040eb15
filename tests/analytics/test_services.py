"""The stored roll-ups follow the real workflow: submit, approve, accept, reopen, close.

Every figure below can be checked by hand from the plan in conftest.py: a cumulative count of
people trained (1.1.1), a latest-value share of women (1.1.2) and a yearly count of incidents that
should go down (2.1.1).
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.analytics import services
from naptrack.analytics.models import (
    Contribution,
    IndicatorProgress,
    NodeProgress,
    ProgressSettings,
)
from naptrack.analytics.selectors import plan_progress
from naptrack.core.services import SYSTEM
from naptrack.frameworks import services as frameworks
from naptrack.frameworks.models import ResultNode
from naptrack.periods.models import Period
from naptrack.reporting import services as reporting
from naptrack.reporting.models import Report
from tests.analytics.conftest import keys

pytestmark = pytest.mark.usefixtures("english")
D = Decimal

SBPAC_FY2567 = {
    "1.1.1": {
        None: {"value": "120"},
        **keys(female_pattani="40", female_yala="30", male_pattani="30", male_yala="20"),
    },
    "1.1.2": {
        None: {"numerator": "12", "denominator": "40"},
        "sex=female": {"numerator": "9", "denominator": "20"},
        "sex=male": {"numerator": "3", "denominator": "20"},
    },
}
RTP_FY2567 = {
    "1.1.1": {
        None: {"value": "30"},
        **keys(female_pattani="10", female_yala="10", male_pattani="5", male_yala="5"),
    },
    "1.1.2": {None: {"numerator": "8", "denominator": "10"}},
    "2.1.1": {None: {"value": "114"}},
}
SBPAC_FY2568 = {
    "1.1.1": {
        None: {"value": "200"},
        **keys(female_pattani="80", female_yala="40", male_pattani="50", male_yala="30"),
    },
    "1.1.2": {None: {"numerator": "14", "denominator": "40"}},
}


def figures(row) -> tuple:
    return (row.value, row.target, row.target_source, row.achievement, row.status)


def snapshot(plan) -> dict:
    """Every stored row of a plan, without ids and times, in a stable order."""

    def rows(queryset, *fields):
        return sorted(queryset.values_list(*fields), key=repr)

    return {
        "contributions": rows(
            Contribution.objects.filter(report__round__plan=plan),
            "report_id", "indicator_id", "option_id", "value", "numerator", "denominator",
            "milestone_status", "rating",
        ),
        "indicators": rows(
            IndicatorProgress.objects.filter(indicator__plan=plan),
            "indicator_id", "period__code", "provisional", "option_id", "organization_id",
            "value", "numerator", "denominator", "milestone_status", "baseline", "target",
            "target_source", "life_target", "achievement", "status", "agencies_reporting",
            "agencies_expected",
        ),
        "nodes": rows(
            NodeProgress.objects.filter(plan=plan),
            "node_id", "period__code", "provisional", "achievement", "status", "indicators",
            "achieved", "on_track", "at_risk", "off_track", "no_data",
        ),
    }  # fmt: skip


# --- Accepted figures --------------------------------------------------------------------------------


def test_after_acceptance_each_indicator_shows_its_actual_target_achievement_and_status(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)

    trained = nap.progress("1.1.1", "FY2567")
    # A cumulative count is judged from zero: 120 of 250, whatever was trained before the plan.
    assert figures(trained) == (120, 250, "period", D("48.00"), "off_track")
    assert (trained.baseline, trained.life_target) == (350, 1200)
    assert (trained.agencies_reporting, trained.agencies_expected) == (1, 2)
    share = nap.progress("1.1.2", "FY2567")
    # 20 % → 60 % over four years: a quarter of the way, 30 %, is the FY2567 target.
    assert figures(share) == (30, 30, "interpolated", D("100.00"), "achieved")
    assert (share.numerator, share.denominator) == (12, 40)
    incidents = nap.progress("2.1.1", "FY2567")
    assert figures(incidents) == (None, 110, "period", None, "no_data")


def test_after_acceptance_the_results_and_the_plan_roll_up(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)

    outcome = nap.node("1.1", "FY2567")
    assert (outcome.achievement, outcome.status) == (D("74.00"), "at_risk")
    assert (outcome.indicators, outcome.achieved, outcome.off_track) == (2, 1, 1)
    protection = nap.node("2", "FY2567")
    assert (protection.achievement, protection.status, protection.no_data) == (None, "no_data", 1)
    # The pillar without data is left out of the mean, and counted as "no data".
    plan = nap.node(None, "FY2567")
    assert (plan.achievement, plan.status) == (D("74.00"), "at_risk")
    assert plan.counts() == {
        "achieved": 1,
        "on_track": 0,
        "at_risk": 0,
        "off_track": 1,
        "no_data": 1,
    }


def test_the_life_of_plan_row_judges_the_count_against_the_stored_life_of_plan_target(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)

    assert figures(nap.progress("1.1.1", "LIFE")) == (120, 1200, "life", D("10.00"), "off_track")
    assert figures(nap.progress("1.1.2", "LIFE")) == (30, 60, "life", D("25.00"), "off_track")
    # A yearly count without a life-of-plan target has none over the plan either.
    assert figures(nap.progress("2.1.1", "LIFE")) == (None, None, "", None, "no_data")


def test_a_percentage_of_several_agencies_is_the_sum_of_numerators_over_denominators(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2567", "rtp", RTP_FY2567)

    share = nap.progress("1.1.2", "FY2567")
    # 12 of 40 and 8 of 10: 20 of 50 = 40 %, not the mean of 30 % and 80 % (55 %).
    assert (share.value, share.numerator, share.denominator) == (40, 20, 50)
    assert (share.agencies_reporting, share.agencies_expected) == (2, 2)


def test_each_agency_has_its_own_row_without_the_indicators_target(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2567", "rtp", RTP_FY2567)

    assert nap.value("1.1.1", "FY2567") == 150
    assert nap.value("1.1.1", "FY2567", org="sbpac") == 120
    rtp = nap.progress("1.1.1", "FY2567", org="rtp")
    assert (rtp.value, rtp.target, rtp.baseline, rtp.achievement, rtp.status) == (
        30,
        None,
        None,
        None,
        "",
    )
    sbpac_share = nap.progress("1.1.2", "FY2567", org="sbpac")
    assert (sbpac_share.value, sbpac_share.numerator, sbpac_share.denominator) == (30, 12, 40)


def test_breakdown_marginals_come_from_the_sex_by_province_crosses_of_every_agency(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2567", "rtp", RTP_FY2567)
    option = nap.build.option

    marginals = {
        code: nap.progress("1.1.1", "FY2567", option=option(dimension, code))
        for dimension, code in (
            ("sex", "female"),
            ("sex", "male"),
            ("province", "pattani"),
            ("province", "yala"),
        )
    }

    assert {code: row.value for code, row in marginals.items()} == {
        "female": 90,
        "male": 60,
        "pattani": 85,
        "yala": 65,
    }
    assert {row.agencies_reporting for row in marginals.values()} == {2}
    # The total's baseline and target belong to the total, not to women or to Pattani.
    assert {(row.baseline, row.target, row.status) for row in marginals.values()} == {
        (None, None, "")
    }
    female_share = nap.progress("1.1.2", "FY2567", option=option("sex", "female"))
    assert (female_share.value, female_share.numerator, female_share.denominator) == (45, 9, 20)


def test_an_option_with_its_own_target_is_judged_against_it(nap):
    female = nap.build.option("sex", "female")
    indicator = nap.indicators["1.1.1"]
    frameworks.target_set(
        actor=SYSTEM,
        indicator=indicator,
        period=Period.objects.get(code="FY2567"),
        value=140,
        breakdown=nap.build.breakdown(female),
    )

    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)

    row = nap.progress("1.1.1", "FY2567", option=female)
    assert figures(row) == (70, 140, "period", D("50.00"), "at_risk")


# --- Provisional figures -------------------------------------------------------------------------------


def test_submitted_data_count_only_in_the_provisional_figures(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2567", "rtp", RTP_FY2567, to="submitted")

    assert figures(nap.progress("2.1.1", "FY2567")) == (None, 110, "period", None, "no_data")
    # From 118 down to 110: at 114 half of the way is done, exactly the "at risk" threshold.
    assert figures(nap.progress("2.1.1", "FY2567", provisional=True)) == (
        114,
        110,
        "period",
        D("50.00"),
        "at_risk",
    )
    assert nap.value("1.1.1", "FY2567") == 120
    assert nap.value("1.1.1", "FY2567", provisional=True) == 150
    assert nap.node(None, "FY2567").achievement == D("74.00")
    assert nap.node(None, "FY2567", provisional=True).achievement == D("65.00")


def test_approved_data_are_still_provisional_until_the_coordinator_accepts_them(nap):
    report = nap.deliver("FY2567", "rtp", RTP_FY2567, to="approved")

    assert nap.value("2.1.1", "FY2567") is None
    assert nap.value("2.1.1", "FY2567", provisional=True) == 114

    nap.advance(report, to="accepted")

    assert nap.value("2.1.1", "FY2567") == 114


def test_a_report_returned_to_the_agency_leaves_the_provisional_figures(nap):
    report = nap.deliver("FY2567", "rtp", RTP_FY2567, to="submitted")
    with nap.on_commit(execute=True):
        reporting.report_return(
            actor=nap.users["approver.rtp"], report=report, feedback="Check Yala."
        )

    assert nap.value("2.1.1", "FY2567", provisional=True) is None
    assert nap.progress("2.1.1", "FY2567", provisional=True).status == "no_data"


# --- Reopening and closing -----------------------------------------------------------------------------


def test_reopening_an_accepted_report_takes_its_data_out_of_the_figures(nap):
    report = nap.deliver("FY2567", "sbpac", SBPAC_FY2567)

    report = nap.reopen(report)

    assert report.accepted_at is None
    assert figures(nap.progress("1.1.1", "FY2567")) == (None, 250, "period", None, "no_data")
    assert nap.value("1.1.1", "FY2567", provisional=True) is None
    assert nap.node(None, "FY2567").status == "no_data"

    nap.advance(nap.fill("FY2567", "sbpac", SBPAC_FY2567), to="submitted")

    assert nap.value("1.1.1", "FY2567", provisional=True) == 120
    assert nap.value("1.1.1", "FY2567") is None


def test_a_closed_round_keeps_accepted_and_waiting_reports_but_not_returned_ones(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    returned = nap.deliver("FY2567", "rtp", RTP_FY2567, to="submitted")
    with nap.on_commit(execute=True):
        reporting.report_return(
            actor=nap.users["approver.rtp"], report=returned, feedback="Check Yala."
        )

    nap.close("FY2567")

    assert set(Report.objects.values_list("state", flat=True)) == {"locked"}
    assert nap.value("1.1.1", "FY2567") == 120
    assert nap.value("1.1.1", "FY2567", provisional=True) == 120
    assert Report.objects.filter(services.PROVISIONAL_Q).count() == 1


def test_a_report_locked_while_waiting_for_acceptance_stays_provisional(nap):
    nap.deliver("FY2567", "rtp", RTP_FY2567, to="approved")

    nap.close("FY2567")

    assert nap.value("2.1.1", "FY2567", provisional=True) == 114
    assert nap.value("2.1.1", "FY2567") is None
    report = nap.report("FY2567", "rtp")
    assert services.report_counts(report, provisional=True)
    assert not services.report_counts(report, provisional=False)


def test_reopening_a_locked_report_and_closing_again_without_accepting_it_drops_it(nap):
    report = nap.deliver("FY2567", "rtp", RTP_FY2567)
    nap.close("FY2567")
    nap.reopen(nap.report("FY2567", "rtp"))
    nap.close("FY2567")

    report.refresh_from_db()
    assert (report.state, report.accepted_at) == ("locked", None)
    assert not services.report_counts(report, provisional=True)
    assert nap.value("2.1.1", "FY2567", provisional=True) is None


# --- Periods ----------------------------------------------------------------------------------------------


def test_an_earlier_year_accepted_after_a_later_one_changes_the_later_cumulative_figure(nap):
    nap.deliver("FY2568", "sbpac", SBPAC_FY2568)
    assert figures(nap.progress("1.1.1", "FY2568")) == (200, 550, "period", D("36.36"), "off_track")

    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)

    assert nap.value("1.1.1", "FY2567") == 120
    assert figures(nap.progress("1.1.1", "FY2568")) == (320, 550, "period", D("58.18"), "at_risk")
    assert nap.value("1.1.1", "LIFE") == 320


def test_a_back_filled_year_does_not_replace_a_later_latest_value(nap):
    nap.deliver("FY2568", "sbpac", SBPAC_FY2568)
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)

    # Halfway from 20 % to 60 % is 40 %: at 35 %, three quarters of the way.
    assert figures(nap.progress("1.1.2", "FY2568")) == (
        35,
        40,
        "interpolated",
        D("75.00"),
        "at_risk",
    )
    assert nap.value("1.1.2", "FY2567") == 30
    assert nap.value("1.1.2", "LIFE") == 35


def test_a_year_without_reports_carries_cumulative_and_latest_values_but_not_yearly_counts(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2567", "rtp", RTP_FY2567)
    nap.deliver("FY2568", "sbpac", SBPAC_FY2568)

    # The police did not report for FY2568: their FY2567 incidents are not this year's.
    assert figures(nap.progress("2.1.1", "FY2568")) == (None, 100, "period", None, "no_data")
    assert nap.value("1.1.1", "FY2568") == 350
    assert nap.value("1.1.1", "FY2568", org="rtp") == 30
    # The police's 8 of 10 stays their latest share: 14 + 8 of 40 + 10.
    assert (nap.value("1.1.2", "FY2568"), nap.progress("1.1.2", "FY2568").denominator) == (44, 50)


def test_a_new_round_gives_every_indicator_its_rows_for_the_new_year(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2568", "rtp", {"2.1.1": {None: {"value": "100"}}})

    # 1.1.1 and 1.1.2 were not in the police's FY2568 figures, yet carry SBPAC's FY2567 forward.
    assert figures(nap.progress("1.1.1", "FY2568")) == (120, 550, "period", D("21.82"), "off_track")
    assert nap.value("1.1.2", "FY2568") == 30
    assert figures(nap.progress("2.1.1", "FY2568")) == (100, 100, "period", D("100.00"), "achieved")
    assert nap.node(None, "FY2568").indicators == 3


def test_filling_in_a_new_rounds_period_gives_every_indicator_its_rows(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.round("FY2568")

    result = services.plan_progress_fill(nap.plan)

    assert result == {"plan": "nap", "periods": ["FY2568"], "indicators": 0}
    assert nap.value("1.1.1", "FY2568") == 120
    assert nap.node(None, "FY2568").indicators == 3
    filled = snapshot(nap.plan)
    services.plan_progress_rebuild(nap.plan)
    assert snapshot(nap.plan) == filled
    assert services.plan_progress_fill(nap.plan)["periods"] == []


def test_a_refresh_rewrites_only_the_periods_a_report_can_change(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2568", "sbpac", SBPAC_FY2568, to="submitted")
    earlier = set(
        IndicatorProgress.objects.filter(period__code="FY2567").values_list("pk", "computed_at")
    )

    nap.advance(nap.report("FY2568", "sbpac"))

    assert (
        set(
            IndicatorProgress.objects.filter(period__code="FY2567").values_list("pk", "computed_at")
        )
        == earlier
    )
    assert nap.value("1.1.1", "FY2568") == 320


def test_a_refresh_that_changes_no_figure_writes_no_row(nap):
    report = nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    rows = set(IndicatorProgress.objects.values_list("pk", "computed_at", "value"))
    contributions = set(Contribution.objects.values_list("pk", "computed_at"))

    services.report_progress_refresh(report.pk)

    assert set(IndicatorProgress.objects.values_list("pk", "computed_at", "value")) == rows
    assert set(Contribution.objects.values_list("pk", "computed_at")) == contributions


def test_a_refresh_fills_in_an_indicator_added_after_the_last_one(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    late = frameworks.indicator_create(
        actor=SYSTEM, node=nap.nodes["2.1"], code="2.1.2", name_en="Shelters opened"
    )

    nap.deliver("FY2567", "rtp", RTP_FY2567)

    rows = IndicatorProgress.objects.filter(indicator=late)
    assert rows.count() == 4  # FY2567 and the plan's life, accepted and provisional
    assert set(rows.values_list("period__code", "status")) == {
        ("FY2567", "no_data"),
        (nap.period_code("LIFE"), "no_data"),
    }
    assert nap.node(None, "FY2567").indicators == 4


# --- Weights and thresholds -------------------------------------------------------------------------------


def test_a_pillars_weight_counts_in_the_plans_achievement(nap):
    ResultNode.objects.filter(pk=nap.nodes["1"].pk).update(weight=3)

    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2567", "rtp", RTP_FY2567)

    # Participation: 150 of 250 (60 %) and 40 % against 30 % (capped at 100 %) make 80 %;
    # protection 50 %. (3 × 80 + 1 × 50) / 4 = 72.5 %, where equal weights give 65 %.
    assert nap.node("1", "FY2567").achievement == D("80.00")
    assert nap.node("2", "FY2567").achievement == D("50.00")
    assert nap.node(None, "FY2567").achievement == D("72.50")


def test_a_plans_own_thresholds_decide_the_statuses(nap):
    ProgressSettings.objects.create(plan=nap.plan, on_track_from=45, at_risk_from=30)

    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)

    assert nap.progress("1.1.1", "FY2567").status == "on_track"  # 48 %
    assert nap.node(None, "FY2567").status == "on_track"  # 74 %
    assert services.thresholds_for(nap.plan).on_track == 45


# --- Rebuild and refresh agree -----------------------------------------------------------------------------


def test_a_rebuild_writes_exactly_what_the_refreshes_wrote(nap):
    nap.deliver("FY2568", "sbpac", SBPAC_FY2568)
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2567", "rtp", RTP_FY2567, to="submitted")
    returned = nap.deliver("FY2568", "rtp", {"2.1.1": {None: {"value": "101"}}}, to="submitted")
    with nap.on_commit(execute=True):
        reporting.report_return(actor=nap.users["approver.rtp"], report=returned, feedback="Why?")
    nap.close("FY2567")
    nap.reopen(nap.report("FY2567", "sbpac"))
    nap.advance(nap.fill("FY2567", "sbpac", SBPAC_FY2567), to="approved")
    refreshed = snapshot(nap.plan)

    result = services.plan_progress_rebuild(nap.plan)

    assert result == {"plan": "nap", "reports": 4, "indicators": 3}
    assert snapshot(nap.plan) == refreshed
    assert len(refreshed["indicators"]) > 50


def test_a_refresh_of_a_report_that_no_longer_exists_does_nothing(db):
    assert services.report_progress_refresh(123456) == {"report": 123456, "indicators": 0}


def test_a_plan_without_rounds_has_no_periods_and_rebuilds_to_nothing(build):
    handle = build.plan("quiet")
    handle.node("1", "Pillar").indicator("1.1", "Something", lead="dwf")

    assert services.progress_periods(handle.plan) == []
    services.plan_progress_rebuild(handle.plan)

    assert not NodeProgress.objects.filter(plan=handle.plan).exists()


# --- Reading the roll-up ---------------------------------------------------------------------------------


def plan_with_indicators(build, code: str, count: int):
    handle = build.plan(code)
    outcome = handle.node("1", "Pillar").child("1.1", "Outcome")
    for n in range(count):
        outcome.indicator(f"1.1.{n + 1}", f"Indicator {n + 1}", lead="dwf").target("FY2568", 10)
    reporting.round_open(
        actor=SYSTEM,
        plan=handle.plan,
        period=Period.objects.get(code="FY2568"),
        opens_on=Period.objects.get(code="FY2568").end,
        due_on=Period.objects.get(code="FY2568").end,
        closes_on=Period.objects.get(code="FY2568").end,
    )
    services.plan_progress_rebuild(handle.plan)
    return handle.plan


def test_reading_a_plans_progress_takes_as_many_queries_for_2_indicators_as_for_30(build):
    small = plan_with_indicators(build, "small", 2)
    large = plan_with_indicators(build, "large", 30)
    period = Period.objects.get(code="FY2568")

    with CaptureQueriesContext(connection) as small_queries:
        small_progress = plan_progress(small, period, language="en")
    with CaptureQueriesContext(connection) as large_queries:
        large_progress = plan_progress(large, period, language="en")

    assert (len(small_progress.indicators), len(large_progress.indicators)) == (2, 30)
    assert len(small_queries) == len(large_queries) == 4


def test_the_plans_progress_lists_results_in_tree_order_with_their_indicators(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)

    progress = plan_progress(nap.plan, Period.objects.get(code="FY2567"), language="en")

    assert [(n.code, n.depth, n.status) for n in progress.nodes] == [
        ("1", 1, "at_risk"),
        ("1.1", 2, "at_risk"),
        ("2", 1, "no_data"),
        ("2.1", 2, "no_data"),
    ]
    assert [(i.code, i.value, i.status, i.lead) for i in progress.indicators] == [
        ("1.1.1", 120, "off_track", "SBPAC"),
        ("1.1.2", 30, "achieved", "SBPAC"),
        ("2.1.1", None, "no_data", "RTP"),
    ]
    assert progress.overall.achievement == D("74.00")
    assert progress.as_dict()["indicators"][1]["unit"] == "%"


def test_the_default_period_is_the_latest_year_with_accepted_data(nap):
    from naptrack.analytics.selectors import default_period, progress_periods_for_plan

    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    nap.deliver("FY2568", "sbpac", SBPAC_FY2568, to="approved")

    assert default_period(nap.plan).code == "FY2567"
    assert [p.code for p in progress_periods_for_plan(nap.plan)] == [
        nap.period_code("LIFE"),
        "FY2568",
        "FY2567",
    ]


# --- Thresholds set in the admin ----------------------------------------------------------------------------


def add_settings(admin_client, plan, **fields):
    return admin_client.post(
        "/en/admin/analytics/progresssettings/add/", {"plan": plan.pk, "_save": "Save", **fields}
    )


def test_thresholds_saved_in_the_admin_recompute_the_plans_statuses(nap, admin_client):
    from django.contrib.messages import get_messages

    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    assert nap.progress("1.1.1", "FY2567").status == "off_track"  # 48 %

    with nap.on_commit(execute=True):
        response = add_settings(admin_client, nap.plan, on_track_from="45", at_risk_from="30")

    assert response.status_code == 302
    assert "The progress of nap is being recomputed with the new thresholds." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]
    assert nap.progress("1.1.1", "FY2567").status == "on_track"
    assert nap.node(None, "FY2567").status == "on_track"


def test_removing_a_plans_thresholds_in_the_admin_brings_back_the_defaults(nap, admin_client):
    settings = ProgressSettings.objects.create(plan=nap.plan, on_track_from=45, at_risk_from=30)
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    assert nap.progress("1.1.1", "FY2567").status == "on_track"

    with nap.on_commit(execute=True):
        admin_client.post(
            f"/en/admin/analytics/progresssettings/{settings.pk}/delete/", {"post": "yes"}
        )

    assert nap.progress("1.1.1", "FY2567").status == "off_track"


def test_the_admin_refuses_an_at_risk_threshold_above_the_on_track_one(nap, admin_client):
    response = add_settings(admin_client, nap.plan, on_track_from="60", at_risk_from="70")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "at_risk_from": ["“At risk” must start below “on track”."]
    }
    assert not ProgressSettings.objects.exists()


def test_the_admin_refuses_a_threshold_above_100(nap, admin_client):
    response = add_settings(admin_client, nap.plan, on_track_from="120", at_risk_from="50")

    assert response.context["adminform"].form.errors == {
        "on_track_from": ["Ensure this value is less than or equal to 100."]
    }


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_admin_lists_each_plans_thresholds(nap, admin_client, language):
    ProgressSettings.objects.create(plan=nap.plan, on_track_from=70, at_risk_from=40)

    response = admin_client.get(f"/{language}/admin/analytics/progresssettings/")

    assert response.status_code == 200
    assert "NAP WPS 2567–2570" in response.text
    assert admin_client.get(f"/{language}/admin/analytics/progresssettings/add/").status_code == 200


# --- A refresh in two steps --------------------------------------------------------------------------------


def _split(snap: dict) -> tuple[dict, list]:
    """A snapshot without its per-option rows, and those rows (option is the 4th column)."""
    options = [row for row in snap["indicators"] if row[3] is not None]
    return {
        "contributions": [row for row in snap["contributions"] if row[2] is None],
        "indicators": [row for row in snap["indicators"] if row[3] is None],
        "nodes": snap["nodes"],
    }, options


def test_the_first_step_writes_the_final_totals_and_the_second_the_options(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    report = nap.fill("FY2567", "rtp", RTP_FY2567)
    # Submitted with no refresh run yet: the jobs are run one at a time below.
    with nap.on_commit(execute=False):
        reporting.report_submit(
            actor=nap.users["reporter.rtp"],
            report=report,
            confirmations={str(line.pk): "Checked." for line in report.lines.all()},
        )
    _, options_before = _split(snapshot(nap.plan))

    first = services.report_progress_refresh(report.pk, bases=["provisional"])
    after_first = snapshot(nap.plan)
    options_given = Contribution.objects.filter(report=report, option__isnull=False).count()
    second = services.report_options_refresh(report.pk, **first["options"])
    after_second = snapshot(nap.plan)
    services.plan_progress_rebuild(nap.plan)
    rebuilt = snapshot(nap.plan)

    assert first["options"] == {
        "periods": [nap.period_code("LIFE"), "FY2567"],
        "bases": ["provisional"],
    }
    assert second["periods"] == first["options"]["periods"] and second["rows"] > 0
    # After the first step, everything but the options is final; the options are as they were.
    totals_first, options_first = _split(after_first)
    totals_rebuilt, options_rebuilt = _split(rebuilt)
    assert totals_first == totals_rebuilt
    assert options_first == options_before != options_rebuilt
    assert options_given == 0
    # The second step brings the options up to date: both steps make what a rebuild makes.
    assert after_second == rebuilt
    female = nap.build.option("sex", "female")
    assert nap.value("1.1.1", "FY2567", provisional=True, option=female) == 90
    assert nap.value("1.1.1", "FY2567", option=female) == 70


def test_an_acceptances_first_step_leaves_the_accepted_options_to_the_second(nap):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    report = nap.deliver("FY2567", "rtp", RTP_FY2567, to="approved")
    with nap.on_commit(execute=False):
        reporting.report_accept(actor=nap.users["coordinator.dwf"], report=report)
    female = nap.build.option("sex", "female")

    first = services.report_progress_refresh(report.pk, bases=["accepted"])

    # The dashboard's figures count the acceptance at once; women trained, an option, not yet.
    assert nap.value("1.1.1", "FY2567") == 150
    assert nap.value("1.1.1", "FY2567", option=female) == 70

    services.report_options_refresh(report.pk, **first["options"])

    assert nap.value("1.1.1", "FY2567", option=female) == 90
    refreshed = snapshot(nap.plan)
    services.plan_progress_rebuild(nap.plan)
    assert snapshot(nap.plan) == refreshed


def test_the_refresh_job_queues_the_options_job_behind_it(nap, monkeypatch):
    from naptrack.analytics import tasks

    report = nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    queued = []

    class Recorder:
        @staticmethod
        def enqueue(*args):
            queued.append(args)

    monkeypatch.setattr(tasks, "refresh_report_options", Recorder)

    tasks.refresh_report_progress.call(report.pk, ["accepted"])

    # The plan's life starts before FY2567 and so comes first.
    assert queued == [(report.pk, [nap.period_code("LIFE"), "FY2567"], ["accepted"])]
