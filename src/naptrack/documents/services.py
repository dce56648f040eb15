"""Documents made in the background: ask for one, make it, tell the person, let it expire.

A request is checked (permission, plan, period, agency) and stored as a DocumentJob; the job is
queued after commit and run by the worker (`naptrack worker`), which writes its progress as it
goes, so that the page of the job can show a progress bar while the person is free to leave.
When the file is ready (or the job failed), the person gets an inbox message and an e-mail with
the link. Files are kept NAPTRACK_DOCUMENT_TTL_HOURS hours, then deleted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from naptrack.core.services import require
from naptrack.documents import permissions
from naptrack.documents.contracts import DocumentSpec
from naptrack.documents.models import DocumentFormat, DocumentJob, JobState
from naptrack.frameworks.models import Plan
from naptrack.organizations.models import Organization
from naptrack.periods import calendars
from naptrack.periods.models import Period

logger = logging.getLogger(__name__)

LANGUAGES = ("th", "en", "vi")
# Progress is written to the database at most this often, or when it moved by PROGRESS_STEP.
PROGRESS_INTERVAL_SECONDS = 0.5
PROGRESS_STEP = 5
# Failed and expired jobs stay listed (with their error, or "expired: make it again") this long.
KEEP_RECORDS_DAYS = 30
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def ttl() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "NAPTRACK_DOCUMENT_TTL_HOURS", 72)))


def _options(spec: DocumentSpec) -> dict:
    return {
        "provisional": bool(spec.provisional),
        "thai_digits": bool(spec.thai_digits),
        "end_of_plan": bool(spec.end_of_plan),
    }


def job_spec(job: DocumentJob) -> DocumentSpec:
    """The specification a job was asked with, as the renderers take it."""
    options = job.options or {}
    return DocumentSpec(
        plan_code=job.plan.code,
        period_code=job.period.code if job.period_id else "",
        format=job.format,
        language=job.language,
        agency_code=job.organization.code if job.organization_id else "",
        provisional=bool(options.get("provisional")),
        thai_digits=bool(options.get("thai_digits")),
        end_of_plan=bool(options.get("end_of_plan")),
    )


def _interface_language(job: DocumentJob) -> str:
    """The language of the pages from which the job was asked: its messages are written in it."""
    language = (job.options or {}).get("interface_language") or job.language
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def job_url(job: DocumentJob) -> str:
    """The address of the job's page, in the language it was asked in."""
    with translation.override(_interface_language(job)):
        return reverse("document-detail", args=[job.token])


# --- Asking for a document -----------------------------------------------------------------------


def _validated(spec: DocumentSpec) -> tuple[Plan, Period, Organization | None]:
    """The plan, period and agency a specification names; every problem refused at once."""
    errors: dict[str, list[str]] = {}
    plan = Plan.objects.filter(code=spec.plan_code).select_related("owner").first()
    if plan is None:
        errors["plan"] = [
            _("There is no plan with the code “%(code)s”.") % {"code": spec.plan_code}
        ]
    period = Period.objects.filter(code=spec.period_code).first() if spec.period_code else None
    if period is None:
        errors["period"] = [
            _("There is no period “%(code)s”. Choose a period such as FY2568.")
            % {"code": spec.period_code}
            if spec.period_code
            else _("Choose the period the document is about.")
        ]
    elif plan is not None and (period.end < plan.start_date or period.start > plan.end_date):
        errors["period"] = [
            _("The period %(period)s is outside the plan (%(span)s).")
            % {"period": period.label(), "span": plan.years_label}
        ]
    organization = None
    if spec.agency_code:
        organization = Organization.objects.filter(code=spec.agency_code).first()
        if organization is None:
            errors["agency"] = [
                _("There is no agency with the code “%(code)s”.") % {"code": spec.agency_code}
            ]
    if spec.format not in DocumentFormat.values:
        errors["format"] = [_("Choose PDF, Word (.docx) or Excel (.xlsx).")]
    if spec.language not in LANGUAGES:
        errors["language"] = [_("Choose Thai, English or Vietnamese.")]
    if errors:
        raise ValidationError(errors)
    return plan, period, organization


def _same_job(actor, plan, period, organization, spec: DocumentSpec) -> DocumentJob | None:
    """A job of the same person for the same document that is on its way or still downloadable."""
    candidates = DocumentJob.objects.filter(
        requested_by=actor,
        plan=plan,
        period=period,
        organization=organization,
        kind="report",
        format=spec.format,
        language=spec.language,
        state__in=[*ACTIVE_STATES, JobState.DONE],
        created_at__gt=timezone.now() - ttl(),
    ).order_by("-created_at", "-pk")
    wanted = _options(spec)
    for job in candidates:
        options = {key: bool((job.options or {}).get(key)) for key in wanted}
        if options != wanted:
            continue
        if job.state == JobState.DONE and job.is_expired:
            continue
        return job
    return None


