"""Bulk import pages: upload a file of values, see what it would change and its problems, confirm.

For coordinators (and agencies' reporters, for their own reports). A batch is shown only to the
person who uploaded it (and platform administrators); anyone else gets a 404.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.frameworks import selectors as framework_selectors
from naptrack.frameworks.models import Dimension, Plan
from naptrack.reporting.models import ReportLine, RoundState
from naptrack.reporting.permissions import coordinates_plan
from naptrack.transfers import services_bulk
from naptrack.transfers.bulk import Importer
from naptrack.transfers.forms_bulk import BulkUploadForm
from naptrack.transfers.models import BatchKind, BatchState, ImportBatch

EXAMPLE_ROWS = 6
FIGURE_COLUMNS = ["value", "numerator", "denominator", "text", "milestone_status"]


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    return render(request, "reporting/forbidden.html", {"message": message}, status=403)


def _plan_for(request: HttpRequest) -> Plan | None:
    """The plan the page was opened from (?plan=CODE), when the user coordinates it."""
    code = (request.GET.get("plan") or request.POST.get("plan") or "").strip()[:64]
    if not code:
        return None
    plan = framework_selectors.plan_get_for_user(request.user, code)
    if plan is None or not coordinates_plan(request.user, plan):
        return None
    return plan


def _batch_or_404(request: HttpRequest, token: str) -> ImportBatch:
    batch = (
        ImportBatch.objects.filter(kind=BatchKind.BULK, token=token)
        .select_related("plan", "uploaded_by")
        .first()
    )
    if batch is None or not services_bulk.can_use_batch(request.user, batch):
        raise Http404
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def bulk_upload(request: HttpRequest) -> HttpResponse:
    """The upload form, the format explained, and the user's recent imports."""
    if not Importer.may_import(request.user):
        return _forbidden(
            request,
            PermissionDenied(
                _("Only coordinators of a plan and agencies' reporters can import values.")
            ),
        )
    plan = _plan_for(request)
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is not None and upload.size > services_bulk.max_bytes():
            form.add_error("file", services_bulk.too_large_message())
        if form.is_valid():
            try:
                batch = services_bulk.bulk_check(
                    actor=request.user,
                    file=form.cleaned_data["file"],
                    original_name=form.cleaned_data["file"].name,
                    reason=form.cleaned_data["reason"],
                    plan=plan,
                )
            except PermissionDenied as exc:
                return _forbidden(request, exc)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                return redirect("bulk-import-detail", token=batch.token)
        status = 400
    recent = ImportBatch.objects.filter(kind=BatchKind.BULK, uploaded_by=request.user)[:10]
    return render(
        request,
        "transfers/bulk_upload.html",
        {
            "form": form,
            "plan": plan,
            "recent": recent,
            "dimensions": Dimension.objects.order_by("sort_order", "code"),
            "max_mb": services_bulk.max_bytes() // (1024 * 1024),
            "nav": "plans",
        },
        status=status,
    )


@login_required
@require_GET
def bulk_detail(request: HttpRequest, token: str) -> HttpResponse:
    """What the file would change (or changed), and every problem by row and column."""
    batch = _batch_or_404(request, token)
    summary = batch.summary or {}
    error_count = summary.get("errors", len(batch.errors))
    return render(
        request,
        "transfers/bulk_detail.html",
        {
            "batch": batch,
            "summary": summary,
            "error_count": error_count,
            "errors_shown": len(batch.errors),
            "changes": batch.changes,
            "changes_more": max(
                0, summary.get("new", 0) + summary.get("changed", 0) - len(batch.changes)
            ),
            "can_apply": batch.state == BatchState.CHECKED
            and (summary.get("new", 0) or summary.get("changed", 0)),
            "can_discard": batch.state in (BatchState.CHECKED, BatchState.INVALID),
            "nav": "plans",
        },
    )


@login_required
@require_POST
def bulk_apply(request: HttpRequest, token: str) -> HttpResponse:
    batch = _batch_or_404(request, token)
    try:
        batch = services_bulk.bulk_apply(actor=request.user, batch=batch)
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("bulk-import-detail", token=batch.token)
    summary = batch.summary or {}
    if batch.state == BatchState.APPLIED:
        count = summary.get("new", 0) + summary.get("changed", 0)
        messages.success(
            request,
            ngettext(
                "The import was applied: %(count)s value saved.",
                "The import was applied: %(count)s values saved.",
                count,
            )
            % {"count": count},
        )
    elif batch.state == BatchState.FAILED:
        messages.error(request, _("The import failed: nothing was written."))
    else:
        messages.error(
            request,
            _(
                "The values changed since the file was checked: nothing was written. See the problems below."
            ),
        )
    return redirect("bulk-import-detail", token=batch.token)


@login_required
@require_POST
def bulk_discard(request: HttpRequest, token: str) -> HttpResponse:
    batch = _batch_or_404(request, token)
    try:
        services_bulk.bulk_discard(actor=request.user, batch=batch)
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("bulk-import-detail", token=batch.token)
    messages.success(request, _("The file was discarded; nothing was changed."))
    return redirect("bulk-import")


def example_rows(plan: Plan | None) -> tuple[list[str], list[list[str]]]:
    """The header and a few rows: from the plan's latest open round when there is one."""
    dimensions = list(
        Dimension.objects.order_by("sort_order", "code").values_list("code", flat=True)
    )
    header = ["plan", "indicator", "period", "agency", *dimensions, *FIGURE_COLUMNS]
    rows: list[list[str]] = []
    if plan is not None:
        lines = (
            ReportLine.objects.filter(
                report__round__plan=plan, report__round__state=RoundState.OPEN
            )
            .select_related("indicator", "report__organization", "report__round__period")
            .order_by("-report__round__period__start", "indicator__sort_order", "pk")[:EXAMPLE_ROWS]
        )
        for line in lines:
            row = dict.fromkeys(header, "")
            row.update(
                plan=plan.code,
                indicator=line.indicator.code,
                period=line.report.round.period.code,
                agency=line.report.organization.code,
            )
            rows.append([row[c] for c in header])
    if not rows:
        example = [
            ("nap-wps", "1.1.1", "FY2568", "dwf", {}, {"value": "120"}),
            ("nap-wps", "1.1.1", "FY2568", "dwf", {"sex": "female"}, {"value": "70"}),
            ("nap-wps", "1.1.1", "2568", "dwf", {"sex": "male"}, {"value": "50"}),
            ("nap-wps", "1.1.2", "FY2568", "dwf", {}, {"numerator": "12", "denominator": "40"}),
            (
                "nap-wps",
                "2.1.1",
                "FY2568",
                "dwf",
                {},
                {"milestone_status": "in_progress", "text": "Draft law sent to cabinet"},
            ),
        ]
        for plan_code, indicator, period, agency, options, figures in example:
            row = dict.fromkeys(header, "")
            row.update(plan=plan_code, indicator=indicator, period=period, agency=agency)
            row.update({k: v for k, v in options.items() if k in row})
            row.update(figures)
            rows.append([row[c] for c in header])
    return header, rows


@login_required
@require_GET
def bulk_example(request: HttpRequest) -> HttpResponse:
    """An example CSV (UTF-8 with BOM, for Excel) with every column and a few rows."""
    header, rows = example_rows(_plan_for(request))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="naptrack-values-example.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
