"""Every change in the Seal. Each step checks permission, validates, records an event on the
enrolment where it matters and tells the people concerned (in the inbox and by e-mail) after
commit."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from naptrack.core.services import require
from naptrack.notifications.models import NotificationKind
from naptrack.organizations.models import Membership, Organization, Role
from naptrack.reporting import rules
from naptrack.reporting.services import ConflictError as ReportingConflictError
from naptrack.seal import permissions, scoring
from naptrack.seal.models import (
    STAGE_ORDER,
    Action,
    ActionStatus,
    ActionUpdate,
    Answer,
    Assessment,
    AssessmentState,
    Award,
    Benchmark,
    BenchmarkScore,
    CommitteeMember,
    CommitteeRole,
    Enrolment,
    EvidenceRequest,
    ItemState,
    Programme,
    RequestState,
    SealEvidence,
    SelfAssessmentItem,
    Stage,
)

# StageEvent kinds.
CREATED = "created"
ENGAGEMENT_SAVED = "engagement_saved"
COMMITMENT_LETTER = "commitment_letter"
STAGE = "stage"
ASSIGNED = "assigned"
ANSWERED = "answered"
REVIEWED = "reviewed"
RETURNED = "returned"
EVIDENCE_ADDED = "evidence_added"
EVIDENCE_REMOVED = "evidence_removed"
SUBMITTED = "submitted"
ASSESSMENT_STARTED = "assessment_started"
EVIDENCE_REQUESTED = "evidence_requested"
REQUEST_ANSWERED = "request_answered"
REQUEST_CLOSED = "request_closed"
CONCLUDED = "concluded"
ACTION_SAVED = "action_saved"
ACTION_REPORTED = "action_reported"
REMINDER = "reminder"

CERTIFICATE_PREFIX = "GES"
# Items still waiting for their unit's answer.
OPEN_ITEM_STATES = (ItemState.ASSIGNED, ItemState.RETURNED)


class ConflictError(ReportingConflictError):
    """A save based on an old version: someone else changed the answer, score or action meanwhile."""


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


# --- Helpers ------------------------------------------------------------------------------------------


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _now() -> dt.datetime:
    return timezone.now()


def _event(
    enrolment: Enrolment, kind: str, actor, *, stage: str = "", comment: str = "", data=None
):
    from naptrack.seal.models import StageEvent

    return StageEvent.objects.create(
        enrolment=enrolment,
        kind=kind,
        stage=stage,
        actor=_user(actor),
        comment=comment,
        data=data or {},
    )


def _text(value, field: str, *, required_message: str | None = None) -> str:
    text = rules.clean_text(value)
    if required_message and not text:
        raise ValidationError({field: required_message})
    if len(text) > rules.MAX_TEXT:
        raise ValidationError(
            {
                field: _("The text is too long (at most %(max)s characters).")
                % {"max": rules.MAX_TEXT}
            }
        )
    return text


def _url(name: str, *args) -> str:
    """The page's address in the platform's language, or nothing while the page does not exist."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def enrolment_url(enrolment: Enrolment) -> str:
    return _url("seal-enrolment-detail", enrolment.pk)


def item_url(item: SelfAssessmentItem) -> str:
    return _url("seal-item-detail", item.pk) or enrolment_url(item.enrolment)