def document_request(*, actor, spec: DocumentSpec) -> DocumentJob:
    """Ask for a document; it is made in the background. The same request twice gives one job."""
    require(getattr(actor, "is_authenticated", False))
    plan = Plan.objects.filter(code=spec.plan_code).first()
    # A plan the person may not see is refused as if it did not exist.
    if plan is not None and not permissions.can_view_progress(actor, plan):
        raise ValidationError(
            {"plan": [_("There is no plan with the code “%(code)s”.") % {"code": spec.plan_code}]}
        )
    plan, period, organization = _validated(spec)
    if not permissions.can_request_document(
        actor, plan, organization, provisional=spec.provisional
    ):
        require(False, _refusal(actor, plan, organization, spec))
    if organization is not None and organization.pk not in permissions.plan_agency_ids(plan):
        raise ValidationError(
            {
                "agency": [
                    _("%(agency)s has no indicator in this plan; choose one of its agencies.")
                    % {"agency": organization.short_name}
                ]
            }
        )
    if spec.thai_digits and spec.language != "th":
        spec = dataclasses.replace(spec, thai_digits=False)
    existing = _same_job(actor, plan, period, organization, spec)
    if existing is not None:
        return existing
    with transaction.atomic():
        job = DocumentJob.objects.create(
            token=secrets.token_urlsafe(16),
            requested_by=actor,
            plan=plan,
            period=period,
            organization=organization,
            kind="report",
            format=spec.format,
            language=spec.language,
            options={**_options(spec), "interface_language": translation.get_language() or ""},
            step=_("Waiting for its turn"),
        )
        from naptrack.documents.tasks import schedule_job

        schedule_job(job.pk)
    return job


def _refusal(actor, plan, organization, spec: DocumentSpec) -> str:
    """Why the request is refused, in words the person can act on."""
    if spec.provisional and permissions.can_request_document(actor, plan, organization):
        return _(
            "Only the plan's coordinators, and an agency for its own document, may include "
            "figures not yet accepted. Leave out provisional figures."
        )
    if organization is not None:
        return _(
            "You may ask only for your own agency's document, or the plan's coordinators for any "
            "agency's."
        )
    return _(
        "You may not ask for this plan's report. Ask for your own agency's document, or ask "
        "the plan's coordinators."
    )


# --- Making it -----------------------------------------------------------------------------------


def _document_errors() -> tuple[type[Exception], ...]:
    """The renderers' own refusals, whose messages are written for the person who asked."""
    import importlib

    found = []
    modules = []
    for name in ("report_data", "contracts", "render"):
        try:
            modules.append(importlib.import_module(f"naptrack.documents.{name}"))
        except ImportError:  # pragma: no cover - the renderers are part of the project
            continue
    for module in modules:
        error = getattr(module, "DocumentError", None)
        if isinstance(error, type) and issubclass(error, Exception) and error not in found:
            found.append(error)
    return tuple(found)


def _render_module():
    from naptrack.documents import render

    return render


class _ProgressWriter:
    """The progress callback given to the renderer: writes to the job's row, not too often."""

    def __init__(self, job: DocumentJob, clock: Callable[[], float] = time.monotonic):
        self.job_id = job.pk
        self.clock = clock
        self.percent = job.progress
        self.step = job.step
        self.written_at = clock()

    def __call__(self, percent: int, step: str) -> None:
        # Progress never goes back, and stops at 99 until the file is saved.
        percent = max(self.percent, min(99, max(0, int(percent))))
        step = str(step or self.step)[:200]
        now = self.clock()
        due = now - self.written_at >= PROGRESS_INTERVAL_SECONDS
        jumped = percent // PROGRESS_STEP != self.percent // PROGRESS_STEP
        if (percent, step) == (self.percent, self.step) or not (due or jumped):
            return
        self.percent, self.step, self.written_at = percent, step, now
        DocumentJob.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(
            progress=percent, step=step
        )


def _start(job_id: int) -> DocumentJob | None:
    """Mark the job as running, unless it already ran or was taken by another worker."""
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update(of=("self",)).filter(pk=job_id).first()
        if job is None or job.state != JobState.QUEUED:
            return None
        job.state = JobState.RUNNING
        job.started_at = timezone.now()
        job.progress = 0
        job.step = _("Starting")
        job.save(update_fields=["state", "started_at", "progress", "step"])
    return job


def _stored_name(filename: str, fmt: str) -> str:
    # The file is stored under a plain name; the person downloads it under its real one.
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return f"{(slugify(stem) or 'document')[:80]}.{fmt}"


