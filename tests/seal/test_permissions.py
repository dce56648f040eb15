"""Who sees and does what in the Seal: a unit owner answers only its own benchmarks, an assessor
never changes the institution's answers and scores only what they are listed on, one institution
never sees nor touches another's enrolment, a viewer reads but never writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from naptrack.seal import permissions, services
from naptrack.seal.models import EvidenceRequest, SealEvidence, SelfAssessmentItem, Stage

pytestmark = pytest.mark.usefixtures("english")


def visible(user):
    return set(permissions.visible_enrolments(user).values_list("institution__code", flat=True))


# --- Reading ------------------------------------------------------------------------------------------


def test_who_sees_which_enrolment(seal):
    assert visible(seal.coordinator) == {"bma"}
    assert visible(seal.owner_finance) == {"bma"}
    assert visible(seal.viewer) == {"bma"}
    assert visible(seal.other_coordinator) == {"cnx"}
    assert visible(seal.other_owner) == {"cnx"}
    assert visible(seal.admin) == {"bma", "cnx"}
    assert visible(seal.stranger) == set()
    assert visible(AnonymousUser()) == set()
    # Assessors see nothing until they are listed on an assessment, and then only that one.
    assert visible(seal.assessor) == set()
    seal.to_stage(Stage.ACTION_PLAN)
    seal.start_assessment()
    assert visible(seal.assessor) == {"bma"}
    assert visible(seal.assessor_other) == set()
    assert permissions.can_view_enrolment(seal.assessor, seal.enrolment)
    assert not permissions.can_view_enrolment(seal.assessor_other, seal.enrolment)
    assert not permissions.can_view_enrolment(seal.other_coordinator, seal.enrolment)
    assert not permissions.can_view_enrolment(seal.stranger, seal.enrolment)
    assert not permissions.can_view_enrolment(AnonymousUser(), seal.enrolment)
    assert permissions.can_view_enrolment(seal.admin, seal.other_enrolment)


def test_a_member_of_a_unit_two_levels_down_sees_the_institutions_enrolment(seal):
    nurse = seal.build.user("seal.nurse", organization=seal.units["hospital"], role="reporter")
    assert visible(nurse) == {"bma"}
    assert permissions.can_view_enrolment(nurse, seal.enrolment)


def test_a_unit_reads_its_own_benchmarks_the_institution_reads_all(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    seal.assign(["2.1.1"], "health")
    finance_item, health_item = seal.item("1.1.1"), seal.item("2.1.1")
    assert permissions.can_view_item(seal.owner_finance, finance_item)
    assert not permissions.can_view_item(seal.owner_finance, health_item)
    for user in (seal.coordinator, seal.viewer, seal.admin):
        assert permissions.can_view_item(user, health_item)
    for user in (seal.other_coordinator, seal.stranger, seal.assessor, AnonymousUser()):
        assert not permissions.can_view_item(user, finance_item)
    codes = set(
        permissions.visible_items(seal.owner_finance, seal.enrolment).values_list(
            "benchmark__code", flat=True
        )
    )
    assert codes == {"1.1.1"}
    assert permissions.visible_items(seal.viewer, seal.enrolment).count() == 10
    assert permissions.visible_items(seal.other_coordinator, seal.enrolment).count() == 0


def test_evidence_is_read_by_whoever_reads_its_benchmark(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    letter = services.commitment_letter_attach(
        actor=seal.coordinator, enrolment=seal.enrolment, upload=seal.pdf("letter.pdf")
    )
    evidence = services.evidence_add(
        actor=seal.owner_finance, item=seal.item("1.1.1"), title="Policy", upload=seal.pdf()
    )
    for user in (seal.owner_finance, seal.coordinator, seal.viewer, seal.admin):
        assert permissions.can_view_evidence(user, evidence)
    for user in (
        seal.owner_health,
        seal.other_coordinator,
        seal.assessor,
        seal.assessor_other,
        seal.stranger,
        AnonymousUser(),
    ):
        assert not permissions.can_view_evidence(user, evidence)
    # The commitment letter is the enrolment's: every reader of the enrolment reads it.
    assert permissions.can_view_evidence(seal.owner_health, letter)
    assert not permissions.can_view_evidence(seal.other_coordinator, letter)
    # The listed assessor reads the evidence once the self-assessment is submitted.
    seal.answer_all()
    seal.submit()
    seal.start_assessment()
    evidence = SealEvidence.objects.get(pk=evidence.pk)
    assert permissions.can_view_evidence(seal.assessor, evidence)
    assert not permissions.can_view_evidence(seal.assessor_other, evidence)


def test_only_platform_administrators_manage_programmes(seal):
    assert permissions.can_manage_programmes(seal.admin)
    for user in (seal.coordinator, seal.assessor, seal.viewer, seal.stranger, AnonymousUser()):
        assert not permissions.can_manage_programmes(user)


# --- Answering ---------------------------------------------------------------------------------------


def _answer(user, item, answer="met"):
    return services.item_answer(
        actor=user,
        item=item,
        expected_version=item.version,
        answer=answer,
        description="tampered",
    )


def test_a_unit_owner_answers_only_its_own_units_benchmarks(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    seal.assign(["2.1.1"], "health")
    health_item = seal.item("2.1.1")
    assert not permissions.can_answer_item(seal.owner_finance, health_item)
    with pytest.raises(PermissionDenied):
        _answer(seal.owner_finance, health_item)
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            actor=seal.owner_finance, item=health_item, title="x", url="https://example.org"
        )
    # A benchmark not yet assigned is the coordinator's alone.
    with pytest.raises(PermissionDenied):
        _answer(seal.owner_finance, seal.item("3.1.1"))
    assert seal.item("2.1.1").answer == ""
    # Its own benchmark is fine, and so is the coordinator on any.
    _answer(seal.owner_finance, seal.item("1.1.1"))
    _answer(seal.coordinator, seal.item("2.1.1"))
    # A unit owner neither reviews, assigns nor submits.
    seal.answer("3.1.1", actor=seal.coordinator)
    with pytest.raises(PermissionDenied):
        services.item_review(actor=seal.owner_finance, item=seal.item("1.1.1"), accept=True)
    with pytest.raises(PermissionDenied):
        services.items_assign(
            actor=seal.owner_finance,
            enrolment=seal.enrolment,
            items=seal.items("2.1.1"),
            unit=seal.units["finance"],
            due_on=None,
        )
    with pytest.raises(PermissionDenied):
        services.self_assessment_submit(actor=seal.owner_finance, enrolment=seal.enrolment)


def test_a_unit_owner_removes_only_its_own_evidence(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    evidence = services.evidence_add(
        actor=seal.owner_finance, item=seal.item("1.1.1"), title="Policy", upload=seal.pdf()
    )
    with pytest.raises(PermissionDenied):
        services.evidence_remove(actor=seal.owner_health, evidence=evidence)
    with pytest.raises(PermissionDenied):
        services.evidence_remove(actor=seal.viewer, evidence=evidence)
    services.evidence_remove(actor=seal.owner_finance, evidence=evidence)
    assert not seal.item("1.1.1").evidence.exists()


# --- Assessors ----------------------------------------------------------------------------------------


@pytest.fixture
def assessing(seal):
    """BMA's enrolment at the external assessment, with the listed assessor."""
    seal.to_stage(Stage.EXTERNAL_ASSESSMENT)
    return seal


