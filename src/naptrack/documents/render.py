"""Make a progress report document in the format asked: PDF, Word or Excel."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import override

from naptrack.documents.contracts import DocumentSpec, Progress, RenderedFile, no_progress
from naptrack.documents.report_data import DocumentError, build_report

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip("-.") or "x"


def document_filename(spec: DocumentSpec) -> str:
    """An ASCII file name that says what the file holds: NAP-WPS-2567_FY2568_th.pdf."""
    parts = [_safe(spec.plan_code).upper()]
    parts.append("END-OF-PLAN" if spec.end_of_plan else _safe(spec.period_code).upper())
    if spec.agency_code:
        parts.append(_safe(spec.agency_code).upper())
    if spec.provisional:
        parts.append("PROVISIONAL")
    parts.append(_safe(spec.language).lower())
    return "_".join(parts) + f".{spec.format}"


def render_document(spec: DocumentSpec, progress: Progress = no_progress) -> RenderedFile:
    """Build the report's content and render it; raises DocumentError with a readable message."""
    if spec.format not in CONTENT_TYPES:
        with override(spec.language):
            raise DocumentError(
                _("Documents can be made as PDF, Word (.docx) or Excel (.xlsx), not “%(format)s”.")
                % {"format": spec.format}
            )
    with override(spec.language):
        progress(1, _("Starting"))
    if spec.format == "xlsx":
        from naptrack.documents import render_xlsx

        content = render_xlsx.render(spec, progress)
    else:
        document = build_report(spec, progress)
        if spec.format == "pdf":
            from naptrack.documents import render_pdf

            content = render_pdf.render(document, progress)
        else:
            from naptrack.documents import render_docx

            content = render_docx.render(document, progress)
    with override(spec.language):
        progress(100, _("Done"))
    return RenderedFile(
        content=content,
        filename=document_filename(spec),
        content_type=CONTENT_TYPES[spec.format],
    )