def _people(organization_ids, roles) -> list:
    user_ids = Membership.objects.filter(
        organization_id__in=list(organization_ids), role__in=list(roles)
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def unit_owners(unit_id: int | None) -> list:
    if unit_id is None:
        return []
    return _people([unit_id], permissions.UNIT_OWNER_ROLES)


def coordinators(enrolment: Enrolment) -> list:
    return _people([enrolment.institution_id], permissions.COORDINATOR_ROLES)


def _notify(users, *, kind: str, title, body="", url: str = "", exclude=None) -> None:
    """Deliver after commit, in the platform's language; titles and bodies are callables so that
    they are translated then."""
    from naptrack.notifications.services import deliver

    exclude_id = getattr(exclude, "pk", None)
    recipients = []
    for user in users:
        if user.pk != exclude_id and user.pk not in {u.pk for u in recipients}:
            recipients.append(user)
    if not recipients:
        return

    def send():
        with translation.override(settings.LANGUAGE_CODE):
            deliver(
                recipients,
                kind=kind,
                title=title() if callable(title) else str(title),
                body=body() if callable(body) else str(body),
                url=url,
            )

    transaction.on_commit(send)


def _format_date(day: dt.date | None) -> str:
    from naptrack.periods.calendars import format_date

    if day is None:
        return ""
    return format_date(day, translation.get_language() or settings.LANGUAGE_CODE, long=True)


def _locked_enrolment(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("institution", "programme")
        .get(pk=enrolment.pk)
    )


def _locked_item(item: SelfAssessmentItem) -> SelfAssessmentItem:
    return (
        SelfAssessmentItem.objects.select_for_update(of=("self",))
        .select_related("enrolment__institution", "enrolment__programme", "benchmark", "unit")
        .get(pk=item.pk)
    )


def _bump(obj, *fields: str) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


def _check_version(obj, expected_version, *, current: dict, attempted: dict, changed_by=None):
    if expected_version is None:
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = -1
    if expected != obj.version:
        raise ConflictError(
            _(
                "Someone else changed this while you were editing it. Look at the current "
                "version below, then save your changes again."
            ),
            current={**current, "version": obj.version},
            attempted=attempted,
            changed_by=_name(changed_by),
        )


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day so many years later (29 February becomes 28 February)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def _check_unit(unit, enrolment: Enrolment, field: str = "unit") -> None:
    if unit is not None and not permissions.is_unit_of(unit, enrolment.institution_id):
        raise ValidationError(
            {
                field: _("%(unit)s is not a unit of %(institution)s.")
                % {"unit": unit.name, "institution": enrolment.institution.name}
            }
        )


# --- Enrolment and engagement ----------------------------------------------------------------------


@transaction.atomic
def enrolment_create(
    *,
    actor,
    institution: Organization,
    programme: Programme,
    started_on: dt.date,
    previous: Enrolment | None = None,
) -> Enrolment:
    """Enrol an institution in a cycle of the Seal, with one self-assessment item per benchmark."""
    require(
        permissions.can_create_enrolment(actor, institution),
        _("Only the institution's coordinators can enrol it in the Seal."),
    )
    if not programme.is_published and not permissions.can_manage_programmes(actor):
        raise ValidationError({"programme": _("This programme is not published yet.")})
    if started_on is None:
        raise ValidationError({"started_on": _("Give the date the cycle starts.")})
    earlier = Enrolment.objects.filter(institution=institution).order_by("-cycle")
    if previous is not None:
        if previous.institution_id != institution.pk:
            raise ValidationError(
                {"previous": _("The previous cycle must be one of the same institution.")}
            )
    else:
        previous = earlier.first()
    latest = earlier.first()
    cycle = max(previous.cycle if previous else 0, latest.cycle if latest else 0) + 1
    benchmarks = list(Benchmark.objects.filter(programme=programme))
    if not benchmarks:
        raise ValidationError({"programme": _("This programme has no benchmarks.")})
    enrolment = Enrolment(
        institution=institution,
        programme=programme,
        cycle=cycle,
        previous=previous,
        started_on=started_on,
        stage=Stage.ENGAGE,
    )
    enrolment.full_clean()
    enrolment.save()
    SelfAssessmentItem.objects.bulk_create(
        [SelfAssessmentItem(enrolment=enrolment, benchmark=b) for b in benchmarks]
    )
    _event(
        enrolment,
        CREATED,
        actor,
        stage=Stage.ENGAGE,
        data={"programme": programme.pk, "cycle": cycle},
    )
    return enrolment


@transaction.atomic
def engagement_save(
    *,
    actor,
    enrolment: Enrolment,
    commitment_signed_on=UNCHANGED,
    self_assessment_due_on=UNCHANGED,
    committee: list[dict] | None = None,
    expected_version: int | None = None,
) -> Enrolment:
    """Record the commitment, the self-assessment's due date and the gender equality committee.

    A date left out stays as it is (None clears it); a committee list replaces the committee."""
    enrolment = _locked_enrolment(enrolment)
    require(
        permissions.is_coordinator(actor, enrolment),
        _("Only the institution's coordinators can change the engagement."),
    )
    if enrolment.stage == Stage.AWARD:
        raise ValidationError(_("This cycle is finished: its engagement can no longer change."))
    _check_version(
        enrolment,
        expected_version,
        current={
            "commitment_signed_on": str(enrolment.commitment_signed_on or ""),
            "self_assessment_due_on": str(enrolment.self_assessment_due_on or ""),
        },
        attempted={
            "commitment_signed_on": str(commitment_signed_on or ""),
            "self_assessment_due_on": str(self_assessment_due_on or ""),
        },
    )
    if commitment_signed_on is not UNCHANGED:
        if commitment_signed_on and commitment_signed_on > timezone.localdate():
            raise ValidationError(
                {"commitment_signed_on": _("The commitment letter cannot be signed in the future.")}
            )
        enrolment.commitment_signed_on = commitment_signed_on or None
    if self_assessment_due_on is not UNCHANGED:
        if self_assessment_due_on and self_assessment_due_on < enrolment.started_on:
            raise ValidationError(
                {
                    "self_assessment_due_on": _(
                        "The self-assessment cannot be due before the cycle starts (%(start)s)."
                    )
                    % {"start": _format_date(enrolment.started_on)}
                }
            )
        enrolment.self_assessment_due_on = self_assessment_due_on or None
    members = None
    if committee is not None:
        members = []
        roles = {value for value, _label in CommitteeRole.choices}
        for number, row in enumerate(committee, start=1):
            name = rules.clean_text(row.get("name"))
            if not name:
                raise ValidationError(
                    {"committee": _("Committee member %(n)s: give a name.") % {"n": number}}
                )
            role = row.get("role") or CommitteeRole.MEMBER
            if role not in roles:
                raise ValidationError(
                    {"committee": _("Committee member %(n)s: choose a role.") % {"n": number}}
                )
            unit = row.get("unit")
            if unit is not None and not permissions.is_unit_of(unit, enrolment.institution_id):
                raise ValidationError(
                    {
                        "committee": _(
                            "Committee member %(n)s: %(unit)s is not a unit of the institution."
                        )
                        % {"n": number, "unit": unit.name}
                    }
                )
            members.append(
                CommitteeMember(
                    enrolment=enrolment,
                    name=name[:200],
                    position=rules.clean_text(row.get("position"))[:300],
                    unit=unit,
                    role=role,
                )
            )
        enrolment.committee.all().delete()
        CommitteeMember.objects.bulk_create(members)
    _bump(enrolment, "commitment_signed_on", "self_assessment_due_on")
    _event(
        enrolment,
        ENGAGEMENT_SAVED,
        actor,
        data={
            "commitment_signed_on": str(enrolment.commitment_signed_on or ""),
            "self_assessment_due_on": str(enrolment.self_assessment_due_on or ""),
            "committee": len(members) if members is not None else None,
        },
    )
    return enrolment


def _inspect(upload):
    from naptrack.reporting import evidence as evidence_files

    return evidence_files.inspect_upload(upload)


def _store(evidence: SealEvidence, upload) -> str:
    """Check the file from its content and store it under its checksum; return the stored name."""
    facts = _inspect(upload)
    evidence.content_type = facts.content_type
    evidence.extension = facts.extension
    evidence.size = facts.size
    evidence.sha256 = facts.sha256
    evidence.original_name = facts.safe_name
    evidence.file.save(f"{facts.sha256}{facts.extension}", upload, save=False)
    return evidence.file.name


def _forget_file(stored: str, storage) -> None:
    """Delete a stored file after commit unless other evidence still uses it."""
    if stored and storage is not None:
        transaction.on_commit(
            lambda: (
                None
                if SealEvidence.objects.filter(file=stored).exists()
                else storage.delete(stored)
            )
        )


def commitment_letter_attach(*, actor, enrolment: Enrolment, upload) -> SealEvidence:
    """Attach the signed commitment letter (kept with the enrolment's first benchmark as its
    carrier; pages show it as the enrolment's letter, not as evidence of that benchmark)."""
    require(
        permissions.is_coordinator(actor, enrolment),
        _("Only the institution's coordinators can attach the commitment letter."),
    )
    if not upload:
        raise ValidationError({"file": _("Attach the signed commitment letter.")})
    carrier = (
        SelfAssessmentItem.objects.filter(enrolment=enrolment)
        .order_by("benchmark__sort_order", "benchmark__code", "pk")
        .first()
    )
    if carrier is None:
        raise ValidationError(_("This enrolment has no benchmarks."))
    letter = SealEvidence(
        item=carrier,
        title=_("Commitment letter"),
        uploaded_by=_user(actor),
    )
    stored = _store(letter, upload)
    try:
        with transaction.atomic():
            enrolment = _locked_enrolment(enrolment)
            require(
                permissions.is_coordinator(actor, enrolment),
                _("Only the institution's coordinators can attach the commitment letter."),
            )
            old = (
                SealEvidence.objects.filter(pk=enrolment.commitment_letter_id).first()
                if enrolment.commitment_letter_id
                else None
            )
            letter.save()
            enrolment.commitment_letter = letter
            _bump(enrolment, "commitment_letter")
            if old is not None:
                old_name, old_storage = (
                    (old.file.name, old.file.storage) if old.file else ("", None)
                )
                old.delete()
                _forget_file(old_name, old_storage)
            _event(
                enrolment,
                COMMITMENT_LETTER,
                actor,
                comment=letter.original_name,
                data={"evidence": letter.pk},
            )
    except BaseException:
        if stored and not SealEvidence.objects.filter(file=stored).exists():
            letter.file.storage.delete(stored)
        raise
    return letter


@transaction.atomic
def stage_advance(*, actor, enrolment: Enrolment, to_stage: str, comment: str = "") -> Enrolment:
    """Move the enrolment on to the next stage once that stage's preconditions are met."""
    enrolment = _locked_enrolment(enrolment)
    require(
        permissions.is_coordinator(actor, enrolment),
        _("Only the institution's coordinators can move the enrolment to another stage."),
    )
    if to_stage not in STAGE_ORDER:
        raise ValidationError({"to_stage": _("Choose a stage.")})
    current = STAGE_ORDER.index(enrolment.stage)
    if STAGE_ORDER.index(to_stage) != current + 1:
        if current + 1 < len(STAGE_ORDER):
            message = _("The enrolment can only move on to the next stage: %(stage)s.") % {
                "stage": Stage(STAGE_ORDER[current + 1]).label
            }
        else:
            message = _("This cycle is finished.")
        raise ValidationError({"to_stage": message})
    problems = []
    if to_stage == Stage.SELF_ASSESSMENT:
        if not enrolment.commitment_signed_on:
            problems.append(_("Give the date the commitment letter was signed."))
        if not enrolment.committee.exists():
            problems.append(_("Name at least one member of the gender equality committee."))
    elif to_stage == Stage.ACTION_PLAN:
        if not enrolment.self_assessment_submitted_at:
            problems.append(_("Submit the self-assessment first."))
    elif to_stage == Stage.EXTERNAL_ASSESSMENT:
        if not enrolment.actions.exists():
            problems.append(_("Plan at least one improvement action."))
        assessment = Assessment.objects.filter(enrolment=enrolment).first()
        if assessment is None or not assessment.assessors.exists():
            problems.append(_("Name at least one assessor for the external assessment."))
    elif to_stage == Stage.AWARD:
        problems.append(_("The award stage is reached when the assessors conclude the assessment."))
    if problems:
        raise ValidationError({"to_stage": problems})
    before = enrolment.stage
    enrolment.stage = to_stage
    _bump(enrolment, "stage")
    _event(
        enrolment,
        STAGE,
        actor,
        stage=to_stage,
        comment=_text(comment, "comment"),
        data={"from": before, "to": to_stage},
    )
    return enrolment


# --- Self-assessment ----------------------------------------------------------------------------


@transaction.atomic
def items_assign(
    *,
    actor,
    enrolment: Enrolment,
    items: list[SelfAssessmentItem],
    unit: Organization,
    due_on: dt.date | None,
) -> int:
    """Give benchmarks to a unit with a due date; the unit's owners hear of it once."""
    enrolment = _locked_enrolment(enrolment)
    require(
        permissions.is_coordinator(actor, enrolment),
        _("Only the institution's coordinators can assign benchmarks."),
    )
    if permissions.is_submitted(enrolment):
        raise ValidationError(
            _("The self-assessment has been submitted: benchmarks can no longer be reassigned.")
        )
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit that owns these benchmarks.")})
    _check_unit(unit, enrolment)
    if due_on is not None and due_on < enrolment.started_on:
        raise ValidationError(
            {
                "due_on": _("The due date cannot be before the cycle starts (%(start)s).")
                % {"start": _format_date(enrolment.started_on)}
            }
        )
    ids = {getattr(item, "pk", item) for item in items}
    if not ids:
        raise ValidationError({"items": _("Choose at least one benchmark.")})
    rows = list(
        SelfAssessmentItem.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, enrolment=enrolment)
        .select_related("benchmark")
    )
    if len(rows) != len(ids):
        raise ValidationError({"items": _("Some benchmarks are not part of this enrolment.")})
    for row in rows:
        row.unit = unit
        row.due_on = due_on
        row.version += 1
        row.updated_at = _now()
    SelfAssessmentItem.objects.bulk_update(rows, ["unit", "due_on", "version", "updated_at"])
    codes = sorted((row.benchmark.code for row in rows), key=_code_key)
    _event(
        enrolment,
        ASSIGNED,
        actor,
        data={
            "unit": unit.pk,
            "items": [row.pk for row in rows],
            "codes": codes,
            "due_on": str(due_on or ""),
        },
    )
    institution = enrolment.institution

    def title():
        return ngettext(
            "Gender Equality Seal: %(count)d benchmark assigned to %(unit)s",
            "Gender Equality Seal: %(count)d benchmarks assigned to %(unit)s",
            len(codes),
        ) % {"count": len(codes), "unit": unit.short_name}

    def body():
        text = _("%(institution)s asks your unit to answer benchmarks %(codes)s.") % {
            "institution": institution.name,
            "codes": ", ".join(codes),
        }
        if due_on:
            text += " " + _("Answer by %(due)s.") % {"due": _format_date(due_on)}
        return text

    _notify(
        unit_owners(unit.pk),
        kind=NotificationKind.SEAL_ASSIGNED,
        title=title,
        body=body,
        url=enrolment_url(enrolment),
        exclude=actor,
    )
    return len(rows)


