"""Evidence files: what is accepted, what is refused and why, where it is stored, and the rules."""

import hashlib
import os
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.reporting import evidence, services
from naptrack.reporting.models import Event, Evidence, ReportState
from tests.reporting import evidence_samples as samples
from tests.reporting.conftest import fill_sbpac


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every stored file goes to a temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list[str]:
    if not media.exists():
        return []
    return sorted(
        os.path.relpath(os.path.join(folder, name), media)
        for folder, _, names in os.walk(media)
        for name in names
    )


def add(world, data: bytes, name: str, *, org="sbpac", actor=None, line=None, title="Evidence"):
    return services.evidence_add(
        actor=actor or world.users[f"reporter.{org}"],
        report=world.report(org),
        title=title,
        upload=samples.upload(name, data),
        line=line,
    )


def refusal(world, data: bytes, name: str) -> tuple[str, str]:
    with pytest.raises(ValidationError) as refused:
        add(world, data, name)
    error = refused.value.error_dict["file"][0]
    return error.code, error.messages[0]


# --- Accepted files -------------------------------------------------------------------------------


def test_a_pdf_is_stored_under_its_checksum(world, media):
    item = add(world, samples.PDF, "รายงานผลการดำเนินงาน.pdf", title="Training report")
    digest = hashlib.sha256(samples.PDF).hexdigest()
    report = world.report("sbpac")
    assert (item.content_type, item.extension, item.size, item.sha256) == (
        "application/pdf",
        ".pdf",
        len(samples.PDF),
        digest,
    )
    assert item.original_name == "รายงานผลการดำเนินงาน.pdf"
    assert item.file.name == f"evidence/{report.round_id}/{report.pk}/{digest}.pdf"
    assert stored_files(media) == [item.file.name]
    assert (media / item.file.name).read_bytes() == samples.PDF
    event = Event.objects.get(report=report, kind="evidence_added")
    assert (event.comment, event.data) == ("Training report", {"evidence": item.pk, "line": None})


@pytest.mark.parametrize(
    "name, data, content_type, shown_as",
    [
        ("photo.png", samples.PNG, "image/png", "photo.png"),
        ("photo.jpg", samples.PNG, "image/png", "photo.png"),  # same family: the name is fixed
        ("minutes.docx", samples.docx(), evidence.DOCX, "minutes.docx"),
        ("figures.xlsx", samples.xlsx(), evidence.XLSX, "figures.xlsx"),
        ("old.doc", samples.compound_file("WordDocument", "1Table"), evidence.DOC, "old.doc"),
        ("old.xls", samples.compound_file("Workbook"), evidence.XLS, "old.xls"),
        ("old.docx", samples.compound_file("WordDocument"), evidence.DOC, "old.doc"),
        ("scan", samples.PDF, "application/pdf", "scan.pdf"),
    ],
)
def test_the_type_comes_from_the_content(world, name, data, content_type, shown_as):
    item = add(world, data, name)
    assert item.content_type == content_type
    assert item.extension == evidence.ACCEPTED_TYPES[content_type]
    assert item.original_name == shown_as
    assert item.file.name.endswith(item.extension)


