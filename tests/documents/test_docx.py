"""The Word version of the progress report: real headings and tables, Thai in Sarabun.

Most tests render hand-made report documents (Thai and English) so that they test the layout
alone; the last ones go through report_data.build_report on the small NAP of conftest.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from naptrack.documents import render_docx
from naptrack.documents.contracts import (
    BreakdownTable,
    Chart,
    DocumentSpec,
    EvidenceItem,
    IndicatorLine,
    Narrative,
    ReportDocument,
    Section,
    SummaryRow,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdffonts") and shutil.which("pdftotext")

# Words whose marks and vowels are easy to lose on the way (sara am, mai tho, sara ue …).
THAI_WORDS = ("ดำเนินการ", "น้ำ", "ผู้ใหญ่", "ปั้นน้ำ")

LEGEND = [
    ("achieved", {"th": "บรรลุเป้าหมาย", "en": "Achieved"}, "#2e7d32"),
    ("on_track", {"th": "เป็นไปตามแผน", "en": "On track"}, "#1565c0"),
    ("at_risk", {"th": "มีความเสี่ยง", "en": "At risk"}, "#ef6c00"),
    ("off_track", {"th": "ล่าช้ากว่าแผน", "en": "Off track"}, "#c62828"),
    ("no_data", {"th": "ไม่มีข้อมูล", "en": "No data"}, "#9e9e9e"),
]

TEXT = {
    "th": {
        "title": "รายงานความก้าวหน้าการดำเนินการตามแผนปฏิบัติการ ปีงบประมาณ พ.ศ. 2568",
        "plan": "แผนปฏิบัติการว่าด้วยสตรี สันติภาพ และความมั่นคง พ.ศ. 2567–2570",
        "period": "ปีงบประมาณ พ.ศ. 2568",
        "generated": "3 ธ.ค. 2568 09:30 น.",
        "basis": "เฉพาะข้อมูลที่ได้รับการยอมรับแล้ว",
        "pillar": "การมีส่วนร่วม",
        "outcome": "ผู้หญิงมีส่วนร่วมในกระบวนการสันติภาพ",
        "indicator": "จำนวนผู้ใหญ่ที่ได้รับการอบรมการไกล่เกลี่ย",
        "indicator2": "ร้อยละของครัวเรือนที่เข้าถึงน้ำสะอาด",
        "level_pillar": "ยุทธศาสตร์",
        "level_outcome": "ผลลัพธ์",
        "lead": "ศอ.บต.",
        "unit": "คน",
        "by_sex": "จำแนกตามเพศ",
        "sex_header": ["", "หญิง", "ชาย", "รวม"],
        "sex_row": ["ปัตตานี", "120", "80", "200"],
        "agency": "ศูนย์อำนวยการบริหารจังหวัดชายแดนภาคใต้",
        "progress": "ดำเนินการอบรมครบทุกจังหวัด\nปั้นน้ำเป็นตัวไม่ได้",
        "problems": "งบประมาณล่าช้า",
        "next": "ขยายผลไปยังอำเภอ",
        "state": "ยอมรับแล้ว",
        "evidence": "รายงานการอบรม",
        "chart": "ผลสัมฤทธิ์ตามยุทธศาสตร์",
    },
    "en": {
        "title": "Progress report on the National Action Plan, fiscal year 2025",
        "plan": "National Action Plan on Women, Peace and Security 2024–2027",
        "period": "Fiscal year 2025 (B.E. 2568)",
        "generated": "3 Dec 2025 09:30",
        "basis": "Accepted figures only",
        "pillar": "Participation",
        "outcome": "Women take part in peace processes",
        "indicator": "Adults trained in mediation",
        "indicator2": "Share of households with clean water",
        "level_pillar": "Pillar",
        "level_outcome": "Outcome",
        "lead": "SBPAC",
        "unit": "persons",
        "by_sex": "By sex",
        "sex_header": ["", "Female", "Male", "Total"],
        "sex_row": ["Pattani", "120", "80", "200"],
        "agency": "Southern Border Provinces Administrative Centre",
        "progress": "Training went ahead in every province.\nNo delays.",
        "problems": "The budget came late.",
        "next": "Extend to the districts.",
        "state": "Accepted",
        "evidence": "Training report",
        "chart": "Achievement by pillar",
    },
}


def sample_document(language: str = "th", *, thai_digits: bool = False) -> ReportDocument:
    """A small report: one pillar, one outcome, two indicators (one broken down by sex)."""
    t = TEXT[language]
    legend = [(key, names[language], colour) for key, names, colour in LEGEND]
    counts = {legend[1][1]: 1, legend[2][1]: 1}
    spec = DocumentSpec(
        plan_code="nap", period_code="FY2568", format="docx", language=language,
        thai_digits=thai_digits,
    )  # fmt: skip
    trained = IndicatorLine(
        code="1.1.1",
        name=t["indicator"],
        lead_agency=t["lead"],
        unit=t["unit"],
        baseline="350",
        target="550",
        actual="468",
        achievement="85 %",
        status=legend[1][1],
        status_key="on_track",
        provisional=False,
        breakdowns=[BreakdownTable(t["by_sex"], t["sex_header"], [t["sex_row"]])],
    )
    water = IndicatorLine(
        code="1.1.2",
        name=t["indicator2"],
        lead_agency=t["lead"],
        unit="%",
        baseline="20",
        target="60",
        actual="31",
        achievement="52 %",
        status=legend[2][1],
        status_key="at_risk",
        provisional=True,
    )
    outcome = Section(
        code="1.1",
        title=t["outcome"],
        level_name=t["level_outcome"],
        depth=2,
        achievement="68 %",
        status=legend[2][1],
        status_key="at_risk",
        counts=counts,
        indicators=[trained, water],
    )
    pillar = Section(
        code="1",
        title=t["pillar"],
        level_name=t["level_pillar"],
        depth=1,
        achievement="68 %",
        status=legend[2][1],
        status_key="at_risk",
        counts=counts,
        children=[outcome],
    )
    return ReportDocument(
        spec=spec,
        title=t["title"],
        subtitle=t["plan"],
        plan_name=t["plan"],
        period_label=t["period"],
        agency_name="",
        generated_at=dt.datetime(2025, 12, 3, 9, 30, tzinfo=dt.UTC),
        generated_label=t["generated"],
        basis_label=t["basis"],
        labels={},
        status_legend=legend,
        summary=[
            SummaryRow(
                code="1",
                title=t["pillar"],
                achievement="68 %",
                status=legend[2][1],
                status_key="at_risk",
                counts=counts,
                indicators=2,
            )
        ],
        overall_achievement="68 %",
        overall_counts=counts,
        charts=[
            Chart(
                kind="bars",
                title=t["chart"],
                labels=[t["pillar"]],
                series=[{"name": t["pillar"], "values": [68.0], "color": "#1565c0"}],
                unit="%",
            )
        ],
        sections=[pillar],
        narratives=[
            Narrative(
                agency=t["agency"],
                progress=t["progress"],
                problems=t["problems"],
                next_steps=t["next"],
                state=t["state"],
            )
        ],
        evidence=[
            EvidenceItem(
                agency=t["lead"],
                title=t["evidence"],
                indicator="1.1.1",
                kind="file",
                name="training-report.pdf",
            )
        ],
    )


def tiny_png(width: int, height: int) -> bytes:
    """A white PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def no_charts(monkeypatch):
    """Charts drawn without a browser: each is a tiny PNG (these tests are about the layout)."""
    from naptrack.documents import charts

    png = tiny_png(400, 200)
    monkeypatch.setattr(charts, "chart_pngs", lambda items, language: [png for _ in items])


