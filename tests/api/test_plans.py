"""Plans: list, detail, the results tree, languages and who may see drafts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.frameworks.selectors import plan_list_for_api


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["results"]]


def test_anonymous_visitors_list_published_plans_with_their_counts(frameworks, api):
    response = api.get("plans/")

    assert response.status_code == 200
    assert codes(response) == ["nap-wps"]
    plan = response.json()["results"][0]
    assert plan["kind"] == "nap"
    assert plan["title_en"] == "NAP on Women, Peace and Security"
    assert plan["title_vi"] == "Kế hoạch hành động về Phụ nữ, Hòa bình và An ninh"
    assert plan["owner"]["code"] == "dwf"
    assert plan["owner"]["name_en"] == "Department of Women's Affairs"
    assert plan["area"] == {"code": "TH", "level": "country", "name": "Thailand"}
    assert (plan["start_date"], plan["end_date"], plan["calendar"]) == (
        "2023-10-01",
        "2027-09-30",
        "thai_fiscal",
    )
    assert (plan["status"], plan["version"], plan["has_demo_figures"]) == ("published", 1, True)
    assert [level["name_en"] for level in plan["levels"]] == ["Pillar", "Outcome", "Output"]
    assert (plan["indicator_count"], plan["node_count"]) == (2, 3)


def test_a_plan_is_found_by_its_code_with_its_description(frameworks, api):
    response = api.get("plans/nap-wps/", lang="en")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "nap-wps"
    assert body["description"] == "Thailand's second NAP."
    assert body["languages"] == ["th", "en"]
    assert body["indicator_count"] == 2


@pytest.mark.parametrize(
    ("params", "headers", "title"),
    [
        ({}, {}, "แผนปฏิบัติการด้านสตรี สันติภาพ และความมั่นคง"),
        ({"lang": "en"}, {}, "NAP on Women, Peace and Security"),
        ({"lang": "vi"}, {}, "Kế hoạch hành động về Phụ nữ, Hòa bình và An ninh"),
        ({}, {"Accept-Language": "en-GB,en;q=0.8"}, "NAP on Women, Peace and Security"),
        ({"lang": "th"}, {"Accept-Language": "vi"}, "แผนปฏิบัติการด้านสตรี สันติภาพ และความมั่นคง"),
    ],
)
def test_the_title_follows_lang_then_accept_language_then_thai(
    frameworks, api, params, headers, title
):
    response = api.get("plans/nap-wps/", headers=headers, **params)

    assert response.json()["title"] == title
    assert response["Content-Language"] == (
        params.get("lang") or headers.get("Accept-Language", "th")[:2]
    )


def test_lang_lasts_for_one_request_only(frameworks, api):
    api.get("plans/nap-wps/", lang="vi")

    assert api.get("plans/nap-wps/").json()["title"] == "แผนปฏิบัติการด้านสตรี สันติภาพ และความมั่นคง"


def test_an_unknown_language_answers_400_in_the_accepted_language(frameworks, api):
    response = api.get("plans/", lang="fr", headers={"Accept-Language": "en"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some query parameters are not valid.",
        "errors": {"lang": ['"fr" is not a valid choice.']},
    }
    assert api.get("plans/", lang="fr").json()["errors"] == {"lang": ['"fr" ไม่ใช่ตัวเลือกที่ถูกต้อง']}


def test_plans_are_filtered_by_kind_status_owner_and_area(frameworks, build, api):
    build.plan("rtp-plan", owner="rtp", kind="ministry_plan", status="closed")

    assert codes(api.get("plans/", kind="ministry_plan")) == ["rtp-plan"]
    assert codes(api.get("plans/", status="published")) == ["nap-wps"]
    assert codes(api.get("plans/", owner="dwf")) == ["nap-wps"]
    assert codes(api.get("plans/", area="TH")) == ["nap-wps"]
    assert codes(api.get("plans/", status="draft")) == []


def test_the_tree_nests_results_with_their_indicators(frameworks, api):
    response = api.get("plans/nap-wps/tree/", lang="en")

    assert response.status_code == 200
    body = response.json()
    assert body["plan"]["code"] == "nap-wps"
    [pillar] = body["nodes"]
    assert (pillar["code"], pillar["depth"], pillar["level_name"], pillar["indicator_count"]) == (
        "1",
        1,
        "Pillar",
        2,
    )
    [outcome] = pillar["children"]
    assert (outcome["code"], outcome["level_name"]) == ("1.1", "Outcome")
    assert [i["code"] for i in outcome["indicators"]] == ["1.1.a"]
    [output] = outcome["children"]
    [mediators] = output["indicators"]
    assert output["level_name"] == "Output" and output["children"] == []
    assert mediators["lead_agency"]["code"] == "dwf"
    assert [a["code"] for a in mediators["supporting_agencies"]] == ["rtp"]
    assert (mediators["unit"], mediators["life_target_value"]) == ("persons", 120.0)


# --- Who may see drafts -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_a_draft_is_invisible_to_outsiders_and_answers_404(frameworks, api, who):
    if who != "anonymous":
        api.login(getattr(frameworks, who))

    assert codes(api.get("plans/")) == ["nap-wps"]
    assert codes(api.get("plans/", status="draft")) == []
    for path in ["plans/mfa-draft/", "plans/mfa-draft/tree/"]:
        response = api.get(path)
        assert response.status_code == 404, path
        # Word for word what a plan that does not exist answers.
        assert response.json() == api.get("plans/no-such-plan/").json() == {"detail": "ไม่พบ"}


@pytest.mark.parametrize("who", ["owner_member", "assigned_member", "admin"])
def test_a_draft_is_visible_to_the_owner_the_assigned_agencies_and_admins(frameworks, api, who):
    api.login(getattr(frameworks, who))

    response = api.get("plans/")

    assert codes(response) == ["mfa-draft", "nap-wps"]
    draft = response.json()["results"][0]
    assert draft["status"] == "draft"
    # All of the draft's indicators, not only the one the member's agency is assigned to.
    assert (draft["indicator_count"], draft["node_count"]) == (2, 1)
    assert api.get("plans/mfa-draft/").status_code == 200
    assert api.get("plans/mfa-draft/tree/").status_code == 200


def test_the_code_of_a_parent_plan_is_shown_only_to_those_who_may_see_it(frameworks, build, api):
    build.plan("mfa-child", owner="mfa", parent=frameworks.draft)

    assert api.get("plans/mfa-child/").json()["parent"] is None
    api.login(frameworks.owner_member)
    assert api.get("plans/mfa-child/").json()["parent"] == "mfa-draft"


# --- Queries ----------------------------------------------------------------------------------


def make_plans(build, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        plan = build.plan(f"plan-{n:02d}", owner=f"org-{n % 3}")
        pillar = plan.node("1", "Pillar")
        pillar.indicator("1.a", "Indicator", lead="dwf").supported_by(build.organization("rtp"))
        pillar.child("1.1", "Outcome").indicator("1.1.a", "Indicator", lead="rtp")


@pytest.mark.parametrize("login", [False, True])
def test_the_plan_list_takes_the_same_few_queries_for_any_number_of_plans(
    build, api, login, django_assert_max_num_queries
):
    if login:
        api.login(build.user("member", organization="dwf", role="viewer"))
    make_plans(build, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(api.get("plans/").json()["results"]) == 2
    make_plans(build, 8, start=2)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("plans/").json()["results"]) == 10
    # count, page, level names; with a session: the session, the user, then admin and membership checks
    assert len(few.captured_queries) <= (7 if login else 3)


def test_plan_list_for_api_counts_every_indicator_of_a_draft_seen_through_an_assignment(frameworks):
    plans = {plan.code: plan for plan in plan_list_for_api(frameworks.assigned_member)}

    assert plans["mfa-draft"].indicator_count == 2
