"""The document pages: ask for a plan's report, follow it being made, download it, my documents.

A document belongs to the person who asked for it: anyone else gets a 404 for its page and its
download, so that nobody learns what another person asked for.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from naptrack.analytics.permissions import can_view_progress
from naptrack.documents import permissions, selectors, services
from naptrack.documents.forms import DocumentForm
from naptrack.documents.models import DocumentJob, JobState
from naptrack.frameworks.models import Plan

FORM_FIELDS = ("period", "agency", "language", "format")


def _plan_or_404(user, code: str) -> Plan:
    plan = Plan.objects.filter(code=code).select_related("owner").first()
    if plan is None or not can_view_progress(user, plan):
        raise Http404
    return plan


def _job_or_404(user, token: str) -> DocumentJob:
    job = selectors.job_get_for_user(user, token)
    if job is None:
        raise Http404
    return job


def _form(request: HttpRequest, plan: Plan, allowed, data=None) -> DocumentForm:
    periods = selectors.document_periods(plan)
    return DocumentForm(
        data,
        plan=plan,
        periods=periods,
        allowed=allowed,
        default_period=selectors.default_document_period(plan, periods),
    )


def _apply_errors(form: DocumentForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_documents(request: HttpRequest, code: str) -> HttpResponse:
    """Ask for the plan's progress report, and see the ones asked for before."""
    plan = _plan_or_404(request.user, code)
    allowed = permissions.document_choices(request.user, plan)
    status = 200
    form = _form(request, plan, allowed, request.POST if request.method == "POST" else None)
    if request.method == "POST" and allowed.any and form.is_valid():
        try:
            job = services.document_request(actor=request.user, spec=form.spec())
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("document-detail", token=job.token)
    if request.method == "POST" and not form.is_valid():
        status = 400
    if not allowed.any:
        status = 403
    jobs = selectors.job_list_for_user(request.user, plan)[: selectors.RECENT]
    return render(
        request,
        "documents/plan_documents.html",
        {
            "plan": plan,
            "form": form,
            "allowed": allowed,
            "jobs": jobs,
            "nav": "plans",
        },
        status=status,
    )


@login_required
@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    """Every document the user asked for, newest first."""
    jobs = selectors.job_list_for_user(request.user)[:200]
    return render(request, "documents/document_list.html", {"jobs": jobs, "nav": "documents"})


@login_required
@require_safe
def document_detail(request: HttpRequest, token: str) -> HttpResponse:
    """A document's progress; htmx polls the same address for the progress part alone."""
    job = _job_or_404(request.user, token)
    context = {
        "job": job,
        "plan": job.plan,
        "active": job.state in services.ACTIVE_STATES,
        "nav": "plans",
    }
    if request.htmx:
        return render(request, "documents/job_progress.html", context)
    return render(request, "documents/document_detail.html", context)


@login_required
@require_safe
def document_download(request: HttpRequest, token: str) -> HttpResponse:
    """The file, to the person who asked for it; an expired one says so and offers to remake it."""
    job = _job_or_404(request.user, token)
    if job.state == JobState.EXPIRED or (job.state == JobState.DONE and job.is_expired):
        return render(
            request,
            "documents/document_expired.html",
            {"job": job, "plan": job.plan, "nav": "plans"},
            status=410,
        )
    if job.state != JobState.DONE or not job.file:
        messages.info(request, _("The document is not ready yet."))
        return redirect("document-detail", token=job.token)
    return file_response(job)


def file_response(job: DocumentJob) -> FileResponse:
    """The document's file as an attachment under its own name, never interpreted by a browser."""
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename or job.file.name.rsplit("/", 1)[-1],
        content_type=job.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
