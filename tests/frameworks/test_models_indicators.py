"""Rules of indicators: value types and how values combine, lead agencies, the life-of-plan target."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from naptrack.core.services import SYSTEM
from naptrack.frameworks import services
from naptrack.frameworks.models import Assignment, AssignmentRole, Indicator
from tests.core.refusals import assert_refused


@pytest.fixture
def outcome(build):
    plan = build.plan("nap-wps", start="2023-10-01", end="2027-09-30")
    return plan.node("1", "Participation").child("1.1", "Women take part in peace processes")


def test_a_percentage_cannot_be_summed_across_agencies(outcome):
    assert_refused(
        lambda: outcome.indicator(
            "1.1.1", "Share of women negotiators", value_type="percentage", aggregation="sum"
        ),
        {
            "aggregation": [
                "Values of type “Percentage (numerator ÷ denominator)” cannot be combined by “Sum”; "
                "choose one of: Latest, Sum of numerators ÷ sum of denominators."
            ]
        },
    )
    assert not Indicator.objects.exists()


def test_a_percentage_is_combined_as_a_ratio_of_sums(outcome):
    share = outcome.indicator(
        "1.1.1", "Share of women negotiators", value_type="percentage", aggregation="ratio"
    ).indicator

    assert share.unit == "%"


def test_a_yes_no_indicator_cannot_be_averaged(outcome):
    assert_refused(
        lambda: outcome.indicator(
            "1.1.2", "Law adopted", value_type="yes_no", aggregation="average"
        ),
        {
            "aggregation": [
                "Values of type “Yes / no” cannot be combined by “Average”; choose one of: Latest, Maximum."
            ]
        },
    )


def test_an_unknown_value_type_is_reported_not_crashed_on(outcome):
    assert_refused(
        lambda: outcome.indicator("1.1.3", "Typo", value_type="percent", aggregation="ratio"),
        {"value_type": ["Value 'percent' is not a valid choice."]},
    )


def test_an_indicator_needs_a_name_in_at_least_one_language(outcome):
    assert_refused(
        lambda: services.indicator_create(actor=SYSTEM, node=outcome.node, code="1.1.4"),
        {"name_en": ["Give a name in at least one language."]},
    )


def test_an_indicator_stays_in_the_plan_of_its_result(build, outcome):
    other_plan = build.plan("seal", title="Gender Equality Seal").plan
    indicator = outcome.indicator("1.1.5", "Women mediators").indicator
    indicator.plan = other_plan

    assert_refused(
        indicator.full_clean, {"node": ["The result must belong to the indicator's plan."]}
    )


# --- Lead and supporting agencies ------------------------------------------------------------------


def test_an_indicator_has_one_lead_agency_and_any_number_of_supporting_ones(build, outcome):
    indicator = (
        outcome.indicator("1.1.1", "Women mediators", lead="dwf")
        .supported_by(build.organization("sbpac"))
        .indicator
    )

    roles = {a.organization.code: a.role for a in indicator.assignments.all()}
    assert roles == {"dwf": AssignmentRole.LEAD, "sbpac": AssignmentRole.SUPPORT}


def test_a_second_lead_agency_is_refused(build, outcome):
    # Given an indicator led by the Department of Women's Affairs
    indicator = outcome.indicator("1.1.1", "Women mediators", lead="dwf").indicator
    # When the SBPAC is made a second lead, it is refused
    assert_refused(
        lambda: services.assignment_set(
            actor=SYSTEM, indicator=indicator, organization=build.organization("sbpac"), role="lead"
        ),
        {"role": ["This indicator already has a lead agency; add this one as supporting."]},
    )
    assert indicator.assignments.count() == 1


def test_the_lead_agency_can_be_set_again_without_refusal(outcome):
    indicator = outcome.indicator("1.1.1", "Women mediators", lead="dwf").indicator
    dwf = indicator.assignments.get().organization

    services.assignment_set(
        actor=SYSTEM, indicator=indicator, organization=dwf, role="lead", reports=False
    )

    assert indicator.assignments.get().reports is False


def test_the_database_refuses_a_second_lead_agency_that_skipped_validation(build, outcome):
    indicator = outcome.indicator("1.1.1", "Women mediators", lead="dwf").indicator

    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            indicator=indicator, organization=build.organization("sbpac"), role=AssignmentRole.LEAD
        )

    assert indicator.assignments.count() == 1


# --- The life-of-plan target ----------------------------------------------------------------------------


def test_the_life_of_plan_target_is_stored_and_never_the_sum_of_period_targets(outcome):
    # Given an indicator whose plan-wide target is 100 mediators
    mediators = outcome.indicator("1.1.1", "Women mediators", lead="dwf", life_target_value=100)
    # When the four fiscal years are given targets that add up to 160
    for code, value in [("FY2567", 20), ("FY2568", 40), ("FY2569", 50), ("FY2570", 50)]:
        mediators.target(code, value)
    # Then the life-of-plan target is still the one stored
    assert Indicator.objects.get(pk=mediators.indicator.pk).life_target_value == Decimal("100")


def test_an_indicator_without_a_life_of_plan_target_does_not_get_one_from_its_periods(outcome):
    mediators = outcome.indicator("1.1.1", "Women mediators", lead="dwf")

    mediators.target("FY2567", 20)
    mediators.target("FY2568", 40)

    assert Indicator.objects.get(pk=mediators.indicator.pk).life_target_value is None


def test_the_life_of_plan_target_follows_the_value_type(outcome):
    assert_refused(
        lambda: outcome.indicator(
            "1.1.1",
            "Share of women negotiators",
            value_type="percentage",
            aggregation="ratio",
            life_target_value=150,
        ),
        {"life_target_value": ["A percentage must be between 0 and 100; 150 is not."]},
    )


def test_a_life_of_plan_target_can_be_a_text(outcome):
    law = outcome.indicator(
        "1.1.2",
        "Law adopted",
        value_type="milestone",
        aggregation="latest",
        life_target_text_th="ประกาศใช้กฎหมาย",
    )

    assert law.indicator.life_target_text == "ประกาศใช้กฎหมาย"
