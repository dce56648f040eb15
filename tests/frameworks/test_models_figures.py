"""Rules of baselines and targets: the plan's periods, the value type, the indicator's breakdowns."""

from decimal import Decimal

import pytest

from naptrack.core.services import SYSTEM
from naptrack.frameworks import services
from naptrack.frameworks.models import Baseline, Target
from tests.core.refusals import assert_refused


@pytest.fixture
def outcome(build):
    """An outcome of a plan that runs FY2567–FY2570 (1 Oct 2023 – 30 Sep 2027)."""
    plan = build.plan("nap-wps", start="2023-10-01", end="2027-09-30")
    return plan.node("1", "Participation").child("1.1", "Women take part in peace processes")


@pytest.fixture
def mediators(outcome):
    return outcome.indicator("1.1.1", "Women mediators", lead="dwf", unit_en="persons")


@pytest.fixture
def share(outcome):
    return outcome.indicator(
        "1.1.2", "Share of women negotiators", value_type="percentage", aggregation="ratio"
    )


# --- Periods ---------------------------------------------------------------------------------------


def test_a_target_for_a_year_after_the_plan_is_refused(mediators):
    assert_refused(
        lambda: mediators.target("FY2572", 10),
        {
            "period": [
                "FY2572 (Oct 2028 – Sep 2029) is outside the plan, which runs from 1 Oct 2023 to 30 Sep 2027."
            ]
        },
    )
    assert not Target.objects.exists()


def test_a_target_for_a_year_before_the_plan_is_refused(mediators):
    assert_refused(
        lambda: mediators.target("FY2566-Q4", 10),
        {
            "period": [
                "FY2566 Q4 (Jul 2023 – Sep 2023) is outside the plan, which runs from 1 Oct 2023 to 30 Sep 2027."
            ]
        },
    )


def test_targets_for_the_first_and_last_years_and_quarters_are_accepted(mediators):
    for code in ("FY2567", "FY2570", "FY2567-Q1", "FY2570-Q4"):
        mediators.target(code, 10)

    assert mediators.indicator.targets.count() == 4


def test_the_life_of_plan_target_is_set_on_the_indicator_not_as_a_period_target(mediators):
    assert_refused(
        lambda: mediators.target("LIFE-20231001-20270930", 10),
        {
            "period": [
                "Set the life-of-plan target on the indicator itself; "
                "period targets are for years, halves, quarters or months."
            ]
        },
    )


def test_a_plan_starting_in_january_has_targets_for_the_fiscal_year_it_starts_in(build):
    # Given a plan of 1 Jan 2024 – 31 Dec 2026, which spans FY2567–FY2570
    plan = build.plan("bma-seal", start="2024-01-01", end="2026-12-31")
    indicator = plan.node("1", "Leadership").indicator("1.1", "Gender focal points appointed")
    # When FY2567 (Oct 2023 – Sep 2024) and FY2570 get targets, they are accepted
    indicator.target("FY2567", 5)
    indicator.target("FY2570", 50)
    # But a fiscal year with no day in the plan is refused
    assert_refused(
        lambda: indicator.target("FY2571", 50),
        {
            "period": [
                "FY2571 (Oct 2027 – Sep 2028) is outside the plan, which runs from 1 Jan 2024 to 31 Dec 2026."
            ]
        },
    )


def test_a_target_is_set_once_per_period_and_changed_in_place(mediators):
    mediators.target("FY2568", 30)
    mediators.target("FY2568", 35)

    assert [(t.period.code, t.value) for t in mediators.indicator.targets.all()] == [
        ("FY2568", Decimal("35"))
    ]


# --- Value types -------------------------------------------------------------------------------


def test_a_percentage_target_over_100_is_refused(share):
    assert_refused(
        lambda: share.target("FY2568", 150),
        {"value": ["A percentage must be between 0 and 100; 150 is not."]},
    )


def test_a_percentage_target_is_computed_from_numerator_and_denominator(share):
    target = share.target("FY2568", numerator=3, denominator=4)

    assert target.value == Decimal("75.0000")


def test_a_changed_numerator_recomputes_the_percentage(share):
    target = share.target("FY2568", numerator=3, denominator=4)

    target.numerator = Decimal("1")
    target.full_clean()

    assert target.value == Decimal("25.0000")


def test_a_numerator_larger_than_the_denominator_is_refused(share):
    assert_refused(
        lambda: share.target("FY2568", numerator=12, denominator=10),
        {"numerator": ["The numerator must be between 0 and the denominator."]},
    )


