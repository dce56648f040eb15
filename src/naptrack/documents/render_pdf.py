"""Print a progress report as PDF: an HTML page (Django template) printed by Chromium.

A4, the patched Sarabun embedded (see `fonts.py` for why it is patched), a cover page, a running
footer with the generation date and "page X of Y" (CSS page-margin boxes), table headers repeated
on every page, provisional figures marked and statuses in the dashboards' colours.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from naptrack.documents import fonts
from naptrack.documents.browser import browser_page
from naptrack.documents.charts import chart_html
from naptrack.documents.contracts import Progress, ReportDocument, Section, no_progress
from naptrack.periods import calendars

PAGE_PLACEHOLDERS = re.compile(r"(%\(page\)s|%\(pages\)s)")


@lru_cache(maxsize=4)
def _font_faces(paths: tuple[tuple[int, str], ...]) -> str:
    rules = []
    for weight, path in paths:
        with open(path, "rb") as handle:
            data = base64.b64encode(handle.read()).decode("ascii")
        rules.append(
            "@font-face { font-family: 'Sarabun'; font-style: normal; "
            f"font-weight: {weight}; src: url(data:font/ttf;base64,{data}) format('truetype'); }}"
        )
    return "\n".join(rules)


def font_faces() -> SafeString:
    """@font-face rules embedding the patched Sarabun files (data: URIs, nothing to fetch)."""
    paths = tuple(sorted((weight, str(path)) for weight, path in fonts.sarabun_fonts().items()))
    return mark_safe(_font_faces(paths))


def css_string(text: str) -> str:
    """A CSS string literal that is also safe inside an HTML <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;()–-/·" or ord(ch) > 127 else f"\\{ord(ch):x} "
        for ch in text
    )
    return f'"{escaped}"'


def _page_counter(thai_digits: bool) -> str:
    """CSS `content` for "Page X of Y" in the document's language and digits."""
    style = ", thai" if thai_digits else ""
    parts = []
    for piece in PAGE_PLACEHOLDERS.split(_("Page %(page)s of %(pages)s")):
        if piece == "%(page)s":
            parts.append(f"counter(page{style})")
        elif piece == "%(pages)s":
            parts.append(f"counter(pages{style})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def _count_lines(sections: list[Section]) -> int:
    return sum(len(s.indicators) + _count_lines(s.children) for s in sections)


def _breakdown_text(table) -> tuple[str, str]:
    """A breakdown as one line of text, "Pattani 150 · Yala 90": a national plan has tens of
    thousands of them, and one text run each lays out several times faster than a cell each."""
    return table.title, " · ".join(f"{name}\u00a0{value}" for name, value, *_rest in table.rows)


def _count_items(document: ReportDocument, thai_digits: bool):
    """Counts by status as (status key, label, number as text), for the template."""
    keys = {label: key for key, label, _colour in document.status_legend}

    def text(n: int) -> str:
        return calendars.thai_digits(f"{n:,}") if thai_digits else f"{n:,}"

    def items(counts: dict[str, int], with_zero: bool) -> list[tuple[str, str, str]]:
        return [
            (keys.get(label, ""), label, text(n)) for label, n in counts.items() if n or with_zero
        ]

    def walk(sections: list[Section]) -> None:
        for section in sections:
            section.count_items = items(section.counts, with_zero=False)
            for line in section.indicators:
                line.breakdown_texts = [_breakdown_text(table) for table in line.breakdowns]
            walk(section.children)

    for row in document.summary:
        row.count_items = items(row.counts, with_zero=True)
        row.indicators_text = text(row.indicators)
    walk(document.sections)
    return items(document.overall_counts, with_zero=True), text


def render_html(document: ReportDocument) -> str:
    """The report as one self-contained HTML page, ready to print."""
    spec = document.spec
    language = spec.language
    with override(language):
        thai_digits = spec.thai_digits and language == "th"
        overall_counts, number = _count_items(document, thai_digits)
        footer_left = _("Generated on %(date)s") % {"date": document.generated_label}
        context = {
            "doc": document,
            "language": language,
            "font_faces": font_faces(),
            "page_counter": mark_safe(_page_counter(thai_digits)),
            "footer_left": mark_safe(css_string(footer_left)),
            "footer_center": mark_safe(css_string(_("Provisional figures")))
            if spec.provisional
            else "",
            "charts": [chart_html(chart) for chart in document.charts],
            "with_agency": bool(spec.agency_code),
            "columns": 10 if spec.agency_code else 9,
            "lines": number(_count_lines(document.sections)),
            "overall_counts": overall_counts,
        }
        return render_to_string("documents/report_pdf.html", context)


def render(document: ReportDocument, progress: Progress = no_progress) -> bytes:
    """Print the report to PDF bytes, with one Chromium launched for it."""
    html = render_html(document)
    with override(document.spec.language):
        progress(30, _("Laying out the pages"))
        with browser_page() as page:
            page.set_content(html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            progress(60, _("Printing the PDF"))
            return page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=False,
                # Tagging (which Chromium's outline needs) makes a national plan's report five
                # times the size and half as slow again; the text layer is there without it.
                tagged=False,
                outline=False,
            )
