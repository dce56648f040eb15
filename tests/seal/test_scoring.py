"""The Seal's scoring rules: compliance over applicable benchmarks, thresholds, mandatory rules."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from naptrack.seal.scoring import (
    DEFAULT_THRESHOLDS,
    BenchmarkFacts,
    assess,
    award_level,
    compliance,
    thresholds_of,
)

D = Decimal
ALL = frozenset({"bronze", "silver", "gold"})


def facts(n: int, mandatory: dict[int, frozenset] | None = None, weights=None):
    """n benchmarks B1…Bn in dimension "1" (the first half) and "2"."""
    mandatory = mandatory or {}
    weights = weights or {}
    return [
        BenchmarkFacts(
            code=f"B{i}",
            dimension_code="1" if i <= n // 2 else "2",
            weight=D(weights.get(i, 1)),
            mandatory=mandatory.get(i, frozenset()),
        )
        for i in range(1, n + 1)
    ]


def answers(n: int, met: int, **others) -> dict[str, str]:
    """The first `met` benchmarks met, the rest not met, with overrides by code (B7="n/a")."""
    result = {f"B{i}": "met" if i <= met else "not_met" for i in range(1, n + 1)}
    result.update(others)
    return result


# --- compliance -------------------------------------------------------------------------------------


def test_compliance_is_met_over_applicable_and_partly_met_is_not_met():
    results = [("met", D(1)), ("met", D(1)), ("partly_met", D(1)), ("not_met", D(1))]
    assert compliance(results) == D("50.00")


def test_not_applicable_and_blank_benchmarks_leave_the_denominator():
    results = [("met", D(1)), ("met", D(1)), ("met", D(1)), ("not_met", D(1))]
    assert compliance(results) == D("75.00")
    with_na = [*results, ("not_applicable", D(1)), ("not_applicable", D(5)), ("", D(1))]
    assert compliance(with_na) == D("75.00")


def test_everything_not_applicable_gives_no_compliance_and_no_level():
    assert compliance([("not_applicable", D(1)), ("not_applicable", D(2))]) is None
    assert compliance([]) is None
    outcome = assess(facts(3, {1: ALL}), {"B1": "not_applicable", "B2": "not_applicable"})
    assert outcome.compliance is None
    assert outcome.level is None
    assert outcome.next_level == "bronze"


def test_weights_count():
    # met weight 3 of applicable 4 → 75 %, whereas counting benchmarks would give 50 %.
    assert compliance([("met", D(3)), ("not_met", D(1))]) == D("75.00")
    outcome = assess(facts(2, weights={1: 3}), {"B1": "met", "B2": "not_met"})
    assert outcome.compliance == D("75.00")
    assert outcome.level == "silver"


def test_rounding_is_half_up_to_two_places():
    # 2 of 3 = 66.666… → 66.67; 1 of 8 = 12.5 exactly; 1 of 6 = 16.666… → 16.67.
    assert compliance([("met", 1), ("met", 1), ("not_met", 1)]) == D("66.67")
    assert compliance([("met", 1)] + [("not_met", 1)] * 7) == D("12.50")
    # 1 of 800 = 0.125 → 0.13 (half up, not to even).
    assert compliance([("met", 1)] + [("not_met", 1)] * 799) == D("0.13")


# --- thresholds --------------------------------------------------------------------------------------


def test_thresholds_at_exactly_60_70_80_percent():
    assert award_level(D("60"), {}, DEFAULT_THRESHOLDS) == "bronze"
    assert award_level(D("70.00"), {}, DEFAULT_THRESHOLDS) == "silver"
    assert award_level(D("80.00"), {}, DEFAULT_THRESHOLDS) == "gold"
    assert award_level(D("59.99"), {}, DEFAULT_THRESHOLDS) is None
    assert award_level(D("69.99"), {}, DEFAULT_THRESHOLDS) == "bronze"
    assert award_level(D("79.99"), {}, DEFAULT_THRESHOLDS) == "silver"
    assert award_level(D("100"), {}, DEFAULT_THRESHOLDS) == "gold"
    assert award_level(None, {}, DEFAULT_THRESHOLDS) is None


def test_thresholds_at_the_boundaries_through_assess():
    bench = facts(10)
    assert assess(bench, answers(10, 6)).level == "bronze"
    assert assess(bench, answers(10, 7)).level == "silver"
    assert assess(bench, answers(10, 8)).level == "gold"
    assert assess(bench, answers(10, 5)).level is None
    # 5999 of 10000 by weight: 59.99 % → nothing.
    weighted = facts(2, weights={1: 5999, 2: 4001})
    outcome = assess(weighted, {"B1": "met", "B2": "not_met"})
    assert outcome.compliance == D("59.99")
    assert outcome.level is None
    assert outcome.next_level == "bronze"
    assert outcome.next_level_gap == D("0.01")


def test_custom_thresholds_from_the_programme():
    programme = SimpleNamespace(
        bronze_threshold=D("50"), silver_threshold=D("65"), gold_threshold=D("90")
    )
    thresholds = thresholds_of(programme)
    assert thresholds == {"bronze": D("50"), "silver": D("65"), "gold": D("90")}
    bench = facts(10)
    assert assess(bench, answers(10, 5), thresholds).level == "bronze"
    assert assess(bench, answers(10, 7), thresholds).level == "silver"
    assert assess(bench, answers(10, 8), thresholds).level == "silver"  # gold needs 90 here
    assert assess(bench, answers(10, 9), thresholds).level == "gold"
    assert assess(bench, answers(10, 4), thresholds).level is None


# --- mandatory benchmarks -----------------------------------------------------------------------------


def test_a_mandatory_gold_benchmark_unmet_at_85_percent_gives_silver():
    # 20 benchmarks, 17 met = 85 %; B20 is mandatory for Gold and not met.
    bench = facts(20, {1: ALL, 2: frozenset({"silver", "gold"}), 20: frozenset({"gold"})})
    outcome = assess(bench, answers(20, 17))
    assert outcome.compliance == D("85.00")
    assert outcome.level == "silver"
    assert outcome.levels["gold"] == {
        "reached_threshold": True,
        "threshold": D("80"),
        "blocking": ["B20"],
    }
    assert outcome.levels["silver"]["blocking"] == []
    assert outcome.next_level == "gold"
    assert outcome.next_level_blocking == ["B20"]
    assert outcome.next_level_gap == D("0.00")


def test_mandatory_benchmarks_unmet_at_several_levels_fall_through_to_the_highest_clear_one():
    # 85 % but B20 blocks Gold and Silver → Bronze; with B1 (all levels) unmet too → nothing.
    bench = facts(20, {20: frozenset({"silver", "gold"}), 19: ALL})
    outcome = assess(bench, answers(20, 17, B19="met", B17="not_met"))
    assert outcome.compliance == D("85.00")
    assert outcome.level == "bronze"
    assert outcome.next_level_blocking == ["B20"]
    bench = facts(20, {20: frozenset({"silver", "gold"}), 18: ALL})
    outcome = assess(bench, answers(20, 17))
    assert outcome.level is None
    assert outcome.levels["bronze"]["blocking"] == ["B18"]
    assert award_level(D("85"), {"gold": 1, "silver": 0}, DEFAULT_THRESHOLDS) == "silver"
    assert award_level(D("85"), {"gold": 1, "silver": 2, "bronze": 1}, DEFAULT_THRESHOLDS) is None


def test_partly_met_and_unanswered_mandatory_benchmarks_block_but_not_applicable_ones_do_not():
    bench = facts(10, {10: ALL})
    assert assess(bench, answers(10, 9, B10="partly_met")).level is None
    blank = answers(10, 9)
    del blank["B10"]
    outcome = assess(bench, blank)
    assert outcome.compliance == D("100.00")  # B10 without answer is not counted …
    assert outcome.level is None  # … but nothing proves it is met
    assert outcome.counts[""] == 1
    outcome = assess(bench, answers(10, 9, B10="not_applicable"))
    assert outcome.compliance == D("100.00")
    assert outcome.level == "gold"


def test_outcome_counts_and_dimensions():
    bench = facts(10)
    outcome = assess(
        bench, answers(10, 5, B6="partly_met", B7="not_applicable", B8="not_met", B9="met")
    )
    assert outcome.counts == {
        "met": 6,
        "partly_met": 1,
        "not_met": 2,
        "not_applicable": 1,
        "": 0,
    }
    assert outcome.applicable == 9
    assert outcome.met == 6
    assert outcome.compliance == D("66.67")
    assert outcome.by_dimension == {"1": D("100.00"), "2": D("25.00")}  # B6-B10: 1 of 4


# --- properties ------------------------------------------------------------------------------------

answer_st = st.sampled_from(["met", "partly_met", "not_met", "not_applicable", ""])
levels_st = st.frozensets(st.sampled_from(["bronze", "silver", "gold"]))
weight_st = st.integers(min_value=1, max_value=20).map(Decimal)


@st.composite
def thresholds_st(draw):
    values = sorted(
        draw(st.lists(st.integers(min_value=0, max_value=10000), min_size=3, max_size=3))
    )
    return {
        level: Decimal(value) / 100
        for level, value in zip(("bronze", "silver", "gold"), values, strict=True)
    }


@st.composite
def cases(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    bench = [
        BenchmarkFacts(
            code=f"B{i}",
            dimension_code=str(i % 3),
            weight=draw(weight_st),
            mandatory=draw(levels_st),
        )
        for i in range(n)
    ]
    results = {f"B{i}": draw(answer_st) for i in range(n)}
    return bench, results, draw(thresholds_st())


RANK = {None: 0, "bronze": 1, "silver": 2, "gold": 3}


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_level_never_exceeds_what_the_thresholds_and_mandatory_rules_allow(case):
    bench, results, thresholds = case
    outcome = assess(bench, results, thresholds)
    if outcome.compliance is not None:
        assert D(0) <= outcome.compliance <= D(100)
    if outcome.level is None:
        return
    assert outcome.compliance >= thresholds[outcome.level]
    for level in ("bronze", "silver", "gold"):
        # Every level at or under the award is reached and unblocked …
        if RANK[level] <= RANK[outcome.level]:
            assert outcome.levels[level]["reached_threshold"]
    assert outcome.levels[outcome.level]["blocking"] == []
    for facts_ in bench:
        if outcome.level in facts_.mandatory:
            assert results[facts_.code] in ("met", "not_applicable")
    # … and no higher level is both reached and unblocked.
    for level in ("bronze", "silver", "gold"):
        if RANK[level] > RANK[outcome.level]:
            assert not (
                outcome.levels[level]["reached_threshold"] and not outcome.levels[level]["blocking"]
            )


@settings(max_examples=300, deadline=None)
@given(cases(), weight_st, levels_st)
def test_adding_a_met_benchmark_never_lowers_compliance_nor_the_level(case, weight, mandatory):
    bench, results, thresholds = case
    before = assess(bench, results, thresholds)
    extra = BenchmarkFacts(code="NEW", dimension_code="0", weight=weight, mandatory=mandatory)
    after = assess([*bench, extra], {**results, "NEW": "met"}, thresholds)
    assert after.compliance is not None
    if before.compliance is not None:
        assert after.compliance >= before.compliance
    assert RANK[after.level] >= RANK[before.level]


@settings(max_examples=200, deadline=None)
@given(cases())
def test_turning_a_benchmark_to_met_never_lowers_the_level(case):
    bench, results, thresholds = case
    before = assess(bench, results, thresholds)
    for code, answer in results.items():
        if answer in ("partly_met", "not_met"):
            after = assess(bench, {**results, code: "met"}, thresholds)
            assert after.compliance >= before.compliance
            assert RANK[after.level] >= RANK[before.level]
