"""Background jobs of the documents: make one document, delete the expired ones.

Each run of a document job first deletes what has expired, and each finished document queues a
purge for the moment it expires (when the queue can defer jobs, as the database queue does), so
expired files go without a schedule to keep alive; `naptrack purge_documents` does the same
from cron if wished.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks import task


@task()
def run_document_job(job_id: int) -> dict:
    """Make the document of a queued job."""
    from naptrack.documents.services import job_run

    job = job_run(job_id)
    return {"job": job_id, "state": job.state if job is not None else None}


@task()
def purge_expired_documents() -> dict:
    """Delete the files of documents past their expiry."""
    from naptrack.documents.services import jobs_purge_expired

    return {"expired": jobs_purge_expired()}


def schedule_job(job_id: int) -> None:
    """After the current transaction commits, queue the making of a document."""
    transaction.on_commit(lambda: run_document_job.enqueue(job_id))


def schedule_purge(at: dt.datetime | None) -> None:
    """Queue a purge for when a document expires, if the backend can wait until then."""
    backend = purge_expired_documents.get_backend()
    if at is None or not backend.supports_defer:
        return
    purge_expired_documents.using(run_after=at + dt.timedelta(seconds=1)).enqueue()