def test_the_browsers_content_type_is_ignored(world):
    upload = samples.upload("setup.pdf", samples.EXE, content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.evidence_add(
            actor=world.users["reporter.sbpac"],
            report=world.report("sbpac"),
            title="Setup",
            upload=upload,
        )


def test_two_reports_may_hold_the_same_file(world, media):
    first = add(world, samples.PDF, "joint-minutes.pdf", org="sbpac")
    second = add(world, samples.PDF, "joint-minutes.pdf", org="rtp")
    assert first.sha256 == second.sha256 == hashlib.sha256(samples.PDF).hexdigest()
    assert first.file.name != second.file.name
    assert stored_files(media) == sorted([first.file.name, second.file.name])


# --- Refused files --------------------------------------------------------------------------------


def test_a_program_renamed_pdf_is_refused_and_nothing_is_stored(world, media):
    assert refusal(world, samples.EXE, "report.pdf") == (
        "dangerous",
        "“report.pdf” is named as a PDF file, but its content is a program. "
        "Programs, scripts and web pages are not accepted as evidence.",
    )
    assert not Evidence.objects.exists()
    assert not Event.objects.filter(kind="evidence_added").exists()
    assert stored_files(media) == []


def test_a_web_page_renamed_pdf_is_refused(world):
    assert refusal(world, samples.HTML, "report.pdf") == (
        "dangerous",
        "“report.pdf” is named as a PDF file, but its content is a web page (HTML or XML). "
        "Programs, scripts and web pages are not accepted as evidence.",
    )


@pytest.mark.parametrize(
    "name, data, what",
    [
        ("chart.svg", samples.SVG, "an SVG image, which can hold scripts"),
        ("page.htm", b"\xef\xbb\xbf  <html><body>hi</body></html>", "a web page (HTML or XML)"),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n", "a script"),
        ("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "a program"),
        ("setup.exe", samples.EXE, "a program"),
    ],
)
def test_programs_scripts_and_web_pages_are_refused_whatever_their_name(world, name, data, what):
    assert refusal(world, data, name) == (
        "dangerous",
        f"This file is {what}. Programs, scripts and web pages are not accepted as evidence.",
    )


def test_a_word_file_named_pdf_is_refused_with_its_real_kind(world):
    assert refusal(world, samples.docx(), "report.pdf") == (
        "name_mismatch",
        "“report.pdf” is named as a PDF file, but its content is a Word document. "
        "Attach it under its real name (.docx) or save it again as a PDF file.",
    )


def test_a_text_file_named_pdf_is_refused(world):
    assert refusal(world, b"just some notes", "notes.pdf") == (
        "unsupported_type",
        "“notes.pdf” is named as a PDF file, but its content is not one. "
        "Attach the real file: a PDF, an image (JPEG, PNG, WebP), a Word or an Excel file.",
    )


def test_other_kinds_of_file_are_refused(world):
    assert refusal(world, b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20, "anim.gif") == (
        "unsupported_type",
        "This kind of file is not accepted. "
        "Attach a PDF, an image (JPEG, PNG, WebP), a Word or an Excel file.",
    )
    assert refusal(world, samples.zipped({"a.pdf": samples.PDF}), "files.zip")[0] == (
        "unsupported_type"
    )


def test_an_empty_file_is_refused(world):
    assert refusal(world, b"", "empty.pdf") == ("empty", "The file is empty.")


def test_a_200_mb_upload_is_refused_before_a_byte_is_read(world, media):
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            actor=world.users["reporter.sbpac"],
            report=world.report("sbpac"),
            title="Annual report",
            upload=samples.HugeUpload(),
        )
    assert refused.value.message_dict == {
        "file": ["The file is too large: 200.0 MB; the limit is 20 MB."]
    }
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_a_file_that_lies_about_its_size_is_refused(world, settings):
    settings.NAPTRACK_EVIDENCE_MAX_MB = 1
    upload = samples.upload("big.pdf", samples.PDF + b"0" * (2 * 1024 * 1024))
    upload.size = 1000
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            actor=world.users["reporter.sbpac"],
            report=world.report("sbpac"),
            title="Big",
            upload=upload,
        )
    assert refused.value.error_dict["file"][0].code == "too_large"


def test_a_zip_bomb_is_refused_without_being_expanded(world):
    bomb = samples.zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\x00" * (8 * 1024 * 1024),
        }
    )
    assert len(bomb) < 100_000
    code, message = refusal(world, bomb, "figures.xlsx")
    assert code == "zip_bomb"
    assert message.startswith("The file is refused as unsafe")


