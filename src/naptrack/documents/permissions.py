"""Who may ask for which document of a plan, and who may download a document once made.

- The plan's coordinators (and platform administrators): the whole plan or any agency, with
  provisional figures (submitted, not yet accepted) if they wish.
- Members of an agency (any role): their own agency's document, provisional figures allowed,
  since they read their own reports in every state.
- Viewers (the viewer role, in any organization) who can see the plan: the whole plan, accepted
  figures only — what they may read of the reports.
- Nobody else, and never anyone signed out.

A document, once made, belongs to the person who asked for it: only they (or a platform
administrator) may download it; anyone else is told it does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from naptrack.analytics.permissions import can_view_progress
from naptrack.documents.models import DocumentJob
from naptrack.frameworks.models import Assignment, Plan
from naptrack.organizations.models import Organization, Role
from naptrack.organizations.permissions import is_platform_admin, organization_ids_for
from naptrack.reporting.permissions import coordinates_plan


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def plan_agency_ids(plan: Plan) -> set[int]:
    """The agencies assigned to an indicator of the plan: those a document may be made for."""
    return set(
        Assignment.objects.filter(indicator__plan=plan).values_list("organization_id", flat=True)
    )


@dataclass
class DocumentChoices:
    """What a user may ask for in a plan: the whole plan or not, which agencies, provisional."""

    whole_plan: bool = False
    whole_plan_provisional: bool = False
    agencies: list[Organization] = field(default_factory=list)
    # Agencies whose document may include provisional figures.
    provisional_agency_ids: set[int] = field(default_factory=set)

    @property
    def any(self) -> bool:
        return self.whole_plan or bool(self.agencies)

    @property
    def provisional_possible(self) -> bool:
        return self.whole_plan_provisional or bool(self.provisional_agency_ids)


def document_choices(user, plan: Plan) -> DocumentChoices:
    """Everything the user may ask for in this plan, for the form and the API."""
    choices = DocumentChoices()
    if not _signed_in(user) or not can_view_progress(user, plan):
        return choices
    assigned = plan_agency_ids(plan)
    if coordinates_plan(user, plan):
        ids = assigned
        choices.whole_plan = choices.whole_plan_provisional = True
        choices.provisional_agency_ids = set(ids)
    else:
        ids = assigned & organization_ids_for(user)
        choices.provisional_agency_ids = set(ids)
        choices.whole_plan = bool(organization_ids_for(user, {Role.VIEWER}))
    choices.agencies = list(
        Organization.objects.filter(pk__in=ids).order_by("abbreviation_en", "name_en", "code")
    )
    return choices


def can_request_document(
    user, plan: Plan, organization: Organization | None = None, *, provisional: bool = False
) -> bool:
    """Whether the user may ask for this plan's document (for one agency, with provisional data)."""
    if not _signed_in(user) or not can_view_progress(user, plan):
        return False
    if coordinates_plan(user, plan):
        return True
    if organization is not None:
        return organization.pk in organization_ids_for(user)
    return not provisional and bool(organization_ids_for(user, {Role.VIEWER}))


def can_download_document(user, job: DocumentJob) -> bool:
    """Only the person who asked for a document, or a platform administrator, may fetch it."""
    if not _signed_in(user):
        return False
    return job.requested_by_id == user.pk or is_platform_admin(user)
