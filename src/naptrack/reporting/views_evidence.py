"""Evidence: attach a file or a link to a report or one of its indicators, download it, remove it.

Files are never served from MEDIA_URL nor from a storage address: every download goes through
evidence_download, which asks the same question as the report page (permissions.can_view_report).
A report the user may not read is a 404, so that another agency cannot even learn that it exists.

An upload is refused for its size before its body is read when the request says how long it is,
and the part of a file beyond the limit is never written, even to a temporary file.
"""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from naptrack.reporting import evidence as evidence_files
from naptrack.reporting import permissions, services
from naptrack.reporting.models import Evidence, Report, ReportLine
from naptrack.reporting.templatetags.evidence_tags import evidence_block_id

logger = logging.getLogger(__name__)

TEMPLATE = "reporting/partials/evidence_list.html"
# Room for the title, description and link beside the file in a multipart body.
FORM_OVERHEAD_BYTES = 1024 * 1024
FIELDS = ("title", "description", "file", "url", "line")


def evidence_context(user, report: Report, line: ReportLine | None = None) -> dict:
    """What the evidence partial needs: a line's evidence, or for the report all of it."""
    items = report.evidence.select_related("line__indicator", "uploaded_by")
    if line is not None:
        items = items.filter(line=line)
    return {
        "report": report,
        "line": line,
        "evidence": list(items),
        "can_edit": permissions.can_edit_report(user, report),
    }