def test_office_files_without_their_parts_are_refused(world):
    assert refusal(world, samples.zipped({"[Content_Types].xml": b"<Types/>"}), "a.docx") == (
        "incomplete",
        "The file is not a complete Word or Excel document (parts are missing). "
        "Open it in Word or Excel, save it again and attach the new copy.",
    )
    assert refusal(world, samples.zipped({"word/document.xml": b"<w/>"}), "b.docx")[0] == (
        "incomplete"
    )


def test_office_files_with_macros_are_refused(world):
    with_macros = samples.zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w/>",
            "word/vbaProject.bin": b"\x00" * 10,
        }
    )
    assert refusal(world, with_macros, "a.docx")[0] == "macros"
    assert refusal(world, samples.compound_file("Workbook", "_VBA_PROJECT_CUR"), "a.xls")[0] == (
        "macros"
    )


def test_password_protected_office_files_are_refused(world):
    encrypted = samples.compound_file("EncryptionInfo", "EncryptedPackage")
    assert refusal(world, encrypted, "secret.docx") == (
        "encrypted",
        "Password-protected files are not accepted: reviewers could not open them. "
        "Remove the password, save the file and attach it again.",
    )


def test_damaged_office_files_are_refused(world):
    truncated = samples.docx()[:200]
    assert refusal(world, truncated, "a.docx")[0] == "damaged"
    assert refusal(world, samples.compound_file("WordDocument")[:600], "a.doc")[0] == "damaged"


def test_an_archive_with_odd_paths_is_refused(world):
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w/>")
        archive.writestr("../../etc/cron.d/evil", b"* * * * * root sh")
    assert refusal(world, buffer.getvalue(), "a.docx")[0] == "damaged"


# --- Names and links -------------------------------------------------------------------------------


def test_a_path_in_the_name_never_reaches_the_storage(world, media):
    item = add(world, samples.PDF, "../../etc/passwd.pdf")
    assert item.original_name == "passwd.pdf"
    assert item.file.name == (
        f"evidence/{world.round.pk}/{item.report_id}/{hashlib.sha256(samples.PDF).hexdigest()}.pdf"
    )
    path = (media / item.file.name).resolve()
    assert path.is_relative_to(media.resolve())