def test_an_assessor_cannot_change_the_institutions_answers(assessing):
    seal = assessing
    item = seal.item("1.1.1")
    assert not permissions.can_answer_item(seal.assessor, item)
    with pytest.raises(PermissionDenied):
        _answer(seal.assessor, item, "not_met")
    with pytest.raises(PermissionDenied):
        services.item_review(actor=seal.assessor, item=item, accept=False, feedback="no")
    with pytest.raises(PermissionDenied):
        services.evidence_add(actor=seal.assessor, item=item, title="x", url="https://example.org")
    with pytest.raises(PermissionDenied):
        services.action_save(actor=seal.assessor, enrolment=seal.enrolment, title="x")
    assert seal.item("1.1.1").answer == "met"
    assert seal.item("1.1.1").description == "What we do for 1.1.1"


def test_an_assessor_not_listed_can_do_nothing(assessing):
    seal = assessing
    score = seal.score("1.1.1")
    other = seal.assessor_other
    with pytest.raises(PermissionDenied):
        services.score_set(actor=other, score=score, expected_version=score.version, result="met")
    with pytest.raises(PermissionDenied):
        services.evidence_request_create(actor=other, item=seal.item("1.1.1"), message="more")
    with pytest.raises(PermissionDenied):
        services.assessment_conclude(actor=other, assessment=seal.enrolment.assessment)
    request = services.evidence_request_create(
        actor=seal.assessor, item=seal.item("1.1.1"), message="more"
    )
    with pytest.raises(PermissionDenied):
        services.evidence_request_close(actor=other, request=request)
    assert seal.score("1.1.1").result == ""
    assert not permissions.can_view_item(other, seal.item("1.1.1"))


