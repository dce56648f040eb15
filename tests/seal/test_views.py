"""The Seal pages: who sees what (404 for everyone else), the forms that drive the workflow, the
evidence downloads, and what each page shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from naptrack.seal import services
from naptrack.seal.models import (
    Action,
    ActionUpdate,
    Answer,
    Award,
    EvidenceRequest,
    ItemState,
    RequestState,
    SealEvidence,
    Stage,
)
from tests.seal.conftest import BENCHMARKS

pytestmark = pytest.mark.usefixtures("english")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(name: str, *args, query: str = "") -> str:
    from django.utils import translation

    with translation.override("en"):
        address = reverse(name, args=args)
    return f"{address}?{query}" if query else address


def enrolment_pages(e: int) -> list[tuple[str, tuple]]:
    return [
        ("seal-detail", (e,)),
        ("seal-items", (e,)),
        ("seal-item", (e, "1.1.1")),
        ("seal-gaps", (e,)),
        ("seal-actions", (e,)),
        ("seal-assessment", (e,)),
        ("seal-certificate", (e,)),
    ]


def text(response) -> str:
    return response.content.decode()


# --- Who sees what -----------------------------------------------------------------------------------


def test_every_page_renders_for_the_institution_and_is_a_404_for_everyone_else(seal):
    seal.to_stage("award", results={"3.1.1": "not_met"})
    e = seal.enrolment.pk
    coordinator, viewer = client_for(seal.coordinator), client_for(seal.viewer)
    for name, args in enrolment_pages(e):
        if name == "seal-certificate":
            continue  # printed by Chromium: tests/seal/test_certificate.py
        assert coordinator.get(url(name, *args)).status_code == 200, name
        assert viewer.get(url(name, *args)).status_code == 200, name
    # Another institution, an assessor not listed, a person without a role: nothing exists.
    for user in (seal.other_coordinator, seal.other_owner, seal.assessor_other, seal.stranger):
        client = client_for(user)
        for name, args in enrolment_pages(e):
            assert client.get(url(name, *args)).status_code == 404, (user.username, name)
    # Signed out: the sign-in page.
    response = Client().get(url("seal-detail", e))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_list_shows_only_the_institutions_own_enrolments(seal):
    page = text(client_for(seal.coordinator).get(url("seal-list")))
    assert "Bangkok Metropolitan Administration" in page
    assert "Chiang Mai Municipality" not in page
    other = text(client_for(seal.other_coordinator).get(url("seal-list")))
    assert "Chiang Mai Municipality" in other and "Bangkok Metropolitan" not in other
    nothing = text(client_for(seal.stranger).get(url("seal-list")))
    assert "Bangkok" not in nothing and "Chiang Mai" not in nothing


def test_a_unit_owner_sees_its_benchmarks_to_answer_and_only_its_own_in_the_list(seal):
    seal.engage()
    seal.assign(["1.1.1", "1.1.2"], "finance")
    seal.assign(["2.1.1"], "health")
    client = client_for(seal.owner_finance)
    home = text(client.get(url("seal-list")))
    assert "My benchmarks to answer" in home
    assert url("seal-item", seal.enrolment.pk, "1.1.1") in home
    assert url("seal-item", seal.enrolment.pk, "2.1.1") not in home

    listing = text(client.get(url("seal-items", seal.enrolment.pk)))
    assert 'data-code="1.1.2"' in listing and 'data-code="2.1.1"' not in listing
    # Another unit's benchmark does not exist for it.
    assert client.get(url("seal-item", seal.enrolment.pk, "2.1.1")).status_code == 404


def test_an_assessor_sees_the_enrolment_only_once_listed(seal):
    seal.to_stage("action_plan")
    e = seal.enrolment.pk
    assert client_for(seal.assessor).get(url("seal-detail", e)).status_code == 404
    seal.add_action()
    seal.start_assessment()
    client = client_for(seal.assessor)
    assert client.get(url("seal-assessment", e)).status_code == 200
    assert client.get(url("seal-item", e, "1.1.1")).status_code == 200
    home = text(client.get(url("seal-list")))
    assert "Assessments assigned to me" in home
    assert client_for(seal.assessor_other).get(url("seal-assessment", e)).status_code == 404


# --- Engagement and stages -------------------------------------------------------------------------


def test_the_coordinator_saves_the_engagement_and_moves_to_the_self_assessment(seal):
    e = seal.enrolment.pk
    client = client_for(seal.coordinator)
    response = client.post(
        url("seal-engagement", e),
        {
            "commitment_signed_on": "15/08/2566",  # typed in the Buddhist Era
            "self_assessment_due_on": "2025-01-31",
            "committee-0-name": "สมชาย ใจดี",
            "committee-0-position": "รองผู้ว่าราชการกรุงเทพมหานคร",
            "committee-0-unit": str(seal.bma.pk),
            "committee-0-role": "chair",
            "committee-1-name": "",
            "committee-1-role": "member",
        },
    )
    assert response.status_code == 302
    enrolment = seal.refresh()
    assert enrolment.commitment_signed_on == dt.date(2023, 8, 15)
    assert enrolment.self_assessment_due_on == dt.date(2025, 1, 31)
    assert [m.name for m in enrolment.committee.all()] == ["สมชาย ใจดี"]

    response = client.post(url("seal-stage", e), {"to_stage": "self_assessment"}, follow=True)
    assert seal.refresh().stage == Stage.SELF_ASSESSMENT
    page = text(response)
    assert 'data-stage="self_assessment" data-state="current"' in page
    assert 'data-stage="engage" data-state="done"' in page
    assert "15 August 2023" in page  # the commitment date, long form


def test_a_unit_outside_the_institution_is_refused_on_the_committee(seal):
    e = seal.enrolment.pk
    response = client_for(seal.coordinator).post(
        url("seal-engagement", e),
        {"committee-0-name": "Outsider", "committee-0-unit": str(seal.cnx.pk)},
        follow=True,
    )
    assert "Committee member 1: the unit is not one of the institution" in text(response)
    assert not seal.refresh().committee.exists()


def test_only_the_coordinator_changes_the_engagement_and_the_stage(seal):
    e = seal.enrolment.pk
    for user in (seal.viewer, seal.owner_finance):
        client = client_for(user)
        assert client.post(url("seal-engagement", e), {}).status_code == 403
        assert client.post(url("seal-stage", e), {"to_stage": "self_assessment"}).status_code == 403
    assert client_for(seal.other_coordinator).post(url("seal-stage", e)).status_code == 404
    assert seal.refresh().stage == Stage.ENGAGE


def test_a_stage_whose_preconditions_are_missing_says_what_is_missing(seal):
    response = client_for(seal.coordinator).post(
        url("seal-stage", seal.enrolment.pk), {"to_stage": "self_assessment"}, follow=True
    )
    page = text(response)
    assert "Give the date the commitment letter was signed." in page
    assert "Name at least one member of the gender equality committee." in page
    assert seal.refresh().stage == Stage.ENGAGE


# --- Self-assessment ----------------------------------------------------------------------------------


def test_the_coordinator_assigns_several_benchmarks_to_a_unit(seal):
    seal.engage()
    e = seal.enrolment.pk
    items = seal.items("1.1.1", "1.2.1")
    response = client_for(seal.coordinator).post(
        url("seal-assign", e),
        {
            "items": [str(i.pk) for i in items],
            "unit": str(seal.units["finance"].pk),
            "due_on": "2024-12-20",
        },
    )
    assert response.status_code == 302
    for item in seal.items("1.1.1", "1.2.1"):
        assert item.unit == seal.units["finance"] and item.due_on == dt.date(2024, 12, 20)
    assert seal.item("1.1.2").unit is None
    # A unit owner cannot assign.
    refused = client_for(seal.owner_finance).post(
        url("seal-assign", e),
        {"items": [str(items[0].pk)], "unit": str(seal.units["health"].pk), "due_on": "2024-12-20"},
    )
    assert refused.status_code == 403
    assert seal.item("1.1.1").unit == seal.units["finance"]


def test_the_list_filters_by_unit_state_and_dimension(seal):
    seal.engage()
    seal.assign(["1.1.1", "1.1.2"], "finance")
    seal.assign(["2.1.1"], "health")
    seal.answer("1.1.1", "met")
    client = client_for(seal.coordinator)
    e = seal.enrolment.pk

    def codes(query):
        page = text(client.get(url("seal-items", e, query=query)))
        return {code for code in BENCHMARKS if f'data-code="{code}"' in page}

    assert codes(f"unit={seal.units['finance'].pk}") == {"1.1.1", "1.1.2"}
    assert codes("state=answered") == {"1.1.1"}
    assert codes("dimension=2") == {"2.1.1", "2.1.2", "2.2.1"}
    assert codes("unit=none&dimension=1") == {"1.2.1"}
    assert codes("") == set(BENCHMARKS)


def test_the_unit_owner_answers_and_the_answer_shows(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    item = seal.item("1.1.1")
    e = seal.enrolment.pk
    response = client_for(seal.owner_finance).post(
        url("seal-item-answer", e, "1.1.1"),
        {
            "answer": "met",
            "description": "นโยบายความเท่าเทียมทางเพศประกาศแล้ว",
            "version": item.version,
        },
        follow=True,
    )
    item.refresh_from_db()
    assert item.answer == Answer.MET and item.state == ItemState.ANSWERED
    assert item.answered_by == seal.owner_finance
    page = text(response)
    assert "นโยบายความเท่าเทียมทางเพศประกาศแล้ว" in page
    assert 'data-kind="answered"' in page and 'data-kind="assigned"' in page  # its history


def test_not_applicable_needs_a_reason_and_keeps_what_was_typed(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    item = seal.item("1.1.1")
    response = client_for(seal.owner_finance).post(
        url("seal-item-answer", seal.enrolment.pk, "1.1.1"),
        {"answer": "not_applicable", "description": "ข้อความที่พิมพ์ไว้", "version": item.version},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Explain why this benchmark does not apply." in page
    assert "ข้อความที่พิมพ์ไว้" in page
    item.refresh_from_db()
    assert item.answer == ""


def test_a_stale_answer_is_refused_with_the_saved_one_shown(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    stale = seal.item("1.1.1").version
    seal.answer("1.1.1", "not_met")
    response = client_for(seal.owner_finance).post(
        url("seal-item-answer", seal.enrolment.pk, "1.1.1"),
        {"answer": "met", "description": "mine", "version": stale},
    )
    assert response.status_code == 409
    assert "Someone else changed this" in text(response)
    assert seal.item("1.1.1").answer == Answer.NOT_MET


def test_another_units_owner_cannot_answer(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    item = seal.item("1.1.1")
    response = client_for(seal.owner_health).post(
        url("seal-item-answer", seal.enrolment.pk, "1.1.1"),
        {"answer": "met", "description": "x", "version": item.version},
    )
    assert response.status_code == 404
    # A viewer of the institution sees the benchmark but may not answer it.
    viewer = client_for(seal.viewer).post(
        url("seal-item-answer", seal.enrolment.pk, "1.1.1"),
        {"answer": "met", "description": "x", "version": item.version},
    )
    assert viewer.status_code == 403
    assert seal.item("1.1.1").answer == ""


def test_evidence_is_uploaded_and_downloaded_only_by_those_who_read_the_benchmark(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    e = seal.enrolment.pk
    owner = client_for(seal.owner_finance)
    response = owner.post(
        url("seal-evidence-upload", e, "1.1.1"),
        {"title": "คำสั่งแต่งตั้งคณะกรรมการ", "file": seal.pdf()},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "is attached" in text(response) and "คำสั่งแต่งตั้งคณะกรรมการ" in text(response)
    evidence = SealEvidence.objects.get(item=seal.item("1.1.1"))

    download = owner.get(url("seal-evidence-download", evidence.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    for user in (seal.coordinator, seal.viewer):
        assert client_for(user).get(url("seal-evidence-download", evidence.pk)).status_code == 200
    for user in (seal.owner_health, seal.other_coordinator, seal.assessor, seal.stranger):
        assert client_for(user).get(url("seal-evidence-download", evidence.pk)).status_code == 404


def test_a_program_disguised_as_a_pdf_is_refused_with_a_message(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    response = client_for(seal.owner_finance).post(
        url("seal-evidence-upload", seal.enrolment.pk, "1.1.1"),
        {"title": "Report", "file": seal.exe()},
        follow=True,
    )
    assert response.status_code == 200
    assert not SealEvidence.objects.filter(item=seal.item("1.1.1")).exists()
    assert 'class="message-error"' in text(response)


def test_the_coordinator_sends_an_answer_back_with_feedback_then_accepts_it(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    seal.answer("1.1.1", "met")
    e = seal.enrolment.pk
    client = client_for(seal.coordinator)
    empty = client.post(url("seal-item-review", e, "1.1.1"), {"decision": "return"}, follow=True)
    assert "Tell the unit what to change." in text(empty)
    assert seal.item("1.1.1").state == ItemState.ANSWERED
    client.post(
        url("seal-item-review", e, "1.1.1"),
        {"decision": "return", "feedback": "แนบคำสั่งที่ลงนามแล้ว"},
    )
    assert seal.item("1.1.1").state == ItemState.RETURNED
    page = text(client_for(seal.owner_finance).get(url("seal-item", e, "1.1.1")))
    assert "แนบคำสั่งที่ลงนามแล้ว" in page and "Sent back by the coordinator" in page
    seal.answer("1.1.1", "met")
    client.post(url("seal-item-review", e, "1.1.1"), {"decision": "accept"})
    assert seal.item("1.1.1").state == ItemState.REVIEWED
    # A unit owner does not review.
    assert (
        client_for(seal.owner_finance)
        .post(url("seal-item-review", e, "1.1.1"), {"decision": "accept"})
        .status_code
        == 403
    )


def test_submitting_with_open_benchmarks_lists_them(seal):
    seal.engage()
    response = client_for(seal.coordinator).post(url("seal-submit", seal.enrolment.pk), follow=True)
    assert "Benchmark 1.1.1 has no answer yet." in text(response)
    assert seal.refresh().self_assessment_submitted_at is None


# --- External assessment ------------------------------------------------------------------------


@pytest.fixture
def assessing(seal):
    seal.to_stage("action_plan", answers={"2.1.1": "partly_met"})
    seal.add_action()
    return seal


def test_the_coordinator_starts_the_assessment_and_the_stage_moves_on(assessing):
    seal = assessing
    e = seal.enrolment.pk
    response = client_for(seal.coordinator).post(
        url("seal-assessment-start", e), {"assessors": [str(seal.assessor.pk)]}
    )
    assert response.status_code == 302
    enrolment = seal.refresh()
    assert enrolment.stage == Stage.EXTERNAL_ASSESSMENT
    assert list(enrolment.assessment.assessors.all()) == [seal.assessor]


def test_an_assessor_scores_from_the_sheet_but_never_changes_the_answers(assessing):
    seal = assessing
    seal.start_assessment()
    e = seal.enrolment.pk
    client = client_for(seal.assessor)
    score = seal.score("1.1.1")
    row = client.post(
        url("seal-score", e, "1.1.1"),
        {"from": "sheet", "result": "not_met", "comment": "ไม่พบหลักฐาน", "version": score.version},
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200
    fragment = text(row)
    assert fragment.startswith("<tr") and "Saved" in fragment and "row-differs" in fragment
    assert seal.score("1.1.1").result == Answer.NOT_MET

    item = seal.item("1.1.1")
    refused = client.post(
        url("seal-item-answer", e, "1.1.1"),
        {"answer": "not_met", "description": "x", "version": item.version},
    )
    assert refused.status_code == 403
    assert seal.item("1.1.1").answer == Answer.MET
    upload = client.post(
        url("seal-evidence-upload", e, "1.1.1"), {"title": "x", "file": seal.pdf()}, follow=True
    )
    assert upload.status_code == 200
    assert not SealEvidence.objects.filter(item=item).exists()
    # The institution's coordinator does not score.
    assert (
        client_for(seal.coordinator)
        .post(url("seal-score", e, "1.1.1"), {"result": "met", "version": 2})
        .status_code
        == 404
    )


def test_more_evidence_is_asked_answered_with_a_file_and_closed(assessing):
    seal = assessing
    seal.start_assessment()
    e = seal.enrolment.pk
    client_for(seal.assessor).post(
        url("seal-request-create", e, "1.1.1"), {"message": "ขอสำเนาคำสั่งที่ลงนาม"}
    )
    request = EvidenceRequest.objects.get(item=seal.item("1.1.1"))
    home = text(client_for(seal.owner_finance).get(url("seal-list")))
    assert "The assessors ask for more evidence" in home
    # Another unit's owner cannot answer it (it does not even exist for them).
    assert (
        client_for(seal.owner_health)
        .post(url("seal-request-answer", request.pk), {"response": "x"})
        .status_code
        == 404
    )
    client_for(seal.owner_finance).post(
        url("seal-request-answer", request.pk),
        {"response": "แนบแล้ว", "title": "คำสั่งที่ลงนาม", "file": seal.pdf()},
    )
    request.refresh_from_db()
    assert request.state == RequestState.ANSWERED and request.response == "แนบแล้ว"
    assert request.evidence.get().title == "คำสั่งที่ลงนาม"
    client_for(seal.assessor).post(url("seal-request-close", request.pk))
    request.refresh_from_db()
    assert request.state == RequestState.CLOSED


def test_the_conclusion_is_previewed_then_confirmed(assessing):
    seal = assessing
    seal.start_assessment()
    seal.score_all({"3.1.1": "not_met"})
    e = seal.enrolment.pk
    client = client_for(seal.assessor)
    preview = text(client.get(url("seal-conclude", e)))
    # 9 of 10 met = 90 %, but 3.1.1 is mandatory for Gold: Silver.
    assert 'id="preview-compliance">90.00%' in preview
    assert 'class="badge level-silver">Silver' in preview
    assert not Award.objects.exists()
    response = client.post(url("seal-conclude", e), {"conclusion": "ดีมาก"}, follow=True)
    award = Award.objects.get(enrolment=seal.enrolment)
    assert award.level == "silver"
    page = text(response)
    assert 'id="award-badge">Silver' in page
    assert url("seal-certificate", e) + "?lang=th" in page
    # Concluded: the link leads back to the award.
    assert client.get(url("seal-conclude", e)).status_code == 302


def test_nobody_but_a_listed_assessor_concludes(assessing):
    seal = assessing
    seal.start_assessment()
    seal.score_all()
    e = seal.enrolment.pk
    assert client_for(seal.coordinator).get(url("seal-conclude", e)).status_code == 404
    assert client_for(seal.coordinator).post(url("seal-conclude", e)).status_code == 404
    assert client_for(seal.assessor_other).post(url("seal-conclude", e)).status_code == 404
    assert not Award.objects.exists()


# --- Gap analysis and action plan -----------------------------------------------------------------


def test_the_gap_page_shows_blockers_differences_and_the_chart_data(seal):
    seal.to_stage("award", answers={"3.2.2": "not_met"}, results={"3.1.1": "not_met"})
    page = text(client_for(seal.coordinator).get(url("seal-gaps", seal.enrolment.pk)))
    assert 'id="gap-chart-data"' in page and "data-seal-chart" in page
    assert "lib/echarts/echarts.min.js" in page
    assert 'id="blocker-list"' in page and ">3.1.1</strong>" in page  # blocks Gold
    assert 'data-table="differences"' in page
    assert 'data-dimension="3"' in page


def test_the_coordinator_adds_an_action_and_the_unit_reports_progress(seal):
    seal.to_stage("action_plan", answers={"2.1.1": "not_met"})
    e = seal.enrolment.pk
    page = text(client_for(seal.coordinator).get(url("seal-actions", e)))
    assert "Benchmarks not met, to close with an action" in page and ">2.1.1</strong>" in page
    benchmark = seal.item("2.1.1").benchmark
    response = client_for(seal.coordinator).post(
        url("seal-action-add", e),
        {
            "title": "อบรมผู้ประสานงานด้านเพศ",
            "unit": str(seal.units["health"].pk),
            "due_on": "2025-06-30",
            "status": "planned",
            "progress": "0",
            "benchmarks": [str(benchmark.pk)],
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(enrolment=seal.enrolment)
    assert list(action.benchmarks.all()) == [benchmark]

    report = {"progress": "40", "status": "in_progress", "note": "อบรมแล้ว 2 รุ่น"}
    assert (
        client_for(seal.owner_finance)
        .post(url("seal-action-report", e, action.pk), report)
        .status_code
        == 403
    )
    response = client_for(seal.owner_health).post(
        url("seal-action-report", e, action.pk), report, follow=True
    )
    action.refresh_from_db()
    assert action.progress == 40 and action.status == "in_progress"
    assert ActionUpdate.objects.get(action=action).note == "อบรมแล้ว 2 รุ่น"
    assert "อบรมแล้ว 2 รุ่น" in text(response) and 'data-progress="40"' in text(response)
    # Only the coordinator adds actions.
    assert (
        client_for(seal.owner_health)
        .post(url("seal-action-add", e), {"title": "x", "status": "planned", "progress": "0"})
        .status_code
        == 403
    )


def test_an_action_with_a_progress_over_100_is_refused_beside_the_field(seal):
    seal.to_stage("action_plan")
    response = client_for(seal.coordinator).post(
        url("seal-action-add", seal.enrolment.pk),
        {"title": "x", "status": "planned", "progress": "150"},
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 100." in text(response)
    assert not Action.objects.exists()


def test_the_notification_links_lead_to_the_pages(seal):
    seal.engage()
    item = seal.item("1.1.1")
    assert services.item_url(item).endswith(f"/seal/items/{item.pk}/")
    response = client_for(seal.coordinator).get(url("seal-item-detail", item.pk))
    assert response.status_code == 302
    assert response["Location"] == url("seal-item", seal.enrolment.pk, "1.1.1")
    assert (
        client_for(seal.other_coordinator).get(url("seal-item-detail", item.pk)).status_code == 404
    )
