"""Indicators: the full definition, filters, visibility and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["results"]]


def test_an_indicator_has_its_whole_definition(frameworks, api):
    response = api.get(f"indicators/{frameworks.indicator.pk}/", lang="en")

    assert response.status_code == 200
    body = response.json()
    assert (body["plan"], body["code"], body["node"]["code"]) == ("nap-wps", "1.1.1.a", "1.1.1")
    assert (body["name"], body["unit"], body["unit_th"]) == (
        "Women trained as mediators",
        "persons",
        "คน",
    )
    assert (body["value_type"], body["direction"], body["cumulative_mode"]) == (
        "number",
        "increase",
        "cumulative",
    )
    assert (body["aggregation"], body["frequency"], body["life_target_value"]) == (
        "sum",
        "annual",
        120.0,
    )
    assert body["lead_agency"] == {
        "code": "dwf",
        "name": "Department of Women's Affairs",
        "abbreviation": "DWF",
        "role": "lead",
        "reports": True,
    }
    assert [a["code"] for a in body["supporting_agencies"]] == ["rtp"]
    assert [(d["code"], [o["code"] for o in d["options"]]) for d in body["dimensions"]] == [
        ("sex", ["female", "male"]),
        ("province", ["th-90"]),
    ]
    assert body["dimensions"][1]["options"][0]["area"] == "TH-90"
    assert body["references"] == [
        {
            "framework": "sdg",
            "code": "5.5.2",
            "title": "Women in managerial positions",
            "title_th": "",
            "title_en": "Women in managerial positions",
            "title_vi": "",
        }
    ]


def test_baselines_and_targets_carry_period_breakdown_and_demo_flag(frameworks, api):
    body = api.get(f"indicators/{frameworks.indicator.pk}/", lang="en").json()

    assert [(b["value"], b["breakdown_key"], b["is_demo"]) for b in body["baselines"]] == [
        (10.0, None, True),
        (6.0, "sex=female", True),
    ]
    assert body["baselines"][0]["source"] == "DWF survey 2566"
    assert [(t["period"]["code"], t["value"], t["breakdown_key"]) for t in body["targets"]] == [
        ("FY2568", 30.0, None),
        ("FY2568", 20.0, "sex=female"),
        ("FY2569", 60.0, None),
    ]
    female_target = body["targets"][1]
    assert female_target["breakdown"] == [{"dimension": "sex", "code": "female", "name": "female"}]
    assert female_target["period"]["label"] == "FY2568 (Oct 2024 – Sep 2025)"
    assert api.get(f"indicators/{frameworks.indicator.pk}/", lang="th").json()["targets"][0][
        "period"
    ]["label"] == ("ปีงบประมาณ พ.ศ. 2568")


def test_a_percentage_target_keeps_numerator_and_denominator(frameworks, api):
    body = api.get(f"indicators/{frameworks.percentage.pk}/").json()

    assert body["unit"] == "%"
    [target] = body["targets"]
    assert (target["numerator"], target["denominator"], target["value"], target["is_demo"]) == (
        3.0,
        10.0,
        30.0,
        False,
    )


def test_indicators_are_filtered_by_plan_node_organization_and_value_type(frameworks, api):
    assert codes(api.get("indicators/", plan="nap-wps")) == ["1.1.1.a", "1.1.a"]
    assert codes(api.get("indicators/", node=frameworks.outcome.pk)) == ["1.1.a"]
    assert codes(api.get("indicators/", organization="dwf")) == ["1.1.1.a"]
    assert codes(api.get("indicators/", organization="rtp")) == ["1.1.1.a", "1.1.a"]
    assert codes(api.get("indicators/", value_type="percentage")) == ["1.1.a"]
    assert codes(api.get("indicators/", plan="no-such-plan")) == []


@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_indicators_of_a_draft_are_404_to_outsiders(frameworks, api, who):
    if who != "anonymous":
        api.login(getattr(frameworks, who))

    assert api.get(f"indicators/{frameworks.draft_indicator.pk}/").status_code == 404
    assert codes(api.get("indicators/", plan="mfa-draft")) == []
    assert "A.1" not in codes(api.get("indicators/"))


def test_indicators_of_a_draft_are_shown_to_a_member_of_the_owner(frameworks, api):
    api.login(frameworks.owner_member)

    assert api.get(f"indicators/{frameworks.draft_indicator.pk}/").status_code == 200
    assert codes(api.get("indicators/", plan="mfa-draft")) == ["A.1", "A.2"]


def make_indicators(build, plan, count: int, start: int = 0) -> None:
    sex = build.dimension("sex", "female", "male")
    female = build.breakdown(build.option("sex", "female"))
    node = plan.node(f"p{start}", "Pillar")
    for n in range(start, start + count):
        ind = node.indicator(f"i{n:02d}", "Indicator", lead="dwf").supported_by(
            build.organization("rtp")
        )
        ind.breakdown_by(sex)
        ind.baseline(1)
        ind.baseline(1, breakdown=female)
        ind.target("FY2568", 5)
        ind.target("FY2568", 2, breakdown=female)


@pytest.mark.parametrize("login", [False, True])
def test_the_indicator_list_takes_the_same_queries_for_any_number_of_indicators(
    build, api, login, django_assert_max_num_queries
):
    if login:
        api.login(build.user("member", organization="dwf", role="viewer"))
    plan = build.plan("nap")
    make_indicators(build, plan, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(api.get("indicators/").json()["results"]) == 2
    make_indicators(build, plan, 10, start=2)
    build.plan("other-plan").node("1", "Pillar").indicator("1.a", "Other", lead="rtp")

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("indicators/").json()["results"]) == 13
    assert len(few.captured_queries) <= (15 if login else 11)