def test_only_the_listed_assessors_score_not_the_institution(assessing):
    seal = assessing
    score = seal.score("1.1.1")
    for user in (seal.coordinator, seal.owner_finance, seal.viewer, seal.other_coordinator):
        with pytest.raises(PermissionDenied):
            services.score_set(actor=user, score=score, expected_version=1, result="met")
    services.score_set(actor=seal.assessor, score=score, expected_version=1, result="met")


def test_only_the_benchmarks_unit_answers_an_evidence_request(assessing):
    seal = assessing
    request = services.evidence_request_create(
        actor=seal.assessor, item=seal.item("2.1.1"), message="minutes?"
    )
    for user in (seal.owner_finance, seal.viewer, seal.assessor, seal.other_coordinator):
        with pytest.raises(PermissionDenied):
            services.evidence_request_answer(actor=user, request=request, response="here")
        with pytest.raises(PermissionDenied):
            services.evidence_add(
                actor=user,
                item=seal.item("2.1.1"),
                title="x",
                url="https://example.org",
                request=request,
            )
    services.evidence_request_answer(actor=seal.owner_health, request=request, response="here")
    request = EvidenceRequest.objects.get(pk=request.pk)
    # Answered: the unit can no longer add to it.
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            actor=seal.owner_health,
            item=seal.item("2.1.1"),
            title="late",
            url="https://example.org",
            request=request,
        )


# --- Another institution, a viewer, a stranger: nothing at all ---------------------------------------


def _every_write(seal):
    """Every service that changes BMA's enrolment, as callables taking the actor."""
    item = seal.item("1.1.1")
    enrolment = seal.refresh()
    action = enrolment.actions.first()
    score = seal.score("1.1.1")
    request = EvidenceRequest.objects.filter(item__enrolment=enrolment).first()
    evidence = item.evidence.first()
    return {
        "engagement_save": lambda a: services.engagement_save(
            actor=a, enrolment=enrolment, committee=[{"name": "Intruder"}]
        ),
        "commitment_letter_attach": lambda a: services.commitment_letter_attach(
            actor=a, enrolment=enrolment, upload=seal.pdf()
        ),
        "stage_advance": lambda a: services.stage_advance(
            actor=a, enrolment=enrolment, to_stage="award"
        ),
        "items_assign": lambda a: services.items_assign(
            actor=a,
            enrolment=enrolment,
            items=[item],
            unit=seal.units["health"],
            due_on=dt.date(2025, 1, 1),
        ),
        "item_answer": lambda a: _answer(a, item, "not_met"),
        "evidence_add": lambda a: services.evidence_add(
            actor=a, item=item, title="x", url="https://example.org"
        ),
        "evidence_remove": lambda a: services.evidence_remove(actor=a, evidence=evidence),
        "item_review": lambda a: services.item_review(
            actor=a, item=item, accept=False, feedback="x"
        ),
        "self_assessment_submit": lambda a: services.self_assessment_submit(
            actor=a, enrolment=enrolment
        ),
        "assessment_start": lambda a: services.assessment_start(
            actor=a, enrolment=enrolment, assessors=[seal.assessor_other]
        ),
        "score_set": lambda a: services.score_set(
            actor=a, score=score, expected_version=score.version, result="not_met"
        ),
        "evidence_request_create": lambda a: services.evidence_request_create(
            actor=a, item=item, message="x"
        ),
        "evidence_request_answer": lambda a: services.evidence_request_answer(
            actor=a, request=request, response="x"
        ),
        "evidence_request_close": lambda a: services.evidence_request_close(
            actor=a, request=request
        ),
        "assessment_conclude": lambda a: services.assessment_conclude(
            actor=a, assessment=enrolment.assessment
        ),
        "action_save": lambda a: services.action_save(actor=a, enrolment=enrolment, title="x"),
        "action_report": lambda a: services.action_report(
            actor=a, action=action, progress=10, status="in_progress"
        ),
    }


@pytest.fixture
def busy(seal):
    """BMA at the external assessment, with evidence on 1.1.1 and an open evidence request."""
    seal.engage()
    seal.answer_all()
    item = seal.item("1.1.1")
    services.evidence_add(actor=seal.owner_finance, item=item, title="Policy", upload=seal.pdf())
    seal.to_stage(Stage.EXTERNAL_ASSESSMENT)
    services.evidence_request_create(actor=seal.assessor, item=item, message="More please")
    return seal


@pytest.mark.parametrize("who", ["other_coordinator", "other_owner", "viewer", "stranger"])
def test_outsiders_and_viewers_change_nothing(busy, who):
    seal = busy
    actor = seal.users[who]
    snapshot = _snapshot(seal)
    for name, write in _every_write(seal).items():
        with pytest.raises(PermissionDenied):
            write(actor)
            pytest.fail(f"{who} could {name}")
    assert _snapshot(seal) == snapshot