def render(document: ReportDocument) -> bytes:
    steps = []
    content = render_docx.render(document, lambda percent, step: steps.append((percent, step)))
    assert steps[-1][0] == 100 and all(isinstance(step, str) for _p, step in steps)
    return content


def part(content: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read(name).decode("utf-8")


def headings(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


def table_headers(doc) -> list[list[str]]:
    return [[cell.text for cell in table.rows[0].cells] for table in doc.tables]


def test_results_are_real_word_headings(no_charts):
    with translation.override("th"):  # the captions the sample leaves to the catalogue
        doc = Document(io.BytesIO(render(sample_document("th"))))

    assert headings(doc) == [
        ("Heading 1", "สรุป"),
        ("Heading 2", "แผนภูมิ"),
        ("Heading 1", "ยุทธศาสตร์ 1 การมีส่วนร่วม"),
        ("Heading 2", "ผลลัพธ์ 1.1 ผู้หญิงมีส่วนร่วมในกระบวนการสันติภาพ"),
        ("Heading 1", "สิ่งที่หน่วยงานรายงาน"),
        ("Heading 2", "ศูนย์อำนวยการบริหารจังหวัดชายแดนภาคใต้"),
        ("Heading 1", "หลักฐาน"),
    ]
    # The table of contents is a TOC field over heading levels 1–3, listing them already.
    body = part(render(sample_document("th")), "word/document.xml")
    assert 'TOC \\o "1-3"' in body
    toc = [p.text for p in doc.paragraphs if p.style.name.startswith("toc")]
    assert toc[0] == "สรุป" and "ยุทธศาสตร์ 1 การมีส่วนร่วม" in toc
    # The cover: title, plan, period, generation date and which figures.
    cover = "\n".join(p.text for p in doc.paragraphs[:12])
    for text in (TEXT["th"]["title"], TEXT["th"]["period"], TEXT["th"]["basis"], "3 ธ.ค. 2568"):
        assert text in cover


def test_indicator_tables_are_real_tables_with_a_repeated_header(no_charts):
    doc = Document(io.BytesIO(render(sample_document("en"))))
    headers = table_headers(doc)

    indicator_header = ["Code", "Indicator", "Lead agency", "Baseline", "Target", "Actual",
                        "Achievement", "Status"]  # fmt: skip
    assert indicator_header in headers
    assert ["", "Female", "Male", "Total"] in headers  # the breakdown by sex
    assert headers[-1] == ["Agency", "Title", "Indicator", "Kind", "File or address"]
    indicators = doc.tables[headers.index(indicator_header)]
    rows = [[cell.text for cell in row.cells] for row in indicators.rows[1:]]
    assert rows[0][:6] == ["1.1.1", "Adults trained in mediation\n(persons)", "SBPAC", "350",
                           "550", "468"]  # fmt: skip
    assert rows[1][5] == "31 *"  # a provisional figure is marked
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.find(f"{W}trPr/{W}tblHeader") is not None
        assert table._tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        # The widths fit the landscape A4 text area (25.7 cm = 14,572 twips).
        grid = [int(col.get(f"{W}w")) for col in table._tbl.find(f"{W}tblGrid")]
        assert sum(grid) <= 14_580
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape A4
    assert round(section.page_width.cm, 1) == 29.7 and round(section.page_height.cm, 1) == 21.0


def test_thai_is_set_in_sarabun_through_the_complex_script_font(no_charts):
    content = render(sample_document("th"))
    styles = part(content, "word/styles.xml")

    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    for needle in ('w:ascii="Sarabun"', 'w:hAnsi="Sarabun"', 'w:eastAsia="Sarabun"',
                   'w:cs="Sarabun"', "<w:szCs ", 'w:bidi="th-TH"'):  # fmt: skip
        assert needle in defaults, needle
    doc = Document(io.BytesIO(content))
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Table Text",
                 "Table Heading", "Table Grid"):  # fmt: skip
        rpr = doc.styles[name].element.rPr
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == "Sarabun" and fonts.get(qn("w:ascii")) == "Sarabun"
        assert rpr.find(qn("w:szCs")) is not None, name
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    # Headings are bold in Thai too (w:bCs), and no theme font can override Sarabun.
    assert doc.styles["Heading 1"].element.rPr.find(qn("w:bCs")) is not None
    assert "Theme=" not in styles and "cstheme" not in styles
    assert doc.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "th-TH"
    # Thai comes back exactly as it went in, marks and all.
    text = "\n".join(p.text for p in doc.paragraphs) + "".join(
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    )
    for word in THAI_WORDS:
        assert word in text


def test_sarabun_travels_inside_the_file(no_charts):
    content = render(sample_document("th"))
    package = zipfile.ZipFile(io.BytesIO(content))
    fonts = part(content, "word/fontTable.xml")
    keys = dict(re.findall(r'<w:(embed\w+) r:id="\w+" w:fontKey="(\{[0-9A-F-]+\})"', fonts))
    assert set(keys) == {"embedRegular", "embedBold"}
    assert "<w:embedTrueTypeFonts/>" in part(content, "word/settings.xml")
    from fontpkg_sarabun import ROOT

    embedded = package.read("word/fonts/font1.odttf")
    original = (ROOT / "files" / "Sarabun-Regular.ttf").read_bytes()
    assert embedded != original  # obfuscated, as the format requires
    assert render_docx.obfuscate_font(embedded, keys["embedRegular"]) == original
    content_types = part(content, "[Content_Types].xml")
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in content_types


def test_footer_numbers_the_pages_and_dates_the_document(no_charts):
    content = render(sample_document("en"))
    footer = "".join(
        part(content, name)
        for name in zipfile.ZipFile(io.BytesIO(content)).namelist()
        if name.startswith("word/footer")
    )
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "Generated 3 Dec 2025 09:30" in footer
    doc = Document(io.BytesIO(content))
    # The cover page has no header or footer.
    assert doc.sections[0].different_first_page_header_footer
    assert doc.core_properties.title == TEXT["en"]["title"]
    assert doc.core_properties.language == "en-GB"
    # The English document is set in the same font.
    assert 'w:cs="Sarabun"' in part(content, "word/styles.xml")


def test_thai_digits_reach_the_counts_and_page_numbers(no_charts):
    content = render(sample_document("th", thai_digits=True))
    doc = Document(io.BytesIO(content))
    summary = next(t for t in doc.tables if t.rows[0].cells[0].text == "รหัส")
    assert summary.rows[1].cells[2].text == "๒"
    footer = "".join(
        part(content, name)
        for name in zipfile.ZipFile(io.BytesIO(content)).namelist()
        if name.startswith("word/footer")
    )
    assert "PAGE \\* ThaiArabic" in footer


def test_a_text_with_control_characters_is_written_without_them(no_charts):
    document = sample_document("en")
    document.narratives[0].progress = "Pasted\x0bfrom a form\x00 with breaks"
    doc = Document(io.BytesIO(render(document)))
    paragraphs = [p.text for p in doc.paragraphs]
    # A vertical tab (Word's line break when pasted) starts a new line; a NUL is dropped.
    assert paragraphs[paragraphs.index("Pasted") + 1] == "from a form with breaks"


def test_without_a_browser_the_charts_are_left_out_with_a_note(monkeypatch):
    from naptrack.documents import charts

    def no_browser(items, language):
        raise RuntimeError("Executable doesn't exist at /usr/bin/chromium")

    monkeypatch.setattr(charts, "chart_pngs", no_browser)
    doc = Document(io.BytesIO(render(sample_document("en"))))
    assert len(doc.inline_shapes) == 0
    assert "The charts could not be drawn on this server and are left out." in [
        p.text for p in doc.paragraphs
    ]


def test_charts_are_pictures_with_their_titles(no_charts):
    doc = Document(io.BytesIO(render(sample_document("en"))))
    assert len(doc.inline_shapes) == 1
    assert doc.inline_shapes[0]._inline.docPr.get("descr") == TEXT["en"]["chart"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_charts_drawn_in_chromium_are_in_the_document():
    doc = Document(io.BytesIO(render(sample_document("th"))))
    assert len(doc.inline_shapes) == 1
    assert doc.inline_shapes[0].width > 0


# LibreOffice is not installed on CI: this check runs where it is (apt-get install libreoffice).
@pytest.mark.skipif(
    SOFFICE is None or not POPPLER, reason="LibreOffice (soffice) or poppler-utils missing"
)
def test_libreoffice_shows_the_thai_in_sarabun(no_charts, tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(render(sample_document("th")))
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "report.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    used = [line.split()[0] for line in fonts.stdout.splitlines()[2:]]
    # Every font on the pages is Sarabun (embedded in the .docx, so not needed on the machine).
    assert used and all(name.split("+")[-1].startswith("Sarabun") for name in used)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # LibreOffice's PDF text layer puts spaces beside some marks (ปั้ นน้ำ); the glyphs are right.
    # What is checked here is the font and that every character made it to the page.
    squeezed = re.sub(r"\s+", "", text)
    for word in THAI_WORDS:
        assert word in squeezed


# --- Through report_data.build_report ---------------------------------------------------------


def test_the_report_of_a_plan_renders_in_thai(report_plan, no_charts):
    from naptrack.documents.report_data import build_report

    spec = DocumentSpec(plan_code="nap", period_code="FY2568", format="docx", language="th")
    document = build_report(spec)
    doc = Document(io.BytesIO(render(document)))

    titles = [text for _style, text in headings(doc)]
    for section in document.sections:
        assert any(section.title in title for title in titles)
    indicator_rows = [
        [cell.text for cell in row.cells]
        for table in doc.tables
        for row in table.rows[1:]
        if table.rows[0].cells[0].text == document.labels["code"]
    ]
    codes = {row[0] for row in indicator_rows}
    assert {"1.1.1", "1.1.2", "2.1.1"} <= codes
    text = "\n".join(p.text for p in doc.paragraphs) + "".join(
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    )
    for word in THAI_WORDS:
        assert word in text
    assert len(doc.inline_shapes) == len(document.charts)


def test_the_report_of_one_agency_renders_in_english(report_plan, no_charts):
    from naptrack.documents.report_data import build_report

    spec = DocumentSpec(
        plan_code="nap", period_code="FY2568", format="docx", language="en", agency_code="sbpac"
    )
    document = build_report(spec)
    doc = Document(io.BytesIO(render(document)))
    cover = "\n".join(p.text for p in doc.paragraphs[:12])
    assert document.agency_name and document.agency_name in cover
    assert any(style == "Heading 1" for style, _text in headings(doc))
