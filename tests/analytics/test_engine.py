"""The arithmetic of progress, rule by rule, in the numbers a coordinator would check by hand.

A plan of four Thai fiscal years, FY2567–FY2570 (1 Oct 2023 – 30 Sep 2027), unless a test says
otherwise. Agencies are 1 (the lead), 2 and 3.
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naptrack.analytics import engine
from naptrack.analytics.engine import (
    ACHIEVED,
    AT_RISK,
    AVERAGE,
    CUMULATIVE,
    DECREASE,
    EMPTY,
    INCREASE,
    LATEST,
    LATEST_VALUE,
    MAINTAIN,
    MAXIMUM,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    PER_PERIOD,
    RATIO,
    SUM,
    Entry,
    Fig,
    Thresholds,
)
from naptrack.periods import calendars

PLAN_START, PLAN_END = dt.date(2023, 10, 1), dt.date(2027, 9, 30)
LIFE = (PLAN_START, PLAN_END)


def D(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def fig(value=None, numerator=None, denominator=None) -> Fig:
    return Fig(D(value), D(numerator), D(denominator))


def part(numerator, denominator) -> Fig:
    """A percentage as agencies type it: its parts, and the value they give."""
    return Fig(engine.ratio_value(D(numerator), D(denominator)), D(numerator), D(denominator))


def span(code: str) -> tuple[dt.date, dt.date]:
    spec = calendars.parse_period_code(code)
    return spec.start, spec.end


def entry(org: int, code: str, value=None, *, figure: Fig | None = None, accepted=0, rating=""):
    start, end = span(code)
    stamp = (dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=accepted), org)
    return Entry(org, start, end, figure or fig(value), stamp=stamp, rating=rating)


def actual(mode, aggregation, entries, code) -> tuple[Fig, dict[int, Fig]]:
    start, end = LIFE if code == "LIFE" else span(code)
    return engine.period_actual(mode, aggregation, entries, start, end)


def target(code, *, mode=PER_PERIOD, level=False, targets=None, life=None, baseline=None):
    start, end = LIFE if code == "LIFE" else span(code)
    return engine.period_target(
        mode=mode,
        level_indicator=level,
        period_targets={span(c): D(v) for c, v in (targets or {}).items()},
        start=start,
        end=end,
        life_target=D(life),
        baseline=D(baseline),
        plan_start=PLAN_START,
        plan_end=PLAN_END,
    )


# --- Combining figures ------------------------------------------------------------------------------


def test_sum_adds_the_values_and_ignores_empty_figures():
    assert engine.combine(SUM, [fig(70), EMPTY, fig(50)]) == fig(120)


def test_nothing_to_combine_gives_an_empty_figure():
    assert engine.combine(SUM, []) == EMPTY
    assert engine.combine(SUM, [EMPTY, EMPTY]).is_empty


def test_average_is_kept_to_four_decimal_places():
    assert engine.combine(AVERAGE, [fig(1), fig(1), fig(2)]) == fig("1.3333")


def test_maximum_takes_the_largest_value():
    assert engine.combine(MAXIMUM, [fig(0), fig(1), fig(0)]) == fig(1)


def test_latest_takes_the_last_figure_given():
    assert engine.combine(LATEST, [fig(30), fig(45), fig(40)]) == fig(40)


def test_ratio_divides_the_sum_of_numerators_by_the_sum_of_denominators():
    # 1 of 4 and 9 of 10: 10 of 14 = 71.43 %, not the average of 25 % and 90 % (57.5 %).
    combined = engine.combine(RATIO, [part(1, 4), part(9, 10)])

    assert combined == fig("71.4286", 10, 14)


def test_ratio_with_every_denominator_zero_keeps_its_parts_but_has_no_value():
    combined = engine.combine(RATIO, [fig(None, 0, 0), fig(None, 0, 0)])

    assert (combined.value, combined.numerator, combined.denominator) == (None, 0, 0)
    assert not combined.is_empty


def test_ratio_with_one_denominator_zero_counts_the_others():
    assert engine.combine(RATIO, [fig(None, 0, 0), part(3, 4)]) == fig(75, 3, 4)


def test_ratio_value_refuses_a_zero_denominator():
    assert engine.ratio_value(D(5), D(0)) is None
    assert engine.ratio_value(D(1), D(3)) == D("33.3333")


def test_a_percentage_typed_without_its_parts_stands_alone_but_is_never_averaged():
    assert engine.combine(RATIO, [fig(40)]) == fig(40)
    assert engine.combine(RATIO, [fig(40), fig(60)]) == EMPTY


def test_a_percentage_without_parts_beside_ones_with_parts_leaves_the_sum_to_the_parts():
    assert engine.combine(RATIO, [fig(90), part(1, 4)]) == fig(25, 1, 4)


def test_an_unknown_aggregation_is_an_error():
    with pytest.raises(ValueError, match="unknown aggregation 'median'"):
        engine.combine("median", [fig(1)])


def test_figures_know_whether_they_are_empty_and_whether_they_have_parts():
    assert EMPTY.is_empty and not EMPTY.has_ratio
    assert not Fig(milestone="in_progress").is_empty
    assert part(1, 2).has_ratio and not fig(50).has_ratio


percentages = st.tuples(st.integers(0, 500), st.integers(1, 500)).map(
    lambda nd: part(min(nd), max(nd))
)


@given(st.lists(percentages, min_size=1, max_size=12), st.data())
def test_ratio_combine_is_sum_over_sum_however_the_figures_are_grouped(figures, data):
    # Agencies' own totals first, then across agencies: the same as every cell at once.
    cut = sorted(data.draw(st.sets(st.integers(1, len(figures) - 1 or 1), max_size=4)))
    groups = [figures[a:b] for a, b in zip([0, *cut], [*cut, len(figures)], strict=True)]
    groups = [g for g in groups if g]

    grouped = engine.combine(RATIO, [engine.combine(RATIO, g) for g in groups])
    flat = engine.combine(RATIO, figures)

    numerator = sum(f.numerator for f in figures)
    denominator = sum(f.denominator for f in figures)
    assert grouped == flat
    assert (flat.numerator, flat.denominator) == (numerator, denominator)
    assert flat.value == engine.ratio_value(numerator, denominator)


@given(st.lists(st.decimals(0, 10**9, places=4), max_size=20), st.randoms())
def test_sum_does_not_depend_on_the_order_of_the_figures(values, random):
    figures = [Fig(v) for v in values]
    shuffled = figures[:]
    random.shuffle(shuffled)

    assert engine.combine(SUM, figures) == engine.combine(SUM, shuffled)


# --- One agency's report ------------------------------------------------------------------------------

FEMALE, MALE, PATTANI, YALA = 11, 12, 21, 22
DIMENSION_OF = {FEMALE: 1, MALE: 1, PATTANI: 2, YALA: 2}


def cells(**by_key) -> dict[frozenset[int], Fig]:
    names = {"f": FEMALE, "m": MALE, "pat": PATTANI, "yala": YALA}
    return {frozenset(names[k] for k in key.split("_")): value for key, value in by_key.items()}


def test_a_typed_total_and_typed_options_are_kept_as_typed():
    figures = engine.report_figures(SUM, fig(120), cells(f=fig(70), m=fig(50)), DIMENSION_OF)

    assert figures == {None: fig(120), FEMALE: fig(70), MALE: fig(50)}


def test_sex_and_province_marginals_come_from_the_crosses():
    grid = cells(f_pat=fig(30), f_yala=fig(10), m_pat=fig(20), m_yala=fig(5))  # female × Pattani …

    figures = engine.report_figures(SUM, fig(65), grid, DIMENSION_OF)

    assert figures == {
        None: fig(65),
        FEMALE: fig(40),
        MALE: fig(25),
        PATTANI: fig(50),
        YALA: fig(15),
    }


def test_a_typed_option_wins_over_the_crosses_that_contain_it():
    figures = engine.report_figures(
        SUM, None, cells(f=fig(41), f_pat=fig(30), f_yala=fig(10)), DIMENSION_OF
    )

    assert figures[FEMALE] == fig(41)
    assert figures[PATTANI] == fig(30)


def test_a_total_not_typed_comes_from_the_dimension_filled_in_most_completely():
    one_sex_two_provinces = cells(f=fig(70), pat=fig(5), yala=fig(4))
    assert engine.report_figures(SUM, None, one_sex_two_provinces, DIMENSION_OF)[None] == fig(9)

    # A tie goes to the first dimension (sex).
    both = cells(f=fig(70), m=fig(50), pat=fig(5), yala=fig(4))
    assert engine.report_figures(SUM, None, both, DIMENSION_OF)[None] == fig(120)


def test_a_total_not_typed_comes_from_the_crosses_when_no_option_was_typed():
    grid = cells(f_pat=fig(30), m_yala=fig(5))

    assert engine.report_figures(SUM, EMPTY, grid, DIMENSION_OF)[None] == fig(35)


def test_a_percentage_total_typed_without_parts_is_replaced_by_the_parts_of_its_cells():
    grid = cells(f=part(3, 10), m=part(1, 10))

    figures = engine.report_figures(RATIO, fig(21), grid, DIMENSION_OF)

    assert figures[None] == fig(20, 4, 20)


def test_a_percentage_total_with_its_parts_is_kept():
    grid = cells(f=part(3, 10), m=part(1, 10))

    assert engine.report_figures(RATIO, part(5, 20), grid, DIMENSION_OF)[None] == part(5, 20)


def test_a_percentage_typed_without_parts_stays_when_the_cells_have_none_either():
    grid = cells(f=fig(30), m=fig(10))

    assert engine.report_figures(RATIO, fig(21), grid, DIMENSION_OF)[None] == fig(21)


def test_a_latest_indicator_derives_nothing_from_several_cells():
    figures = engine.report_figures(LATEST, None, cells(f_pat=fig(1), f_yala=fig(0)), DIMENSION_OF)

    assert figures == {PATTANI: fig(1), YALA: fig(0)}


def test_empty_cells_count_for_nothing():
    assert engine.report_figures(SUM, EMPTY, cells(f=EMPTY, m=EMPTY), DIMENSION_OF) == {}


# --- Which periods count ------------------------------------------------------------------------------


def test_a_year_supersedes_its_quarters_and_the_nine_month_round():
    codes = ["FY2568-Q1", "FY2568-Q2", "FY2568-Q3", "FY2568-Q4", "FY2568-M9", "FY2568-H1", "FY2568"]

    assert engine.widest_spans(span(c) for c in codes) == {span("FY2568")}


def test_quarters_alone_all_count():
    quarters = [span(f"FY2568-Q{n}") for n in range(1, 5)]

    assert engine.widest_spans(quarters) == set(quarters)


def test_the_nine_month_round_supersedes_the_first_three_quarters_but_not_the_fourth():
    codes = ["FY2568-Q1", "FY2568-Q2", "FY2568-Q3", "FY2568-Q4", "FY2568-M9"]

    assert engine.widest_spans(span(c) for c in codes) == {span("FY2568-M9"), span("FY2568-Q4")}


def test_of_two_overlapping_periods_neither_inside_the_other_the_longer_counts_alone():
    # October–June and April–September share April–June, which must not be counted twice.
    assert engine.widest_spans([span("FY2568-M9"), span("FY2568-H2")]) == {span("FY2568-M9")}


def test_no_spans_give_none():
    assert engine.widest_spans([]) == set()


# --- Actual values over periods and agencies -------------------------------------------------------


def test_per_period_a_fiscal_year_made_of_quarters_is_their_sum():
    entries = [entry(1, f"FY2568-Q{n}", 10 * n) for n in range(1, 5)]

    total, per_org = actual(PER_PERIOD, SUM, entries, "FY2568")

    assert total == fig(100)
    assert per_org == {1: fig(100)}


def test_per_period_a_year_reported_beside_its_quarters_is_counted_once():
    entries = [entry(1, f"FY2568-Q{n}", 10) for n in range(1, 5)] + [entry(1, "FY2568", 42)]

    assert actual(PER_PERIOD, SUM, entries, "FY2568")[0] == fig(42)
    # The quarter shows its own figure, never the year's.
    assert actual(PER_PERIOD, SUM, entries, "FY2568-Q2")[0] == fig(10)


def test_per_period_counts_only_what_lies_inside_the_period():
    entries = [entry(1, "FY2567", 80), entry(1, "FY2568", 90)]

    assert actual(PER_PERIOD, SUM, entries, "FY2568")[0] == fig(90)
    assert actual(PER_PERIOD, SUM, entries, "FY2569")[0] == EMPTY
    assert actual(PER_PERIOD, SUM, entries, "LIFE")[0] == fig(170)


def test_per_period_agencies_that_report_by_quarter_and_by_year_add_up():
    entries = [entry(1, "FY2568-Q1", 5), entry(1, "FY2568-Q2", 7), entry(2, "FY2568", 30)]

    total, per_org = actual(PER_PERIOD, SUM, entries, "FY2568")

    assert total == fig(42)
    assert per_org == {1: fig(12), 2: fig(30)}


def test_cumulative_adds_every_period_since_the_plan_started():
    entries = [entry(1, "FY2567", 269), entry(1, "FY2568", 240), entry(2, "FY2568", 31)]

    assert actual(CUMULATIVE, SUM, entries, "FY2567")[0] == fig(269)
    assert actual(CUMULATIVE, SUM, entries, "FY2568")[0] == fig(540)
    # A year with no report yet carries the count forward.
    assert actual(CUMULATIVE, SUM, entries, "FY2569")[0] == fig(540)


def test_cumulative_is_the_same_when_an_earlier_year_is_accepted_after_a_later_one():
    in_order = [entry(1, "FY2567", 100, accepted=1), entry(1, "FY2568", 150, accepted=2)]
    back_filled = [entry(1, "FY2568", 150, accepted=1), entry(1, "FY2567", 100, accepted=2)]

    assert actual(CUMULATIVE, SUM, back_filled, "FY2568") == actual(
        CUMULATIVE, SUM, in_order, "FY2568"
    )
    assert actual(CUMULATIVE, SUM, back_filled, "FY2568")[0] == fig(250)


def test_cumulative_percentages_add_numerators_and_denominators_over_the_years():
    entries = [
        entry(1, "FY2567", figure=part(12, 40)),
        entry(1, "FY2568", figure=part(18, 40)),
        entry(2, "FY2568", figure=part(10, 20)),
    ]

    assert actual(CUMULATIVE, RATIO, entries, "FY2568")[0] == fig(40, 40, 100)


def test_latest_value_takes_the_latest_period_not_the_latest_accepted():
    # FY2567 was back-filled: accepted after FY2568. FY2568 is still the latest value.
    entries = [entry(1, "FY2568", 32, accepted=1), entry(1, "FY2567", 30, accepted=2)]

    assert actual(LATEST_VALUE, SUM, entries, "FY2568")[0] == fig(32)
    assert actual(LATEST_VALUE, SUM, entries, "FY2567")[0] == fig(30)
    assert actual(LATEST_VALUE, SUM, entries, "FY2569")[0] == fig(32)


def test_latest_value_carries_an_agency_missing_the_latest_period_forward():
    entries = [entry(1, "FY2567", 10), entry(1, "FY2568", 12), entry(2, "FY2567", 5)]

    total, per_org = actual(LATEST_VALUE, SUM, entries, "FY2568")

    assert total == fig(17)
    assert per_org == {1: fig(12), 2: fig(5)}
    assert actual(LATEST_VALUE, SUM, entries, "FY2567")[0] == fig(15)


def test_latest_value_on_the_same_end_day_takes_what_was_accepted_last():
    entries = [entry(1, "FY2568", 40, accepted=2), entry(1, "FY2568-Q4", 41, accepted=1)]

    assert actual(LATEST_VALUE, SUM, entries, "FY2568")[0] == fig(40)


def test_latest_value_before_anything_was_reported_is_empty():
    assert actual(LATEST_VALUE, SUM, [entry(1, "FY2568", 40)], "FY2567") == (EMPTY, {})


def test_latest_aggregation_takes_the_agency_that_reported_the_latest_period():
    entries = [entry(1, "FY2568", 1), entry(2, "FY2567", 0, accepted=5)]

    assert actual(CUMULATIVE, LATEST, entries, "FY2568")[0] == fig(1)


def test_latest_aggregation_between_agencies_on_the_same_period_takes_the_last_accepted():
    entries = [entry(1, "FY2568", 0, accepted=3), entry(2, "FY2568", 1, accepted=1)]

    assert actual(PER_PERIOD, LATEST, entries, "FY2568")[0] == fig(0)


def test_average_is_of_the_agencies_own_figures():
    entries = [entry(1, "FY2568", 10), entry(2, "FY2568", 20), entry(3, "FY2568", 60)]

    assert actual(PER_PERIOD, AVERAGE, entries, "FY2568")[0] == fig(30)


def test_maximum_over_agencies_is_yes_when_any_agency_says_yes():
    entries = [entry(1, "FY2568", 0), entry(2, "FY2568", 1)]

    assert actual(LATEST_VALUE, MAXIMUM, entries, "FY2568")[0] == fig(1)


def test_a_rating_without_a_figure_does_not_hide_the_agencys_earlier_figure():
    entries = [entry(1, "FY2567", 30), entry(1, "FY2568", figure=EMPTY, rating="at_risk")]

    assert actual(LATEST_VALUE, SUM, entries, "FY2568")[0] == fig(30)
    assert engine.window_ratings(LATEST_VALUE, entries, *span("FY2568")) == ["at_risk"]


def test_ratings_are_each_agencys_latest_within_the_period():
    entries = [
        entry(1, "FY2567", 1, rating="off_track"),
        entry(1, "FY2568", 2, rating="on_track"),
        entry(2, "FY2567", 1, rating="at_risk"),
        entry(3, "FY2568", 1),
    ]

    assert sorted(engine.window_ratings(CUMULATIVE, entries, *span("FY2568"))) == [
        "at_risk",
        "on_track",
    ]
    assert engine.window_ratings(PER_PERIOD, entries, *span("FY2568")) == ["on_track"]


# --- Targets --------------------------------------------------------------------------------------------


def test_a_periods_own_target_comes_first():
    assert target("FY2568", targets={"FY2568": 550}, life=1200) == (D(550), "period")


def test_no_target_without_a_period_target_or_a_life_of_plan_target():
    assert target("FY2568", mode=CUMULATIVE, baseline=10) == (None, "")


def test_a_count_per_period_is_never_judged_against_the_life_of_plan_target_in_a_year():
    assert target("FY2568", mode=PER_PERIOD, life=400) == (None, "")
    assert target("FY2570", mode=PER_PERIOD, life=400) == (None, "")


def test_a_count_per_period_meets_its_life_of_plan_target_over_the_whole_plan():
    assert target("LIFE", mode=PER_PERIOD, life=400) == (D(400), "life")


def test_a_percentage_per_period_aims_at_its_life_of_plan_level_every_year():
    assert target("FY2568", mode=PER_PERIOD, level=True, life=95) == (D(95), "life")


def test_a_cumulative_count_is_on_the_straight_path_from_zero_to_its_life_of_plan_target():
    # One year of four: a quarter of 1,200. The baseline (350 trained before the plan) is not
    # part of a count that starts with the plan.
    assert target("FY2567", mode=CUMULATIVE, life=1200, baseline=350) == (
        D(300),
        "interpolated",
    )
    assert target("FY2568-Q1", mode=CUMULATIVE, life=1200) == (D(375), "interpolated")
    assert target("FY2569", mode=CUMULATIVE, life=1200) == (D(900), "interpolated")


def test_a_latest_value_is_on_the_straight_path_from_its_baseline_to_its_life_of_plan_target():
    assert target("FY2568", mode=LATEST_VALUE, life=60, baseline=20) == (D(40), "interpolated")
    assert target("FY2567", mode=LATEST_VALUE, life=5, baseline=9) == (D(8), "interpolated")


def test_a_latest_value_without_a_baseline_has_no_path_to_follow():
    assert target("FY2568", mode=LATEST_VALUE, life=60) == (None, "")


def test_the_last_year_and_the_whole_plan_aim_at_the_life_of_plan_target_itself():
    assert target("FY2570", mode=CUMULATIVE, life=1200) == (D(1200), "life")
    assert target("LIFE", mode=LATEST_VALUE, life=60, baseline=20) == (D(60), "life")


def test_the_life_of_plan_target_is_never_the_sum_of_the_period_targets():
    targets = {"FY2567": 100, "FY2568": 100, "FY2569": 100, "FY2570": 100}

    assert target("LIFE", mode=PER_PERIOD, targets=targets) == (None, "")
    assert target("LIFE", mode=PER_PERIOD, targets=targets, life=350) == (D(350), "life")


def test_elapsed_share_counts_months_when_everything_begins_and_ends_with_a_month():
    assert engine.elapsed_share(PLAN_START, PLAN_END, dt.date(2024, 9, 30)) == D("0.25")
    assert engine.elapsed_share(PLAN_START, PLAN_END, dt.date(2025, 6, 30)) == D("0.4375")


def test_elapsed_share_counts_days_otherwise():
    start, end = dt.date(2024, 1, 15), dt.date(2024, 1, 24)  # ten days

    assert engine.elapsed_share(start, end, dt.date(2024, 1, 16)) == D("0.2")


def test_elapsed_share_stays_between_nothing_and_everything():
    assert engine.elapsed_share(PLAN_START, PLAN_END, dt.date(2023, 9, 30)) == 0
    assert engine.elapsed_share(PLAN_START, PLAN_END, dt.date(2030, 9, 30)) == 1


# --- Achievement -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual_value", "target_value", "baseline", "expected"),
    [
        (40, 60, 20, "50.00"),  # half the way from 20 to 60
        (60, 60, 20, "100.00"),
        (70, 60, 20, "125.00"),
        (10, 60, 20, "-25.00"),  # below the baseline: went the wrong way
        (45, 60, None, "75.00"),  # no baseline: the share of the target
        (45, 60, 60, "75.00"),  # target equal to the baseline: the share of the target
        (0, 0, None, "100.00"),  # a target of zero is met by anything at or above it
    ],
)
def test_achievement_of_an_increasing_indicator(actual_value, target_value, baseline, expected):
    assert engine.achievement(INCREASE, D(actual_value), D(target_value), D(baseline)) == D(
        expected
    )


@pytest.mark.parametrize(
    ("actual_value", "target_value", "baseline", "expected"),
    [
        (109, 100, 118, "50.00"),  # from 118 down to 100: half-way at 109
        (100, 100, 118, "100.00"),
        (90, 100, 118, "155.56"),
        (118, 100, 118, "0.00"),
        (130, 100, 118, "-66.67"),  # went up: the wrong way
        (80, 100, None, "100.00"),  # no baseline: at or below the target is achieved
        (125, 100, None, "80.00"),  # above it, the target's share of the actual
        (125, 100, 100, "80.00"),  # target equal to the baseline: the same
        (3, 0, None, "0.00"),  # nothing allowed, something happened
        (0, 0, 5, "100.00"),
    ],
)
def test_achievement_of_a_decreasing_indicator(actual_value, target_value, baseline, expected):
    assert engine.achievement(DECREASE, D(actual_value), D(target_value), D(baseline)) == D(
        expected
    )


@pytest.mark.parametrize(
    ("actual_value", "target_value", "expected"),
    [
        (50, 50, "100.00"),
        (45, 50, "90.00"),
        (55, 50, "90.00"),
        (150, 50, "0.00"),
        (0, 0, "100.00"),
        (1, 0, "0.00"),
    ],
)
def test_achievement_of_an_indicator_kept_at_its_target(actual_value, target_value, expected):
    assert engine.achievement(MAINTAIN, D(actual_value), D(target_value), D(10)) == D(expected)


def test_no_achievement_without_an_actual_or_a_target():
    assert engine.achievement(INCREASE, None, D(10), None) is None
    assert engine.achievement(INCREASE, D(10), None, None) is None


def test_a_cumulative_count_is_judged_from_zero_not_from_its_baseline():
    assert engine.achievement_baseline(CUMULATIVE, D(350)) is None
    assert engine.achievement_baseline(LATEST_VALUE, D(350)) == D(350)
    assert engine.achievement_baseline(PER_PERIOD, D(350)) == D(350)
    # 500 trained of 550 by FY2568: 90.91 %, whatever was trained before the plan.
    baseline = engine.achievement_baseline(CUMULATIVE, D(350))
    assert engine.achievement(INCREASE, D(500), D(550), baseline) == D("90.91")


# --- Status -----------------------------------------------------------------------------------------------

DEFAULT = Thresholds()


@pytest.mark.parametrize(
    ("achieved", "expected"),
    [
        ("155.56", ACHIEVED),
        ("100", ACHIEVED),
        ("99.99", ON_TRACK),
        ("80", ON_TRACK),
        ("79.99", AT_RISK),
        ("50", AT_RISK),
        ("49.99", OFF_TRACK),
        ("0", OFF_TRACK),
        ("-66.67", OFF_TRACK),
    ],
)
def test_status_at_the_default_thresholds(achieved, expected):
    assert engine.status(D(achieved), has_data=True, thresholds=DEFAULT) == expected


def test_the_default_thresholds_are_80_and_50():
    assert (DEFAULT.on_track, DEFAULT.at_risk) == (D(80), D(50))


def test_a_plans_own_thresholds_move_the_boundaries():
    lenient = Thresholds(on_track=D(70), at_risk=D(40))

    assert engine.status(D(70), has_data=True, thresholds=lenient) == ON_TRACK
    assert engine.status(D(45), has_data=True, thresholds=lenient) == AT_RISK
    assert engine.status(D("39.99"), has_data=True, thresholds=lenient) == OFF_TRACK


def test_no_data_is_no_data_whatever_the_achievement():
    assert engine.status(None, has_data=False, thresholds=DEFAULT) == NO_DATA
    assert engine.status(D(100), has_data=False, thresholds=DEFAULT) == NO_DATA


def test_data_without_a_target_takes_the_worst_of_the_agencies_ratings():
    ratings = ["on_track", "no_data", "at_risk", "achieved"]

    assert engine.status(None, has_data=True, thresholds=DEFAULT, ratings=ratings) == AT_RISK
    assert engine.status(None, has_data=True, thresholds=DEFAULT, ratings=["no_data"]) == NO_DATA
    assert engine.status(None, has_data=True, thresholds=DEFAULT) == NO_DATA


def test_an_achievement_outranks_the_agencies_ratings():
    assert engine.status(D(30), has_data=True, thresholds=DEFAULT, ratings=["achieved"]) == (
        OFF_TRACK
    )


# --- Roll-up ---------------------------------------------------------------------------------------------


def test_rollup_is_the_weighted_mean_of_the_children():
    assert engine.rollup([(D(2), D(90)), (D(1), D(60))]) == D(80)


def test_rollup_caps_each_child_to_0_100_so_one_star_cannot_hide_a_laggard():
    assert engine.rollup([(D(1), D(228)), (D(1), D(-40))]) == D(50)
    assert engine.rollup([(D(1), D(150)), (D(1), D(50))]) == D(75)


def test_rollup_leaves_out_children_without_achievement_or_without_weight():
    assert engine.rollup([(D(1), D(60)), (D(1), None), (D(0), D(10))]) == D(60)


def test_rollup_of_nothing_is_nothing():
    assert engine.rollup([]) is None
    assert engine.rollup([(D(1), None)]) is None
    assert engine.rollup([(D(0), D(50))]) is None


achievements = st.one_of(st.none(), st.decimals(-1000, 1000, places=2))
weights = st.decimals(0, 100, places=3)


@given(st.lists(st.tuples(weights, achievements), max_size=12))
def test_rollup_stays_within_0_and_100(children):
    result = engine.rollup(children)

    if result is not None:
        assert 0 <= result <= 100


@given(weights.filter(lambda w: w > 0), st.decimals(-1000, 1000, places=2))
def test_rollup_of_one_child_is_that_child_capped(weight, achieved):
    assert engine.rollup([(weight, achieved)]) == min(max(achieved, D(0)), D(100))