def _report_or_404(user, pk: int) -> Report:
    report = (
        permissions.visible_reports(user)
        .select_related("round__plan", "organization")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def _evidence_or_404(user, pk: int) -> Evidence:
    item = (
        Evidence.objects.select_related("report__round__plan", "report__organization", "line")
        .filter(pk=pk, report__in=permissions.visible_reports(user))
        .first()
    )
    if item is None:
        raise Http404
    return item


def _line(report: Report, raw: str) -> ReportLine | None:
    """The report's line named in the request; a line of another report is no line at all."""
    raw = (raw or "").strip()
    if not raw.isdigit():
        return None
    return report.lines.select_related("indicator").filter(pk=int(raw)).first()


def _render_block(
    request: HttpRequest,
    report: Report,
    line: ReportLine | None,
    *,
    errors: dict | None = None,
    values: dict | None = None,
    notice: str = "",
) -> HttpResponse:
    context = evidence_context(request.user, report, line)
    context.update(
        evidence_errors=errors or {}, evidence_values=values or {}, evidence_notice=notice
    )
    response = render(request, TEMPLATE, context)
    if notice and not errors:
        response["HX-Trigger"] = json.dumps(
            {"evidence-changed": {"report": report.pk, "line": line.pk if line else None}}
        )
    return response


def _back_to_report(report: Report, line: ReportLine | None) -> HttpResponseRedirect:
    url = reverse("report-detail", args=[report.pk])
    return redirect(f"{url}#{evidence_block_id(report, line)}")


def _errors_by_field(error: ValidationError) -> dict[str, list[str]]:
    """Messages by form field; whatever belongs to no field is shown above the form."""
    if not hasattr(error, "error_dict"):
        return {"form": list(error.messages)}
    errors: dict[str, list[str]] = {}
    for field, messages_ in error.message_dict.items():
        errors.setdefault(field if field in FIELDS else "form", []).extend(messages_)
    return errors


class _SizeLimit(FileUploadHandler):
    """Stop taking an uploaded file the moment it passes the limit: the rest is never written."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = evidence_files.max_bytes()
        self.too_large = False

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        if content_length is not None and content_length > self.limit:
            self.too_large = True
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_large(request: HttpRequest, report: Report, line: ReportLine | None, size: int):
    """Refuse an oversized upload without reading it; the form keeps what was typed."""
    message = evidence_files.too_large_message(size)
    if request.htmx:
        # Only the file's error is replaced: the body was not read, so the form is left as typed.
        block = evidence_block_id(report, line)
        response = HttpResponse(
            format_html(
                '<p class="form-errors" id="{}-file-error" role="alert" hx-swap-oob="true">{}</p>',
                block,
                message,
            )
        )
        response["HX-Reswap"] = "none"
        return response
    messages.error(request, message)
    return _back_to_report(report, line)


@csrf_exempt  # checked in _upload, once the size guard is in place (Django's documented order)
@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file or a link; htmx gets the refreshed evidence block, a plain form a redirect."""
    report = _report_or_404(request.user, pk)
    # The block the form sits in (a line's, or the report's) is named in the address, so that a
    # refusal made before the body is read still knows where to show itself.
    block_line = _line(report, request.GET.get("line", ""))
    if not permissions.can_edit_report(request.user, report):
        return _refused(
            request,
            report,
            block_line,
            _("Evidence can be added only while the report is being prepared."),
        )
    declared = _declared_length(request)
    if declared > evidence_files.max_bytes() + FORM_OVERHEAD_BYTES:
        return _too_large(request, report, block_line, declared)
    guard = _SizeLimit(request)
    request.upload_handlers.insert(0, guard)
    return _upload(request, report, block_line, guard)


@csrf_protect
def _upload(
    request: HttpRequest, report: Report, block_line: ReportLine | None, guard: _SizeLimit
) -> HttpResponse:
    values = {name: request.POST.get(name, "") for name in ("title", "description", "url", "line")}
    upload = request.FILES.get("file")
    # The indicator the evidence is for: the block's, or the one chosen in the report's block.
    line = block_line or _line(report, values["line"])
    errors: dict[str, list[str]] = {}
    if values["line"].strip() and line is None:
        errors["line"] = [_("This indicator is not part of the report.")]
    if guard.too_large:
        errors["file"] = [evidence_files.too_large_message()]
    if not errors:
        try:
            item = services.evidence_add(
                actor=request.user,
                report=report,
                title=values["title"],
                description=values["description"],
                upload=upload,
                url=values["url"],
                line=line,
            )
        except ValidationError as error:
            errors = _errors_by_field(error)
        except PermissionDenied as denied:
            errors = {"form": [str(denied)]}
    if errors:
        if upload and "file" not in errors:
            # Browsers never keep a chosen file once the form comes back.
            errors["file_again"] = [_("Choose the file again before sending.")]
        if not request.htmx:
            for field in ("form", *FIELDS):
                for message in errors.get(field, []):
                    messages.error(request, message)
            return _back_to_report(report, block_line)
        return _render_block(request, report, block_line, errors=errors, values=values)
    notice = _("“%(title)s” is attached.") % {"title": item.title}
    if not request.htmx:
        messages.success(request, notice)
        return _back_to_report(report, block_line)
    return _render_block(request, report, block_line, notice=notice)


def _refused(request: HttpRequest, report: Report, line: ReportLine | None, message: str):
    if not request.htmx:
        messages.error(request, message)
        return _back_to_report(report, line)
    return _render_block(request, report, line, errors={"form": [message]})


@login_required
@require_safe
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream a file to whoever may read its report, as an attachment that never runs."""
    return evidence_response(_evidence_or_404(request.user, pk))


def evidence_response(item: Evidence) -> HttpResponse:
    """The file as an attachment that never runs, or a redirect to the link (for pages and the API)."""
    if item.url:
        if not evidence_files.is_web_address(item.url):
            raise Http404
        response = HttpResponseRedirect(item.url)
        # The address of the report's evidence stays here.
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "private, no-store"
        return response
    if not item.file:
        raise Http404
    storage, name = item.file.storage, item.file.name
    try:
        if not storage.exists(name):
            raise FileNotFoundError(name)
        handle = storage.open(name, "rb")
    except OSError:
        logger.warning("Evidence %s: stored file %s is missing", item.pk, name)
        raise Http404 from None
    content_type = (
        item.content_type
        if item.content_type in evidence_files.ACCEPTED_TYPES
        else "application/octet-stream"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence_files.display_name(item.original_name, item.content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove evidence while the report is being prepared."""
    item = _evidence_or_404(request.user, pk)
    report, title = item.report, item.title
    line = item.line
    # The block the button sits in: a line's, or the whole report's.
    block_line = line if request.POST.get("block") == "line" else None
    try:
        services.evidence_remove(actor=request.user, evidence=item)
    except PermissionDenied as denied:
        return _refused(request, report, block_line, str(denied))
    notice = _("“%(title)s” is removed.") % {"title": title}
    if not request.htmx:
        messages.success(request, notice)
        return _back_to_report(report, block_line)
    return _render_block(request, report, block_line, notice=notice)
