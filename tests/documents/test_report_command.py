"""`naptrack report PLAN --period … --format … --output FILE` writes the document and says where."""

from __future__ import annotations

import importlib.util
import subprocess
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.documents.conftest import requires_chromium, requires_poppler


def report(*args) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


@requires_chromium
@requires_poppler
def test_a_pdf_report_is_written_where_asked(report_plan, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    output = tmp_path / "nap.pdf"
    printed = report(
        "nap", "--period", "fy2568", "--lang", "th", "--format", "pdf", "--output", str(output)
    )
    assert output.read_bytes().startswith(b"%PDF-")
    assert str(output) in printed
    assert " KB" in printed or " MB" in printed
    text = subprocess.run(
        ["pdftotext", str(output), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "ปีงบประมาณ พ.ศ. 2568" in text
    assert "ผู้ใหญ่" in text


@requires_chromium
@requires_poppler
def test_one_agency_provisional_end_of_plan_report(report_plan, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    output = tmp_path / "rtp.pdf"
    report(
        "nap",
        "--end-of-plan",
        "--agency",
        "rtp",
        "--provisional",
        "--thai-digits",
        "--lang",
        "th",
        "--output",
        str(output),
    )
    text = subprocess.run(
        ["pdftotext", str(output), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Royal Thai Police" in text
    assert "๑,๒๐๐" in text  # the life-of-plan target of 1.1.1, in Thai digits


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-plan", "--period", "FY2568"], "There is no plan with the code “no-such-plan”."),
        (["nap"], "Give a period with --period (such as FY2568), or --end-of-plan."),
        (
            ["nap", "--period", "FY2590"],
            "The plan “nap” has no progress figures for the period “FY2590”. "
            "Periods with figures: FY2567, FY2568.",
        ),
        (["nap", "--period", "FY2568", "--agency", "nobody"], "no agency with the code “nobody”"),
    ],
)
def test_clear_errors(report_plan, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        report(*args, "--lang", "en", "--output", str(tmp_path / "out.pdf"))
    assert message in str(error.value)
    assert not (tmp_path / "out.pdf").exists()


def test_an_output_folder_that_does_not_exist(report_plan, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        report("nap", "--period", "FY2568", "--output", str(tmp_path / "missing" / "x.pdf"))
    with pytest.raises(CommandError, match="is a folder"):
        report("nap", "--period", "FY2568", "--output", str(tmp_path))


def test_an_unknown_format_is_refused(report_plan, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'odt'"):
        report("nap", "--period", "FY2568", "--format", "odt")


@pytest.mark.skipif(
    importlib.util.find_spec("naptrack.documents.render_docx") is None,
    reason="the Word renderer is not there yet",
)
@requires_chromium
def test_a_word_report(report_plan, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    output = tmp_path / "nap.docx"
    report("nap", "--period", "FY2568", "--lang", "th", "--format", "docx", "--output", str(output))
    with zipfile.ZipFile(output) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "จำนวนผู้ใหญ่ที่ผ่านการอบรมการไกล่เกลี่ย" in body


@pytest.mark.skipif(
    importlib.util.find_spec("naptrack.documents.render_xlsx") is None,
    reason="the Excel renderer is not there yet",
)
def test_an_excel_report(report_plan, tmp_path):
    output = tmp_path / "nap.xlsx"
    report("nap", "--period", "FY2568", "--lang", "en", "--format", "xlsx", "--output", str(output))
    with zipfile.ZipFile(output) as xlsx:
        assert "xl/workbook.xml" in xlsx.namelist()
