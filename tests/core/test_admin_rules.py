"""The admin refuses what the model refuses, with the model's message beside the field, and saves nothing."""

import pytest

from naptrack.core.services import SYSTEM
from naptrack.frameworks import services
from naptrack.frameworks.models import (
    Assignment,
    Breakdown,
    Indicator,
    IndicatorDimension,
    Plan,
    ResultNode,
    Target,
)
from naptrack.periods.services import period_get_or_create
from tests.builders import IndicatorBuilder
from tests.core.admin_pages import add_inline_row, change_form_data, inline_errors, inline_formset

PERCENTAGE_OVER_100 = "A percentage must be between 0 and 100; 150 is not."
OUTSIDE_THE_PLAN = (
    "FY2572 (Oct 2028 – Sep 2029) is outside the plan, which runs from 1 Oct 2023 to 30 Sep 2027."
)
CYCLE = "A result cannot be placed under itself or under one of its own sub-results."


@pytest.fixture
def nap(build):
    """A NAP of FY2567–FY2570 with a pillar, an outcome and a percentage indicator."""
    plan = build.plan("nap-wps", title="NAP WPS 2567–2570", start="2023-10-01", end="2027-09-30")
    pillar = plan.node("1", "Participation")
    outcome = pillar.child("1.1", "Women take part in peace processes")
    share = outcome.indicator(
        "1.1.1",
        "Share of women negotiators",
        lead="dwf",
        value_type="percentage",
        aggregation="ratio",
    )
    return plan, pillar.node, outcome.node, share.indicator


def target_form(indicator: Indicator, period_code: str, **figures) -> dict:
    return {
        "indicator": indicator.pk,
        "period": period_get_or_create(period_code).pk,
        "_save": "Save",
        **figures,
    }


# --- The target add page ------------------------------------------------------------------------------


def test_a_percentage_target_of_150_is_refused_on_the_target_page(admin_client, nap):
    *_, share = nap

    response = admin_client.post(
        "/en/admin/frameworks/target/add/", target_form(share, "FY2568", value="150")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"value": [PERCENTAGE_OVER_100]}
    assert PERCENTAGE_OVER_100 in response.text
    assert not Target.objects.exists()


def test_a_target_period_outside_the_plan_is_refused_on_the_target_page(admin_client, nap):
    *_, share = nap

    response = admin_client.post(
        "/en/admin/frameworks/target/add/", target_form(share, "FY2572", value="40")
    )

    assert response.context["adminform"].form.errors == {"period": [OUTSIDE_THE_PLAN]}
    assert OUTSIDE_THE_PLAN in response.text
    assert not Target.objects.exists()


