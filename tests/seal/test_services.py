"""The Seal's workflow through its services: enrolment → engagement → self-assessment with evidence
→ review → submission → external assessment with evidence requests → award; action plan;
version conflicts; reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.notifications.models import Notification, NotificationKind
from naptrack.organizations.models import Membership, Role
from naptrack.seal import permissions, services
from naptrack.seal.models import (
    ActionStatus,
    Assessment,
    AssessmentState,
    Award,
    BenchmarkScore,
    CommitteeMember,
    Enrolment,
    EvidenceRequest,
    ItemState,
    RequestState,
    SealEvidence,
    SelfAssessmentItem,
    Stage,
    StageEvent,
)
from tests.seal.conftest import BENCHMARKS, DUE_ON, STARTED_ON

pytestmark = pytest.mark.usefixtures("english")


def notes(user, kind=None):
    qs = Notification.objects.filter(user=user)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs)


def messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- The whole journey -------------------------------------------------------------------------------


def test_the_whole_workflow_from_enrolment_to_award(seal):
    coordinator, finance, health = seal.coordinator, seal.owner_finance, seal.owner_health
    enrolment = seal.enrolment
    # Enrolment: one item per benchmark, at the engage stage, cycle 1.
    assert enrolment.stage == Stage.ENGAGE and enrolment.cycle == 1
    assert SelfAssessmentItem.objects.filter(enrolment=enrolment).count() == len(BENCHMARKS)
    assert StageEvent.objects.filter(enrolment=enrolment, kind="created").exists()

    # Engagement: the next stage needs the commitment date and a committee.
    with pytest.raises(ValidationError) as refused:
        services.stage_advance(actor=coordinator, enrolment=enrolment, to_stage="self_assessment")
    assert "commitment letter was signed" in messages(refused)
    assert "committee" in messages(refused)
    letter = seal.act(
        services.commitment_letter_attach,
        actor=coordinator,
        enrolment=enrolment,
        upload=seal.pdf("letter.pdf"),
    )
    assert seal.refresh().commitment_letter == letter
    assert letter.content_type == "application/pdf" and letter.file.name.endswith(".pdf")
    seal.engage(to_self_assessment=False)
    assert CommitteeMember.objects.filter(enrolment=enrolment).count() == 2
    with pytest.raises(ValidationError):  # only one step forward
        services.stage_advance(actor=coordinator, enrolment=seal.refresh(), to_stage="action_plan")
    services.stage_advance(
        actor=coordinator, enrolment=seal.refresh(), to_stage="self_assessment", comment="Go"
    )
    assert seal.refresh().stage == Stage.SELF_ASSESSMENT

    # Assignment: the unit owners hear of it once, by inbox and e-mail.
    mail.outbox.clear()
    assert seal.assign(["1.1.1", "1.1.2", "1.2.1"], "finance") == 3
    assert seal.assign(["2.1.1", "2.1.2", "2.2.1"], "health") == 3
    assert seal.assign(["3.1.1", "3.1.2", "3.2.1", "3.2.2"], "bangrak") == 4
    assigned = notes(finance, NotificationKind.SEAL_ASSIGNED)
    assert len(assigned) == 1
    assert "1.1.1, 1.1.2, 1.2.1" in assigned[0].body
    assert any("finance@bma.test" in m.to for m in mail.outbox)
    item = seal.item("1.1.1")
    assert item.unit == seal.units["finance"] and item.due_on == DUE_ON

    # Answer with evidence: a real PDF is taken in, a program named .pdf is refused.
    item = services.item_answer(
        actor=finance,
        item=item,
        expected_version=item.version,
        answer="met",
        description="The Governor signed the gender equality policy.",
    )
    assert item.state == ItemState.ANSWERED and item.answered_by == finance
    evidence = services.evidence_add(
        actor=finance, item=item, title="Policy", upload=seal.pdf("นโยบาย.pdf")
    )
    assert evidence.sha256 and evidence.size > 0 and evidence.original_name == "นโยบาย.pdf"
    assert evidence.file.name.startswith(f"seal/{enrolment.pk}/{item.pk}/")
    with pytest.raises(ValidationError):
        services.evidence_add(actor=finance, item=item, title="Bad", upload=seal.exe())
    assert SealEvidence.objects.filter(item=item).exclude(pk=letter.pk).count() == 1
    # The commitment letter rides on the first benchmark but is not its evidence.
    assert list(permissions.evidence_of_item(item)) == [evidence]
    link = services.evidence_add(
        actor=finance, item=item, title="Web page", url="https://www.bangkok.go.th/policy"
    )
    assert link.url
    with pytest.raises(ValidationError):
        services.evidence_add(actor=finance, item=item, title="Bad link", url="javascript:alert(1)")

    # Review: sent back with feedback (the unit is told), then answered again and accepted.
    with pytest.raises(ValidationError):
        services.item_review(actor=coordinator, item=item, accept=False, feedback="")
    seal.act(
        services.item_review,
        actor=coordinator,
        item=item,
        accept=False,
        feedback="Attach the signed copy.",
    )
    item.refresh_from_db()
    assert item.state == ItemState.RETURNED and item.feedback == "Attach the signed copy."
    returned = notes(finance, NotificationKind.SEAL_RETURNED)
    assert len(returned) == 1 and "1.1.1" in returned[0].title
    assert "Attach the signed copy." in returned[0].body
    assert not notes(health, NotificationKind.SEAL_RETURNED)

    # Submission refuses while an item is sent back or unanswered, naming them.
    with pytest.raises(ValidationError) as refused:
        services.self_assessment_submit(actor=coordinator, enrolment=seal.refresh())
    assert "1.1.1" in messages(refused) and "3.2.2" in messages(refused)
    seal.answer("1.1.1", "met")
    services.item_review(actor=coordinator, item=seal.item("1.1.1"), accept=True)
    assert seal.item("1.1.1").state == ItemState.REVIEWED
    for code in BENCHMARKS:
        if code != "1.1.1":
            seal.answer(code, "not_applicable" if code == "3.2.2" else "met")
    seal.submit()
    enrolment = seal.refresh()
    assert enrolment.self_assessment_submitted_at is not None
    assert enrolment.stage == Stage.ACTION_PLAN
    assert notes(finance, NotificationKind.SEAL_SUBMITTED)
    # Answers are fixed after submission, even for the coordinator.
    item = seal.item("1.1.2")
    with pytest.raises(PermissionDenied):
        services.item_answer(
            actor=coordinator,
            item=item,
            expected_version=item.version,
            answer="not_met",
            description="",
        )

    # Action plan, assessment with a listed assessor, then the external assessment stage.
    action = seal.add_action()
    assert action.version == 1 and list(action.benchmarks.values_list("code", flat=True)) == [
        "2.1.1"
    ]
    with pytest.raises(ValidationError):  # no assessor yet
        services.stage_advance(
            actor=coordinator, enrolment=enrolment, to_stage="external_assessment"
        )
    assessment = seal.start_assessment()
    assert list(assessment.assessors.all()) == [seal.assessor]
    assert BenchmarkScore.objects.filter(assessment=assessment).count() == len(BENCHMARKS)
    services.stage_advance(
        actor=coordinator, enrolment=seal.refresh(), to_stage="external_assessment"
    )
    assert seal.refresh().stage == Stage.EXTERNAL_ASSESSMENT

    # Scoring; a request for more evidence; the unit answers with a file; the assessor closes it.
    seal.score_all({"3.2.2": "not_applicable", "1.2.1": "not_met"})
    request = seal.act(
        services.evidence_request_create,
        actor=seal.assessor,
        item=seal.item("2.1.1"),
        message="Please send the minutes of the committee meeting.",
    )
    requested = notes(health, NotificationKind.SEAL_EVIDENCE_REQUESTED)
    assert len(requested) == 1 and "2.1.1" in requested[0].title
    assert not notes(finance, NotificationKind.SEAL_EVIDENCE_REQUESTED)
    with pytest.raises(ValidationError) as refused:  # an open request blocks the conclusion
        seal.conclude()
    assert "2.1.1" in messages(refused)
    services.evidence_add(
        actor=health,
        item=seal.item("2.1.1"),
        title="Minutes",
        upload=seal.pdf("minutes.pdf"),
        request=request,
    )
    request = seal.act(
        services.evidence_request_answer,
        actor=health,
        request=request,
        response="The minutes are attached.",
    )
    assert request.state == RequestState.ANSWERED and request.responded_by == health
    assert request.evidence.count() == 1
    assert notes(seal.assessor, NotificationKind.SEAL_EVIDENCE_REQUESTED)
    services.evidence_request_close(actor=seal.assessor, request=request)
    assert EvidenceRequest.objects.get(pk=request.pk).state == RequestState.CLOSED

    # Conclusion: 8 met of 9 applicable = 88.89 % → Gold; expires three years later.
    award = seal.conclude(today=dt.date(2025, 9, 15))
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.CONCLUDED
    assert assessment.compliance == Decimal("88.89") and assessment.level == "gold"
    assert award.level == "gold" and award.compliance == Decimal("88.89")
    assert award.awarded_on == dt.date(2025, 9, 15)
    assert award.expires_on == dt.date(2028, 9, 15)
    assert award.certificate_number == "GES-BMA-2025-0001"
    assert seal.refresh().stage == Stage.AWARD
    assert notes(coordinator, NotificationKind.SEAL_AWARDED)
    event = StageEvent.objects.filter(enrolment=enrolment, kind="concluded").get()
    assert event.stage == Stage.AWARD and event.data["level"] == "gold"
    # Concluded: no more scores, no second conclusion.
    score = seal.score("1.1.1")
    with pytest.raises(PermissionDenied):
        services.score_set(
            actor=seal.assessor, score=score, expected_version=score.version, result="not_met"
        )
    with pytest.raises(PermissionDenied):
        seal.conclude()


def test_a_mandatory_benchmark_unmet_by_the_assessors_lowers_the_award(seal):
    # 9 of 10 met = 90 %, but 3.1.1 (mandatory for Gold) not met → Silver.
    seal.to_stage(Stage.EXTERNAL_ASSESSMENT)
    seal.score_all({"3.1.1": "partly_met"})
    award = seal.conclude(today=dt.date(2024, 2, 29))
    assert award.level == "silver" and award.compliance == Decimal("90.00")
    assert award.expires_on == dt.date(2027, 2, 28)  # 29 February three years later


def test_no_level_reached_concludes_without_an_award(seal):
    seal.to_stage(Stage.EXTERNAL_ASSESSMENT)
    seal.score_all({"1.1.1": "not_met"})  # mandatory for every level
    assert seal.conclude() is None
    assert not Award.objects.filter(enrolment=seal.enrolment).exists()
    assessment = Assessment.objects.get(enrolment=seal.enrolment)
    assert assessment.level == "" and assessment.compliance == Decimal("90.00")
    assert seal.refresh().stage == Stage.AWARD


def test_conclusion_needs_every_benchmark_scored(seal):
    seal.to_stage(Stage.EXTERNAL_ASSESSMENT)
    score = seal.score("1.1.1")
    services.score_set(actor=seal.assessor, score=score, expected_version=1, result="met")
    with pytest.raises(ValidationError) as refused:
        seal.conclude()
    assert "1.1.2" in messages(refused) and "1.1.1," not in messages(refused)


def test_certificate_numbers_follow_each_other_within_a_year(seal, build):
    seal.to_stage(Stage.AWARD)
    assert seal.enrolment.award.certificate_number == "GES-BMA-2025-0001"
    # The other institution's award the same year gets its own prefix.
    other = seal.other_enrolment
    assert services._certificate_number(other, dt.date(2025, 1, 1)) == "GES-CNX-2025-0001"
    assert services._certificate_number(seal.enrolment, dt.date(2025, 1, 1)) == "GES-BMA-2025-0002"


def test_a_second_cycle_links_the_first(seal):
    seal.to_stage(Stage.AWARD)
    second = services.enrolment_create(
        actor=seal.coordinator,
        institution=seal.bma,
        programme=seal.programme,
        started_on=dt.date(2027, 10, 1),
    )
    assert second.cycle == 2 and second.previous == seal.enrolment
    assert second.items.count() == len(BENCHMARKS)
    with pytest.raises(ValidationError):
        services.enrolment_create(
            actor=seal.other_coordinator,
            institution=seal.cnx,
            programme=seal.programme,
            started_on=dt.date(2027, 10, 1),
            previous=seal.enrolment,
        )


def test_an_unpublished_programme_cannot_be_chosen(seal):
    seal.programme.is_published = False
    seal.programme.save()
    with pytest.raises(ValidationError):
        services.enrolment_create(
            actor=seal.coordinator,
            institution=seal.bma,
            programme=seal.programme,
            started_on=STARTED_ON,
        )


# --- Validation ---------------------------------------------------------------------------------------


def test_not_applicable_needs_a_reason_and_other_answers_drop_it(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    item = seal.item("1.1.1")
    with pytest.raises(ValidationError) as refused:
        services.item_answer(
            actor=seal.owner_finance,
            item=item,
            expected_version=item.version,
            answer="not_applicable",
            description="",
        )
    assert "does not apply" in messages(refused)
    with pytest.raises(ValidationError):
        services.item_answer(
            actor=seal.owner_finance,
            item=item,
            expected_version=item.version,
            answer="maybe",
            description="",
        )
    item = services.item_answer(
        actor=seal.owner_finance,
        item=item,
        expected_version=item.version,
        answer="not_met",
        description="",
        not_applicable_reason="left over",
    )
    assert item.not_applicable_reason == ""


def test_assignment_only_to_units_of_the_institution_and_items_of_the_enrolment(seal):
    seal.engage()
    with pytest.raises(ValidationError) as refused:
        services.items_assign(
            actor=seal.coordinator,
            enrolment=seal.enrolment,
            items=seal.items("1.1.1"),
            unit=seal.orgs["cnx-social"],
            due_on=DUE_ON,
        )
    assert "not a unit of" in messages(refused)
    with pytest.raises(ValidationError):
        services.items_assign(
            actor=seal.coordinator,
            enrolment=seal.enrolment,
            items=[seal.item("1.1.1", seal.other_enrolment)],
            unit=seal.units["finance"],
            due_on=DUE_ON,
        )
    # A unit two levels down is a unit of the institution.
    assert (
        services.items_assign(
            actor=seal.coordinator,
            enrolment=seal.enrolment,
            items=seal.items("1.1.1"),
            unit=seal.units["hospital"],
            due_on=DUE_ON,
        )
        == 1
    )


def test_assessors_need_the_assessor_role_and_not_work_for_the_institution(seal):
    seal.to_stage(Stage.ACTION_PLAN)
    with pytest.raises(ValidationError) as refused:
        seal.start_assessment([seal.stranger])
    assert "assessor role" in messages(refused)
    # A BMA viewer who is also an assessor elsewhere cannot assess BMA.
    Membership.objects.create(
        user=seal.viewer, organization=seal.orgs["assessors"], role=Role.ASSESSOR
    )
    with pytest.raises(ValidationError) as refused:
        seal.start_assessment([seal.viewer])
    assert "cannot assess" in messages(refused)


def test_the_assessment_starts_only_after_submission(seal):
    seal.engage()
    with pytest.raises(ValidationError):
        seal.start_assessment()


def test_the_award_stage_is_reached_only_by_the_conclusion(seal):
    seal.to_stage(Stage.EXTERNAL_ASSESSMENT)
    with pytest.raises(ValidationError) as refused:
        services.stage_advance(actor=seal.coordinator, enrolment=seal.enrolment, to_stage="award")
    assert "conclude" in messages(refused)


def test_the_external_assessment_stage_needs_an_action(seal):
    seal.to_stage(Stage.ACTION_PLAN)
    seal.start_assessment()
    with pytest.raises(ValidationError) as refused:
        services.stage_advance(
            actor=seal.coordinator, enrolment=seal.refresh(), to_stage="external_assessment"
        )
    assert "improvement action" in messages(refused)


def test_commitment_letter_is_checked_and_replaced(seal, seal_media):
    with pytest.raises(ValidationError):
        services.commitment_letter_attach(
            actor=seal.coordinator, enrolment=seal.enrolment, upload=seal.exe("letter.pdf")
        )
    assert seal.refresh().commitment_letter is None
    first = seal.act(
        services.commitment_letter_attach,
        actor=seal.coordinator,
        enrolment=seal.enrolment,
        upload=seal.pdf(),
    )
    second = seal.act(
        services.commitment_letter_attach,
        actor=seal.coordinator,
        enrolment=seal.refresh(),
        upload=seal.pdf("signed.pdf"),
    )
    assert seal.refresh().commitment_letter == second
    assert not SealEvidence.objects.filter(pk=first.pk).exists()
    with pytest.raises(PermissionDenied):
        services.commitment_letter_attach(
            actor=seal.owner_finance, enrolment=seal.enrolment, upload=seal.pdf()
        )


def test_engagement_validates_committee_rows_and_dates(seal):
    with pytest.raises(ValidationError) as refused:
        services.engagement_save(
            actor=seal.coordinator,
            enrolment=seal.enrolment,
            committee=[{"name": "A"}, {"name": "  "}],
        )
    assert "Committee member 2" in messages(refused)
    with pytest.raises(ValidationError):
        services.engagement_save(
            actor=seal.coordinator,
            enrolment=seal.enrolment,
            committee=[{"name": "A", "unit": seal.orgs["cnx-social"]}],
        )
    with pytest.raises(ValidationError):
        services.engagement_save(
            actor=seal.coordinator,
            enrolment=seal.enrolment,
            self_assessment_due_on=STARTED_ON - dt.timedelta(days=1),
        )
    enrolment = services.engagement_save(
        actor=seal.coordinator, enrolment=seal.enrolment, self_assessment_due_on=DUE_ON
    )
    # What is left out stays as it is.
    enrolment = services.engagement_save(
        actor=seal.coordinator, enrolment=enrolment, commitment_signed_on=STARTED_ON
    )
    assert enrolment.self_assessment_due_on == DUE_ON
    assert enrolment.commitment_signed_on == STARTED_ON


# --- Optimistic versions --------------------------------------------------------------------------


def test_a_stale_answer_is_refused_with_the_current_one(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    stale = seal.item("1.1.1")
    seal.answer("1.1.1", "met", actor=seal.coordinator)
    with pytest.raises(services.ConflictError) as conflict:
        services.item_answer(
            actor=seal.owner_finance,
            item=stale,
            expected_version=stale.version,
            answer="not_met",
            description="old",
        )
    assert conflict.value.current["answer"] == "met"
    assert conflict.value.attempted["answer"] == "not_met"
    assert conflict.value.changed_by == "seal.coordinator"
    assert seal.item("1.1.1").answer == "met"
    # The reporting API's handler catches it too.
    from naptrack.reporting.services import ConflictError

    assert isinstance(conflict.value, ConflictError)


def test_a_stale_score_and_a_stale_action_are_refused(seal):
    seal.to_stage(Stage.EXTERNAL_ASSESSMENT)
    score = seal.score("1.1.1")
    services.score_set(actor=seal.assessor, score=score, expected_version=1, result="met")
    with pytest.raises(services.ConflictError):
        services.score_set(actor=seal.assessor, score=score, expected_version=1, result="not_met")
    assert seal.score("1.1.1").result == "met"
    action = seal.enrolment.actions.get()
    services.action_save(
        actor=seal.coordinator,
        enrolment=seal.enrolment,
        action=action,
        expected_version=1,
        title="Renamed",
    )
    with pytest.raises(services.ConflictError):
        services.action_save(
            actor=seal.coordinator,
            enrolment=seal.enrolment,
            action=action,
            expected_version=1,
            title="Stale",
        )


# --- Action plan -------------------------------------------------------------------------------------


def test_actions_are_reported_on_by_their_unit(seal):
    seal.to_stage(Stage.ACTION_PLAN)
    action = seal.add_action()
    with pytest.raises(ValidationError):
        services.action_save(
            actor=seal.coordinator, enrolment=seal.enrolment, title="x", progress=150
        )
    with pytest.raises(ValidationError):
        services.action_save(
            actor=seal.coordinator,
            enrolment=seal.enrolment,
            title="x",
            unit=seal.orgs["cnx-social"],
        )
    update = services.action_report(
        actor=seal.owner_health,
        action=action,
        progress=40,
        status=ActionStatus.IN_PROGRESS,
        note="Two trainings held.",
        reported_on=dt.date(2025, 3, 1),
    )
    action.refresh_from_db()
    assert update.progress == 40 and action.progress == 40
    assert action.status == ActionStatus.IN_PROGRESS and action.version == 2
    with pytest.raises(PermissionDenied):  # another unit's action
        services.action_report(
            actor=seal.owner_finance, action=action, progress=50, status=ActionStatus.IN_PROGRESS
        )
    with pytest.raises(PermissionDenied):
        services.action_save(actor=seal.owner_health, enrolment=seal.enrolment, title="Mine")


# --- Reminders ----------------------------------------------------------------------------------------


def test_reminders_go_once_per_item_and_day_count(seal, django_capture_on_commit_callbacks):
    seal.engage()
    seal.assign(["1.1.1", "1.1.2"], "finance", due_on=dt.date(2024, 11, 10))
    seal.assign(["2.1.1"], "health", due_on=dt.date(2024, 11, 20))
    seal.answer("1.1.2", "met")  # answered: no reminder

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_seal_reminders(day)

    assert run(dt.date(2024, 11, 1)) == 0  # 9 days before: nothing yet
    assert run(dt.date(2024, 11, 3)) == 1  # 7 days before 1.1.1
    assert run(dt.date(2024, 11, 3)) == 0  # the same day again: nothing
    assert run(dt.date(2024, 11, 4)) == 0  # 6 days: the 7-day reminder was sent
    reminders = notes(seal.owner_finance, NotificationKind.SEAL_REMINDER)
    assert len(reminders) == 1
    assert "1.1.1" in reminders[0].body and "1.1.2" not in reminders[0].body
    assert " 7 " in f"{reminders[0].title} "  # "… in 7 days", in the platform language
    assert run(dt.date(2024, 11, 7)) == 1  # 3 days
    assert run(dt.date(2024, 11, 9)) == 1  # 1 day
    assert run(dt.date(2024, 11, 13)) == 1  # 2.1.1 7 days before; 1.1.1 is past due
    assert run(dt.date(2024, 11, 11)) == 0
    assert len(notes(seal.owner_finance, NotificationKind.SEAL_REMINDER)) == 3
    assert len(notes(seal.owner_health, NotificationKind.SEAL_REMINDER)) == 1
    events = StageEvent.objects.filter(enrolment=seal.enrolment, kind="reminder")
    assert sorted((e.data["item"], e.data["days"]) for e in events) == sorted(
        [
            (seal.item("1.1.1").pk, 7),
            (seal.item("1.1.1").pk, 3),
            (seal.item("1.1.1").pk, 1),
            (seal.item("2.1.1").pk, 7),
        ]
    )


def test_the_reminder_command_sends_todays_reminders(seal):
    from io import StringIO

    from django.core.management import call_command

    seal.engage()
    seal.assign(["1.1.1"], "finance", due_on=dt.date(2024, 11, 10))
    out = StringIO()
    call_command("send_seal_reminders", "--date", "2024-11-09", stdout=out)
    assert "1 reminder" in out.getvalue()
    assert StageEvent.objects.filter(kind="reminder", data__days=1).count() == 1


def test_enrolments_are_unique_per_institution_and_cycle(seal):
    assert Enrolment.objects.filter(institution=seal.bma).count() == 1
