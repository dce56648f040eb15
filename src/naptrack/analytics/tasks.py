"""Background jobs of the progress engine: refresh what a report's transition touched, rebuild a plan."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

# Which figures a step of the workflow changes. Submitting and returning add or take a report's
# data in the provisional figures; accepting adds them to the accepted ones (they were already
# provisional); reopening takes them out of both. Approving by the agency changes neither.
BASES_CHANGED_BY = {
    "submitted": ["provisional"],
    "returned": ["provisional"],
    "approved": [],
    "accepted": ["accepted"],
    "reopened": ["accepted", "provisional"],
}
BOTH = ["accepted", "provisional"]


@task()
def refresh_report_progress(report_id: int, bases: list[str] | None = None) -> dict:
    """Recompute the roll-ups that one report's data feed, on the bases its last step changed.

    The totals, per-agency and result rows are written here; the per-option rows in a second job,
    queued once this one has committed.
    """
    from naptrack.analytics.services import report_progress_refresh

    result = report_progress_refresh(report_id, bases=bases)
    options = result.get("options")
    if options:
        # The refresh's own transaction has committed (a worker runs a job outside any): queued
        # now, the second job reads the first one's rows. Not through on_commit, so that a step
        # of the workflow still schedules one callback, whatever the backend.
        refresh_report_options.enqueue(report_id, options["periods"], options["bases"])
    return result


@task()
def refresh_report_options(report_id: int, periods: list[str], bases: list[str]) -> dict:
    """Second step of a report's refresh: its per-option contributions and progress rows."""
    from naptrack.analytics.services import report_options_refresh

    return report_options_refresh(report_id, periods=periods, bases=bases)


@task()
def rebuild_plan_progress(plan_id: int) -> dict:
    """Recompute every roll-up of a plan, after a change that touches all of them."""
    from naptrack.analytics.services import plan_progress_rebuild
    from naptrack.frameworks.models import Plan

    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return {"plan": None}
    return plan_progress_rebuild(plan)


@task()
def fill_plan_progress(plan_id: int) -> dict:
    """Write the rows a plan lacks after a round opened: every indicator for the new period."""
    from naptrack.analytics.services import plan_progress_fill
    from naptrack.frameworks.models import Plan

    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return {"plan": None}
    return plan_progress_fill(plan)


def schedule_report_refresh(report_id: int) -> None:
    """After the current transaction commits, queue the refresh of a report's roll-ups.

    Called by a workflow step right after it recorded its event, under the report's row lock: the
    latest event is that step, and says which figures it changed.
    """
    from naptrack.reporting.models import Event

    kind = (
        Event.objects.filter(report_id=report_id)
        .order_by("-pk")
        .values_list("kind", flat=True)
        .first()
    )
    bases = BASES_CHANGED_BY.get(kind, BOTH)
    if not bases:
        return
    transaction.on_commit(lambda: refresh_report_progress.enqueue(report_id, bases))


def schedule_plan_rebuild(plan_id: int) -> None:
    """After the current transaction commits, queue the rebuild of a plan's roll-ups.

    For changes that reach every figure of a plan: its thresholds, targets, baselines or weights.
    """
    transaction.on_commit(lambda: rebuild_plan_progress.enqueue(plan_id))


def schedule_plan_fill(plan_id: int) -> None:
    """After the current transaction commits, queue the filling in of a new round's period."""
    transaction.on_commit(lambda: fill_plan_progress.enqueue(plan_id))
