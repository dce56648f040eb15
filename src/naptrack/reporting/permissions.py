"""Who may see and do what with rounds and reports. Every page, API call and download asks here.

- Reporters of an agency edit its reports while they are drafts or returned.
- Approvers of an agency approve or return its submitted reports.
- Coordinators of the plan's owner open and close rounds, see every report of their plan once the
  agency has submitted it (and the state and completeness of drafts in the round overview), accept,
  return and reopen.
- Any member of an agency reads its own reports in every state.
- Accepted and locked reports are read by viewers (the viewer role, in any organization) who can
  see the plan; the reporters and approvers of another agency do not open another agency's report.
- An agency never sees another agency's drafts.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from naptrack.core.services import SYSTEM
from naptrack.frameworks.models import Plan
from naptrack.frameworks.permissions import visible_plans
from naptrack.organizations.models import Role
from naptrack.organizations.permissions import is_platform_admin, organization_ids_for
from naptrack.reporting.models import ACCEPTED_STATES, EDITABLE_STATES, Report, ReportState, Round

# What a coordinator may open: everything the agency has let go of.
COORDINATOR_VISIBLE_STATES = (
    ReportState.SUBMITTED,
    ReportState.APPROVED,
    ReportState.ACCEPTED,
    ReportState.LOCKED,
)


def _is_system(user) -> bool:
    return user is SYSTEM


def coordinates_plan(user, plan: Plan) -> bool:
    if _is_system(user) or is_platform_admin(user):
        return True
    return plan.owner_id in organization_ids_for(user, {Role.COORDINATOR})


def visible_reports(user: User | AnonymousUser) -> QuerySet[Report]:
    """Reports whose content the user may read."""
    reports = Report.objects.all()
    if _is_system(user) or is_platform_admin(user):
        return reports
    if not user.is_authenticated:
        return reports.none()
    own = organization_ids_for(user)
    coordinated = organization_ids_for(user, {Role.COORDINATOR})
    condition = Q(organization_id__in=own) | Q(
        round__plan__owner_id__in=coordinated, state__in=COORDINATOR_VISIBLE_STATES
    )
    if organization_ids_for(user, {Role.VIEWER}):
        condition |= Q(state__in=ACCEPTED_STATES, round__plan__in=visible_plans(user))
    return reports.filter(condition)


def can_view_report(user, report: Report) -> bool:
    return visible_reports(user).filter(pk=report.pk).exists()


def _member(user, report: Report, roles: set[str]) -> bool:
    if _is_system(user):
        return True
    return report.organization_id in organization_ids_for(user, roles)


def can_edit_report(user, report: Report) -> bool:
    return (
        report.state in EDITABLE_STATES
        and report.round.state == "open"
        and _member(user, report, {Role.REPORTER})
    )


def can_submit_report(user, report: Report) -> bool:
    return can_edit_report(user, report)


def can_approve_report(user, report: Report) -> bool:
    return report.state == ReportState.SUBMITTED and _member(user, report, {Role.APPROVER})


def can_return_report(user, report: Report) -> bool:
    if report.state == ReportState.SUBMITTED:
        return _member(user, report, {Role.APPROVER})
    if report.state == ReportState.APPROVED:
        return coordinates_plan(user, report.round.plan)
    return False


def can_accept_report(user, report: Report) -> bool:
    return report.state == ReportState.APPROVED and coordinates_plan(user, report.round.plan)


def can_reopen_report(user, report: Report) -> bool:
    return report.state in (ReportState.ACCEPTED, ReportState.LOCKED) and coordinates_plan(
        user, report.round.plan
    )


def visible_rounds(user: User | AnonymousUser) -> QuerySet[Round]:
    """Rounds the user takes part in: of plans they coordinate, or in which their agency reports."""
    rounds = Round.objects.all()
    if _is_system(user) or is_platform_admin(user):
        return rounds
    if not user.is_authenticated:
        return rounds.none()
    own = organization_ids_for(user)
    coordinated = organization_ids_for(user, {Role.COORDINATOR})
    return rounds.filter(
        Q(plan__owner_id__in=coordinated) | Q(reports__organization_id__in=own)
    ).distinct()


def can_manage_round(user, round_: Round) -> bool:
    return coordinates_plan(user, round_.plan)


def allowed_actions(user, report: Report) -> dict[str, bool]:
    """What the user may do with the report now, for buttons and the API."""
    return {
        "edit": can_edit_report(user, report),
        "submit": can_submit_report(user, report),
        "approve": can_approve_report(user, report),
        "return": can_return_report(user, report),
        "accept": can_accept_report(user, report),
        "reopen": can_reopen_report(user, report),
    }