def _code_key(code: str):
    return [int(part) if part.isdigit() else part for part in code.replace("-", ".").split(".")]


@transaction.atomic
def item_answer(
    *,
    actor,
    item: SelfAssessmentItem,
    expected_version: int,
    answer: str,
    description: str,
    not_applicable_reason: str = "",
) -> SelfAssessmentItem:
    """A unit's answer to a benchmark: met, partly met, not met or not applicable with a reason."""
    item = _locked_item(item)
    require(
        permissions.owns_item(actor, item),
        _("Only the owners of the unit this benchmark is assigned to can answer it."),
    )
    require(
        permissions.can_answer_item(actor, item),
        _("The self-assessment has been submitted: its answers can no longer change."),
    )
    answers = {value for value, _label in Answer.choices}
    if answer not in answers:
        raise ValidationError({"answer": _("Choose met, partly met, not met or not applicable.")})
    description = _text(description, "description")
    reason = _text(not_applicable_reason, "not_applicable_reason")
    if answer == Answer.NOT_APPLICABLE:
        if not reason:
            raise ValidationError(
                {"not_applicable_reason": _("Explain why this benchmark does not apply.")}
            )
    else:
        reason = ""
    _check_version(
        item,
        expected_version,
        current={
            "answer": item.answer,
            "description": item.description,
            "not_applicable_reason": item.not_applicable_reason,
        },
        attempted={
            "answer": answer,
            "description": description,
            "not_applicable_reason": reason,
        },
        changed_by=item.answered_by,
    )
    item.answer = answer
    item.description = description
    item.not_applicable_reason = reason
    item.state = ItemState.ANSWERED
    item.answered_by = _user(actor)
    item.answered_at = _now()
    _bump(
        item,
        "answer",
        "description",
        "not_applicable_reason",
        "state",
        "answered_by",
        "answered_at",
    )
    _event(
        item.enrolment,
        ANSWERED,
        actor,
        data={"item": item.pk, "code": item.benchmark.code, "answer": answer},
    )
    return item


