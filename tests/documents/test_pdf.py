"""The PDF report: Sarabun embedded, Thai text that reads back exactly, pages, charts as images."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import uharfbuzz as hb
from django.utils import translation

from naptrack.documents import fonts
from naptrack.documents.charts import chart_pngs
from naptrack.documents.contracts import DocumentSpec
from naptrack.documents.render import render_document
from naptrack.documents.render_pdf import css_string
from naptrack.documents.report_data import build_report
from naptrack.frameworks.models import Indicator
from tests.documents.conftest import THAI_WORDS, requires_chromium, requires_poppler

# --- The patched font (no browser needed) ------------------------------------------------------


@pytest.fixture
def patched(settings, tmp_path) -> dict[int, Path]:
    settings.VAR_DIR = tmp_path
    return fonts.sarabun_fonts()


def test_plain_sarabun_shifts_the_tone_mark_over_a_narrow_vowel():
    """The reason for the patch: HarfBuzz moves ้ over the narrow ั after ป."""
    glyphs = fonts.shape(fonts._source_dir() / "Sarabun-Regular.ttf", "ปั้น")
    assert glyphs[1][0] == "uni0E31.narrow"
    assert glyphs[2][2] < -100  # the tone's x offset


@pytest.mark.parametrize("weight", [400, 700])
@pytest.mark.parametrize("word", ["ปั้น", "ฝั่ง", "ฟื้น", "ปี่", "ป็น"])
def test_the_patched_font_places_no_mark_with_an_offset(patched, weight, word):
    glyphs = fonts.shape(patched[weight], word)
    assert [g for g in glyphs if g[0].endswith(".narrow")], "the narrow vowel is still used"
    marks = [g for g in glyphs if g[1] == 0]
    assert all(abs(x) <= 2 for _name, _adv, x, _y in marks), glyphs


@pytest.mark.parametrize("style,weight", [("Regular", 400), ("Bold", 700)])
def test_the_patched_font_draws_the_tone_where_it_was(patched, style, weight):
    """Same picture: the baked glyph's ink is where the shifted tone's ink was (to a unit)."""

    def ink(path: Path, text: str) -> tuple[int, int]:
        font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        x = 0
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
            if pos.x_advance == 0 and "0E49" in font.glyph_to_string(info.codepoint):
                extents = font.get_glyph_extents(info.codepoint)
                return x + pos.x_offset + extents.x_bearing, pos.y_offset + extents.y_bearing
            x += pos.x_advance
        raise AssertionError("no tone mark")

    before = ink(fonts._source_dir() / f"Sarabun-{style}.ttf", "ปั้น")
    after = ink(patched[weight], "ปั้น")
    assert abs(before[0] - after[0]) <= 1 and before[1] == after[1]


def test_the_patched_fonts_are_made_once_and_reused(patched, settings):
    assert set(patched) == {400, 700}
    assert all(p.parent.parent == Path(settings.VAR_DIR) / "fonts" for p in patched.values())
    made = {w: p.stat().st_mtime_ns for w, p in patched.items()}
    again = fonts.sarabun_fonts()
    assert {w: p.stat().st_mtime_ns for w, p in again.items()} == made
    assert not list(patched[400].parent.glob("*.tmp"))  # written under a temporary name


def test_footer_text_cannot_break_out_of_the_stylesheet():
    assert css_string('a "quoted" </style> ปั้น') == '"a \\22 quoted\\22  \\3c /style\\3e  ปั้น"'


# --- Printing with Chromium --------------------------------------------------------------------


def pdf_text(path: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


def render(plan, tmp_path, **kwargs) -> Path:
    spec = DocumentSpec(plan.code, **{"period_code": "FY2568", "format": "pdf", **kwargs})
    rendered = render_document(spec)
    assert rendered.content.startswith(b"%PDF-")
    assert rendered.content_type == "application/pdf"
    path = tmp_path / rendered.filename
    path.write_bytes(rendered.content)
    return path


@requires_chromium
@requires_poppler
def test_the_thai_pdf_gives_back_the_thai_words_exactly(report_plan, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    steps = []
    spec = DocumentSpec(report_plan.plan.code, "FY2568", "pdf", language="th")
    rendered = render_document(spec, lambda percent, step: steps.append(percent))
    assert rendered.filename == "NAP_FY2568_th.pdf"
    assert steps[0] < steps[-1] == 100 and steps == sorted(steps)
    path = tmp_path / rendered.filename
    path.write_bytes(rendered.content)

    text = pdf_text(path)
    for word in THAI_WORDS:
        assert word in text, f"{word} is not in the PDF's text layer"
    assert "ปั้นน้ำเป็นตัว" in text
    assert "ผู้ใหญ่บ้าน" in text
    assert "ปั้ น" not in text
    assert "ปีงบประมาณ พ.ศ. 2568" in text
    assert "ภาพการดำเนินการอบรม" in text  # the evidence list
    fonts_listed = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    sarabun = [line for line in fonts_listed if "Sarabun" in line]
    assert sarabun and all(line.split()[-5] == "yes" for line in sarabun)  # embedded
    assert {line.split()[0].split("+")[-1] for line in sarabun} >= {
        "Sarabun-Regular",
        "Sarabun-Bold",
    }
    assert all("Sarabun" in line for line in fonts_listed), "no other font was used"
    # Cover, summary, results, narratives, evidence; every page after the cover numbered.
    pages = page_count(path)
    assert pages >= 5
    assert f"หน้า 2 จาก {pages}" in pdf_text(path, 2) or f"Page 2 of {pages}" in pdf_text(path, 2)


@requires_chromium
@requires_poppler
def test_the_english_pdf_and_thai_digits(report_plan, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    english = pdf_text(render(report_plan.plan, tmp_path, language="en"))
    assert "Progress report, FY2568 (Oct 2024 –" in english
    assert "FY2568 (Oct 2024 – Sep 2025)" in english
    assert "People trained in mediation" in english
    assert "Accepted reports only" in english
    assert "Page 2 of" in english

    thai = pdf_text(render(report_plan.plan, tmp_path, language="th", thai_digits=True))
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๘" in thai
    assert "๒ จาก" in thai or "๒ of" in thai  # the page counter in Thai digits


@requires_chromium
@requires_poppler
def test_provisional_figures_are_marked_in_the_pdf(report_plan, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    path = render(report_plan.plan, tmp_path, period_code="FY2567", language="en", provisional=True)
    assert path.name == "NAP_FY2567_PROVISIONAL_en.pdf"
    text = pdf_text(path)
    assert re.search(r"2\.1\.1 .* 112 \*", text)  # the figure, marked
    assert "Provisional figures" in text  # at the top of every page
    assert "* provisional: includes reports not yet accepted" in text


@requires_chromium
@requires_poppler
def test_a_long_plan_runs_over_pages_with_the_table_header_repeated(
    report_plan, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    node = report_plan.nodes["1.1"]
    Indicator.objects.bulk_create(
        Indicator(
            plan=report_plan.plan,
            node=node,
            code=f"1.1.{n}",
            name_en=f"Women and men taking part in community dialogue number {n}",
            sort_order=n,
        )
        for n in range(10, 90)
    )
    from naptrack.analytics.services import plan_progress_rebuild

    plan_progress_rebuild(report_plan.plan)
    path = render(report_plan.plan, tmp_path, language="en")
    pages = page_count(path)
    assert pages >= 7
    headed = [p for p in range(3, pages + 1) if "Lead agency" in pdf_text(path, p)]
    assert len(headed) >= 2, "the indicators' table header is repeated on the next page"
    assert "1.1.89" in pdf_text(path)


@requires_chromium
def test_chart_images_for_word(report_plan, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    document = build_report(DocumentSpec(report_plan.plan.code, "FY2568", "docx", language="th"))
    images = chart_pngs(document.charts, "th")
    assert len(images) == len(document.charts) == 3
    for image in images:
        assert image.startswith(b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(image[16:20], "big")
        assert width >= 1000  # photographed at twice the density
    assert chart_pngs([], "th") == []


def test_a_missing_chromium_is_a_clear_error(settings, monkeypatch):
    from naptrack.documents import browser
    from naptrack.documents.report_data import DocumentError

    settings.NAPTRACK_CHROMIUM = ""
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    with (
        translation.override("en"),
        pytest.raises(DocumentError, match="need the Chromium browser"),
    ):
        with browser.browser_page():
            pass