def test_the_thai_target_page_refuses_beside_the_same_field(admin_client, nap):
    *_, share = nap

    response = admin_client.post(
        "/th/admin/frameworks/target/add/", target_form(share, "FY2568", value="150")
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["value"]
    assert not Target.objects.exists()


def test_a_second_total_target_for_a_period_is_refused_on_the_target_page(admin_client, nap):
    *_, share = nap
    admin_client.post("/en/admin/frameworks/target/add/", target_form(share, "FY2568", value="40"))

    response = admin_client.post(
        "/en/admin/frameworks/target/add/", target_form(share, "FY2568", value="45")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Target.objects.get().value == 40


def test_a_valid_target_is_saved_with_its_percentage_computed(admin_client, nap):
    *_, share = nap

    response = admin_client.post(
        "/en/admin/frameworks/target/add/",
        target_form(share, "FY2568", numerator="3", denominator="4"),
    )

    assert response.status_code == 302
    assert Target.objects.get().value == 75


# --- The indicator page and its inlines ----------------------------------------------------------------


def indicator_page(admin_client, indicator: Indicator):
    url = f"/en/admin/frameworks/indicator/{indicator.pk}/change/"
    return url, admin_client.get(url)


def test_a_percentage_target_of_150_is_refused_in_the_indicator_page(admin_client, nap):
    # Given the indicator page of a percentage indicator
    *_, share = nap
    url, page = indicator_page(admin_client, share)
    # When a target of 150 for FY2568 is added and saved
    data = add_inline_row(
        change_form_data(page),
        page,
        "target",
        {"period": period_get_or_create("FY2568"), "value": "150"},
    )
    response = admin_client.post(url, data)
    # Then the page comes back with the message beside the value, and nothing is saved
    assert response.status_code == 200
    assert inline_errors(response, "target") == [{"value": [PERCENTAGE_OVER_100]}]
    assert PERCENTAGE_OVER_100 in response.text
    assert not Target.objects.exists()


def test_a_target_period_outside_the_plan_is_refused_in_the_indicator_page(admin_client, nap):
    *_, share = nap
    url, page = indicator_page(admin_client, share)

    data = add_inline_row(
        change_form_data(page),
        page,
        "target",
        {"period": period_get_or_create("FY2572"), "value": "40"},
    )
    response = admin_client.post(url, data)

    assert inline_errors(response, "target") == [{"period": [OUTSIDE_THE_PLAN]}]
    assert not Target.objects.exists()


def test_two_total_targets_for_one_period_are_refused_not_crashed_on(admin_client, nap):
    *_, share = nap
    url, page = indicator_page(admin_client, share)
    fy2568 = period_get_or_create("FY2568")

    data = change_form_data(page)
    add_inline_row(data, page, "target", {"period": fy2568, "value": "40"})
    add_inline_row(data, page, "target", {"period": fy2568, "value": "45"})
    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "target") == [
        {},
        {"period": ["This indicator already has a target in total for this period."]},
    ]
    assert not Target.objects.exists()


def test_two_lead_agencies_added_together_are_refused_not_crashed_on(admin_client, build, nap):
    *_, share = nap
    Assignment.objects.filter(indicator=share).delete()
    url, page = indicator_page(admin_client, share)

    data = change_form_data(page)
    add_inline_row(
        data,
        page,
        "assignment",
        {"organization": build.organization("sbpac"), "role": "lead", "reports": True},
    )
    add_inline_row(
        data,
        page,
        "assignment",
        {"organization": build.organization("mfa"), "role": "lead", "reports": True},
    )
    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "assignment") == [
        {},
        {"role": ["This indicator already has a lead agency; add this one as supporting."]},
    ]
    assert not Assignment.objects.exists()


def test_a_second_lead_agency_is_refused_in_the_indicator_page(admin_client, build, nap):
    *_, share = nap
    url, page = indicator_page(admin_client, share)

    data = add_inline_row(
        change_form_data(page),
        page,
        "assignment",
        {"organization": build.organization("sbpac"), "role": "lead", "reports": True},
    )
    response = admin_client.post(url, data)

    assert inline_errors(response, "assignment") == [
        {},
        {"role": ["This indicator already has a lead agency; add this one as supporting."]},
    ]
    assert share.assignments.count() == 1


def test_a_valid_target_is_saved_from_the_indicator_page(admin_client, nap):
    *_, share = nap
    url, page = indicator_page(admin_client, share)

    data = add_inline_row(
        change_form_data(page),
        page,
        "target",
        {"period": period_get_or_create("FY2568"), "numerator": "1", "denominator": "4"},
    )
    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert [(t.period.code, t.value) for t in share.targets.all()] == [("FY2568", 25)]


def test_summing_a_percentage_is_refused_on_the_indicator_page(admin_client, nap):
    *_, share = nap
    url, page = indicator_page(admin_client, share)

    response = admin_client.post(url, {**change_form_data(page), "aggregation": "sum"})

    assert response.context["adminform"].form.errors == {
        "aggregation": [
            "Values of type “Percentage (numerator ÷ denominator)” cannot be combined by “Sum”; "
            "choose one of: Latest, Sum of numerators ÷ sum of denominators."
        ]
    }
    assert Indicator.objects.get(pk=share.pk).aggregation == "ratio"


def test_a_second_baseline_in_total_is_refused_not_crashed_on(admin_client, nap):
    *_, share = nap
    url, page = indicator_page(admin_client, share)

    data = change_form_data(page)
    add_inline_row(data, page, "baseline", {"value": "20"})
    add_inline_row(data, page, "baseline", {"value": "25"})
    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "baseline") == [
        {},
        {"__all__": ["This indicator already has a baseline in total."]},
    ]
    assert not share.baselines.exists()