def evidence_add(
    *,
    actor,
    item: SelfAssessmentItem,
    title: str,
    upload=None,
    url: str = "",
    description: str = "",
    request: EvidenceRequest | None = None,
) -> SealEvidence:
    """Attach a file (checked from its content) or a link to a benchmark, or to an answer to the
    assessors' request for more evidence."""
    from naptrack.reporting import evidence as evidence_files

    refused = _(
        "Evidence can be added only by the owners of the benchmark's unit, while the "
        "self-assessment is being prepared or in answer to the assessors' request."
    )
    require(permissions.can_add_evidence(actor, item, request), refused)
    title = _text(title, "title", required_message=_("Give the evidence a title."))
    description = _text(description, "description")
    url = (url or "").strip()
    if not upload and not url:
        raise ValidationError({"file": _("Attach a file or give a link.")})
    if upload and url:
        raise ValidationError({"file": _("Attach a file or give a link, not both.")})
    evidence = SealEvidence(
        item=item,
        request=request,
        title=title[:300],
        description=description,
        uploaded_by=_user(actor),
    )
    stored = ""
    if upload:
        stored = _store(evidence, upload)
    else:
        evidence_files.check_web_address(url)
        evidence.url = url
    try:
        evidence.full_clean(exclude=["file", "item", "request", "uploaded_by"])
        with transaction.atomic():
            item = _locked_item(item)
            if request is not None:
                request = EvidenceRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
            require(permissions.can_add_evidence(actor, item, request), refused)
            evidence.item = item
            evidence.request = request
            evidence.save()
            _event(
                item.enrolment,
                EVIDENCE_ADDED,
                actor,
                comment=evidence.title,
                data={
                    "item": item.pk,
                    "evidence": evidence.pk,
                    "request": request.pk if request else None,
                },
            )
    except BaseException:
        # Nothing stored half-way: a file whose row was not written goes too.
        if stored and not SealEvidence.objects.filter(file=stored).exists():
            evidence.file.storage.delete(stored)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: SealEvidence) -> None:
    evidence = SealEvidence.objects.select_related("item__enrolment", "request").get(pk=evidence.pk)
    item = _locked_item(evidence.item)
    require(
        permissions.can_remove_evidence(actor, evidence),
        _("You cannot remove this evidence."),
    )
    title = evidence.title
    stored = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage if evidence.file else None
    evidence_id = evidence.pk
    evidence.delete()
    _event(
        item.enrolment,
        EVIDENCE_REMOVED,
        actor,
        comment=title,
        data={"item": item.pk, "evidence": evidence_id},
    )
    _forget_file(stored, storage)


