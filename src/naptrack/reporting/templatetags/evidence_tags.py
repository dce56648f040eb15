"""Template helpers for the evidence list: kind of file, size, the upload limit, block ids."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from naptrack.core.preferences import wants_thai_digits
from naptrack.periods import calendars
from naptrack.reporting import evidence as evidence_files

register = template.Library()

_KINDS = {
    evidence_files.PDF: ("pdf", "PDF"),
    evidence_files.JPEG: ("image", None),
    evidence_files.PNG: ("image", None),
    evidence_files.WEBP: ("image", None),
    evidence_files.DOC: ("word", "Word"),
    evidence_files.DOCX: ("word", "Word"),
    evidence_files.XLS: ("excel", "Excel"),
    evidence_files.XLSX: ("excel", "Excel"),
}


@register.simple_tag
def evidence_block_id(report, line=None) -> str:
    """The id of an evidence block; the report page's problem links point to the line's."""
    if line is not None:
        return f"line-{line.pk}-evidence"
    return f"report-{report.pk}-evidence"


@register.simple_tag
def evidence_kind(item) -> dict:
    """{code, label} of an evidence item, for its badge."""
    if item.url:
        code, label = "link", _("Link")
    else:
        code, label = _KINDS.get(item.content_type, ("file", None))
        label = label or (_("Image") if code == "image" else _("File"))
    return {"code": code, "label": label}


@register.filter
def evidence_size(size) -> str:
    """A file size in KB or MB, as people read it."""
    if not size:
        return ""
    size = int(size)
    if size < 1024 * 1024:
        text = _("%(size)s KB") % {"size": number_format(max(1, round(size / 1024)))}
    else:
        text = _("%(size)s MB") % {
            "size": number_format(round(size / 1048576, 1), decimal_pos=1, use_l10n=True)
        }
    return calendars.thai_digits(text) if wants_thai_digits() else text


@register.filter
def evidence_host(url: str) -> str:
    """The site a link points to, shown beside it so that the reader knows where it goes."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


@register.simple_tag
def evidence_limit_mb() -> int:
    return settings.NAPTRACK_EVIDENCE_MAX_MB


@register.simple_tag
def evidence_limit_bytes() -> int:
    return evidence_files.max_bytes()


@register.simple_tag
def evidence_accept() -> str:
    return evidence_files.ACCEPT_ATTRIBUTE


@register.simple_tag
def evidence_line_choices(report) -> list[dict]:
    """The report's indicators, for choosing what a piece of evidence proves (one query)."""
    from naptrack.core.models import translated

    return [
        {"pk": line.pk, "code": line.indicator.code, "name": translated(line.indicator, "name")}
        for line in report.lines.select_related("indicator")
    ]
