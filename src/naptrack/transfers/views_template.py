"""The data-entry workbook of a report: download it, upload it filled in, preview, confirm or discard.

Whoever may read the report may download its workbook; only the agency's reporters, while the
report is being prepared, may upload one; a report the user may not read is a 404. The preview of
an upload is shown only to the person who uploaded it.
"""

from __future__ import annotations

from collections import OrderedDict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.analytics.exports import XLSX_TYPE
from naptrack.reporting import permissions
from naptrack.reporting.models import Report
from naptrack.reporting.selectors import report_get_for_user
from naptrack.transfers import services_template, template_build, template_read
from naptrack.transfers.models import BatchKind, BatchState, ImportBatch

# Room for the form's other fields beside the file in a multipart body.
FORM_OVERHEAD_BYTES = 1024 * 1024


def _report_or_404(user, pk: int) -> Report:
    report = report_get_for_user(user, pk)
    if report is None:
        raise Http404
    return report


def _batch_or_404(user, report: Report, token: str) -> ImportBatch:
    batch = (
        ImportBatch.objects.filter(
            kind=BatchKind.TEMPLATE, report=report, token=token, uploaded_by=user
        )
        .select_related("uploaded_by")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    return render(request, "reporting/forbidden.html", {"message": message}, status=403)


@login_required
@require_GET
def workbook_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's workbook, prefilled: one sheet per pillar, or one sheet (?layout=single)."""
    report = _report_or_404(request.user, pk)
    layout = request.GET.get("layout", "pillar")
    if layout not in template_build.LAYOUTS:
        layout = "pillar"
    content = services_template.template_download(actor=request.user, report=report, layout=layout)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    filename = template_build.workbook_filename(report)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _upload_page(request, report, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "transfers/template_upload.html",
        {
            "report": report,
            "round": report.round,
            "plan": report.round.plan,
            "error": error,
            "max_mb": settings.NAPTRACK_IMPORT_MAX_MB,
            "nav": "reports",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def workbook_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled workbook: it is checked, nothing is saved, and the preview follows."""
    report = _report_or_404(request.user, pk)
    if not permissions.can_edit_report(request.user, report):
        return _forbidden(
            request,
            PermissionDenied(
                _(
                    "Workbooks can be uploaded only by the agency's reporters while the report is being prepared."
                )
            ),
        )
    if request.method == "GET":
        return _upload_page(request, report)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > template_read.max_upload_bytes() + FORM_OVERHEAD_BYTES:
        # Refused before the body is read.
        message = _("The file is too large: at most %(max)s MB can be uploaded.") % {
            "max": settings.NAPTRACK_IMPORT_MAX_MB
        }
        return _upload_page(request, report, error=message, status=413)
    upload = request.FILES.get("file")
    if upload is None:
        return _upload_page(
            request, report, error=_("Choose the workbook file to upload."), status=422
        )
    try:
        batch = services_template.template_check(actor=request.user, report=report, upload=upload)
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    return redirect("report-workbook-preview", pk=report.pk, token=batch.token)


def _problems_by_sheet(errors: list[dict]) -> list[tuple[str, list[dict]]]:
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    for problem in errors:
        sheet = problem.get("sheet") or ""
        item = dict(problem)
        if sheet and problem.get("cell"):
            item["where"] = template_build.sheet_reference(sheet, problem["cell"])
        elif problem.get("row"):
            item["where"] = _("row %(row)s") % {"row": problem["row"]}
        else:
            item["where"] = ""
        groups.setdefault(sheet, []).append(item)
    return list(groups.items())


def _preview(
    request, report, batch, *, form_errors: dict | None = None, status: int = 200
) -> HttpResponse:
    errors = [p for p in batch.errors if not p.get("warning")]
    warnings = [p for p in batch.errors if p.get("warning")]
    can_apply = batch.state == BatchState.CHECKED and permissions.can_edit_report(
        request.user, report
    )
    context = {
        "report": report,
        "round": report.round,
        "plan": report.round.plan,
        "batch": batch,
        "summary": batch.summary,
        "changes": batch.changes,
        "error_groups": _problems_by_sheet(errors),
        "warning_groups": _problems_by_sheet(warnings),
        "error_count": len(errors),
        "conflicts": [c for c in batch.changes if c.get("conflict")],
        "can_apply": can_apply and bool(batch.summary.get("plan")),
        "can_discard": batch.state in (BatchState.CHECKED, BatchState.INVALID),
        "needs_reason": report.approved_at is not None,
        "form_errors": form_errors or {},
        "reason": request.POST.get("reason", "") if request.method == "POST" else "",
        "nav": "reports",
    }
    return render(request, "transfers/template_preview.html", context, status=status)


@login_required
@require_GET
def workbook_preview(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """What the uploaded workbook would change, and every problem by sheet and cell."""
    report = _report_or_404(request.user, pk)
    batch = _batch_or_404(request.user, report, token)
    return _preview(request, report, batch)


@login_required
@require_POST
def workbook_confirm(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Apply a checked workbook, all or nothing."""
    report = _report_or_404(request.user, pk)
    batch = _batch_or_404(request.user, report, token)
    try:
        batch = services_template.template_apply(
            actor=request.user,
            batch=batch,
            reason=(request.POST.get("reason") or "")[:5000],
            replace_conflicts=request.POST.get("replace_conflicts") == "yes",
        )
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except ValidationError as invalid:
        errors = {name: " ".join(msgs) for name, msgs in invalid.message_dict.items()}
        return _preview(request, report, batch, form_errors=errors, status=422)
    except services_template.ApplyRefused as refused:
        messages.error(request, refused.message)
        return redirect("report-workbook-preview", pk=report.pk, token=batch.token)
    changed = batch.summary.get("changed", 0)
    messages.success(
        request,
        ngettext(
            "The workbook was applied: %(n)s value changed, with its history.",
            "The workbook was applied: %(n)s values changed, with their history.",
            changed,
        )
        % {"n": changed},
    )
    return redirect("report-detail", pk=report.pk)


@login_required
@require_POST
def workbook_discard(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    report = _report_or_404(request.user, pk)
    batch = _batch_or_404(request.user, report, token)
    try:
        services_template.template_discard(actor=request.user, batch=batch)
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    messages.info(request, _("The uploaded workbook was discarded; nothing was changed."))
    return redirect("report-detail", pk=report.pk)
