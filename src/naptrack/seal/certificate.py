"""The Seal's certificate: one A4 page in Thai or English, printed by Chromium like the other PDFs
(the patched Sarabun embedded, so that the Thai text reads back exactly from the PDF)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils.translation import override

from naptrack.core.models import translated
from naptrack.documents.browser import browser_page
from naptrack.documents.render_pdf import font_faces
from naptrack.documents.report_data import DocumentError
from naptrack.periods import calendars
from naptrack.seal.models import Award, Enrolment, Level

__all__ = ["LANGUAGES", "DocumentError", "file_name", "render", "render_html"]

LANGUAGES = ("th", "en")


def _compliance(value: Decimal, language: str) -> str:
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    text = f"{value:f}"
    return f"{text}%" if language == "th" else f"{text} %"


def certificate_context(enrolment: Enrolment, award: Award, language: str) -> dict:
    """What the certificate says, in the language asked for (names fall back as on the pages)."""
    with override(language):
        programme = enrolment.programme
        return {
            "language": language,
            "institution": translated(enrolment.institution, "name"),
            "programme": translated(programme, "name"),
            "level": award.level,
            "level_label": str(Level(award.level).label),
            "compliance": _compliance(award.compliance, language),
            "awarded_on": calendars.format_date(award.awarded_on, language, long=True),
            "expires_on": calendars.format_date(award.expires_on, language, long=True),
            "number": award.certificate_number,
            "cycle": enrolment.cycle,
            "illustrative": programme.is_illustrative,
            "font_faces": font_faces(),
        }


def render_html(enrolment: Enrolment, award: Award, language: str) -> str:
    with override(language):
        return render_to_string(
            "seal/certificate_pdf.html", certificate_context(enrolment, award, language)
        )


def render(enrolment: Enrolment, award: Award, language: str = "th") -> bytes:
    """Print the certificate to PDF bytes (one Chromium launched for it)."""
    html = render_html(enrolment, award, language)
    with browser_page(width=1123, height=794) as page:
        page.set_content(html, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        return page.pdf(
            format="A4",
            landscape=True,
            print_background=True,
            prefer_css_page_size=True,
            display_header_footer=False,
            tagged=True,
        )


def file_name(enrolment: Enrolment, award: Award, language: str) -> str:
    number = re.sub(r"[^A-Za-z0-9_-]+", "-", award.certificate_number).strip("-") or str(award.pk)
    return f"seal-certificate-{number}-{language}.pdf"
