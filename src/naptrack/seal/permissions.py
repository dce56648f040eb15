"""Who may see and do what in the Seal. Every page, API call and download asks here.

- The institution's coordinators (role coordinator or administrator in the enrolled
  organization) run the enrolment: engagement, assignment, review, submission, action plan.
- Unit owners (role reporter or coordinator in a unit — a department or district office under the
  institution) answer the benchmarks assigned to their unit, with evidence, and answer the
  assessors' requests for more evidence on them. Members of a unit read their unit's benchmarks.
- Any other member of the institution (viewers …) reads everything of its enrolments.
- Assessors (the assessor role in any organization) listed on an enrolment's assessment read its
  self-assessment once it is submitted, with its evidence, and score it. They never change the
  institution's answers; an assessor not listed sees nothing of it.
- Platform administrators see and do everything. Nobody else sees an institution's enrolment.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from naptrack.core.services import SYSTEM
from naptrack.organizations.models import Membership, Organization, Role
from naptrack.organizations.permissions import is_platform_admin, organization_ids_for
from naptrack.seal.models import (
    Action,
    Assessment,
    AssessmentState,
    BenchmarkScore,
    Enrolment,
    EvidenceRequest,
    RequestState,
    SealEvidence,
    SelfAssessmentItem,
    Stage,
)

COORDINATOR_ROLES = {Role.COORDINATOR, Role.ADMIN}
UNIT_OWNER_ROLES = {Role.REPORTER, Role.COORDINATOR}
# Roles that make someone part of an organization for reading (assessors are outsiders).
MEMBER_ROLES = {Role.VIEWER, Role.REPORTER, Role.APPROVER, Role.COORDINATOR, Role.ADMIN}


def _is_system(user) -> bool:
    return user is SYSTEM


def _all_powerful(user) -> bool:
    return _is_system(user) or is_platform_admin(user)


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


# --- The organization tree ------------------------------------------------------------------------


def _parents() -> dict[int, int | None]:
    return dict(Organization.objects.values_list("id", "parent_id"))


def ancestor_ids(organization_ids, *, include_self: bool = True) -> set[int]:
    """The organizations above the given ones (and the given ones if include_self)."""
    parents = _parents()
    found: set[int] = set()
    for org_id in organization_ids:
        node = org_id if include_self else parents.get(org_id)
        while node is not None and node not in found:
            found.add(node)
            node = parents.get(node)
    return found


def descendant_ids(organization_id: int, *, include_self: bool = False) -> set[int]:
    """The units under an organization, at any depth."""
    children: dict[int, list[int]] = {}
    for org_id, parent_id in _parents().items():
        if parent_id is not None:
            children.setdefault(parent_id, []).append(org_id)
    found: set[int] = {organization_id} if include_self else set()
    stack = list(children.get(organization_id, []))
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.add(node)
        stack.extend(children.get(node, []))
    return found


def is_unit_of(unit: Organization | int | None, institution: Organization | int) -> bool:
    """Whether the unit is the institution itself or one of its units, at any depth."""
    if unit is None:
        return False
    unit_id = getattr(unit, "pk", unit)
    institution_id = getattr(institution, "pk", institution)
    return institution_id in ancestor_ids([unit_id])


# --- Roles -------------------------------------------------------------------------------------------


def unit_ids_for(user) -> set[int]:
    """The organizations whose Seal benchmarks the user answers (reporter or coordinator there)."""
    if not _authenticated(user) or _is_system(user):
        return set()
    return organization_ids_for(user, UNIT_OWNER_ROLES)


def is_coordinator(user, enrolment: Enrolment) -> bool:
    """The institution's coordinators (and platform administrators) run the enrolment."""
    if _all_powerful(user):
        return True
    if not _authenticated(user):
        return False
    return enrolment.institution_id in organization_ids_for(user, COORDINATOR_ROLES)


def has_assessor_role(user) -> bool:
    if _is_system(user):
        return True
    if not _authenticated(user):
        return False
    return Membership.objects.filter(user=user, role=Role.ASSESSOR).exists()


def is_assessor(user, enrolment: Enrolment) -> bool:
    """An assessor listed on the enrolment's assessment (the assessor role is required too)."""
    if _is_system(user):
        return True
    if not _authenticated(user) or not has_assessor_role(user):
        return False
    return Assessment.objects.filter(enrolment_id=enrolment.pk, assessors=user).exists()


