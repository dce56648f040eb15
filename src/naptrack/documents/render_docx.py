"""The progress report as an editable Word document (.docx), Thai in Sarabun.

Word picks a font per character class: Thai is a complex script, so it is drawn with the
complex-script font (`w:rFonts w:cs`), at the complex-script size (`w:szCs`), bold only with
`w:bCs`, and hyphenated and spell-checked by the bidi language (`w:lang w:bidi`). Setting the
ordinary font alone leaves Thai in Tahoma or Angsana. Every style used here sets all of these, and
theme fonts are removed so that nothing overrides them. Sarabun is embedded in the file (regular
and bold), so the document shows in Sarabun on a computer that does not have the font installed.

Tables are written as XML rows directly: python-docx's cell accessors walk the whole table on each
call, which is quadratic on a national plan's tables.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from naptrack.documents.contracts import (
    BreakdownTable,
    IndicatorLine,
    Progress,
    ReportDocument,
    Section,
    no_progress,
)
from naptrack.periods.calendars import thai_digits

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Sarabun"
# A4 landscape: the indicator tables have eight columns and long Thai names.
PAGE_WIDTH, PAGE_HEIGHT = Cm(29.7), Cm(21.0)
MARGIN_SIDE, MARGIN_TOP = Cm(2.0), Cm(1.8)
TEXT_WIDTH_CM = 29.7 - 2 * 2.0
BODY_PT, TABLE_PT, SMALL_PT = 11, 9.5, 8.5
HEADER_FILL = "E7ECF3"
INK = RGBColor(0x1F, 0x2A, 0x44)
# Languages as Word names them; the bidi (complex-script) language is always Thai, since agency
# and indicator names are Thai even in English documents.
LANG_TAGS = {"th": "th-TH", "en": "en-GB", "vi": "vi-VN"}

# Characters XML 1.0 cannot hold (pasted narratives sometimes carry them): dropped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# The order of the children of w:rPr in the schema; Word refuses a file that breaks it.
_RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def render(document: ReportDocument, progress: Progress = no_progress) -> bytes:
    """Return the report as a .docx file."""
    with translation.override(document.spec.language):
        return _Writer(document, progress).write()


def clean_text(text: str) -> str:
    return _XML_INVALID.sub("", text or "")


# --- Low-level XML ----------------------------------------------------------------------------


def _child(parent, tag: str, order: list[str] | None = None):
    """The child w:<tag> of parent, added in schema order when missing."""
    found = parent.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    if order and tag in order:
        later = set(order[order.index(tag) + 1 :])
        for index, existing in enumerate(parent):
            local = etree.QName(existing).localname
            if local in later:
                parent.insert(index, element)
                return element
    parent.append(element)
    return element


def set_run_properties(
    rpr,
    *,
    size: float | None = None,
    language: str = "th",
    bold: bool | None = None,
) -> None:
    """Sarabun for every script, complex-script size and bold, and the Thai bidi language."""
    fonts = _child(rpr, "rFonts", _RPR_ORDER)
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if bold is not None:
        for tag in ("b", "bCs"):
            element = _child(rpr, tag, _RPR_ORDER)
            if not bold:
                element.set(qn("w:val"), "0")
    if size is not None:
        half_points = str(round(size * 2))
        for tag in ("sz", "szCs"):
            _child(rpr, tag, _RPR_ORDER).set(qn("w:val"), half_points)
    else:
        # A style that sets only the ordinary size would leave Thai at the default size.
        sz = rpr.find(qn("w:sz"))
        if sz is not None:
            _child(rpr, "szCs", _RPR_ORDER).set(qn("w:val"), sz.get(qn("w:val")))
    lang = _child(rpr, "lang", _RPR_ORDER)
    lang.set(qn("w:val"), LANG_TAGS.get(language, "en-GB"))
    lang.set(qn("w:eastAsia"), LANG_TAGS.get(language, "en-GB"))
    lang.set(qn("w:bidi"), "th-TH")


def _text_run(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None):
    run = OxmlElement("w:r")
    if bold or italic or size:
        rpr = OxmlElement("w:rPr")
        if bold:
            rpr.append(OxmlElement("w:b"))
            rpr.append(OxmlElement("w:bCs"))
        if italic:
            rpr.append(OxmlElement("w:i"))
            rpr.append(OxmlElement("w:iCs"))
        if size:
            for tag in ("w:sz", "w:szCs"):
                element = OxmlElement(tag)
                element.set(qn("w:val"), str(round(size * 2)))
                rpr.append(element)
        run.append(rpr)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = clean_text(text)
    run.append(t)
    return run


def _field(paragraph, instruction: str, placeholder: str = "1", *, dirty: bool = False) -> None:
    """A Word field (PAGE, NUMPAGES, TOC …) at the end of a paragraph, showing placeholder."""
    p = paragraph._p

    def char(kind: str):
        run = OxmlElement("w:r")
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        if kind == "begin" and dirty:
            fld.set(qn("w:dirty"), "true")
        run.append(fld)
        return run

    p.append(char("begin"))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    p.append(run)
    p.append(char("separate"))
    p.append(_text_run(placeholder))
    p.append(char("end"))


# --- Embedding the font -----------------------------------------------------------------------


def _font_files() -> dict[str, bytes]:
    from fontpkg_sarabun import ROOT

    files = ROOT / "files"
    return {
        "embedRegular": (files / "Sarabun-Regular.ttf").read_bytes(),
        "embedBold": (files / "Sarabun-Bold.ttf").read_bytes(),
    }


def obfuscate_font(data: bytes, font_key: str) -> bytes:
    """Obfuscate a TrueType font as Office Open XML embeds it (ECMA-376 Part 1, 17.8.1).

    The first 32 bytes are XORed with the 16 bytes of the key GUID, read from its last hex pair
    to its first. The same operation reverses it.
    """
    digits = font_key.strip("{}").replace("-", "")
    key = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def _embed_sarabun(doc) -> None:
    """Put Sarabun (regular and bold) into the file and tell Word to use embedded fonts."""
    font_table = next(
        rel.target_part for rel in doc.part.rels.values() if rel.reltype == RT.FONT_TABLE
    )
    root = etree.fromstring(font_table.blob)
    for existing in root.findall(qn("w:font")):
        if existing.get(qn("w:name")) == FONT:
            root.remove(existing)
    font = etree.SubElement(root, qn("w:font"))
    font.set(qn("w:name"), FONT)
    for tag, value in (("charset", "DE"), ("family", "swiss"), ("pitch", "variable")):
        etree.SubElement(font, qn(f"w:{tag}")).set(qn("w:val"), value)
    for number, (tag, data) in enumerate(_font_files().items(), start=1):
        # A fixed key per face: the same report gives the same bytes.
        key = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"naptrack:{FONT}:{tag}")).upper() + "}"
        part = Part(
            PackURI(f"/word/fonts/font{number}.odttf"),
            "application/vnd.openxmlformats-officedocument.obfuscatedFont",
            obfuscate_font(data, key),
            doc.part.package,
        )
        r_id = font_table.relate_to(part, RT.FONT)
        embed = etree.SubElement(font, qn(f"w:{tag}"))
        embed.set(qn("r:id"), r_id)
        embed.set(qn("w:fontKey"), key)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    settings = doc.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        element = OxmlElement("w:embedTrueTypeFonts")
        # After w:zoom and the other view settings, before proofState and the rest.
        anchor = None
        for tag in ("w:removeDateAndTime", "w:removePersonalInformation", "w:zoom", "w:view"):
            anchor = settings.find(qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addnext(element)
        else:
            settings.insert(0, element)


# --- Styles -----------------------------------------------------------------------------------


def _setup_styles(doc, language: str) -> None:
    styles = doc.styles
    root = styles.element
    # The document defaults: what any text without a style falls back to.
    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_properties(rpr, size=BODY_PT, language=language)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "100")
    spacing.set(qn("w:line"), "264")

    # Every style of the template that names a font loses its theme font for Sarabun.
    for fonts in root.iter(qn("w:rFonts")):
        for attribute in _THEME_ATTRIBUTES:
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)

    def style_rpr(style):
        return style.element.get_or_add_rPr()

    normal = styles["Normal"]
    set_run_properties(style_rpr(normal), size=BODY_PT, language=language)

    sizes = {"Title": 24, "Heading 1": 17, "Heading 2": 14, "Heading 3": 12}
    for name, size in sizes.items():
        style = styles[name]
        set_run_properties(style_rpr(style), size=size, language=language, bold=True)
        style.font.color.rgb = INK
    # Each chapter (summary, pillar, narratives, evidence) starts a page.
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Heading 1"].paragraph_format.space_before = Pt(0)
    styles["Heading 1"].paragraph_format.space_after = Pt(6)
    styles["Heading 2"].paragraph_format.space_before = Pt(14)
    styles["Heading 2"].paragraph_format.space_after = Pt(4)
    styles["Heading 3"].paragraph_format.space_before = Pt(10)
    styles["Heading 3"].paragraph_format.space_after = Pt(3)

    for name in ("Header", "Footer"):
        style = styles[name]
        set_run_properties(style_rpr(style), size=SMALL_PT, language=language)
        tabs = style.element.get_or_add_pPr().find(qn("w:tabs"))
        if tabs is not None:
            tabs.getparent().remove(tabs)
        stops = style.paragraph_format.tab_stops
        stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)

    caption = styles["Caption"]
    set_run_properties(style_rpr(caption), size=BODY_PT - 1, language=language, bold=True)
    caption.font.color.rgb = INK
    caption.paragraph_format.keep_with_next = True

    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    set_run_properties(style_rpr(table_text), size=TABLE_PT, language=language)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    table_head = styles.add_style("Table Heading", WD_STYLE_TYPE.PARAGRAPH)
    table_head.base_style = table_text
    set_run_properties(style_rpr(table_head), size=TABLE_PT, language=language, bold=True)

    grid = styles["Table Grid"]
    set_run_properties(style_rpr(grid), size=TABLE_PT, language=language)

    # Table-of-contents entries, so that the prefilled list looks like the one Word makes.
    for level in (1, 2, 3):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        set_run_properties(style_rpr(toc), language=language, bold=level == 1)

    styles["Title"].paragraph_format.space_after = Pt(12)
    # The template's Word 2010 copy of the styles still names the theme fonts: dropped.
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(r_id)

    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANG_TAGS.get(language, "en-GB"))
        theme_lang.set(qn("w:bidi"), "th-TH")


# --- The writer -------------------------------------------------------------------------------


@dataclass
class Cell:
    text: str
    fill: str = ""
    bold: bool = False
    align: str = ""  # "" (left), "right", "center"


class _Writer:
    def __init__(self, document: ReportDocument, progress: Progress):
        self.report = document
        self.spec = document.spec
        self.language = document.spec.language
        self.progress = progress
        self.doc = Document()
        self.body = self.doc.element.body
        self.fills = {key: _tint(colour) for key, _label, colour in document.status_legend}
        self.toc_entries: list[tuple[int, str]] = []
        self._style_ids: dict[str, str] = {}
        self._sect_pr = self.doc.element.body.sectPr

    # Captions come from the document when report_data gave them, else from the catalogue.
    def label(self, key: str, default: str) -> str:
        return self.report.labels.get(key) or default

    @property
    def thai_numbers(self) -> bool:
        return self.spec.thai_digits and self.language == "th"

    def digits(self, text: str) -> str:
        if self.thai_numbers:
            return thai_digits(text)
        return text

    def write(self) -> bytes:
        self.progress(2, _("Setting up the Word document"))
        self._setup()
        self.cover()
        self.contents()
        self.progress(10, _("Writing the summary"))
        self.summary()
        self.charts()
        sections = self.report.sections
        for index, section in enumerate(sections):
            self.section(section, 1)
            self.progress(30 + int(50 * (index + 1) / max(len(sections), 1)), _("Writing results"))
        self.progress(82, _("Writing narratives and evidence"))
        self.narratives()
        self.evidence()
        self.fill_contents()
        self.progress(92, _("Saving the Word document"))
        buffer = io.BytesIO()
        self.doc.save(buffer)
        self.progress(100, _("Word document ready"))
        return buffer.getvalue()

    def _setup(self) -> None:
        doc = self.doc
        _setup_styles(doc, self.language)
        _embed_sarabun(doc)
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN_SIDE
        section.top_margin = section.bottom_margin = MARGIN_TOP
        section.header_distance = section.footer_distance = Cm(0.9)
        section.different_first_page_header_footer = True

        header = section.header.paragraphs[0]
        header.style = doc.styles["Header"]
        header.add_run(clean_text(self.report.plan_name or self.report.title))
        header.add_run("\t" + clean_text(self.report.basis_label))

        footer = section.footer.paragraphs[0]
        footer.style = doc.styles["Footer"]
        footer.add_run(
            clean_text(_("Generated %(date)s · NAPtrack") % {"date": self.report.generated_label})
        )
        footer.add_run("\t" + self.label("page", _("Page")) + " ")
        number_format = " \\* ThaiArabic" if self.thai_numbers else ""
        _field(footer, "PAGE" + number_format, self.digits("1"))
        footer.add_run(" " + self.label("page_of", _("of")) + " ")
        _field(footer, "NUMPAGES" + number_format, self.digits("1"))

        properties = doc.core_properties
        properties.title = clean_text(self.report.title)[:250]
        properties.subject = clean_text(self.report.plan_name)[:250]
        properties.author = "NAPtrack"
        properties.last_modified_by = "NAPtrack"
        properties.comments = clean_text(self.report.basis_label)[:250]
        properties.language = LANG_TAGS.get(self.language, "en-GB")
        generated = self.report.generated_at.replace(tzinfo=None)
        properties.created = properties.modified = generated
        properties.revision = 1

    # --- Blocks ---------------------------------------------------------------------------------

    def style_id(self, name: str) -> str:
        # python-docx finds a style by name by reading every style: cached, it is asked often.
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def append(self, element) -> None:
        """Add a block at the end of the body (before its section properties), in constant time."""
        self._sect_pr.addprevious(element)

    def paragraph(self, text: str = "", style: str | None = None, *, bold: bool = False):
        xml = f"<w:p {nsdecls('w')}>"
        if style:
            xml += f'<w:pPr><w:pStyle w:val="{self.style_id(style)}"/></w:pPr>'
        if text:
            xml += _run_xml(text, bold=bold)
        p = parse_xml(xml + "</w:p>")
        self.append(p)
        return Paragraph(p, self.doc._body)

    def text_block(self, text: str) -> None:
        """Typed text (a narrative) as paragraphs: one per line, blank lines dropped."""
        for line in (text or "").splitlines():
            if line.strip():
                self.paragraph(line.strip())

    def heading(self, text: str, level: int) -> None:
        self.paragraph(text, f"Heading {level}")
        self.toc_entries.append((level, clean_text(text)))

    def page_break(self) -> None:
        self.paragraph().add_run().add_break(WD_BREAK.PAGE)

    def cover(self) -> None:
        report = self.report
        for _i in range(3):
            self.paragraph()
        self.paragraph(report.title, "Title")
        if report.subtitle:
            subtitle = self.paragraph(report.subtitle, bold=True)
            subtitle.runs[0].font.size = Pt(15)
            subtitle.runs[0]._r.get_or_add_rPr().append(_size_cs(15))
        self.paragraph()
        facts = [
            (self.label("plan", _("Plan")), report.plan_name),
            (self.label("period", _("Period")), report.period_label),
            (self.label("agency", _("Agency")), report.agency_name),
            (self.label("generated", _("Generated on")), report.generated_label),
            (self.label("basis", _("Figures")), report.basis_label),
        ]
        for caption, value in facts:
            if not value:
                continue
            paragraph = self.paragraph()
            run = paragraph.add_run(clean_text(caption) + ": ")
            run.bold = True
            run._r.get_or_add_rPr().append(OxmlElement("w:bCs"))
            paragraph.add_run(clean_text(value))
        self.page_break()

    def contents(self) -> None:
        title = self.paragraph(self.label("contents", _("Contents")), "Title")
        title.paragraph_format.space_after = Pt(6)
        # The field holds a list of the headings made here; Word fills in the page numbers when
        # it updates the field (it offers to on opening, and F9 does it at any time).
        self._toc_paragraph = self.paragraph()

    def fill_contents(self) -> None:
        anchor = self._toc_paragraph
        _field_begin = self._toc_field_start(anchor)
        last = _field_begin
        for level, text in self.toc_entries:
            if level > 3:
                continue
            paragraph = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            style = OxmlElement("w:pStyle")
            style.set(qn("w:val"), self.style_id(f"toc {level}"))
            ppr.append(style)
            paragraph.append(ppr)
            paragraph.append(_text_run(text))
            last.addnext(paragraph)
            last = paragraph
        end = OxmlElement("w:p")
        run = OxmlElement("w:r")
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), "end")
        run.append(fld)
        end.append(run)
        last.addnext(end)

    def _toc_field_start(self, paragraph):
        p = paragraph._p
        begin = OxmlElement("w:r")
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), "begin")
        fld.set(qn("w:dirty"), "true")
        begin.append(fld)
        p.append(begin)
        run = OxmlElement("w:r")
        instr = OxmlElement("w:instrText")
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        instr.text = ' TOC \\o "1-3" \\h \\z \\u '
        run.append(instr)
        p.append(run)
        separate = OxmlElement("w:r")
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), "separate")
        separate.append(fld)
        p.append(separate)
        return p

    def summary(self) -> None:
        report = self.report
        self.heading(self.label("summary", _("Summary")), 1)
        lines = []
        if report.overall_achievement:
            lines.append(
                f"{self.label('overall_achievement', _('Overall achievement'))}: "
                f"{report.overall_achievement}"
            )
        counts = self._counts(report.overall_counts)
        if counts:
            lines.append(
                f"{self.label('indicators_by_status', _('Indicators by status'))}: {counts}"
            )
        for line in lines:
            self.paragraph(line)
        if self.spec.provisional:
            self.paragraph(
                self.label(
                    "provisional_mark", _("* provisional: includes reports not yet accepted")
                )
            )
        self.legend()
        if not report.summary:
            self.paragraph(self.label("no_results", _("This plan has no results yet.")))
            return
        legend = report.status_legend
        header = [
            self.label("code", _("Code")),
            (report.sections[0].level_name if report.sections else "")
            or self.label("result", _("Result")),
            self.label("indicators", _("Indicators")),
            self.label("achievement", _("Achievement")),
            self.label("status", _("Status")),
            *[label for _key, label, _colour in legend],
        ]
        fixed = [1.5, 0, 1.9, 2.3, 2.6]
        count_width = 1.7
        fixed[1] = TEXT_WIDTH_CM - sum(fixed) - count_width * len(legend)
        widths = fixed + [count_width] * len(legend)
        rows = []
        for row in report.summary:
            rows.append(
                [
                    Cell(row.code),
                    Cell(row.title),
                    Cell(self.digits(str(row.indicators)), align="right"),
                    Cell(row.achievement, align="right"),
                    Cell(row.status, fill=self.fills.get(row.status_key, "")),
                    *[
                        Cell(self.digits(str(row.counts.get(label, 0))), align="right")
                        for _key, label, _colour in legend
                    ],
                ]
            )
        aligns = ["", "", "right", "right", ""] + ["right"] * len(legend)
        self.table(header, widths, rows, aligns)

    def legend(self) -> None:
        """The statuses and their colours, as the tables show them."""
        if not self.report.status_legend:
            return
        paragraph = self.paragraph()
        caption = paragraph.add_run(self.label("status_legend", _("Statuses")) + ": ")
        caption.bold = True
        caption._r.get_or_add_rPr().append(OxmlElement("w:bCs"))
        for index, (_key, label, colour) in enumerate(self.report.status_legend):
            mark = paragraph.add_run(("   " if index else "") + "■ ")
            try:
                mark.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
            except ValueError:
                pass
            paragraph.add_run(clean_text(label))

    def charts(self) -> None:
        charts = self.report.charts
        if not charts:
            return
        self.heading(self.label("charts", _("Charts")), 2)
        try:
            from naptrack.documents.charts import chart_pngs

            images = chart_pngs(charts, self.language)
        except Exception:  # a document without its charts beats no document
            logger.warning("Charts left out of the Word document", exc_info=True)
            self.paragraph(
                self.label(
                    "charts_missing",
                    _("The charts could not be drawn on this server and are left out."),
                )
            )
            return
        self.progress(25, _("Adding the charts"))
        for chart, png in zip(charts, images, strict=False):
            width, height = _png_size(png)
            max_width, max_height = 22.0, 13.5
            scale = min(max_width / width, max_height / height) if width and height else None
            paragraph = self.paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run()
            size = (
                {"width": Cm(width * scale), "height": Cm(height * scale)}
                if scale
                else {"width": Cm(max_width)}
            )
            picture = run.add_picture(io.BytesIO(png), **size)
            # The picture draws its own title; the description is what a screen reader says.
            picture._inline.docPr.set("descr", clean_text(chart.title))
            picture._inline.docPr.set("title", clean_text(chart.title))

    def section(self, section: Section, level: int) -> None:
        title = " ".join(part for part in (section.level_name, section.code) if part)
        self.heading(f"{title} {section.title}".strip(), min(level, 3))
        facts = []
        if section.achievement:
            facts.append(f"{self.label('achievement', _('Achievement'))}: {section.achievement}")
        if section.status:
            facts.append(f"{self.label('status', _('Status'))}: {section.status}")
        counts = self._counts(section.counts)
        if counts:
            facts.append(counts)
        if facts:
            self.paragraph(" · ".join(facts))
        if section.indicators:
            self.indicator_table(section.indicators)
            for indicator in section.indicators:
                for breakdown in indicator.breakdowns:
                    self.breakdown_table(indicator, breakdown)
        for child in section.children:
            self.section(child, level + 1)

    def indicator_table(self, indicators: Sequence[IndicatorLine]) -> None:
        header = [
            self.label("code", _("Code")),
            self.label("indicator", _("Indicator")),
            self.label("lead_agency", _("Lead agency")),
            self.label("baseline", _("Baseline")),
            self.label("target", _("Target")),
            self.label("actual", _("Actual")),
            self.label("achievement", _("Achievement")),
            self.label("status", _("Status")),
        ]
        widths = [1.6, 0, 3.4, 2.3, 2.3, 2.5, 2.3, 2.6]
        widths[1] = TEXT_WIDTH_CM - sum(widths)
        rows = []
        for line in indicators:
            name = line.name + (f"\n({line.unit})" if line.unit else "")
            actual = line.actual + (" *" if line.provisional and line.actual else "")
            rows.append(
                [
                    Cell(line.code),
                    Cell(name),
                    Cell(line.lead_agency),
                    Cell(line.baseline, align="right"),
                    Cell(line.target, align="right"),
                    Cell(actual, align="right"),
                    Cell(line.achievement, align="right"),
                    Cell(line.status, fill=self.fills.get(line.status_key, "")),
                ]
            )
        self.table(header, widths, rows, ["", "", "", "right", "right", "right", "right", ""])

    def breakdown_table(self, indicator: IndicatorLine, breakdown: BreakdownTable) -> None:
        self.paragraph(f"{indicator.code} {indicator.name} — {breakdown.title}", "Caption")
        columns = max([len(breakdown.header), *(len(row) for row in breakdown.rows)], default=1)
        first = 5.0
        rest = min(3.0, (TEXT_WIDTH_CM - first) / max(columns - 1, 1))
        widths = [first] + [rest] * (columns - 1)
        header = list(breakdown.header) + [""] * (columns - len(breakdown.header))
        rows = [
            [Cell(text, align="right" if index else "") for index, text in enumerate(row)]
            + [Cell("")] * (columns - len(row))
            for row in breakdown.rows
        ]
        self.table(header, widths, rows, [""] + ["right"] * (columns - 1))

    def narratives(self) -> None:
        report = self.report
        self.heading(self.label("narratives", _("What the agencies report")), 1)
        if not report.narratives:
            self.paragraph(self.label("no_narratives", _("No agency has written a narrative.")))
            return
        parts = (
            ("progress", _("Progress")),
            ("problems", _("Problems and obstacles")),
            ("next_steps", _("Next steps")),
        )
        for narrative in report.narratives:
            self.heading(narrative.agency, 2)
            if narrative.state:
                state = self.paragraph()
                run = state.add_run(clean_text(narrative.state))
                run.italic = True
            wrote = False
            for key, default in parts:
                text = getattr(narrative, key)
                if not text.strip():
                    continue
                wrote = True
                self.paragraph(
                    self.label(key, default), bold=True
                ).paragraph_format.keep_with_next = True
                self.text_block(text)
            if not wrote:
                self.paragraph(self.label("no_narrative", _("No narrative written.")))

    def evidence(self) -> None:
        report = self.report
        self.heading(self.label("evidence", _("Evidence")), 1)
        if not report.evidence:
            self.paragraph(self.label("no_evidence", _("No evidence was attached.")))
            return
        kinds = {"file": _("File"), "link": _("Link")}
        header = [
            self.label("agency", _("Agency")),
            self.label("title", _("Title")),
            self.label("indicator", _("Indicator")),
            self.label("kind", _("Kind")),
            self.label("name", _("File or address")),
        ]
        widths = [4.5, 0, 2.4, 2.0, 7.5]
        widths[1] = TEXT_WIDTH_CM - sum(widths)
        rows = [
            [
                Cell(item.agency),
                Cell(item.title),
                Cell(item.indicator),
                Cell(self.label(item.kind, kinds.get(item.kind, item.kind))),
                Cell(item.name),
            ]
            for item in report.evidence
        ]
        self.table(header, widths, rows)

    # --- Tables ---------------------------------------------------------------------------------

    def table(
        self,
        header: Sequence[str],
        widths_cm: Sequence[float],
        rows: Iterable[list[Cell]],
        aligns: Sequence[str] = (),
    ) -> None:
        """A real Word table: fixed column widths, the header row repeated on every page.

        aligns gives the header cells the alignment of their column (figures to the right).
        The table is written as one piece of XML and parsed once: made cell by cell through
        python-docx, a national plan's tables took most of a minute.
        """
        twips = [_twips(w) for w in widths_cm]
        parts = [
            f"<w:tbl {nsdecls('w')}><w:tblPr>"
            f'<w:tblStyle w:val="{self.style_id("Table Grid")}"/>'
            f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            "".join(f'<w:gridCol w:w="{w}"/>' for w in twips),
            "</w:tblGrid>",
            _row_xml(
                [
                    Cell(text, fill=HEADER_FILL, align=aligns[i] if i < len(aligns) else "")
                    for i, text in enumerate(header)
                ],
                twips,
                self.style_id("Table Heading"),
                header=True,
            ),
        ]
        body_style = self.style_id("Table Text")
        parts.extend(_row_xml(cells, twips, body_style) for cells in rows)
        parts.append("</w:tbl>")
        self.append(parse_xml("".join(parts)))
        # A little air after the table.
        self.paragraph().paragraph_format.space_after = Pt(4)

    def _counts(self, counts: dict[str, int]) -> str:
        return ", ".join(f"{label} {self.digits(str(n))}" for label, n in counts.items() if n)


def _run_xml(text: str, *, bold: bool = False, size: float | None = None) -> str:
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if size:
        half_points = round(size * 2)
        props += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    if props:
        props = f"<w:rPr>{props}</w:rPr>"
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(clean_text(text))}</w:t></w:r>'


def _row_xml(cells: Sequence[Cell], twips: Sequence[int], style_id: str, *, header=False) -> str:
    parts = ["<w:tr><w:trPr><w:cantSplit/>", "<w:tblHeader/>" if header else "", "</w:trPr>"]
    for cell, width in zip(cells, twips, strict=False):
        fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.fill}"/>' if cell.fill else ""
        parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{fill}</w:tcPr>')
        justify = ""
        if cell.align:
            justify = f'<w:jc w:val="{"right" if cell.align == "right" else "center"}"/>'
        for index, line in enumerate((cell.text or "").split("\n")):
            parts.append(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{justify}</w:pPr>')
            if line:
                # The unit under an indicator's name is secondary: smaller.
                small = index > 0 and not header
                parts.append(_run_xml(line, bold=cell.bold, size=SMALL_PT if small else None))
            parts.append("</w:p>")
        parts.append("</w:tc>")
    parts.append("</w:tr>")
    return "".join(parts)


def _size_cs(points: float):
    """w:szCs: the size of complex-script (Thai) text, which w:sz does not set."""
    element = OxmlElement("w:szCs")
    element.set(qn("w:val"), str(round(points * 2)))
    return element


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def _tint(colour: str, amount: float = 0.72) -> str:
    """A pale shade of a status colour, light enough for black text on it."""
    colour = (colour or "").lstrip("#")
    if len(colour) != 6:
        return ""
    try:
        rgb = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return ""
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    return 0, 0