@pytest.mark.parametrize(
    "name, shown_as",
    [
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("report\u202efdp.exe.pdf", "reportfdp.exe.pdf"),  # a right-to-left override trick
        ("a\x00b\r\nc.pdf", "abc.pdf"),
        ('what?"<>|.pdf', "what_____.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("   ...", "file"),
        ("แผนปฏิบัติการ.pdf", "แผนปฏิบัติการ.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_names_are_cleaned_for_display(name, shown_as):
    assert evidence.safe_name(name) == shown_as


def test_a_link_is_kept(world):
    item = services.evidence_add(
        actor=world.users["reporter.sbpac"],
        report=world.report("sbpac"),
        title="Cabinet resolution",
        url="  https://www.soc.go.th/?p=1234  ",
    )
    assert (item.url, item.file.name, item.size) == ("https://www.soc.go.th/?p=1234", "", 0)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://files.example.org/report.pdf",
        "//example.org/report.pdf",
        "www.example.org",
    ],
)
def test_links_other_than_web_addresses_are_refused(world, url):
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            actor=world.users["reporter.sbpac"],
            report=world.report("sbpac"),
            title="Link",
            url=url,
        )
    assert refused.value.message_dict == {
        "url": ["Give a web address that starts with http:// or https://."]
    }
    assert not Evidence.objects.exists()


def test_a_file_or_a_link_is_needed_but_not_both(world):
    kwargs = {"actor": world.users["reporter.sbpac"], "report": world.report("sbpac")}
    with pytest.raises(ValidationError) as neither:
        services.evidence_add(title="Nothing", **kwargs)
    assert neither.value.message_dict == {"file": ["Attach a file or give a link."]}
    with pytest.raises(ValidationError) as both:
        services.evidence_add(
            title="Both",
            upload=samples.upload("a.pdf", samples.PDF),
            url="https://example.org",
            **kwargs,
        )
    assert both.value.message_dict == {"file": ["Attach a file or give a link, not both."]}
    with pytest.raises(ValidationError) as untitled:
        services.evidence_add(title="  ", url="https://example.org", **kwargs)
    assert untitled.value.message_dict == {"title": ["Give the evidence a title."]}


def test_nothing_stays_in_the_storage_when_the_row_cannot_be_written(world, media, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Evidence, "save", fail)
    with pytest.raises(RuntimeError):
        add(world, samples.PDF, "a.pdf")
    assert stored_files(media) == []


# --- Who may add and remove, and when -------------------------------------------------------------


def test_only_the_agencys_reporters_add_evidence_while_editable(world, media):
    for user in ("reporter.rtp", "approver.sbpac", "coordinator.dwf", "viewer.sbpac"):
        with pytest.raises(PermissionDenied):
            add(world, samples.PDF, "a.pdf", actor=world.users[user])
    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    with pytest.raises(PermissionDenied) as refused:
        add(world, samples.PDF, "a.pdf")
    assert str(refused.value) == "Evidence can be added only while the report is being prepared."
    assert stored_files(media) == []


def test_evidence_is_removed_only_while_editable(world, media, django_capture_on_commit_callbacks):
    kept = add(world, samples.PNG, "photo.png", title="Photo")
    gone = add(world, samples.PDF, "a.pdf", title="Minutes")
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(actor=world.users["reporter.sbpac"], evidence=gone)
    assert list(Evidence.objects.values_list("title", flat=True)) == ["Photo"]
    assert stored_files(media) == [kept.file.name]
    assert Event.objects.filter(kind="evidence_removed", comment="Minutes").exists()

    with pytest.raises(PermissionDenied):
        services.evidence_remove(actor=world.users["reporter.rtp"], evidence=kept)
    report = fill_sbpac(world)
    report = services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    assert report.state == ReportState.SUBMITTED
    with pytest.raises(PermissionDenied) as refused:
        services.evidence_remove(actor=world.users["reporter.sbpac"], evidence=kept)
    assert str(refused.value) == "Evidence can be removed only while the report is being prepared."
    assert Evidence.objects.filter(pk=kept.pk).exists()
    assert stored_files(media) == [kept.file.name]


def test_removing_one_copy_keeps_the_other(world, media, django_capture_on_commit_callbacks):
    first = add(world, samples.PDF, "a.pdf")
    second = add(world, samples.PDF, "a.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(actor=world.users["reporter.sbpac"], evidence=first)
    assert stored_files(media) == [second.file.name]
    assert (media / second.file.name).read_bytes() == samples.PDF


def test_required_evidence_blocks_submission_until_attached(world):
    indicator = world.indicators["mediators"]
    indicator.evidence_required = True
    indicator.save(update_fields=["evidence_required"])
    report = fill_sbpac(world)
    line = world.line("sbpac", "1.1.1")

    with pytest.raises(services.SubmissionRefused) as refused:
        services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    assert [(p.line_id, p.field, p.message) for p in refused.value.errors] == [
        (line.pk, "evidence", "Attach evidence for this indicator.")
    ]

    # Evidence for the whole report does not prove this indicator.
    add(world, samples.PDF, "report.pdf", title="Whole report")
    with pytest.raises(services.SubmissionRefused):
        services.report_submit(actor=world.users["reporter.sbpac"], report=report)

    add(world, samples.PNG, "training.png", title="Training photo", line=line)
    report = services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    assert report.state == ReportState.SUBMITTED


def test_evidence_for_a_line_of_another_report_is_refused(world):
    other_line = world.line("rtp", "1.1.3")
    with pytest.raises(ValidationError) as refused:
        add(world, samples.PDF, "a.pdf", line=other_line)
    assert refused.value.message_dict == {"line": ["This indicator is not part of the report."]}