def test_a_negative_numerator_is_refused(share):
    assert_refused(
        lambda: share.target("FY2568", numerator=-1, denominator=10),
        {"numerator": ["The numerator must be between 0 and the denominator."]},
    )


def test_a_denominator_of_zero_is_refused(share):
    assert_refused(
        lambda: share.target("FY2568", numerator=0, denominator=0),
        {"denominator": ["The denominator must be greater than zero."]},
    )


def test_a_numerator_without_a_denominator_is_refused(share):
    assert_refused(
        lambda: share.target("FY2568", numerator=3),
        {"denominator": ["Give both the numerator and the denominator."]},
    )


def test_a_count_has_no_numerator_or_denominator(mediators):
    assert_refused(
        lambda: mediators.target("FY2568", 5, numerator=1, denominator=2),
        {"numerator": ["Only a percentage indicator has a numerator and denominator."]},
    )


def test_a_negative_count_is_refused(mediators):
    assert_refused(
        lambda: mediators.target("FY2568", -1), {"value": ["A count or amount cannot be negative."]}
    )


def test_a_yes_no_target_is_0_or_1(outcome):
    law = outcome.indicator("1.1.3", "Law adopted", value_type="yes_no", aggregation="latest")

    law.target("FY2567", 0)
    law.target("FY2570", 1)
    assert_refused(
        lambda: law.target("FY2568", 2), {"value": ["A yes/no figure is 1 for yes or 0 for no."]}
    )


def test_a_milestone_target_is_a_text(outcome):
    plan_adopted = outcome.indicator(
        "1.1.4", "Provincial plans adopted", value_type="milestone", aggregation="latest"
    )

    plan_adopted.target(
        "FY2568", texts={"th": "ประกาศใช้แผนระดับจังหวัด", "en": "Provincial plans adopted"}
    )
    assert_refused(
        lambda: plan_adopted.target("FY2569", 1),
        {"value": ["A milestone or qualitative indicator takes a text, not a number."]},
    )


def test_a_target_needs_a_value_or_a_text(mediators):
    assert_refused(lambda: mediators.target("FY2568"), {"value": ["Give a value or a text."]})


# --- Breakdowns -------------------------------------------------------------------------------------


def test_a_target_for_a_province_of_an_indicator_broken_down_only_by_sex_is_refused(
    build, mediators
):
    # Given an indicator broken down by sex only
    mediators.breakdown_by(build.dimension("sex", "female", "male"))
    build.dimension("province", "pattani", "yala")
    # When a target is set for province=pattani, it is refused
    assert_refused(
        lambda: mediators.target(
            "FY2568", 10, breakdown=build.breakdown(build.option("province", "pattani"))
        ),
        {"breakdown": ["“pattani” is not a breakdown of indicator 1.1.1."]},
    )
    # And a target for women is accepted
    mediators.target("FY2568", 10, breakdown=build.breakdown(build.option("sex", "female")))


def test_a_target_for_an_option_the_indicator_leaves_out_is_refused(build, mediators):
    sex = build.dimension("sex", "female", "male")
    services.indicator_set_dimensions(
        actor=SYSTEM,
        indicator=mediators.indicator,
        dimensions=[(sex, [build.option("sex", "female")])],
    )

    assert_refused(
        lambda: mediators.target(
            "FY2568", 10, breakdown=build.breakdown(build.option("sex", "male"))
        ),
        {"breakdown": ["“male” is not a breakdown of indicator 1.1.1."]},
    )


# --- Baselines -------------------------------------------------------------------------------------


def test_a_baseline_follows_the_same_rules_as_targets(build, share):
    share.breakdown_by(build.dimension("sex", "female", "male"))
    build.dimension("province", "pattani")

    assert_refused(
        lambda: share.baseline(120),
        {"value": ["A percentage must be between 0 and 100; 120 is not."]},
    )
    assert_refused(
        lambda: share.baseline(20, breakdown=build.breakdown(build.option("province", "pattani"))),
        {"breakdown": ["“pattani” is not a breakdown of indicator 1.1.2."]},
    )
    assert not Baseline.objects.exists()


def test_a_baseline_is_computed_from_numerator_and_denominator(share):
    baseline = share.baseline(numerator=12, denominator=48, source="NSO Labour Force Survey 2566")

    assert baseline.value == Decimal("25.0000")
