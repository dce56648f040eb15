"""Results (pillars, outcomes, outputs) as a flat list, filtered by plan and parent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["results"]]


def test_a_result_shows_its_depth_level_and_parent(frameworks, api):
    response = api.get(f"nodes/{frameworks.outcome.pk}/", lang="en")

    assert response.status_code == 200
    body = response.json()
    assert (body["plan"], body["code"], body["depth"], body["level_name"]) == (
        "nap-wps",
        "1.1",
        2,
        "Outcome",
    )
    assert (body["parent"], body["parent_code"]) == (frameworks.pillar.pk, "1")
    assert (body["title"], body["weight"], body["indicator_count"]) == (
        "Women take part in peace processes",
        1.0,
        1,
    )


def test_results_are_filtered_by_plan_and_parent(frameworks, api):
    assert sorted(codes(api.get("nodes/", plan="nap-wps"))) == ["1", "1.1", "1.1.1"]
    assert codes(api.get("nodes/", parent=frameworks.pillar.pk)) == ["1.1"]
    assert codes(api.get("nodes/", plan="mfa-draft")) == []


@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_results_of_a_draft_are_404_to_outsiders(frameworks, api, who):
    if who != "anonymous":
        api.login(getattr(frameworks, who))

    assert api.get(f"nodes/{frameworks.draft_node.pk}/").status_code == 404
    assert "A" not in codes(api.get("nodes/"))


def test_results_of_a_draft_are_shown_to_a_member_of_the_owner(frameworks, api):
    api.login(frameworks.owner_member)

    assert api.get(f"nodes/{frameworks.draft_node.pk}/").json()["level_name"] == "Pillar"
    assert codes(api.get("nodes/", plan="mfa-draft")) == ["A"]


def test_the_result_list_takes_the_same_queries_for_any_number_of_results(
    build, api, django_assert_max_num_queries
):
    plan = build.plan("nap")
    plan.node("1", "Pillar").child("1.1", "Outcome")
    with CaptureQueriesContext(connection) as few:
        api.get("nodes/")
    for n in range(2, 8):
        plan.node(str(n), "Pillar").child(f"{n}.1", "Outcome").child(f"{n}.1.1", "Output")

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get("nodes/").json()["count"] == 20