def test_the_indicator_page_holds_totals_and_links_to_figures_by_breakdown(
    admin_client, build, nap
):
    # Given an indicator with a total target and a target for women
    *_, share = nap
    share_builder = IndicatorBuilder(share).breakdown_by(build.dimension("sex", "female", "male"))
    share_builder.target("FY2568", 40)
    share_builder.target("FY2568", 45, breakdown=build.breakdown(build.option("sex", "female")))
    # When its page is opened
    url, page = indicator_page(admin_client, share)
    # Then only the total is a row, and the target for women is one link away
    assert [form.instance.value for form in inline_formset(page, "target").forms] == [40]
    link = f"/en/admin/frameworks/target/?indicator__id__exact={share.pk}"
    assert link in page.text
    assert "Targets by breakdown: 1" in page.text
    listed = admin_client.get(link)
    # (sorted: the model orders by breakdown key, and NULL sorts first on SQLite, last on PostgreSQL)
    assert sorted(t.value for t in listed.context["cl"].result_list) == [40, 45]


def test_a_target_for_a_breakdown_the_indicator_lacks_is_refused_on_the_target_page(
    admin_client, build, nap
):
    # Given a percentage indicator broken down by sex only
    *_, share = nap
    IndicatorBuilder(share).breakdown_by(build.dimension("sex", "female", "male"))
    build.dimension("province", "pattani")
    pattani = build.breakdown(build.option("province", "pattani"))
    # When a target for Pattani is added, it is refused beside the breakdown
    response = admin_client.post(
        "/en/admin/frameworks/target/add/",
        target_form(share, "FY2568", value="40", breakdown=pattani.pk),
    )

    assert response.context["adminform"].form.errors == {
        "breakdown": ["“pattani” is not a breakdown of indicator 1.1.1."]
    }
    assert not Target.objects.exists()


def test_a_second_target_for_the_same_breakdown_is_refused_on_the_target_page(
    admin_client, build, nap
):
    *_, share = nap
    IndicatorBuilder(share).breakdown_by(build.dimension("sex", "female", "male"))
    women = build.breakdown(build.option("sex", "female"))
    admin_client.post(
        "/en/admin/frameworks/target/add/",
        target_form(share, "FY2568", value="40", breakdown=women.pk),
    )

    response = admin_client.post(
        "/en/admin/frameworks/target/add/",
        target_form(share, "FY2568", value="45", breakdown=women.pk),
    )

    assert response.context["adminform"].form.errors == {
        "__all__": ["This indicator already has a target for this period and breakdown."]
    }
    assert Target.objects.get().value == 40


def test_targets_are_added_once_the_indicator_exists(admin_client, nap):
    response = admin_client.get("/en/admin/frameworks/indicator/add/")

    assert response.context["inline_admin_formsets"] == []


# --- The result page ----------------------------------------------------------------------------------


def test_a_pillar_moved_under_its_own_outcome_is_refused_on_the_result_page(admin_client, nap):
    # Given the page of a pillar with an outcome under it
    _, pillar, outcome, _ = nap
    url = f"/en/admin/frameworks/resultnode/{pillar.pk}/change/"
    page = admin_client.get(url)
    # When the pillar is placed under its outcome and saved
    response = admin_client.post(url, {**change_form_data(page), "parent": str(outcome.pk)})
    # Then the cycle is refused beside the parent, and the tree is unchanged
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"parent": [CYCLE]}
    assert CYCLE in response.text
    assert ResultNode.objects.get(pk=pillar.pk).parent is None


def test_an_indicator_added_on_the_result_page_joins_the_results_plan(admin_client, nap):
    plan, _, outcome, _ = nap
    url = f"/en/admin/frameworks/resultnode/{outcome.pk}/change/"
    page = admin_client.get(url)

    row = {
        "code": "1.1.2",
        "name_en": "Women mediators",
        "value_type": "number",
        "aggregation": "sum",
        "cumulative_mode": "per_period",
        "sort_order": "2",
    }
    response = admin_client.post(
        url, add_inline_row(change_form_data(page), page, "indicator", row)
    )

    assert response.status_code == 302
    assert Indicator.objects.get(code="1.1.2").plan == plan.plan