def _institution_member(user, enrolment: Enrolment) -> bool:
    return enrolment.institution_id in organization_ids_for(user, MEMBER_ROLES)


def _unit_member_ids(user) -> set[int]:
    return organization_ids_for(user, MEMBER_ROLES)


# --- Enrolments -------------------------------------------------------------------------------------


def visible_enrolments(user: User | AnonymousUser) -> QuerySet[Enrolment]:
    """Enrolments the user may open: of their institution or one above their unit, or those they
    assess."""
    enrolments = Enrolment.objects.all()
    if _all_powerful(user):
        return enrolments
    if not _authenticated(user):
        return enrolments.none()
    institutions = ancestor_ids(_unit_member_ids(user))
    condition = Q(institution_id__in=institutions)
    if has_assessor_role(user):
        condition |= Q(assessment__assessors=user)
    return enrolments.filter(condition).distinct()


def can_view_enrolment(user, enrolment: Enrolment) -> bool:
    if _all_powerful(user):
        return True
    if not _authenticated(user):
        return False
    if enrolment.institution_id in ancestor_ids(_unit_member_ids(user)):
        return True
    return is_assessor(user, enrolment)


def can_manage_enrolment(user, enrolment: Enrolment) -> bool:
    return is_coordinator(user, enrolment)


def can_create_enrolment(user, institution: Organization) -> bool:
    if _all_powerful(user):
        return True
    if not _authenticated(user):
        return False
    return institution.pk in organization_ids_for(user, COORDINATOR_ROLES)


def is_submitted(enrolment: Enrolment) -> bool:
    return enrolment.self_assessment_submitted_at is not None


# --- Self-assessment items and evidence -------------------------------------------------------------


def can_view_item(user, item: SelfAssessmentItem) -> bool:
    """The institution reads every item; a unit reads its own; listed assessors once submitted."""
    if _all_powerful(user):
        return True
    if not _authenticated(user):
        return False
    enrolment = item.enrolment
    if _institution_member(user, enrolment):
        return True
    if item.unit_id is not None and item.unit_id in _unit_member_ids(user):
        return True
    return is_submitted(enrolment) and is_assessor(user, enrolment)


def visible_items(user, enrolment: Enrolment) -> QuerySet[SelfAssessmentItem]:
    """The enrolment's items the user may read."""
    items = SelfAssessmentItem.objects.filter(enrolment=enrolment)
    if _all_powerful(user):
        return items
    if not _authenticated(user):
        return items.none()
    if _institution_member(user, enrolment):
        return items
    if is_submitted(enrolment) and is_assessor(user, enrolment):
        return items
    return items.filter(unit_id__in=_unit_member_ids(user))


def owns_item(user, item: SelfAssessmentItem) -> bool:
    """The user is an owner of the item's unit (or the institution's coordinator)."""
    if is_coordinator(user, item.enrolment):
        return True
    return item.unit_id is not None and item.unit_id in unit_ids_for(user)


def can_answer_item(user, item: SelfAssessmentItem) -> bool:
    """Unit owners of the item's unit, and coordinators, until the self-assessment is submitted."""
    enrolment = item.enrolment
    if is_submitted(enrolment) or enrolment.stage not in (Stage.ENGAGE, Stage.SELF_ASSESSMENT):
        return False
    return owns_item(user, item)


def can_review_item(user, item: SelfAssessmentItem) -> bool:
    return not is_submitted(item.enrolment) and is_coordinator(user, item.enrolment)


def is_commitment_letter(evidence: SealEvidence) -> bool:
    return evidence.pk is not None and evidence.item.enrolment.commitment_letter_id == evidence.pk


def evidence_of_item(item: SelfAssessmentItem) -> QuerySet[SealEvidence]:
    """The item's evidence, without the enrolment's commitment letter (which is stored with the
    enrolment's first benchmark as its carrier)."""
    evidence = SealEvidence.objects.filter(item=item)
    letter_id = item.enrolment.commitment_letter_id
    return evidence.exclude(pk=letter_id) if letter_id else evidence


