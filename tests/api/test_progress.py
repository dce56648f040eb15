"""The progress API: what the engine stored after agencies reported, for whom, in which language.

The figures come from the real workflow: SBPAC reports mediators trained (120: 70 women, 50 men;
80 in Yala, 40 in Narathiwat) and the share of women in peace committees (12 of 40), its approver
approves and the plan's coordinator accepts; the Royal Thai Police report 30 more mediators
(20 women, 10 men) and the gender policy adopted, and only submit. Accepted figures are SBPAC's;
provisional ones add the police's.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from naptrack.analytics import selectors
from naptrack.analytics.models import IndicatorProgress, NodeProgress
from naptrack.analytics.services import plan_progress_rebuild
from naptrack.api import serializers_progress
from naptrack.core.services import SYSTEM
from naptrack.frameworks import services as frameworks
from naptrack.frameworks.models import Indicator
from naptrack.geo.models import Area, AreaLevel
from naptrack.periods.models import Period
from naptrack.reporting import services
from tests.builders import IndicatorBuilder
from tests.reporting import conftest as reporting
from tests.reporting.conftest import fill_sbpac

# The reporting tests' fixtures: the world of agencies and users, and English messages.
world = reporting.world
english = reporting.english

LIFE = "LIFE-20231001-20270930"
PROVISIONAL_REFUSED = {
    "detail": "Only the plan's coordinators may see provisional figures (submitted but not yet "
    "accepted). Leave out provisional, or set it to false, for the accepted figures."
}
NOT_FOUND = {"detail": "Not found."}


def report_through_the_workflow(world, build, capture) -> None:
    """SBPAC's report accepted, the police's submitted; the engine refreshes after each step."""
    thailand = build.country()
    yala = Area.objects.create(
        code="TH-95",
        official_code="95",
        level=AreaLevel.PROVINCE,
        parent=thailand,
        name_en="Yala",
        name_th="ยะลา",
    )
    province = build.dimension("province", "th-95", "th-96")
    option = build.option("province", "th-95")
    option.area, option.name_en, option.name_th = yala, "Yala", "ยะลา"
    option.save()
    IndicatorBuilder(world.indicators["mediators"]).breakdown_by(build.dimension("sex"), province)
    users = world.users
    with capture(execute=True):
        fill_sbpac(world)
        line = world.line("sbpac", "1.1.1")
        services.line_save(
            actor=users["reporter.sbpac"],
            line=line,
            expected_version=line.version,
            figures={"province=th-95": {"value": "80"}, "province=th-96": {"value": "40"}},
        )
    for actor, step in [
        ("reporter.sbpac", services.report_submit),
        ("approver.sbpac", services.report_approve),
        ("coordinator.dwf", services.report_accept),
    ]:
        with capture(execute=True):
            step(actor=users[actor], report=world.report("sbpac"))

    police = users["reporter.rtp"]
    with capture(execute=True):
        line = world.line("rtp", "1.1.1")
        services.line_save(
            actor=police,
            line=line,
            expected_version=line.version,
            figures={
                None: {"value": "30"},
                "sex=female": {"value": "20"},
                "sex=male": {"value": "10"},
            },
            rating="on_track",
        )
        line = world.line("rtp", "1.1.3")
        services.line_save(
            actor=police,
            line=line,
            expected_version=line.version,
            figures={None: {"value": "1"}},
            rating="achieved",
        )
        report = world.report("rtp")
        services.report_save_narrative(
            actor=police,
            report=report,
            expected_version=report.version,
            progress="The gender policy was adopted in March.",
        )
    with capture(execute=True):
        services.report_submit(actor=police, report=world.report("rtp"))


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def reported(world, build, settings, django_capture_on_commit_callbacks):
    # Refreshes run at commit, as the worker would run them seconds later. (Set through the
    # settings fixture too, which resets django-tasks' backends: a module importing the tasks
    # at start-up would otherwise have fixed the database backend before tests/conftest.py.)
    settings.TASKS = IMMEDIATE_TASKS
    report_through_the_workflow(world, build, django_capture_on_commit_callbacks)
    return world


class Api:
    """The test client asking /api/v1/ in English unless told otherwise, as one user at a time."""

    def __init__(self, client, world):
        self.client, self.world = client, world

    def as_(self, username: str | None):
        self.client.logout()
        if username:
            self.client.force_login(self.world.users[username])
        return self

    def get(self, path: str, **params):
        headers = params.pop("headers", {})
        return self.client.get(f"/api/v1/{path}", {"lang": "en", **params}, headers=headers)


@pytest.fixture
def api(client, world):
    return Api(client, world)


def by_code(rows: list[dict]) -> dict[str, dict]:
    return {row["code"]: row for row in rows}


# --- A plan's progress ----------------------------------------------------------------------------


def test_the_plan_progress_holds_what_the_engine_stored_from_the_accepted_report(reported, api):
    response = api.get("plans/nap/progress/", period="FY2568")

    assert response.status_code == 200
    body = response.json()
    assert body["plan"] == {"code": "nap", "title": "NAP WPS"}
    assert body["period"] == {
        "code": "FY2568",
        "kind": "fiscal_year",
        "start": "2024-10-01",
        "end": "2025-09-30",
        "label": "FY2568 (Oct 2024 – Sep 2025)",
    }
    assert body["provisional"] is False
    assert body["overall"] == {
        "achievement": 100.0,
        "status": "achieved",
        "status_label": "Achieved",
        "indicator_count": 3,
        "counts": {"achieved": 2, "on_track": 0, "at_risk": 0, "off_track": 0, "no_data": 1},
    }
    pillar, outcome = body["nodes"]
    assert (pillar["code"], pillar["depth"], pillar["level_name"], pillar["parent"]) == (
        "1",
        1,
        "Pillar",
        None,
    )
    assert (outcome["code"], outcome["depth"], outcome["level_name"], outcome["parent_code"]) == (
        "1.1",
        2,
        "Outcome",
        "1",
    )
    assert outcome["parent"] == pillar["id"]
    assert outcome["title"] == "Women take part"
    assert (outcome["achievement"], outcome["status"], outcome["indicator_count"]) == (
        100.0,
        "achieved",
        3,
    )

    indicators = by_code(body["indicators"])
    assert list(indicators) == ["1.1.1", "1.1.2", "1.1.3"]
    mediators = indicators["1.1.1"]
    assert mediators["node"] == outcome["id"]
    assert {
        key: mediators[key]
        for key in (
            "value",
            "target",
            "target_source",
            "baseline",
            "life_target",
            "achievement",
            "status",
            "status_label",
            "agencies_reporting",
            "agencies_expected",
            "unit",
            "value_type",
            "cumulative_mode",
        )
    } == {
        "value": 120.0,
        "target": 100.0,
        "target_source": "period",
        "baseline": None,
        "life_target": None,
        "achievement": 120.0,
        "status": "achieved",
        "status_label": "Achieved",
        "agencies_reporting": 1,
        "agencies_expected": 2,
        "unit": "persons",
        "value_type": "number",
        "cumulative_mode": "per_period",
    }
    assert mediators["lead_agency"] == {
        "code": "sbpac",
        "name": "Southern Border Provinces Administrative Centre",
        "abbreviation": "SBPAC",
    }
    share = indicators["1.1.2"]
    assert (share["value"], share["numerator"], share["denominator"], share["unit"]) == (
        30.0,
        12.0,
        40.0,
        "%",
    )
    assert (share["target"], share["achievement"], share["status"]) == (30.0, 100.0, "achieved")
    policy = indicators["1.1.3"]
    assert (policy["value"], policy["status"], policy["agencies_reporting"]) == (None, "no_data", 0)
    assert policy["lead_agency"]["code"] == "rtp"


def test_every_figure_is_the_stored_one(reported, api):
    body = api.get("plans/nap/progress/", period="FY2568").json()

    stored = {
        row.indicator.code: row
        for row in IndicatorProgress.objects.filter(
            period__code="FY2568",
            provisional=False,
            option__isnull=True,
            organization__isnull=True,
        ).select_related("indicator")
    }
    for row in body["indicators"]:
        engine = stored[row["code"]]
        for name in ("value", "numerator", "denominator", "target", "achievement"):
            expected = getattr(engine, name)
            assert row[name] == (None if expected is None else float(expected)), (row["code"], name)
        assert row["status"] == engine.status
    plan_row = NodeProgress.objects.get(
        plan=reported.plan, node=None, period__code="FY2568", provisional=False
    )
    assert body["overall"]["achievement"] == float(plan_row.achievement)
    assert body["overall"]["counts"] == plan_row.counts()
    assert body["computed_at"] is not None


def test_without_a_period_the_latest_year_with_accepted_figures_is_shown(reported, api):
    body = api.get("plans/nap/progress/").json()

    assert body["period"]["code"] == "FY2568"


def test_a_period_code_is_taken_in_any_case_and_an_empty_one_counts_as_not_given(reported, api):
    assert api.get("plans/nap/progress/", period="fy2568").json()["period"]["code"] == "FY2568"
    assert api.get("plans/nap/progress/", period="").json()["period"]["code"] == "FY2568"
    life = api.get("plans/nap/progress/", period=LIFE.lower()).json()
    assert life["period"]["label"] == "Life of plan (Oct 2023 – Sep 2027)"
    # Over the life of the plan there is no target: the agency's rating gives the status.
    mediators = by_code(life["indicators"])["1.1.1"]
    assert (mediators["value"], mediators["target"], mediators["achievement"]) == (
        120.0,
        None,
        None,
    )
    assert mediators["status"] == "on_track"


def test_the_periods_with_stored_progress_are_listed_latest_first(reported, api):
    response = api.get("plans/nap/progress/periods/")

    assert response.status_code == 200
    body = response.json()
    assert body["plan"] == "nap"
    assert body["default_period"] == "FY2568"
    assert [(p["code"], p["kind"]) for p in body["periods"]] == [
        (LIFE, "lifetime"),
        ("FY2568", "fiscal_year"),
    ]
    assert body["periods"][1] == {
        "code": "FY2568",
        "kind": "fiscal_year",
        "start": "2024-10-01",
        "end": "2025-09-30",
        "label": "FY2568 (Oct 2024 – Sep 2025)",
    }


# --- Bad parameters and missing progress --------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"period": "FY25X8"},
            {
                "period": [
                    "This is not a period code such as FY2568, FY2568-Q1, CY2024 or M2024-03."
                ]
            },
        ),
        (
            {"period": " FY2568"},
            {
                "period": [
                    "This is not a period code such as FY2568, FY2568-Q1, CY2024 or M2024-03."
                ]
            },
        ),
        ({"provisional": "yes"}, {"provisional": ["Give true or false."]}),
        ({"provisional": "1"}, {"provisional": ["Give true or false."]}),
        (
            {"period": "2568", "provisional": "True"},
            {
                "period": [
                    "This is not a period code such as FY2568, FY2568-Q1, CY2024 or M2024-03."
                ],
                "provisional": ["Give true or false."],
            },
        ),
    ],
)
def test_a_malformed_period_or_boolean_answers_400_with_the_messages(world, api, params, errors):
    response = api.get("plans/nap/progress/", **params)

    assert response.status_code == 400
    assert response.json() == {"detail": "Some query parameters are not valid.", "errors": errors}


def test_a_bad_period_is_explained_in_thai_by_default(world, client):
    response = client.get("/api/v1/plans/nap/progress/", {"period": "2568"})

    assert response.status_code == 400
    assert response["Content-Language"] == "th"
    assert response.json() == {
        "detail": "พารามิเตอร์ในคำขอบางรายการไม่ถูกต้อง",
        "errors": {
            "period": ["รหัสช่วงเวลาไม่ถูกต้อง ต้องมีรูปแบบ เช่น FY2568, FY2568-Q1, CY2024 หรือ M2024-03"]
        },
    }


@pytest.mark.parametrize("period", ["FY2567", "FY2568-Q1", "M2025-13"])
def test_a_period_without_stored_progress_answers_404_pointing_to_the_periods(
    reported, api, period
):
    response = api.get("plans/nap/progress/", period=period)

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"No progress is stored for the period {period} of this plan. The periods that "
        "have progress are listed at http://testserver/api/v1/plans/nap/progress/periods/"
    }


def test_a_plan_nobody_has_reported_on_yet_has_no_progress(world, build, api):
    build.plan("nap-2", title="Next NAP")

    response = api.get("plans/nap-2/progress/")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "No progress has been computed for this plan yet: it is computed once agencies "
        "report in a round."
    }
    periods = api.get("plans/nap-2/progress/periods/").json()
    assert periods == {"plan": "nap-2", "default_period": None, "periods": []}


# --- Provisional figures --------------------------------------------------------------------------


def test_the_coordinator_sees_the_submitted_figures_when_asking_for_provisional(reported, api):
    response = api.as_("coordinator.dwf").get(
        "plans/nap/progress/", period="FY2568", provisional="true"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["provisional"] is True
    indicators = by_code(body["indicators"])
    assert (indicators["1.1.1"]["value"], indicators["1.1.1"]["agencies_reporting"]) == (150.0, 2)
    assert (indicators["1.1.3"]["value"], indicators["1.1.3"]["status"]) == (1.0, "achieved")
    assert body["overall"]["counts"]["achieved"] == 3
    # Without provisional=true the coordinator sees the accepted figures like everyone else.
    accepted = api.get("plans/nap/progress/", period="FY2568", provisional="false").json()
    assert by_code(accepted["indicators"])["1.1.1"]["value"] == 120.0


@pytest.mark.parametrize(
    "username", [None, "viewer.dwf", "reporter.sbpac", "approver.sbpac", "coordinator.rtp"]
)
def test_provisional_figures_are_refused_with_403_to_everyone_else(reported, api, username):
    api.as_(username)
    indicator = reported.indicators["mediators"].pk

    for path in ["plans/nap/progress/", f"indicators/{indicator}/progress/"]:
        response = api.get(path, provisional="true")
        assert response.status_code == 403, path
        assert response.json() == PROVISIONAL_REFUSED
        # The accepted figures are theirs to see.
        assert api.get(path).status_code == 200, path


def test_a_platform_administrator_may_see_provisional_figures(reported, build, api, client):
    client.force_login(build.user("root", is_superuser=True))

    response = api.get("plans/nap/progress/", provisional="true")

    assert response.status_code == 200
    assert by_code(response.json()["indicators"])["1.1.1"]["value"] == 150.0


# --- Who sees the plan --------------------------------------------------------------------------


@pytest.mark.parametrize("username", [None, "outsider"])
def test_a_hidden_plans_progress_answers_404_like_a_missing_plan(reported, build, api, username):
    outsider = build.user("outsider", organization=build.organization("mfa"), role="coordinator")
    frameworks.plan_update(actor=SYSTEM, plan=reported.plan, status="draft")
    if username:
        api.client.force_login(outsider)
    indicator = reported.indicators["mediators"].pk

    for path in [
        "plans/nap/progress/",
        "plans/nap/progress/periods/",
        f"indicators/{indicator}/progress/",
    ]:
        for params in [{}, {"provisional": "true"}, {"period": "FY2568"}]:
            response = api.get(path, **params)
            assert response.status_code == 404, (path, params)
            assert response.json() == NOT_FOUND
    assert api.get("plans/no-such-plan/progress/").json() == NOT_FOUND
    assert api.get("indicators/999999/progress/").json() == NOT_FOUND
    assert api.get(f"indicators/{2**63}/progress/").status_code == 404


def test_the_owners_members_still_see_a_draft_plans_progress(reported, api):
    frameworks.plan_update(actor=SYSTEM, plan=reported.plan, status="draft")

    response = api.as_("viewer.dwf").get("plans/nap/progress/")

    assert response.status_code == 200
    assert response.json()["overall"]["status"] == "achieved"


# --- An indicator's series ------------------------------------------------------------------------


def test_an_indicators_series_has_the_total_the_breakdowns_and_the_agencies(reported, api):
    mediators = reported.indicators["mediators"]

    response = api.get(f"indicators/{mediators.pk}/progress/")

    assert response.status_code == 200
    body = response.json()
    assert body["provisional"] is False
    indicator = body["indicator"]
    assert (indicator["id"], indicator["plan"], indicator["code"]) == (mediators.pk, "nap", "1.1.1")
    assert (indicator["cumulative_mode"], indicator["aggregation"]) == ("per_period", "sum")
    assert indicator["lead_agency"]["code"] == "sbpac"
    assert [a["code"] for a in indicator["supporting_agencies"]] == ["rtp"]
    # Oldest first: the life of the plan starts with it.
    assert [p["period"]["code"] for p in body["periods"]] == [LIFE, "FY2568"]
    year = body["periods"][1]
    assert {
        key: year[key] for key in ("value", "target", "achievement", "status", "agencies_reporting")
    } == {
        "value": 120.0,
        "target": 100.0,
        "achievement": 120.0,
        "status": "achieved",
        "agencies_reporting": 1,
    }
    assert [
        (o["dimension"], o["code"], o["name"], o["area"], o["value"]) for o in year["options"]
    ] == [
        ("sex", "female", "female", None, 70.0),
        ("sex", "male", "male", None, 50.0),
        ("province", "th-95", "Yala", "TH-95", 80.0),
        ("province", "th-96", "th-96", None, 40.0),
    ]
    assert year["options"][0]["dimension_name"] == "sex"
    assert year["agencies"] == [
        {
            "code": "sbpac",
            "name": "Southern Border Provinces Administrative Centre",
            "abbreviation": "SBPAC",
            "value": 120.0,
            "numerator": None,
            "denominator": None,
            "milestone_status": "",
        }
    ]


def test_the_series_of_a_percentage_keeps_its_numerator_and_denominator(reported, api):
    share = reported.indicators["share"]

    year = api.get(f"indicators/{share.pk}/progress/").json()["periods"][1]

    assert (year["value"], year["numerator"], year["denominator"]) == (30.0, 12.0, 40.0)
    assert (year["agencies"][0]["numerator"], year["agencies"][0]["denominator"]) == (12.0, 40.0)


def test_the_coordinators_provisional_series_adds_the_submitted_report(reported, api):
    mediators = reported.indicators["mediators"]

    body = (
        api.as_("coordinator.dwf")
        .get(f"indicators/{mediators.pk}/progress/", provisional="true")
        .json()
    )

    year = body["periods"][1]
    assert body["provisional"] is True
    assert (year["value"], year["agencies_reporting"]) == (150.0, 2)
    assert [(a["code"], a["value"]) for a in year["agencies"]] == [("rtp", 30.0), ("sbpac", 120.0)]
    options = {(o["dimension"], o["code"]): o for o in year["options"]}
    assert (options["sex", "female"]["value"], options["sex", "female"]["agencies_reporting"]) == (
        90.0,
        2,
    )


def test_an_indicator_without_stored_progress_has_an_empty_series(world, build, api):
    outcome = world.plan.nodes.get(code="1.1")
    indicator = frameworks.indicator_create(
        actor=SYSTEM, node=outcome, code="1.1.9", name_en="Not measured yet"
    )

    body = api.get(f"indicators/{indicator.pk}/progress/").json()

    assert (body["indicator"]["code"], body["periods"], body["computed_at"]) == (
        "1.1.9",
        [],
        None,
    )


@pytest.mark.parametrize("provisional", ["maybe", "TRUE", "0"])
def test_the_indicator_series_refuses_a_provisional_that_is_not_true_or_false(
    world, api, provisional
):
    response = api.get(
        f"indicators/{world.indicators['share'].pk}/progress/", provisional=provisional
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"provisional": ["Give true or false."]}


# --- Languages ------------------------------------------------------------------------------------


def test_names_and_labels_follow_the_language_asked_for(reported, api):
    Indicator.objects.filter(pk=reported.indicators["mediators"].pk).update(
        name_th="จำนวนผู้หญิงที่ผ่านการอบรมเป็นผู้ไกล่เกลี่ย"
    )
    mediators = reported.indicators["mediators"].pk

    thai = api.get("plans/nap/progress/", lang="th")
    english_body = api.get("plans/nap/progress/", lang="en").json()
    by_header = api.get("plans/nap/progress/", lang="", headers={"Accept-Language": "en"})
    series = api.get(f"indicators/{mediators}/progress/", lang="th").json()

    assert thai["Content-Language"] == "th"
    body = thai.json()
    assert body["period"]["label"] == "ปีงบประมาณ พ.ศ. 2568"
    thai_row = by_code(body["indicators"])["1.1.1"]
    assert thai_row["name"] == "จำนวนผู้หญิงที่ผ่านการอบรมเป็นผู้ไกล่เกลี่ย"
    assert thai_row["lead_agency"]["abbreviation"] == "ศอ.บต."
    english_row = by_code(english_body["indicators"])["1.1.1"]
    assert english_row["name"] == "Women mediators trained"
    assert english_row["lead_agency"]["abbreviation"] == "SBPAC"
    assert by_header["Content-Language"] == "en"
    assert by_header.json()["period"]["label"] == "FY2568 (Oct 2024 – Sep 2025)"
    assert series["periods"][1]["period"]["label"] == "ปีงบประมาณ พ.ศ. 2568"
    assert series["periods"][1]["options"][2]["name"] == "ยะลา"
    assert series["indicator"]["lead_agency"]["abbreviation"] == "ศอ.บต."


# --- Queries and the shape of the answer ---------------------------------------------------------


def grow(world, build, pillars: int) -> None:
    """Add pillars, each with two outcomes of three indicators, and store their progress."""
    for p in range(2, 2 + pillars):
        pillar = frameworks.node_create(
            actor=SYSTEM, plan=world.plan, code=str(p), title_en=f"Pillar {p}"
        )
        for o in range(1, 3):
            outcome = frameworks.node_create(
                actor=SYSTEM,
                plan=world.plan,
                parent=pillar,
                code=f"{p}.{o}",
                title_en=f"Outcome {p}.{o}",
            )
            for i in range(1, 4):
                indicator = frameworks.indicator_create(
                    actor=SYSTEM,
                    node=outcome,
                    code=f"{p}.{o}.{i}",
                    name_en=f"Indicator {p}.{o}.{i}",
                )
                frameworks.assignment_set(
                    actor=SYSTEM, indicator=indicator, organization=world.orgs["rtp"], role="lead"
                )
    plan_progress_rebuild(world.plan)


@pytest.mark.parametrize("username", [None, "coordinator.dwf"])
def test_the_plan_progress_takes_the_same_few_queries_for_a_larger_plan(
    reported, build, api, username, django_assert_max_num_queries
):
    api.as_(username)
    params = {"provisional": "true"} if username else {}
    with CaptureQueriesContext(connection) as small:
        assert len(api.get("plans/nap/progress/", **params).json()["indicators"]) == 3
    grow(reported, build, pillars=4)

    with django_assert_max_num_queries(len(small.captured_queries)):
        larger = api.get("plans/nap/progress/", **params).json()
    assert (len(larger["indicators"]), len(larger["nodes"])) == (27, 14)
    # the plan, its levels, the default period, four for the progress, the lead agencies; with a
    # session: the session, the user, and the coordinator check
    assert len(small.captured_queries) <= (12 if username else 8)


def test_the_indicator_series_takes_the_same_few_queries_however_many_rows(
    reported, api, django_assert_max_num_queries
):
    policy, mediators = reported.indicators["policy"], reported.indicators["mediators"]
    with CaptureQueriesContext(connection) as small:
        one = api.get(f"indicators/{policy.pk}/progress/").json()
    assert [len(p["options"]) + len(p["agencies"]) for p in one["periods"]] == [0, 0]

    with django_assert_max_num_queries(len(small.captured_queries)):
        many = api.get(f"indicators/{mediators.pk}/progress/").json()
    assert [len(p["options"]) + len(p["agencies"]) for p in many["periods"]] == [5, 5]
    # the indicator, its agencies, the stored rows
    assert len(small.captured_queries) <= 3


def test_the_fast_rows_answer_exactly_what_drf_would(reported, build):
    """The plan's rows skip DRF's per-field work; their JSON must be the same as DRF's own."""
    plan = reported.plan
    progress = selectors.plan_progress(
        plan, Period.objects.get(code="FY2568"), provisional=True, language="en"
    )
    context = {
        "levels": {1: "Pillar", 2: "Outcome"},
        "codes": {row.id: row.code for row in progress.nodes},
        "leads": {},
    }

    def as_json(data) -> object:
        return json.loads(JSONRenderer().render(data))

    for serializer_class, rows in [
        (serializers_progress.NodeProgressSerializer, progress.nodes),
        (serializers_progress.IndicatorProgressSerializer, progress.indicators),
        (serializers_progress.OverallProgressSerializer, [progress.overall]),
    ]:
        serializer = serializer_class(context=context)
        for row in rows:
            fast = serializer.to_representation(row)
            assert as_json(fast) == as_json(
                serializers.Serializer.to_representation(serializer, row)
            )
            assert list(fast) == serializer.field_order