def test_a_rule_on_a_field_the_row_does_not_show_is_shown_on_the_row(admin_client, build, nap):
    # Given a count indicator whose life-of-plan target is 150 people
    _, _, outcome, _ = nap
    mediators = IndicatorBuilder(
        services.indicator_create(
            actor=SYSTEM,
            node=outcome,
            code="1.1.2",
            name_en="Women mediators",
            life_target_value=150,
        )
    )
    url = f"/en/admin/frameworks/resultnode/{outcome.pk}/change/"
    page = admin_client.get(url)
    # When its compact row on the result page turns it into a percentage
    data = change_form_data(page)
    row = next(
        i
        for i, form in enumerate(inline_formset(page, "indicator").forms)
        if form.instance.pk == mediators.indicator.pk
    )
    prefix = inline_formset(page, "indicator").prefix
    data.update(
        {f"{prefix}-{row}-value_type": "percentage", f"{prefix}-{row}-aggregation": "ratio"}
    )
    response = admin_client.post(url, data)
    # Then the rule about the life-of-plan target is shown on the row instead of an error page
    assert response.status_code == 200
    assert inline_errors(response, "indicator")[row] == {
        "__all__": ["A percentage must be between 0 and 100; 150.0000 is not."]
    }
    assert Indicator.objects.get(pk=mediators.indicator.pk).value_type == "number"


# --- The plan page ------------------------------------------------------------------------------------


def test_a_plan_ending_before_it_starts_is_refused_once_beside_its_end(admin_client, nap):
    plan, *_ = nap
    url = f"/en/admin/frameworks/plan/{plan.plan.pk}/change/"
    page = admin_client.get(url)

    response = admin_client.post(url, {**change_form_data(page), "end_date": "2023-01-01"})

    assert response.context["adminform"].form.errors == {
        "end_date": ["A plan must end after it starts."]
    }
    assert Plan.objects.get(pk=plan.plan.pk).end_date.isoformat() == "2027-09-30"


def test_a_plan_page_saved_unchanged_is_accepted(admin_client, nap):
    plan, *_ = nap
    url = f"/en/admin/frameworks/plan/{plan.plan.pk}/change/"

    response = admin_client.post(url, change_form_data(admin_client.get(url)))

    assert response.status_code == 302


# --- Breakdowns ---------------------------------------------------------------------------------------


def test_a_breakdown_is_made_from_its_options_with_its_key(admin_client, build, db):
    build.dimension("sex", "female", "male")
    build.dimension("province", "pattani")
    female, pattani = build.option("sex", "female"), build.option("province", "pattani")

    response = admin_client.post(
        "/en/admin/frameworks/breakdown/add/", {"options": [female.pk, pattani.pk], "_save": "Save"}
    )
    again = admin_client.post(
        "/en/admin/frameworks/breakdown/add/", {"options": [pattani.pk, female.pk], "_save": "Save"}
    )

    assert response.status_code == 302
    assert again.context["adminform"].form.errors == {
        "options": ["A breakdown with these options exists already."]
    }
    assert [(b.key, b.options.count()) for b in Breakdown.objects.all()] == [
        ("province=pattani;sex=female", 2)
    ]


def test_a_breakdown_takes_one_option_per_dimension(admin_client, build, db):
    build.dimension("sex", "female", "male")

    response = admin_client.post(
        "/en/admin/frameworks/breakdown/add/",
        {
            "options": [build.option("sex", "female").pk, build.option("sex", "male").pk],
            "_save": "Save",
        },
    )

    assert response.context["adminform"].form.errors == {
        "options": ["A breakdown takes one option per dimension."]
    }
    assert not Breakdown.objects.exists()


def test_an_indicator_breakdown_uses_options_of_its_own_dimension(admin_client, build, nap):
    *_, share = nap
    sex = build.dimension("sex", "female", "male")
    build.dimension("province", "pattani")

    response = admin_client.post(
        "/en/admin/frameworks/indicatordimension/add/",
        {
            "indicator": share.pk,
            "dimension": sex.pk,
            "options": [build.option("province", "pattani").pk],
            "sort_order": "0",
            "_save": "Save",
        },
    )

    assert response.context["adminform"].form.errors == {
        "options": ["“pattani” is not an option of sex."]
    }
    assert not IndicatorDimension.objects.exists()
