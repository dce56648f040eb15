"""The Seal API: reads, every write through the services, and who may see and do what.

404 for what the caller may not see (another institution, another unit's benchmark, a
self-assessment not yet given to the assessors), 403 for what they see but may not do, 409 for a
save based on an old version, 400 with the messages by field.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from naptrack.seal.models import (
    Action,
    Answer,
    EvidenceRequest,
    ItemState,
    RequestState,
    SealEvidence,
    Stage,
)

pytestmark = pytest.mark.usefixtures("english")

API = "/api/v1/seal"


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def get(user, path: str, **params):
    return client_for(user).get(f"{API}{path}", params, HTTP_ACCEPT_LANGUAGE="en")


def post(user, path: str, data=None, fmt: str = "json"):
    return client_for(user).post(f"{API}{path}", data or {}, format=fmt, HTTP_ACCEPT_LANGUAGE="en")


# --- Reads ----------------------------------------------------------------------------------------


def test_a_programme_reads_as_dimensions_standards_and_benchmarks(seal):
    listed = get(seal.stranger, "/programmes/")
    assert listed.status_code == 200
    assert [p["code"] for p in listed.json()["results"]] == ["ges-test"]
    assert listed.json()["results"][0]["benchmark_count"] == 10

    detail = get(seal.coordinator, f"/programmes/{seal.programme.pk}/", lang="en").json()
    assert [d["code"] for d in detail["dimensions"]] == ["1", "2", "3"]
    first = detail["dimensions"][0]["standards"][0]["benchmarks"][0]
    assert first["code"] == "1.1.1" and first["text"] == "Benchmark 1.1.1"
    assert first["mandatory_bronze"] and first["mandatory_gold"] and first["weight"] == 1
    assert detail["silver_threshold"] == 70


def test_an_unpublished_programme_is_hidden_from_others(seal):
    seal.programme.is_published = False
    seal.programme.save()
    assert get(seal.stranger, f"/programmes/{seal.programme.pk}/").status_code == 404
    # Those enrolled in it still read it.
    assert get(seal.coordinator, f"/programmes/{seal.programme.pk}/").status_code == 200


def test_enrolments_list_only_what_the_user_may_see(seal):
    def ids(user):
        return {e["id"] for e in get(user, "/enrolments/").json()["results"]}

    assert ids(seal.coordinator) == {seal.enrolment.pk}
    assert ids(seal.owner_finance) == {seal.enrolment.pk}
    assert ids(seal.other_coordinator) == {seal.other_enrolment.pk}
    assert ids(seal.assessor) == set()
    assert ids(seal.stranger) == set()
    assert ids(seal.admin) == {seal.enrolment.pk, seal.other_enrolment.pk}
    assert get(None, "/enrolments/").status_code in (401, 403)


def test_an_enrolment_shows_stage_events_progress_and_allowed_actions(seal):
    seal.engage()
    seal.assign(["1.1.1", "1.1.2"], "finance")
    seal.answer("1.1.1", "met")

    body = get(seal.coordinator, f"/enrolments/{seal.enrolment.pk}/").json()

    assert body["stage"] == Stage.SELF_ASSESSMENT and body["cycle"] == 1
    assert body["progress"] == {
        "total": 10,
        "answered": 1,
        "assigned": 9,
        "answered_waiting": 1,
        "returned": 0,
        "reviewed": 0,
        "unassigned": 8,
    }
    assert {"created", "engagement_saved", "stage", "assigned", "answered"} <= {
        e["kind"] for e in body["events"]
    }
    assert [m["role"] for m in body["committee"]] == ["chair", "secretary"]
    assert body["allowed_actions"]["assign"] and body["allowed_actions"]["submit"]
    assert body["award"] is None and body["assessment"] is None


def test_items_filter_by_unit_and_state_and_a_unit_sees_only_its_own(seal):
    seal.engage()
    seal.assign(["1.1.1", "1.1.2"], "finance")
    seal.assign(["2.1.1"], "health")
    seal.answer("1.1.1", "met")
    path = f"/enrolments/{seal.enrolment.pk}/items/"

    everything = get(seal.coordinator, path).json()
    assert everything["count"] == 10
    finance = get(seal.coordinator, path, unit="bma-finance").json()["results"]
    assert [i["benchmark"]["code"] for i in finance] == ["1.1.1", "1.1.2"]
    answered = get(seal.coordinator, path, state="answered").json()["results"]
    assert [i["benchmark"]["code"] for i in answered] == ["1.1.1"]
    assert answered[0]["answer"] == "met" and answered[0]["unit"]["code"] == "bma-finance"

    mine = get(seal.owner_health, path).json()["results"]
    assert [i["benchmark"]["code"] for i in mine] == ["2.1.1"]
    assert get(seal.coordinator, path, state="nonsense").status_code == 400


# --- Self-assessment through the API --------------------------------------------------------------


def test_assign_answer_evidence_review_and_submit(seal):
    seal.engage()
    coordinator, owner = seal.coordinator, seal.owner_finance
    enrolment = seal.enrolment
    items = {code: seal.item(code).pk for code in ("1.1.1", "1.1.2")}

    assigned = post(
        coordinator,
        f"/enrolments/{enrolment.pk}/assign/",
        {"items": list(items.values()), "unit": "bma-finance", "due_on": "2024-12-01"},
    )
    assert assigned.status_code == 200, assigned.json()
    item = get(owner, f"/items/{items['1.1.1']}/").json()
    assert item["unit"]["code"] == "bma-finance" and item["due_on"] == "2024-12-01"

    answered = post(
        owner,
        f"/items/{items['1.1.1']}/answer/",
        {"expected_version": item["version"], "answer": "met", "description": "Policy signed"},
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["state"] == ItemState.ANSWERED

    link = post(
        owner,
        f"/items/{items['1.1.1']}/evidence/",
        {"title": "Policy on the website", "url": "https://www.bangkok.go.th/policy"},
        fmt="multipart",
    )
    assert link.status_code == 201, link.json()
    upload = post(
        owner,
        f"/items/{items['1.1.1']}/evidence/",
        {"title": "Signed policy", "file": seal.pdf()},
        fmt="multipart",
    )
    assert upload.status_code == 201, upload.json()
    assert upload.json()["download_url"].endswith(
        f"/api/v1/seal/evidence/{upload.json()['id']}/download/"
    )
    detail = get(coordinator, f"/items/{items['1.1.1']}/").json()
    assert {e["title"] for e in detail["evidence"]} == {"Policy on the website", "Signed policy"}

    sent_back = post(coordinator, f"/items/{items['1.1.1']}/review/", {"accept": False})
    assert sent_back.status_code == 400
    assert "feedback" in sent_back.json()["errors"]
    returned = post(
        coordinator,
        f"/items/{items['1.1.1']}/review/",
        {"accept": False, "feedback": "Attach the Governor's signature page"},
    )
    assert returned.json()["state"] == ItemState.RETURNED

    removed = post(owner, f"/evidence/{link.json()['id']}/remove/")
    assert removed.status_code == 200
    assert [e["title"] for e in removed.json()["evidence"]] == ["Signed policy"]

    refused = post(coordinator, f"/enrolments/{enrolment.pk}/submit/")
    assert refused.status_code == 400
    assert any("1.1.1" in m for m in refused.json()["errors"]["items"])

    seal.answer_all()
    submitted = post(coordinator, f"/enrolments/{enrolment.pk}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["stage"] == Stage.ACTION_PLAN
    assert submitted.json()["self_assessment_submitted_at"]


def test_an_answer_on_an_old_version_is_a_conflict(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    item = seal.item("1.1.1")
    seal.answer("1.1.1", "met")

    stale = post(
        seal.owner_finance,
        f"/items/{item.pk}/answer/",
        {"expected_version": item.version, "answer": "not_met", "description": ""},
    )

    assert stale.status_code == 409
    assert stale.json()["current"]["answer"] == "met"
    assert stale.json()["attempted"]["answer"] == "not_met"
    assert seal.item("1.1.1").answer == Answer.MET


def test_bad_bodies_answer_400_with_messages_by_field(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    item = seal.item("1.1.1")

    wrong = post(seal.owner_finance, f"/items/{item.pk}/answer/", {"answer": "maybe"})
    assert wrong.status_code == 400
    assert {"expected_version", "answer"} <= wrong.json()["errors"].keys()

    no_reason = post(
        seal.owner_finance,
        f"/items/{item.pk}/answer/",
        {"expected_version": item.version, "answer": "not_applicable"},
    )
    assert no_reason.status_code == 400
    assert "not_applicable_reason" in no_reason.json()["errors"]

    unit = post(
        seal.coordinator,
        f"/enrolments/{seal.enrolment.pk}/assign/",
        {"items": [item.pk], "unit": "cnx-social"},
    )
    assert unit.status_code == 400 and "unit" in unit.json()["errors"]

    other_item = seal.item("1.1.1", seal.other_enrolment)
    foreign = post(
        seal.coordinator,
        f"/enrolments/{seal.enrolment.pk}/assign/",
        {"items": [other_item.pk], "unit": "bma-finance"},
    )
    assert foreign.status_code == 400 and "items" in foreign.json()["errors"]

    skip = post(
        seal.coordinator, f"/enrolments/{seal.enrolment.pk}/advance/", {"to_stage": "award"}
    )
    assert skip.status_code == 400 and "to_stage" in skip.json()["errors"]


# --- Permissions ----------------------------------------------------------------------------------


def test_a_unit_owner_answers_only_its_own_benchmarks(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    seal.assign(["2.1.1"], "health")
    theirs = seal.item("2.1.1")

    # Another unit's benchmark is not even visible: 404, and nothing changes.
    response = post(
        seal.owner_finance,
        f"/items/{theirs.pk}/answer/",
        {"expected_version": theirs.version, "answer": "met"},
    )
    assert response.status_code == 404
    assert get(seal.owner_finance, f"/items/{theirs.pk}/").status_code == 404
    assert seal.item("2.1.1").answer == ""

    # A viewer of the institution reads it but may not answer: 403.
    viewer = post(
        seal.viewer,
        f"/items/{theirs.pk}/answer/",
        {"expected_version": theirs.version, "answer": "met"},
    )
    assert viewer.status_code == 403
    # A unit owner cannot review, submit or assign.
    mine = seal.item("1.1.1")
    assert (
        post(seal.owner_finance, f"/items/{mine.pk}/review/", {"accept": True}).status_code == 403
    )
    assert post(seal.owner_finance, f"/enrolments/{seal.enrolment.pk}/submit/").status_code == 403


def test_an_assessor_sees_the_self_assessment_only_once_listed_and_never_changes_it(seal):
    seal.to_stage(Stage.ACTION_PLAN)
    item = seal.item("1.1.1")
    # Submitted, but before the assessor is listed: nothing of the enrolment.
    assert get(seal.assessor, f"/enrolments/{seal.enrolment.pk}/").status_code == 404
    assert get(seal.assessor, f"/items/{item.pk}/").status_code == 404

    seal.start_assessment()
    item = seal.item("1.1.1")
    assert get(seal.assessor, f"/items/{item.pk}/").status_code == 200
    assert get(seal.assessor_other, f"/items/{item.pk}/").status_code == 404

    answer = post(
        seal.assessor,
        f"/items/{item.pk}/answer/",
        {"expected_version": item.version, "answer": "not_met"},
    )
    assert answer.status_code == 403
    review = post(seal.assessor, f"/items/{item.pk}/review/", {"accept": False, "feedback": "x"})
    assert review.status_code == 403
    evidence = post(
        seal.assessor,
        f"/items/{item.pk}/evidence/",
        {"title": "x", "url": "https://example.org/x"},
        fmt="multipart",
    )
    assert evidence.status_code == 403
    assert seal.item("1.1.1").answer == Answer.MET
    assert not SealEvidence.objects.filter(item=item).exists()


def test_another_institution_never_sees_the_enrolment_its_items_or_files(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    item = seal.item("1.1.1")
    upload = post(
        seal.owner_finance,
        f"/items/{item.pk}/evidence/",
        {"title": "Signed policy", "file": seal.pdf()},
        fmt="multipart",
    ).json()
    path = f"/evidence/{upload['id']}/download/"

    downloaded = get(seal.coordinator, path)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content).startswith(b"%PDF")
    assert get(seal.owner_finance, path).status_code == 200

    for outsider in (seal.other_coordinator, seal.other_owner, seal.stranger, seal.assessor):
        assert get(outsider, f"/enrolments/{seal.enrolment.pk}/").status_code == 404
        assert get(outsider, f"/enrolments/{seal.enrolment.pk}/items/").status_code == 404
        assert get(outsider, f"/items/{item.pk}/").status_code == 404
        assert get(outsider, path).status_code == 404
        assert post(outsider, f"/evidence/{upload['id']}/remove/").status_code == 404
        assert (
            post(
                outsider,
                f"/enrolments/{seal.enrolment.pk}/assign/",
                {"items": [item.pk], "unit": "bma-finance"},
            ).status_code
            == 404
        )
    # Another unit of the same institution does not download it either.
    assert get(seal.owner_health, path).status_code == 404
    assert get(None, path).status_code in (401, 403)


# --- External assessment and action plan ----------------------------------------------------------


def test_assessment_scores_requests_and_conclusion_give_the_award(seal):
    seal.to_stage(Stage.ACTION_PLAN, answers={"3.2.2": "not_met"})
    enrolment = seal.enrolment

    added = post(
        seal.coordinator,
        f"/enrolments/{enrolment.pk}/add-action/",
        {"title": "Parental leave for fathers", "unit": "bma-health", "benchmarks": ["3.2.2"]},
    )
    assert added.status_code == 201, added.json()
    assert added.json()["benchmarks"] == ["3.2.2"]
    bad_code = post(
        seal.coordinator,
        f"/enrolments/{enrolment.pk}/add-action/",
        {"title": "x", "benchmarks": ["9.9.9"]},
    )
    assert bad_code.status_code == 400 and "benchmarks" in bad_code.json()["errors"]

    unknown = post(
        seal.coordinator, f"/enrolments/{enrolment.pk}/assessment/", {"assessors": ["nobody"]}
    )
    assert unknown.status_code == 400
    started = post(
        seal.coordinator,
        f"/enrolments/{enrolment.pk}/assessment/",
        {"assessors": [seal.assessor.username]},
    )
    assert started.status_code == 200, started.json()
    advanced = post(
        seal.coordinator,
        f"/enrolments/{enrolment.pk}/advance/",
        {"to_stage": "external_assessment"},
    )
    assert advanced.json()["stage"] == Stage.EXTERNAL_ASSESSMENT

    # The institution does not see the scores while the assessors work.
    assert get(seal.coordinator, f"/enrolments/{enrolment.pk}/scores/").json()["count"] == 0
    scores = get(seal.assessor, f"/enrolments/{enrolment.pk}/scores/").json()["results"]
    assert len(scores) == 10
    for score in scores:
        result = "not_met" if score["benchmark"] == "3.1.1" else "met"  # mandatory for Gold
        saved = post(
            seal.assessor,
            f"/scores/{score['id']}/save/",
            {"expected_version": score["version"], "result": result},
        )
        assert saved.status_code == 200, saved.json()
    stale = post(
        seal.assessor,
        f"/scores/{scores[0]['id']}/save/",
        {"expected_version": scores[0]["version"], "result": "not_met"},
    )
    assert stale.status_code == 409
    # A coordinator cannot score.
    assert (
        post(
            seal.coordinator,
            f"/scores/{scores[0]['id']}/save/",
            {"expected_version": scores[0]["version"] + 1, "result": "not_met"},
        ).status_code
        == 404
    )

    item = seal.item("2.1.1")
    asked = post(seal.assessor, f"/items/{item.pk}/evidence-requests/", {"message": "Budget?"})
    assert asked.status_code == 201, asked.json()
    request_id = asked.json()["id"]
    blocked = post(seal.assessor, f"/enrolments/{enrolment.pk}/conclude/")
    assert blocked.status_code == 400 and "2.1.1" in str(blocked.json()["errors"])

    extra = post(
        seal.owner_health,
        f"/items/{item.pk}/evidence/",
        {"title": "Budget 2568", "url": "https://example.org/budget", "request": request_id},
        fmt="multipart",
    )
    assert extra.status_code == 201, extra.json()
    assert extra.json()["request"] == request_id
    # The assessor cannot answer for the unit; the unit cannot close.
    assert post(seal.assessor, f"/evidence-requests/{request_id}/answer/", {}).status_code == 403
    answered = post(
        seal.owner_health, f"/evidence-requests/{request_id}/answer/", {"response": "Attached"}
    )
    assert answered.json()["state"] == RequestState.ANSWERED
    assert post(seal.owner_health, f"/evidence-requests/{request_id}/close/").status_code == 403
    closed = post(seal.assessor, f"/evidence-requests/{request_id}/close/")
    assert closed.json()["state"] == RequestState.CLOSED

    concluded = post(
        seal.assessor, f"/enrolments/{enrolment.pk}/conclude/", {"conclusion": "Strong policy."}
    )
    assert concluded.status_code == 200, concluded.json()
    body = concluded.json()
    assert body["assessment"]["compliance"] == 90 and body["assessment"]["level"] == "silver"
    award = body["award"]
    assert award["level"] == "silver"
    awarded = dt.date.fromisoformat(award["awarded_on"])
    assert dt.date.fromisoformat(award["expires_on"]) == awarded.replace(year=awarded.year + 3)

    detail = get(seal.coordinator, f"/enrolments/{enrolment.pk}/").json()
    assert detail["stage"] == Stage.AWARD and detail["award"]["level"] == "silver"
    assert get(seal.coordinator, f"/enrolments/{enrolment.pk}/scores/").json()["count"] == 10
    # Another institution sees none of it.
    assert get(seal.other_coordinator, f"/enrolments/{enrolment.pk}/scores/").status_code == 404


def test_actions_are_changed_and_reported_on(seal):
    seal.to_stage(Stage.ACTION_PLAN)
    action = seal.add_action()
    path = f"/actions/{action.pk}/"

    changed = post(
        seal.coordinator,
        f"{path}save/",
        {
            "expected_version": action.version,
            "title": "Train focal points in every district",
            "unit": "bma-health",
            "status": "in_progress",
            "progress": 20,
            "benchmarks": ["2.1.1", "2.1.2"],
        },
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["benchmarks"] == ["2.1.1", "2.1.2"]
    stale = post(
        seal.coordinator, f"{path}save/", {"expected_version": action.version, "title": "Old"}
    )
    assert stale.status_code == 409

    # The action's unit reports; another unit may read but not report.
    reported = post(
        seal.owner_health,
        f"{path}report/",
        {"progress": 60, "status": "in_progress", "note": "3/6"},
    )
    assert reported.status_code == 200, reported.json()
    assert reported.json()["progress"] == 60 and len(reported.json()["updates"]) == 1
    assert (
        post(seal.owner_finance, f"{path}report/", {"progress": 70, "status": "done"}).status_code
        == 403
    )
    assert (
        post(seal.owner_health, f"{path}save/", {"expected_version": 1, "title": "x"}).status_code
        == 403
    )
    listed = get(seal.viewer, f"/enrolments/{seal.enrolment.pk}/actions/").json()
    assert [a["id"] for a in listed["results"]] == [action.pk]
    assert get(seal.other_coordinator, path).status_code == 404
    assert Action.objects.get(pk=action.pk).progress == 60


def test_no_evidence_request_for_another_institutions_benchmark(seal):
    seal.to_stage(Stage.EXTERNAL_ASSESSMENT)
    other_item = seal.item("1.1.1", seal.other_enrolment)
    response = post(seal.assessor, f"/items/{other_item.pk}/evidence-requests/", {"message": "?"})
    assert response.status_code == 404
    assert not EvidenceRequest.objects.exists()
