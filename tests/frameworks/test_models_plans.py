"""Rules of plans and their results trees."""

import pytest

from naptrack.core.services import SYSTEM
from naptrack.frameworks import services
from naptrack.frameworks.models import Plan, ResultNode
from tests.core.refusals import assert_refused


@pytest.fixture
def nap(build):
    """Thailand's NAP WPS 2567–2570 with a pillar, an outcome and an output."""
    plan = build.plan("nap-wps", title="NAP WPS 2567–2570", start="2023-10-01", end="2027-09-30")
    pillar = plan.node("1", "Participation")
    outcome = pillar.child("1.1", "Women take part in peace processes")
    output = outcome.child("1.1.1", "Women mediators trained")
    return plan, pillar.node, outcome.node, output.node


# --- Plans ----------------------------------------------------------------------------------------


def test_a_plan_names_the_levels_of_its_tree(nap):
    plan, pillar, outcome, output = nap

    assert [level.name for level in plan.plan.levels.all()] == ["Pillar", "Outcome", "Output"]
    assert (pillar.level_name(), outcome.level_name(), output.level_name()) == (
        "Pillar",
        "Outcome",
        "Output",
    )


def test_a_plan_cannot_end_before_it_starts(build):
    assert_refused(
        lambda: build.plan("backwards", start="2027-09-30", end="2023-10-01"),
        {"end_date": ["A plan must end after it starts."]},
    )
    assert not Plan.objects.filter(code="backwards").exists()


def test_a_plan_cannot_end_on_the_day_it_starts(build):
    assert_refused(
        lambda: build.plan("one-day", start="2024-10-01", end="2024-10-01"),
        {"end_date": ["A plan must end after it starts."]},
    )


def test_a_plan_cannot_support_a_plan_that_supports_it(build):
    # Given a ministry plan that supports the national plan
    national = build.plan("nap-wps").plan
    ministry = build.plan("msdhs-plan", owner="msdhs", parent=national).plan
    # When the national plan is made to support the ministry plan, it is refused
    assert_refused(
        lambda: services.plan_update(actor=SYSTEM, plan=national, parent=ministry),
        {"parent": ["A plan cannot support itself or a plan that supports it."]},
    )
    assert Plan.objects.get(pk=national.pk).parent is None


def test_a_plan_cannot_support_itself(build):
    plan = build.plan("nap-wps").plan

    assert_refused(
        lambda: services.plan_update(actor=SYSTEM, plan=plan, parent=plan),
        {"parent": ["A plan cannot support itself or a plan that supports it."]},
    )


def test_a_plan_needs_a_title_in_at_least_one_language(build):
    plan = build.plan("nap-wps").plan

    assert_refused(
        lambda: services.plan_update(
            actor=SYSTEM, plan=plan, title_th="", title_en="", title_vi=""
        ),
        {"title_en": ["Give a title in at least one language."]},
    )


def test_a_plan_titled_only_in_vietnamese_is_valid(build):
    plan = build.plan("vn-nap").plan

    services.plan_update(
        actor=SYSTEM, plan=plan, title_th="", title_en="", title_vi="Kế hoạch hành động quốc gia"
    )

    assert Plan.objects.get(pk=plan.pk).title == "Kế hoạch hành động quốc gia"


# --- The results tree --------------------------------------------------------------------------------


def test_a_pillar_cannot_be_moved_under_its_own_outcome(nap):
    # Given a pillar with an outcome under it
    _, pillar, outcome, _ = nap
    # When the pillar is moved under that outcome, the cycle is refused
    assert_refused(
        lambda: services.node_move(actor=SYSTEM, node=pillar, parent=outcome),
        {"parent": ["A result cannot be placed under itself or under one of its own sub-results."]},
    )
    # And the tree is unchanged
    assert ResultNode.objects.get(pk=pillar.pk).parent is None


def test_a_pillar_cannot_be_moved_under_a_result_further_down(nap):
    _, pillar, _, output = nap

    assert_refused(
        lambda: services.node_move(
            actor=SYSTEM, node=pillar, parent=ResultNode.objects.get(pk=output.pk)
        ),
        {"parent": ["A result cannot be placed under itself or under one of its own sub-results."]},
    )


def test_a_result_cannot_be_placed_under_itself(nap):
    _, _, outcome, _ = nap

    assert_refused(
        lambda: services.node_move(actor=SYSTEM, node=outcome, parent=outcome),
        {"parent": ["A result cannot be placed under itself or under one of its own sub-results."]},
    )


def test_a_result_can_move_to_another_pillar(nap):
    plan, _, outcome, _ = nap
    prevention = plan.node("2", "Prevention").node

    services.node_move(actor=SYSTEM, node=outcome, parent=prevention)

    assert ResultNode.objects.get(pk=outcome.pk).parent == prevention


def test_a_result_cannot_have_its_parent_in_another_plan(build, nap):
    # Given a second plan with its own pillar
    other_pillar = build.plan("seal", title="Gender Equality Seal").node("A", "Leadership").node
    _, pillar, _, _ = nap
    # When a result of the NAP is placed under it, it is refused
    assert_refused(
        lambda: services.node_create(
            actor=SYSTEM, plan=pillar.plan, parent=other_pillar, code="1.9", title_en="Stray"
        ),
        {"parent": ["The parent must belong to the same plan."]},
    )


def test_a_result_needs_a_title_in_at_least_one_language(nap):
    plan, _, _, _ = nap

    assert_refused(
        lambda: services.node_create(actor=SYSTEM, plan=plan.plan, code="9"),
        {"title_en": ["Give a title in at least one language."]},
    )


def test_a_result_code_is_unique_in_its_plan(nap):
    plan, _, _, _ = nap

    assert_refused(
        lambda: services.node_create(actor=SYSTEM, plan=plan.plan, code="1", title_en="Again"),
        {"__all__": ["Result with this Plan and Code already exists."]},
    )