def can_view_evidence(user, evidence: SealEvidence) -> bool:
    """Evidence is read by whoever reads its benchmark; the commitment letter by the enrolment's
    readers."""
    if is_commitment_letter(evidence):
        return can_view_enrolment(user, evidence.item.enrolment)
    return can_view_item(user, evidence.item)


def can_add_evidence(
    user, item: SelfAssessmentItem, request: EvidenceRequest | None = None
) -> bool:
    if request is not None:
        return can_answer_request(user, request) and request.item_id == item.pk
    return can_answer_item(user, item)


def can_remove_evidence(user, evidence: SealEvidence) -> bool:
    if is_commitment_letter(evidence):
        return is_coordinator(user, evidence.item.enrolment) and not is_submitted(
            evidence.item.enrolment
        )
    if evidence.request_id is not None:
        request = evidence.request
        return request.state == RequestState.OPEN and owns_item(user, evidence.item)
    return can_answer_item(user, evidence.item)


# --- External assessment --------------------------------------------------------------------------


def _in_progress(enrolment: Enrolment) -> Assessment | None:
    assessment = Assessment.objects.filter(enrolment_id=enrolment.pk).first()
    if assessment is None or assessment.state != AssessmentState.IN_PROGRESS:
        return None
    return assessment


def can_view_assessment(user, assessment: Assessment) -> bool:
    """The institution reads its assessment; the listed assessors read and score it."""
    return can_view_enrolment(user, assessment.enrolment) and (
        _all_powerful(user)
        or is_assessor(user, assessment.enrolment)
        or _institution_member(user, assessment.enrolment)
    )


def can_view_scores(user, assessment: Assessment) -> bool:
    """The assessors' results: the listed assessors and administrators while the assessment runs;
    the institution only once it is concluded, so that the assessment stays independent."""
    if not can_view_assessment(user, assessment):
        return False
    if _all_powerful(user) or is_assessor(user, assessment.enrolment):
        return True
    return assessment.state == AssessmentState.CONCLUDED


def can_start_assessment(user, enrolment: Enrolment) -> bool:
    return is_coordinator(user, enrolment)


def can_score(user, score: BenchmarkScore) -> bool:
    assessment = score.assessment
    return assessment.state == AssessmentState.IN_PROGRESS and is_assessor(
        user, assessment.enrolment
    )


def can_conclude(user, assessment: Assessment) -> bool:
    return assessment.state == AssessmentState.IN_PROGRESS and is_assessor(
        user, assessment.enrolment
    )


def can_request_evidence(user, item: SelfAssessmentItem) -> bool:
    return _in_progress(item.enrolment) is not None and is_assessor(user, item.enrolment)


def can_answer_request(user, request: EvidenceRequest) -> bool:
    return request.state == RequestState.OPEN and owns_item(user, request.item)


def can_close_request(user, request: EvidenceRequest) -> bool:
    return request.state != RequestState.CLOSED and is_assessor(user, request.item.enrolment)


# --- Action plan ----------------------------------------------------------------------------------


def can_edit_actions(user, enrolment: Enrolment) -> bool:
    return is_coordinator(user, enrolment)


def can_report_action(user, action: Action) -> bool:
    if is_coordinator(user, action.enrolment):
        return True
    return action.unit_id is not None and action.unit_id in unit_ids_for(user)


# --- Programmes -----------------------------------------------------------------------------------


def can_manage_programmes(user) -> bool:
    return _all_powerful(user)


def allowed_actions(user, enrolment: Enrolment) -> dict[str, bool]:
    """What the user may do on the enrolment now, for buttons and the API."""
    coordinator = is_coordinator(user, enrolment)
    assessor = is_assessor(user, enrolment)
    submitted = is_submitted(enrolment)
    assessment = _in_progress(enrolment)
    concluded = assessment is None and Assessment.objects.filter(enrolment_id=enrolment.pk).exists()
    return {
        "manage": coordinator,
        "assign": coordinator and not submitted,
        "review": coordinator and not submitted,
        "submit": coordinator and not submitted and enrolment.stage == Stage.SELF_ASSESSMENT,
        # Starting the assessment, or changing its assessors while it runs.
        "start_assessment": coordinator and submitted and not concluded,
        "edit_actions": coordinator,
        "score": assessor and assessment is not None,
        "request_evidence": assessor and assessment is not None,
        "conclude": assessor and assessment is not None,
    }