def test_an_anonymous_visitor_changes_nothing(busy):
    seal = busy
    for write in _every_write(seal).values():
        with pytest.raises(PermissionDenied):
            write(AnonymousUser())


def test_another_institutions_coordinator_cannot_enrol_bma(seal):
    with pytest.raises(PermissionDenied):
        services.enrolment_create(
            actor=seal.other_coordinator,
            institution=seal.bma,
            programme=seal.programme,
            started_on=dt.date(2026, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        services.enrolment_create(
            actor=seal.viewer,
            institution=seal.bma,
            programme=seal.programme,
            started_on=dt.date(2026, 1, 1),
        )


def _snapshot(seal):
    items = SelfAssessmentItem.objects.filter(enrolment=seal.enrolment).order_by("pk")
    enrolment = seal.refresh()
    return (
        enrolment.stage,
        enrolment.version,
        list(items.values_list("answer", "state", "unit_id", "version")),
        list(enrolment.assessment.scores.order_by("pk").values_list("result", "version")),
        list(enrolment.actions.values_list("title", "progress", "version")),
        list(
            EvidenceRequest.objects.filter(item__enrolment=enrolment).values_list(
                "state", "response"
            )
        ),
        enrolment.committee.count(),
        sorted(enrolment.assessment.assessors.values_list("pk", flat=True)),
    )


def test_allowed_actions_follow_the_roles(assessing):
    seal = assessing
    coordinator = permissions.allowed_actions(seal.coordinator, seal.enrolment)
    assert coordinator["manage"] and not coordinator["score"] and not coordinator["submit"]
    assessor = permissions.allowed_actions(seal.assessor, seal.enrolment)
    assert assessor["score"] and assessor["conclude"] and not assessor["manage"]
    viewer = permissions.allowed_actions(seal.viewer, seal.enrolment)
    assert not any(viewer.values())


# --- Admin ----------------------------------------------------------------------------------------


def test_the_admin_edits_programmes_and_only_shows_the_workflow(assessing, client):
    seal = assessing
    client.force_login(seal.admin)
    programme = seal.programme
    benchmark = programme.benchmarks.get(code="3.1.1")
    standard = benchmark.standard
    for url in (
        "/en/admin/seal/programme/",
        f"/en/admin/seal/programme/{programme.pk}/change/",
        f"/en/admin/seal/sealdimension/{standard.dimension_id}/change/",
        f"/en/admin/seal/standard/{standard.pk}/change/",
        "/en/admin/seal/benchmark/?mandatory=gold",
        f"/en/admin/seal/benchmark/{benchmark.pk}/change/",
        "/en/admin/seal/enrolment/",
        f"/en/admin/seal/enrolment/{seal.enrolment.pk}/change/",
        f"/en/admin/seal/assessment/{seal.enrolment.assessment.pk}/change/",
        "/en/admin/seal/selfassessmentitem/",
        "/en/admin/seal/sealevidence/",
        "/en/admin/seal/stageevent/",
        "/en/admin/seal/action/",
        "/en/admin/seal/award/",
        "/en/admin/seal/evidencerequest/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    listing = client.get("/en/admin/seal/benchmark/?mandatory=gold").content.decode()
    assert "3.1.1" in listing and "1.1.2" not in listing
    # The workflow cannot be changed, added to or deleted from the admin.
    assert client.get("/en/admin/seal/enrolment/add/").status_code == 403
    response = client.post(
        f"/en/admin/seal/selfassessmentitem/{seal.item('1.1.1').pk}/change/", {"answer": "not_met"}
    )
    assert response.status_code == 403
    assert seal.item("1.1.1").answer == "met"
    # A benchmark's programme follows its standard.
    data = {
        "standard": standard.pk,
        "code": "3.1.9",
        "sort_order": 99,
        "weight": "2",
        "text_en": "New benchmark",
        "mandatory_gold": "on",
    }
    response = client.post("/en/admin/seal/benchmark/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    added = programme.benchmarks.get(code="3.1.9")
    assert added.mandatory_gold and added.programme == programme
    response = client.post("/en/admin/seal/benchmark/add/", {**data, "text_en": "Again"})
    assert response.status_code == 200
    assert "has this code" in response.content.decode()
    # Someone without the platform administration reaches nothing.
    client.force_login(seal.coordinator)
    assert client.get("/en/admin/seal/programme/").status_code == 302
