"""Background jobs of the progress engine: refresh what a report's transition touched."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task


@task()
def refresh_report_progress(report_id: int) -> dict:
    """Recompute the roll-ups that one report's data feed."""
    from naptrack.analytics.services import report_progress_refresh

    return report_progress_refresh(report_id)


def schedule_report_refresh(report_id: int) -> None:
    """After the current transaction commits, queue the refresh of a report's roll-ups."""
    transaction.on_commit(lambda: refresh_report_progress.enqueue(report_id))