def job_run(job_id: int) -> DocumentJob | None:
    """Make the document of a queued job, store the file, and tell the person who asked."""
    try:
        # Each run also clears what has expired: no separate schedule to keep alive.
        jobs_purge_expired()
    except Exception:
        logger.exception("Purging expired documents failed")
    job = _start(job_id)
    if job is None:
        return None
    language = _interface_language(job)
    job = DocumentJob.objects.select_related("plan", "period", "organization", "requested_by").get(
        pk=job.pk
    )
    try:
        renderer = _render_module()
        with translation.override(language):
            rendered = renderer.render_document(job_spec(job), _ProgressWriter(job))
        with translation.override(language):
            DocumentJob.objects.filter(pk=job.pk).update(step=_("Saving the file"))
        job.file.save(
            _stored_name(rendered.filename, job.format), ContentFile(rendered.content), save=False
        )
    except Exception as error:  # every failure ends the job with a message, never a stuck bar
        with translation.override(language):
            if isinstance(error, _document_errors()):
                message = str(error)
            else:
                logger.exception("Document job %s failed", job.pk)
                message = _(
                    "The document could not be made because of an error on the platform. "
                    "Try again later; if it fails again, tell the platform's administrators."
                )
            _finish(job, JobState.FAILED, error=message, step=_("Failed"))
            _notify(job)
        return job
    with translation.override(language):
        now = timezone.now()
        job.filename = rendered.filename
        job.content_type = rendered.content_type
        job.size = len(rendered.content)
        job.expires_at = now + ttl()
        _finish(job, JobState.DONE, step=_("Ready"), now=now)
        _notify(job)
    from naptrack.documents.tasks import schedule_purge

    schedule_purge(job.expires_at)
    return job


def _finish(job: DocumentJob, state: str, *, step: str, error: str = "", now=None) -> None:
    job.state = state
    job.step = step
    job.error = error
    job.finished_at = now or timezone.now()
    if state == JobState.DONE:
        job.progress = 100
    job.save()


def _notify(job: DocumentJob) -> None:
    """Tell the person who asked, in their inbox and by e-mail; a failure here is only logged."""
    from naptrack.notifications.models import NotificationKind
    from naptrack.notifications.services import deliver

    language = _interface_language(job)
    name = job.filename or _("%(plan)s report") % {"plan": job.plan.code}
    if job.state == JobState.DONE:
        local = timezone.localtime(job.expires_at)
        title = _("Your document is ready: %(name)s") % {"name": name}
        body = _("Download it before %(day)s at %(time)s; after that it is deleted.") % {
            "day": calendars.format_date(local.date(), language),
            "time": local.strftime("%H:%M"),
        }
    else:
        title = _("Your document could not be made: %(plan)s") % {"plan": job.plan.code}
        body = job.error
    try:
        deliver(
            [job.requested_by],
            kind=NotificationKind.DOCUMENT_READY,
            title=title,
            body=body,
            url=job_url(job),
        )
    except Exception:  # the document stands; the page of the job still shows it
        logger.exception("Notifying the requester of document job %s failed", job.pk)


# --- Expiry ----------------------------------------------------------------------------------------


def _delete_file(job: DocumentJob) -> None:
    if job.file:
        try:
            job.file.delete(save=False)
        except Exception:  # a file already gone must not stop the others
            logger.warning("Could not delete the file of document job %s", job.pk, exc_info=True)


def jobs_purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the files of expired documents and mark them expired; return how many.

    Also ends jobs that have waited or run longer than the files are kept (a worker that
    stopped mid-way), and forgets failed and expired jobs after KEEP_RECORDS_DAYS days.
    """
    now = now or timezone.now()
    expired = 0
    due = DocumentJob.objects.filter(state=JobState.DONE, expires_at__lte=now)
    for job in due.iterator():
        _delete_file(job)
        job.file = ""
        job.state = JobState.EXPIRED
        job.save(update_fields=["file", "state"])
        expired += 1
    stale = DocumentJob.objects.filter(state__in=ACTIVE_STATES, created_at__lte=now - ttl())
    for job in stale.select_related("requested_by"):
        with translation.override(_interface_language(job)):
            _finish(
                job,
                JobState.FAILED,
                step=_("Failed"),
                error=_("The document took too long to make and was stopped. Ask for it again."),
                now=now,
            )
    old = DocumentJob.objects.filter(
        state__in=[JobState.FAILED, JobState.EXPIRED],
        created_at__lte=now - max(dt.timedelta(days=KEEP_RECORDS_DAYS), 2 * ttl()),
    )
    for job in old:
        _delete_file(job)
    old.delete()
    return expired