@transaction.atomic
def item_review(
    *,
    actor,
    item: SelfAssessmentItem,
    accept: bool,
    feedback: str = "",
    expected_version: int | None = None,
) -> SelfAssessmentItem:
    """The coordinator accepts an answer, or sends it back to the unit with feedback."""
    item = _locked_item(item)
    require(
        permissions.is_coordinator(actor, item.enrolment),
        _("Only the institution's coordinators can review answers."),
    )
    require(
        permissions.can_review_item(actor, item),
        _("The self-assessment has been submitted: its answers can no longer be reviewed."),
    )
    feedback = _text(feedback, "feedback")
    if item.state not in (ItemState.ANSWERED, ItemState.REVIEWED) or not item.answer:
        raise ValidationError(_("This benchmark has not been answered yet."))
    if not accept and not feedback:
        raise ValidationError({"feedback": _("Tell the unit what to change.")})
    _check_version(
        item,
        expected_version,
        current={"state": item.state, "feedback": item.feedback},
        attempted={"accept": bool(accept), "feedback": feedback},
        changed_by=item.answered_by,
    )
    item.state = ItemState.REVIEWED if accept else ItemState.RETURNED
    item.feedback = feedback
    _bump(item, "state", "feedback")
    _event(
        item.enrolment,
        REVIEWED if accept else RETURNED,
        actor,
        comment=feedback,
        data={"item": item.pk, "code": item.benchmark.code},
    )
    if not accept:
        code = item.benchmark.code

        _notify(
            unit_owners(item.unit_id) or coordinators(item.enrolment),
            kind=NotificationKind.SEAL_RETURNED,
            title=lambda: _("Gender Equality Seal: benchmark %(code)s sent back") % {"code": code},
            body=feedback,
            url=item_url(item),
            exclude=actor,
        )
    return item


class SubmissionRefused(ValidationError):
    """The self-assessment cannot be submitted yet; every benchmark still open is listed."""

    def __init__(self, problems: list[str], codes: list[str]):
        super().__init__({"items": problems})
        self.problems = problems
        self.codes = codes


