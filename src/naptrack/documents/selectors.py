"""Reads of the documents: a person's jobs, one job by its token, the periods to choose from."""

from __future__ import annotations

from django.db.models import QuerySet

from naptrack.analytics import selectors as analytics_selectors
from naptrack.documents.models import DocumentJob
from naptrack.documents.permissions import can_download_document
from naptrack.frameworks.models import Plan
from naptrack.periods.models import Period
from naptrack.reporting.models import Round

RECENT = 20


def _jobs() -> QuerySet[DocumentJob]:
    return DocumentJob.objects.select_related("plan", "period", "organization")


def job_list_for_user(user, plan: Plan | None = None) -> QuerySet[DocumentJob]:
    """The documents the user asked for, newest first (in one plan if given)."""
    if not getattr(user, "is_authenticated", False):
        return DocumentJob.objects.none()
    jobs = _jobs().filter(requested_by=user)
    if plan is not None:
        jobs = jobs.filter(plan=plan)
    return jobs


def job_get_for_user(user, token: str) -> DocumentJob | None:
    """The job with this token if the user may see it (the requester or an administrator)."""
    if not token or len(token) > 64:
        return None
    job = _jobs().select_related("requested_by").filter(token=token).first()
    if job is None or not can_download_document(user, job):
        return None
    return job


def document_periods(plan: Plan) -> list[Period]:
    """The periods a document can be about: those with figures or a round, latest first."""
    stored = {p.pk: p for p in analytics_selectors.progress_periods_for_plan(plan)}
    for period in Period.objects.filter(pk__in=Round.objects.filter(plan=plan).values("period_id")):
        stored.setdefault(period.pk, period)
    return sorted(
        stored.values(), key=lambda p: (p.kind == "lifetime", -p.end.toordinal(), p.start)
    )


def default_document_period(plan: Plan, periods: list[Period]) -> Period | None:
    """The latest period with accepted figures, else the latest one offered."""
    chosen = analytics_selectors.default_period(plan)
    if chosen is not None and chosen in periods:
        return chosen
    return periods[0] if periods else None