@transaction.atomic
def self_assessment_submit(*, actor, enrolment: Enrolment) -> Enrolment:
    """Submit the whole self-assessment once every benchmark is answered; the answers are then
    fixed and the enrolment moves on to the action plan."""
    enrolment = _locked_enrolment(enrolment)
    require(
        permissions.is_coordinator(actor, enrolment),
        _("Only the institution's coordinators can submit the self-assessment."),
    )
    if permissions.is_submitted(enrolment):
        raise ValidationError(_("The self-assessment has already been submitted."))
    if enrolment.stage != Stage.SELF_ASSESSMENT:
        raise ValidationError(
            _("The enrolment must be at the self-assessment stage to submit the self-assessment.")
        )
    problems, codes = [], []
    items = (
        SelfAssessmentItem.objects.select_for_update(of=("self",))
        .filter(enrolment=enrolment)
        .select_related("benchmark")
    )
    for item in sorted(items, key=lambda i: _code_key(i.benchmark.code)):
        if item.state == ItemState.RETURNED:
            problems.append(
                _("Benchmark %(code)s was sent back and has not been answered again.")
                % {"code": item.benchmark.code}
            )
            codes.append(item.benchmark.code)
        elif item.state == ItemState.ASSIGNED or not item.answer:
            problems.append(
                _("Benchmark %(code)s has no answer yet.") % {"code": item.benchmark.code}
            )
            codes.append(item.benchmark.code)
    if problems:
        raise SubmissionRefused(problems, codes)
    enrolment.self_assessment_submitted_at = _now()
    enrolment.stage = Stage.ACTION_PLAN
    _bump(enrolment, "self_assessment_submitted_at", "stage")
    _event(enrolment, SUBMITTED, actor, stage=Stage.SELF_ASSESSMENT)
    _event(enrolment, STAGE, actor, stage=Stage.ACTION_PLAN, data={"from": Stage.SELF_ASSESSMENT})
    institution = enrolment.institution
    unit_ids = set(
        SelfAssessmentItem.objects.filter(enrolment=enrolment, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    _notify(
        coordinators(enrolment) + _people(unit_ids, permissions.UNIT_OWNER_ROLES),
        kind=NotificationKind.SEAL_SUBMITTED,
        title=lambda: (
            _("Gender Equality Seal: %(institution)s submitted its self-assessment")
            % {"institution": institution.name}
        ),
        body=lambda: _("The answers are now fixed; the next step is the action plan."),
        url=enrolment_url(enrolment),
        exclude=actor,
    )
    return enrolment


# --- External assessment --------------------------------------------------------------------------


@transaction.atomic
def assessment_start(*, actor, enrolment: Enrolment, assessors: list) -> Assessment:
    """Open the external assessment with its assessors (or change the list while it runs)."""
    enrolment = _locked_enrolment(enrolment)
    require(
        permissions.can_start_assessment(actor, enrolment),
        _("Only the institution's coordinators can start the external assessment."),
    )
    if not permissions.is_submitted(enrolment):
        raise ValidationError(_("Submit the self-assessment before the external assessment."))
    assessors = list({user.pk: user for user in assessors}.values())
    if not assessors:
        raise ValidationError({"assessors": _("Name at least one assessor.")})
    with_role = set(
        Membership.objects.filter(
            user__in=[a.pk for a in assessors], role=Role.ASSESSOR
        ).values_list("user_id", flat=True)
    )
    inside = permissions.ancestor_ids([enrolment.institution_id]) | permissions.descendant_ids(
        enrolment.institution_id
    )
    for user in assessors:
        if user.pk not in with_role:
            raise ValidationError(
                {
                    "assessors": _("%(name)s does not have the assessor role.")
                    % {"name": _name(user)}
                }
            )
        members_of = set(
            Membership.objects.filter(user=user)
            .exclude(role=Role.ASSESSOR)
            .values_list("organization_id", flat=True)
        )
        if members_of & inside:
            raise ValidationError(
                {
                    "assessors": _("%(name)s works for the institution and cannot assess it.")
                    % {"name": _name(user)}
                }
            )
    assessment, created = Assessment.objects.select_for_update(of=("self",)).get_or_create(
        enrolment=enrolment
    )
    if assessment.state != AssessmentState.IN_PROGRESS:
        raise ValidationError(_("The external assessment has already been concluded."))
    previous = set(assessment.assessors.values_list("pk", flat=True))
    assessment.assessors.set(assessors)
    have = set(assessment.scores.values_list("benchmark_id", flat=True))
    BenchmarkScore.objects.bulk_create(
        [
            BenchmarkScore(assessment=assessment, benchmark=benchmark)
            for benchmark in Benchmark.objects.filter(programme=enrolment.programme).exclude(
                pk__in=have
            )
        ]
    )
    _event(
        enrolment,
        ASSESSMENT_STARTED,
        actor,
        data={"assessors": [a.pk for a in assessors], "created": created},
    )
    institution = enrolment.institution
    _notify(
        [a for a in assessors if a.pk not in previous],
        kind=NotificationKind.SEAL_ASSIGNED,
        title=lambda: (
            _("Gender Equality Seal: you are an assessor of %(institution)s")
            % {"institution": institution.name}
        ),
        body=lambda: _("The self-assessment is ready for your review."),
        url=enrolment_url(enrolment),
        exclude=actor,
    )
    return assessment


@transaction.atomic
def score_set(
    *,
    actor,
    score: BenchmarkScore,
    expected_version: int,
    result: str,
    comment: str = "",
) -> BenchmarkScore:
    """An assessor's result for a benchmark, with a comment."""
    score = (
        BenchmarkScore.objects.select_for_update(of=("self",))
        .select_related("assessment__enrolment", "benchmark")
        .get(pk=score.pk)
    )
    require(
        permissions.is_assessor(actor, score.assessment.enrolment),
        _("Only the assessors of this enrolment can score it."),
    )
    require(
        permissions.can_score(actor, score),
        _("The external assessment has been concluded: its scores can no longer change."),
    )
    if result not in {value for value, _label in Answer.choices}:
        raise ValidationError({"result": _("Choose met, partly met, not met or not applicable.")})
    comment = _text(comment, "comment")
    _check_version(
        score,
        expected_version,
        current={"result": score.result, "comment": score.comment},
        attempted={"result": result, "comment": comment},
        changed_by=score.scored_by,
    )
    score.result = result
    score.comment = comment
    score.scored_by = _user(actor)
    score.scored_at = _now()
    _bump(score, "result", "comment", "scored_by", "scored_at")
    return score


@transaction.atomic
def evidence_request_create(*, actor, item: SelfAssessmentItem, message: str) -> EvidenceRequest:
    """An assessor asks the benchmark's unit for more evidence; the unit is told."""
    item = _locked_item(item)
    require(
        permissions.is_assessor(actor, item.enrolment),
        _("Only the assessors of this enrolment can ask for more evidence."),
    )
    require(
        permissions.can_request_evidence(actor, item),
        _("More evidence can be asked only while the external assessment is in progress."),
    )
    message = _text(message, "message", required_message=_("Say what evidence is needed."))
    request = EvidenceRequest.objects.create(item=item, message=message, requested_by=_user(actor))
    _event(
        item.enrolment,
        EVIDENCE_REQUESTED,
        actor,
        comment=message,
        data={"item": item.pk, "request": request.pk, "code": item.benchmark.code},
    )
    code = item.benchmark.code
    _notify(
        unit_owners(item.unit_id) + coordinators(item.enrolment),
        kind=NotificationKind.SEAL_EVIDENCE_REQUESTED,
        title=lambda: (
            _("Gender Equality Seal: the assessors ask for more evidence on %(code)s")
            % {"code": code}
        ),
        body=message,
        url=item_url(item),
        exclude=actor,
    )
    return request


@transaction.atomic
def evidence_request_answer(*, actor, request: EvidenceRequest, response: str) -> EvidenceRequest:
    """The unit answers the assessors' request (evidence is added with evidence_add(request=…))."""
    request = (
        EvidenceRequest.objects.select_for_update(of=("self",))
        .select_related("item__enrolment", "item__benchmark")
        .get(pk=request.pk)
    )
    require(
        permissions.owns_item(actor, request.item),
        _("Only the owners of the benchmark's unit can answer this request."),
    )
    require(
        permissions.can_answer_request(actor, request),
        _("This request has already been answered or closed."),
    )
    response = _text(response, "response")
    if not response and not request.evidence.exists():
        raise ValidationError({"response": _("Write an answer or attach evidence.")})
    request.state = RequestState.ANSWERED
    request.response = response
    request.responded_by = _user(actor)
    request.responded_at = _now()
    request.save(update_fields=["state", "response", "responded_by", "responded_at", "updated_at"])
    enrolment = request.item.enrolment
    _event(
        enrolment,
        REQUEST_ANSWERED,
        actor,
        comment=response,
        data={"item": request.item_id, "request": request.pk},
    )
    code = request.item.benchmark.code
    assessment = Assessment.objects.filter(enrolment=enrolment).first()
    assessors = list(assessment.assessors.all()) if assessment else []
    _notify(
        assessors,
        kind=NotificationKind.SEAL_EVIDENCE_REQUESTED,
        title=lambda: (
            _("Gender Equality Seal: more evidence provided on %(code)s") % {"code": code}
        ),
        body=response,
        url=item_url(request.item),
        exclude=actor,
    )
    return request


@transaction.atomic
def evidence_request_close(*, actor, request: EvidenceRequest) -> EvidenceRequest:
    request = (
        EvidenceRequest.objects.select_for_update(of=("self",))
        .select_related("item__enrolment")
        .get(pk=request.pk)
    )
    require(
        permissions.is_assessor(actor, request.item.enrolment),
        _("Only the assessors of this enrolment can close a request."),
    )
    require(permissions.can_close_request(actor, request), _("This request is already closed."))
    request.state = RequestState.CLOSED
    request.save(update_fields=["state", "updated_at"])
    _event(
        request.item.enrolment,
        REQUEST_CLOSED,
        actor,
        data={"item": request.item_id, "request": request.pk},
    )
    return request


def _certificate_number(enrolment: Enrolment, day: dt.date) -> str:
    code = (enrolment.institution.abbreviation_en or enrolment.institution.code).upper()
    code = "".join(ch if ch.isalnum() else "-" for ch in code).strip("-")[:16] or "ORG"
    prefix = f"{CERTIFICATE_PREFIX}-{code}-{day.year}-"
    taken = set(
        Award.objects.filter(certificate_number__startswith=prefix).values_list(
            "certificate_number", flat=True
        )
    )
    sequence = len(taken) + 1
    while f"{prefix}{sequence:04d}" in taken:
        sequence += 1
    return f"{prefix}{sequence:04d}"


def outcome_of(assessment: Assessment) -> scoring.Outcome:
    """The assessors' results scored with the programme's rules."""
    programme = assessment.enrolment.programme
    benchmarks = Benchmark.objects.filter(programme=programme).select_related("standard__dimension")
    results = dict(assessment.scores.values_list("benchmark__code", "result"))
    return scoring.assess(
        [scoring.BenchmarkFacts.of(b) for b in benchmarks],
        results,
        scoring.thresholds_of(programme),
    )


@transaction.atomic
def assessment_conclude(
    *, actor, assessment: Assessment, conclusion: str = "", today: dt.date | None = None
) -> Award | None:
    """Conclude once every benchmark is scored and no request waits for the unit: the compliance
    and level are computed, the Seal awarded when a level is reached, the cycle reaches the award
    stage and the coordinators are told."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("enrolment__institution", "enrolment__programme")
        .get(pk=assessment.pk)
    )
    enrolment = _locked_enrolment(assessment.enrolment)
    require(
        permissions.is_assessor(actor, enrolment),
        _("Only the assessors of this enrolment can conclude the assessment."),
    )
    require(
        permissions.can_conclude(actor, assessment),
        _("The external assessment has already been concluded."),
    )
    if enrolment.stage not in (Stage.ACTION_PLAN, Stage.EXTERNAL_ASSESSMENT):
        raise ValidationError(_("The enrolment is not at the external assessment stage."))
    problems = []
    unscored = sorted(
        assessment.scores.filter(result="").values_list("benchmark__code", flat=True),
        key=_code_key,
    )
    if unscored:
        problems.append(
            _("Score every benchmark first; still to score: %(codes)s.")
            % {"codes": ", ".join(unscored)}
        )
    waiting = sorted(
        EvidenceRequest.objects.filter(
            item__enrolment=enrolment, state=RequestState.OPEN
        ).values_list("item__benchmark__code", flat=True),
        key=_code_key,
    )
    if waiting:
        problems.append(
            _("Requests for more evidence still wait for the unit's answer: %(codes)s.")
            % {"codes": ", ".join(waiting)}
        )
    if problems:
        raise ValidationError({"assessment": problems})
    today = today or timezone.localdate()
    outcome = outcome_of(assessment)
    assessment.state = AssessmentState.CONCLUDED
    assessment.concluded_at = _now()
    assessment.compliance = outcome.compliance
    assessment.level = outcome.level or ""
    assessment.conclusion = _text(conclusion, "conclusion")
    assessment.save(
        update_fields=["state", "concluded_at", "compliance", "level", "conclusion", "updated_at"]
    )
    award = None
    if outcome.level:
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    award = Award.objects.create(
                        enrolment=enrolment,
                        level=outcome.level,
                        compliance=outcome.compliance or Decimal(0),
                        awarded_on=today,
                        expires_on=add_years(today, enrolment.programme.award_years),
                        certificate_number=_certificate_number(enrolment, today),
                    )
                break
            except IntegrityError:
                if Award.objects.filter(enrolment=enrolment).exists():
                    raise
        else:  # pragma: no cover - three clashes in a row on the certificate number
            raise ValidationError(_("The certificate number could not be given; try again."))
    before = enrolment.stage
    enrolment.stage = Stage.AWARD
    _bump(enrolment, "stage")
    _event(
        enrolment,
        CONCLUDED,
        actor,
        stage=Stage.AWARD,
        comment=assessment.conclusion,
        data={
            "from": before,
            "compliance": str(outcome.compliance) if outcome.compliance is not None else None,
            "level": outcome.level,
            "award": award.pk if award else None,
        },
    )
    institution = enrolment.institution
    level = outcome.level
    compliance = outcome.compliance

    def title():
        if level:
            from naptrack.seal.models import Level

            return _("Gender Equality Seal awarded to %(institution)s: %(level)s") % {
                "institution": institution.name,
                "level": Level(level).label,
            }
        return _("Gender Equality Seal: the assessment of %(institution)s is concluded") % {
            "institution": institution.name
        }

    def body():
        if compliance is None:
            return _("No benchmark applied.")
        text = _("Compliance: %(compliance)s%%.") % {"compliance": compliance}
        if award is not None:
            text += " " + _("Valid until %(date)s.") % {"date": _format_date(award.expires_on)}
        return text

    _notify(
        coordinators(enrolment),
        kind=NotificationKind.SEAL_AWARDED,
        title=title,
        body=body,
        url=enrolment_url(enrolment),
        exclude=actor,
    )
    return award


# --- Action plan ----------------------------------------------------------------------------------


def _check_progress(progress, status: str) -> int:
    try:
        value = int(progress)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= 100:
        raise ValidationError({"progress": _("Give the progress as a whole number from 0 to 100.")})
    if status not in {value for value, _label in ActionStatus.choices}:
        raise ValidationError({"status": _("Choose a status.")})
    return value


@transaction.atomic
def action_save(
    *,
    actor,
    enrolment: Enrolment,
    action: Action | None = None,
    expected_version: int | None = None,
    title: str,
    description: str = "",
    unit: Organization | None = None,
    due_on: dt.date | None = None,
    status: str = ActionStatus.PLANNED,
    progress: int = 0,
    benchmarks=(),
) -> Action:
    """Create or change an improvement action linked to the benchmarks it addresses."""
    enrolment = _locked_enrolment(enrolment)
    require(
        permissions.can_edit_actions(actor, enrolment),
        _("Only the institution's coordinators can change the action plan."),
    )
    title = _text(title, "title", required_message=_("Say what the action is."))[:500]
    description = _text(description, "description")
    progress = _check_progress(progress, status)
    _check_unit(unit, enrolment)
    benchmarks = list(benchmarks or [])
    ids = {getattr(b, "pk", b) for b in benchmarks}
    found = list(Benchmark.objects.filter(pk__in=ids, programme_id=enrolment.programme_id))
    if len(found) != len(ids):
        raise ValidationError(
            {"benchmarks": _("Some benchmarks are not part of this enrolment's programme.")}
        )
    if action is None:
        action = Action(enrolment=enrolment)
        created = True
    else:
        action = Action.objects.select_for_update(of=("self",)).get(pk=action.pk)
        if action.enrolment_id != enrolment.pk:
            raise ValidationError(_("This action is not part of this enrolment."))
        _check_version(
            action,
            expected_version,
            current={
                "title": action.title,
                "status": action.status,
                "progress": action.progress,
            },
            attempted={"title": title, "status": status, "progress": progress},
        )
        action.version += 1
        created = False
    action.title = title
    action.description = description
    action.unit = unit
    action.due_on = due_on
    action.status = status
    action.progress = progress
    action.save()
    action.benchmarks.set(found)
    _event(
        enrolment,
        ACTION_SAVED,
        actor,
        comment=title,
        data={"action": action.pk, "created": created},
    )
    return action


@transaction.atomic
def action_report(
    *,
    actor,
    action: Action,
    progress: int,
    status: str,
    note: str = "",
    reported_on: dt.date | None = None,
) -> ActionUpdate:
    """Report progress on an action (the coordinator or the action's unit)."""
    action = (
        Action.objects.select_for_update(of=("self",)).select_related("enrolment").get(pk=action.pk)
    )
    require(
        permissions.can_report_action(actor, action),
        _("Only the institution's coordinators or the action's unit can report on it."),
    )
    progress = _check_progress(progress, status)
    note = _text(note, "note")
    reported_on = reported_on or timezone.localdate()
    update = ActionUpdate.objects.create(
        action=action,
        reported_on=reported_on,
        progress=progress,
        status=status,
        note=note,
        reported_by=_user(actor),
    )
    action.progress = progress
    action.status = status
    _bump(action, "progress", "status")
    _event(
        action.enrolment,
        ACTION_REPORTED,
        actor,
        comment=note,
        data={"action": action.pk, "update": update.pk, "progress": progress, "status": status},
    )
    return update


# --- Reminders ------------------------------------------------------------------------------------


def send_seal_reminders(today: dt.date | None = None) -> int:
    """Remind units of benchmarks not yet answered 7, 3 and 1 days before they are due (the days
    of settings.NAPTRACK_REMINDER_DAYS), each item once per day-count; one message per unit and
    day lists its benchmarks. Returns how many item reminders were recorded."""
    from naptrack.notifications.reminders import reminder_days, reminder_due
    from naptrack.seal.models import StageEvent

    today = today or timezone.localdate()
    days = reminder_days()
    if not days:
        return 0
    candidates = (
        SelfAssessmentItem.objects.filter(
            state__in=OPEN_ITEM_STATES,
            unit__isnull=False,
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=max(days)),
            enrolment__self_assessment_submitted_at__isnull=True,
            enrolment__stage__in=[Stage.ENGAGE, Stage.SELF_ASSESSMENT],
        )
        .select_related("enrolment__institution", "benchmark", "unit")
        .order_by("enrolment_id", "unit_id", "due_on", "pk")
    )
    groups: dict[tuple[int, int, int], list[SelfAssessmentItem]] = {}
    for item in candidates:
        days_left = (item.due_on - today).days
        sent = [
            int(d)
            for d in StageEvent.objects.filter(
                enrolment_id=item.enrolment_id, kind=REMINDER, data__item=item.pk
            ).values_list("data__days", flat=True)
            if d is not None
        ]
        due = reminder_due(days_left, sent, days)
        if due is None:
            continue
        groups.setdefault((item.enrolment_id, item.unit_id, due), []).append(item)
    count = 0
    for (_enrolment_id, unit_id, due), items in groups.items():
        enrolment = items[0].enrolment
        unit = items[0].unit
        with transaction.atomic():
            Enrolment.objects.select_for_update(of=("self",)).filter(pk=enrolment.pk).first()
            fresh = []
            for item in items:
                already = StageEvent.objects.filter(
                    enrolment=enrolment, kind=REMINDER, data__item=item.pk, data__days=due
                ).exists()
                if already:
                    continue
                _event(
                    enrolment,
                    REMINDER,
                    None,
                    data={
                        "item": item.pk,
                        "days": due,
                        "unit": unit_id,
                        "due_on": str(item.due_on),
                        "sent_on": str(today),
                    },
                )
                fresh.append(item)
            if not fresh:
                continue
            count += len(fresh)
            codes = sorted((item.benchmark.code for item in fresh), key=_code_key)
            first_due = min(item.due_on for item in fresh)
            institution = enrolment.institution

            def title(codes=codes, first_due=first_due):
                left = (first_due - today).days
                if left <= 0:
                    return _("Reminder: Gender Equality Seal benchmarks due today")
                return ngettext(
                    "Reminder: Gender Equality Seal benchmarks due in %(days)d day",
                    "Reminder: Gender Equality Seal benchmarks due in %(days)d days",
                    left,
                ) % {"days": left}

            def body(codes=codes, first_due=first_due, institution=institution, unit=unit):
                return _(
                    "%(unit)s has not yet answered benchmarks %(codes)s of %(institution)s, "
                    "due on %(due)s."
                ) % {
                    "unit": unit.name,
                    "codes": ", ".join(codes),
                    "institution": institution.name,
                    "due": _format_date(first_due),
                }

            _notify(
                unit_owners(unit_id),
                kind=NotificationKind.SEAL_REMINDER,
                title=title,
                body=body,
                url=enrolment_url(enrolment),
            )
    return count
