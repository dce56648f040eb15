"""Uploading a filled workbook: checked first, previewed, applied on confirmation through line_save."""

# The reporting tests' fixtures (world, english) are imported, and named as test arguments.
# ruff: noqa: F811

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from naptrack.reporting import services
from naptrack.reporting.models import Report, ReportState, Value, ValueChange
from naptrack.transfers import template_build
from naptrack.transfers.models import BatchState, ImportBatch
from tests.reporting.conftest import english, fill_sbpac, world  # noqa: F401  (fixtures)
from tests.transfers.test_template_workbook import (
    download,
    keys,
    locate,
    open_workbook,
    rich,  # noqa: F401  (fixtures)
    saved,
    signed_in,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, report, data: bytes, name: str = "filled.xlsx"):
    return client.post(
        reverse("report-workbook-upload", args=[report.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


def last_batch() -> ImportBatch:
    return ImportBatch.objects.order_by("-pk").first()


def total(line):
    return Value.objects.filter(line=line, breakdown__isnull=True).first()


def figure(line, key):
    value = Value.objects.filter(line=line, breakdown__key=key).first()
    return value.value if value else None


def messages_of(batch) -> list[tuple[str, str, str]]:
    return [(e["sheet"], e["cell"], e["message"]) for e in batch.errors if not e.get("warning")]


def filled_sbpac_workbook(client, world) -> bytes:
    """The officer's workbook: totals and breakdown, a percentage, ratings chosen from the lists."""
    report = world.report("sbpac")
    workbook = open_workbook(download(client, report))
    locate(workbook, "1.1.1", "", "value").value = 1200
    locate(workbook, "1.1.1", "sex=female", "value").value = "๗๐๐"  # Thai digits
    locate(workbook, "1.1.1", "sex=male", "value").value = 500
    locate(workbook, "1.1.1", "", "rating").value = "เป็นไปตามแผน / On track"
    locate(workbook, "1.1.1", "", "comment").value = "อบรมใน ๓ จังหวัด"
    locate(workbook, "1.1.2", "", "numerator").value = 12
    locate(workbook, "1.1.2", "", "denominator").value = "40"
    locate(workbook, "1.1.2", "", "rating").value = "Achieved"
    return saved(workbook)


# --- The happy path -------------------------------------------------------------------------------------


def test_a_filled_workbook_is_previewed_then_applied_with_history(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    line = world.line("sbpac", "1.1.1")
    share = world.line("sbpac", "1.1.2")
    data = filled_sbpac_workbook(client, world)

    response = upload(client, report, data)

    batch = last_batch()
    assert response.status_code == 302
    assert response["Location"] == reverse("report-workbook-preview", args=[report.pk, batch.token])
    assert batch.state == BatchState.CHECKED and batch.kind == "template"
    assert batch.uploaded_by == world.users["reporter.sbpac"] and batch.report == report
    assert batch.errors == []
    # Nothing is saved before the officer confirms.
    assert total(line) is None and not ValueChange.objects.exists()
    changes = {(c["indicator"], c["breakdown"], c["field"]): c for c in batch.changes}
    assert changes[("1.1.1", "Total", "Value")]["after"] == "1200"
    assert changes[("1.1.1", "Total", "Value")]["before"] == "–"
    assert changes[("1.1.1", "female", "Value")]["after"] == "700"
    assert changes[("1.1.2", "Total", "Denominator")]["after"] == "40"
    assert changes[("1.1.1", "", "Status rating")]["after"] == "On track"
    assert batch.summary["changed"] == 8

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-table="changes"' in html and "1200" in html and "Confirm and save" in html

    response = client.post(reverse("report-workbook-confirm", args=[report.pk, batch.token]))

    assert response.status_code == 302
    assert response["Location"] == reverse("report-detail", args=[report.pk])
    assert total(line).value == 1200
    assert figure(line, "sex=female") == 700 and figure(line, "sex=male") == 500
    share_total = total(share)
    assert (share_total.numerator, share_total.denominator) == (12, 40)
    assert share_total.value == Decimal("30")
    line.refresh_from_db()
    assert line.rating == "on_track" and line.comment == "อบรมใน ๓ จังหวัด"
    history = ValueChange.objects.filter(report=report)
    assert history.count() == 4
    change = history.get(value=total(line))
    assert change.changed_by == world.users["reporter.sbpac"]
    assert change.before == {} and change.after["value"] == "1200"
    batch.refresh_from_db()
    assert batch.state == BatchState.APPLIED and batch.applied_at is not None
    page = client.get(response["Location"])
    assert (
        "The workbook was applied: 8 values changed, with their history." in page.content.decode()
    )


def test_the_same_file_uploaded_again_after_applying_changes_nothing(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    data = filled_sbpac_workbook(client, world)
    upload(client, report, data)
    client.post(reverse("report-workbook-confirm", args=[report.pk, last_batch().token]))
    history = ValueChange.objects.count()

    response = upload(client, report, data)

    batch = last_batch()
    assert batch.state == BatchState.CHECKED
    assert batch.changes == [] and batch.summary["changed"] == 0 and batch.summary["plan"] == {}
    page = client.get(response["Location"]).content.decode()
    assert "there is nothing to apply" in page
    assert "Confirm and save" not in page
    assert ValueChange.objects.count() == history


def test_an_untouched_download_changes_nothing(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = fill_sbpac(world)
    data = download(client, report)

    upload(client, report, data)

    batch = last_batch()
    assert batch.state == BatchState.CHECKED and batch.changes == [] and batch.errors == []


def test_every_kind_of_cell_reads_back(client, world, rich):
    client = signed_in(client, world, "reporter.sbpac")
    workbook = open_workbook(download(client, rich))
    locate(workbook, "R1", "province=TH-94;sex=female", "value").value = 3
    locate(workbook, "R1", "province=TH-94", "value").value = 5
    locate(workbook, "R2", "", "milestone_status").value = "อยู่ระหว่างดำเนินการ / In progress"
    locate(workbook, "R2", "", "text").value = "ร่างระเบียบแล้ว"
    lesson = locate(workbook, "R3", "", "text")
    lesson.value = "=บทเรียน"  # a text, kept as text: it comes back out neutralised
    lesson.data_type = "s"
    locate(workbook, "R4", "", "value").value = "ใช่"

    upload(client, rich, saved(workbook))
    batch = last_batch()
    assert batch.state == BatchState.CHECKED, batch.errors
    client.post(reverse("report-workbook-confirm", args=[rich.pk, batch.token]))

    lines = {line.indicator.code: line for line in rich.lines.select_related("indicator")}
    assert figure(lines["R1"], "province=TH-94;sex=female") == 3
    assert figure(lines["R1"], "province=TH-94") == 5
    milestone = total(lines["R2"])
    assert (milestone.milestone_status, milestone.text) == ("in_progress", "ร่างระเบียบแล้ว")
    assert total(lines["R4"]).value == 1
    assert total(lines["R3"]).text == "=บทเรียน"
    again = open_workbook(download(client, rich))
    assert locate(again, "R3", "", "text").value == "'=บทเรียน"
    upload(client, rich, saved(again))
    assert last_batch().changes == []


# --- Mistakes ----------------------------------------------------------------------------------------------


def test_every_mistake_is_reported_by_sheet_and_cell_and_nothing_is_applied(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    workbook = open_workbook(download(client, report))
    sheet = workbook["Pillar 1"]
    number = locate(workbook, "1.1.1", "", "value")
    number.value = "many"  # text in a number cell
    rating = locate(workbook, "1.1.2", "", "rating")
    rating.value = "Excellent"  # not a choice
    negative = locate(workbook, "1.1.1", "sex=female", "value")
    negative.value = -5
    numerator = locate(workbook, "1.1.2", "", "numerator")
    numerator.value = 50
    locate(workbook, "1.1.2", "", "denominator").value = 40
    # A province typed into a new row under the breakdown.
    male = locate(workbook, "1.1.1", "sex=male", "value")
    sheet.insert_rows(male.row + 1)
    sheet.cell(male.row + 1, 3, "Songkhla")
    sheet.cell(male.row + 1, 5, 12)
    # A deleted row: the comment of 1.1.2 (one row lower now, under the added row).
    comment = locate(workbook, "1.1.2", "", "comment")
    downloaded_row = comment.row - 1
    sheet.delete_rows(comment.row)
    # An extra sheet with figures in it.
    workbook.create_sheet("My notes")["A1"] = "female 70"
    number_ref = f"E{number.row}"

    upload(client, report, saved(workbook))

    batch = last_batch()
    assert batch.state == BatchState.INVALID
    found = messages_of(batch)
    assert ("Pillar 1", number_ref, "“many” is not a number.") in found
    assert any(
        m[:2] == ("Pillar 1", rating.coordinate) and "“Excellent” is not one of the choices" in m[2]
        for m in found
    )
    assert (
        "Pillar 1",
        negative.coordinate,
        "1.1.1 · female: A count or amount cannot be negative.",
    ) in found
    assert (
        "Pillar 1",
        numerator.coordinate,
        "1.1.2 · Total: The numerator (50) cannot be larger than the denominator (40).",
    ) in found
    assert (
        "Pillar 1",
        f"C{male.row + 1}",
        f"Row {male.row + 1} was added: “Songkhla” is not a breakdown of indicator 1.1.1. "
        "Rows cannot be added; type the figures in the rows the workbook has.",
    ) in found
    deleted = [m for m in found if "was deleted" in m[2]]
    assert deleted == [
        (
            "Pillar 1",
            "",
            f"The row for 1.1.2 · Comment (row {downloaded_row} when downloaded) was deleted. "
            "Download a fresh workbook, or put the row back (Undo in Excel), and upload again.",
        )
    ]
    assert any(m[0] == "My notes" and "is not part of this workbook" in m[2] for m in found)
    assert batch.summary["errors"] == len(found) == 7, found

    page = client.get(reverse("report-workbook-preview", args=[report.pk, batch.token]))
    html = page.content.decode()
    assert f"Pillar 1!{number_ref}" in html and "“many” is not a number." in html
    assert "Sheet “My notes”" in html and "Confirm and save" not in html
    response = client.post(reverse("report-workbook-confirm", args=[report.pk, batch.token]))
    assert response.status_code == 422
    assert not Value.objects.exists() and not ValueChange.objects.exists()


def with_cached_values(data: bytes, cached: dict[str, str]) -> bytes:
    """The workbook as Excel saves it after calculating: each formula cell with its last value."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = content.decode()
                for coordinate, value in cached.items():
                    kind = ' t="e"' if value.startswith("#") else ""
                    text = re.sub(
                        rf'(<c r="{coordinate}"[^>]*)>(<f>[^<]*</f>)<v\s*/?>(</v>)?',
                        lambda m, kind=kind, value=value: (
                            f"{m.group(1)}{kind}>{m.group(2)}<v>{value}</v>"
                        ),
                        text,
                    )
                content = text.encode()
            target.writestr(info, content)
    return out.getvalue()


def test_formulas_count_by_their_calculated_value_and_a_formula_without_one_is_refused(
    client, world
):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    workbook = open_workbook(download(client, report))
    summed = locate(workbook, "1.1.1", "", "value")
    summed.value = "=E8+E9"
    locate(workbook, "1.1.1", "sex=female", "value").value = 70
    locate(workbook, "1.1.1", "sex=male", "value").value = 50
    uncalculated = locate(workbook, "1.1.2", "", "numerator")
    uncalculated.value = "=4*3"
    broken = locate(workbook, "1.1.2", "", "denominator")
    broken.value = "=E99/0"
    comma = locate(workbook, "1.1.1", "", "rating")
    data = with_cached_values(
        saved(workbook), {summed.coordinate: "120", broken.coordinate: "#DIV/0!"}
    )

    upload(client, report, data)

    batch = last_batch()
    found = messages_of(batch)
    assert found == [
        (
            "Pillar 1",
            uncalculated.coordinate,
            "This cell holds a formula without a calculated value: type the value, not a formula.",
        ),
        (
            "Pillar 1",
            broken.coordinate,
            "This cell shows the error #DIV/0!: type the value, not a formula.",
        ),
    ]
    # The formula Excel calculated counts as its value.
    after = {(c["breakdown"], c["field"]): c["after"] for c in batch.changes}
    assert after[("Total", "Value")] == "120"
    assert comma.value is None


def test_a_decimal_comma_is_pointed_out(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    workbook = open_workbook(download(client, report))
    comma = locate(workbook, "1.1.1", "sex=female", "value")
    comma.value = "12,5"
    locate(workbook, "1.1.1", "sex=male", "value").value = "1,250"

    upload(client, report, saved(workbook))

    batch = last_batch()
    assert messages_of(batch) == [
        (
            "Pillar 1",
            comma.coordinate,
            "“12,5”: use a dot (.) for decimals, e.g. 12.5; a comma only separates thousands (1,200).",
        )
    ]
    assert [c["after"] for c in batch.changes] == ["1250"]


def test_a_renamed_breakdown_is_pointed_out(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    workbook = open_workbook(download(client, report))
    female = locate(workbook, "1.1.1", "sex=female", "value")
    workbook["Pillar 1"].cell(female.row, 3, "Narathiwat")

    upload(client, report, saved(workbook))

    assert (
        "Pillar 1",
        f"C{female.row}",
        "“Narathiwat” was typed over “female”: the names of indicators and breakdowns cannot be "
        "changed. Put back “female”.",
    ) in messages_of(last_batch())


def test_rows_are_found_by_their_keys_not_their_position(client, world):
    """Rows swapped by hand (their hidden keys with them) are still read right."""
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    workbook = open_workbook(download(client, report))
    sheet = workbook["Pillar 1"]
    female = locate(workbook, "1.1.1", "sex=female", "value")
    male = locate(workbook, "1.1.1", "sex=male", "value")
    for column in range(1, 6):
        a, b = sheet.cell(female.row, column), sheet.cell(male.row, column)
        a.value, b.value = b.value, a.value
    # Now the row that says "male" (where "female" was) holds 30.
    sheet.cell(female.row, 5, 30)
    sheet.cell(male.row, 5, 20)

    upload(client, report, saved(workbook))
    batch = last_batch()
    assert batch.errors == []
    after = {c["breakdown"]: c["after"] for c in batch.changes}
    assert after == {"male": "30", "female": "20"}


# --- Hostile and wrong files ----------------------------------------------------------------------------------


def only_message(batch) -> str:
    assert batch.state == BatchState.INVALID
    (problem,) = batch.errors
    return problem["message"]


def test_a_corrupt_file_is_refused_with_a_clear_message(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    good = download(client, report)

    upload(client, report, good[: len(good) // 2])
    assert only_message(last_batch()).startswith("The file is damaged and cannot be read.")
    upload(client, report, b"indicator,value\n1.1.1,12\n", name="values.csv")
    assert only_message(last_batch()).startswith("This file is not an Excel workbook (.xlsx).")
    upload(client, report, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, name="old.xls")
    assert "old Excel file (.xls)" in only_message(last_batch())
    assert not Value.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_opened(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))

    upload(client, report, buffer.getvalue())

    batch = last_batch()
    assert only_message(batch).startswith("The file is refused as unsafe")
    assert batch.summary["refused"] == "zip_bomb"
    page = client.get(reverse("report-workbook-preview", args=[report.pk, batch.token]))
    html = page.content.decode()
    assert "The file is refused as unsafe" in html and "What would change" not in html


def test_a_file_over_the_size_limit_is_refused(client, world, settings):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    data = download(client, report)
    settings.NAPTRACK_IMPORT_MAX_MB = 0

    upload(client, report, data)

    assert only_message(last_batch()) == "The file is too large: at most 0 MB can be uploaded."


def test_a_workbook_of_another_report_is_refused(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    rtp_book = download(signed_in(client, world, "reporter.rtp"), world.report("rtp"))
    client = signed_in(client, world, "reporter.sbpac")

    upload(client, world.report("sbpac"), rtp_book)

    message = only_message(last_batch())
    assert message.startswith("This workbook was downloaded for another report (RTP · NAP WPS")
    assert "Download the workbook of this report from its page" in message


def test_a_changed_hidden_sheet_is_refused(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    workbook = open_workbook(download(client, report))
    hidden = workbook[template_build.KEYS_SHEET]
    for row in hidden.iter_rows():
        if row[0].value == "cell" and row[6].value == "value":
            row[5].value = "sex=other"
            break

    upload(client, report, saved(workbook))

    assert only_message(last_batch()).startswith("The hidden part of the workbook was changed")


# --- Changed on the platform since the download -----------------------------------------------------------


def test_values_changed_on_the_platform_since_the_download_are_kept_or_shown_as_conflicts(
    client, world
):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    workbook = open_workbook(download(client, report))
    locate(workbook, "1.1.1", "", "value").value = 130
    # Meanwhile a colleague saves the total and the female figure on the web form.
    line = world.line("sbpac", "1.1.1")
    services.line_save(
        actor=world.users["reporter2.sbpac"],
        line=line,
        expected_version=line.version,
        figures={None: {"value": "100"}, "sex=female": {"value": "60"}},
    )

    upload(client, report, saved(workbook))

    batch = last_batch()
    assert batch.state == BatchState.CHECKED
    assert batch.summary["kept"] == 1 and batch.summary["conflicts"] == 1
    (change,) = batch.changes
    assert (change["before"], change["after"], change["conflict"]) == ("100", "130", True)
    confirm = reverse("report-workbook-confirm", args=[report.pk, batch.token])
    page = client.get(reverse("report-workbook-preview", args=[report.pk, batch.token]))
    html = page.content.decode()
    assert "1 indicator was changed on the platform after this workbook was downloaded" in html
    assert "Changed on the platform since the download (was –)" in html
    assert 'name="replace_conflicts"' in html
    response = client.post(confirm)
    assert response.status_code == 422
    assert "Tick the box to replace them" in response.content.decode()
    assert total(line).value == 100

    response = client.post(confirm, {"replace_conflicts": "yes"})

    assert response.status_code == 302
    assert total(line).value == 130
    assert figure(line, "sex=female") == 60  # the colleague's figure, untouched in the workbook


def test_a_save_between_the_check_and_the_confirmation_applies_nothing(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    upload(client, report, filled_sbpac_workbook(client, world))
    batch = last_batch()
    share = world.line("sbpac", "1.1.2")
    services.line_save(
        actor=world.users["reporter2.sbpac"],
        line=share,
        expected_version=share.version,
        figures={None: {"numerator": "1", "denominator": "4"}},
    )

    response = client.post(reverse("report-workbook-confirm", args=[report.pk, batch.token]))

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Someone changed the report after your workbook was checked" in page
    batch.refresh_from_db()
    assert batch.state == BatchState.FAILED
    # All or nothing: the other indicator's figures were not saved either.
    assert total(world.line("sbpac", "1.1.1")) is None
    assert total(share).numerator == 1


def test_a_report_approved_before_asks_for_a_reason(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    Report.objects.filter(pk=report.pk).update(approved_at=timezone.now())
    upload(client, report, filled_sbpac_workbook(client, world))
    batch = last_batch()
    confirm = reverse("report-workbook-confirm", args=[report.pk, batch.token])
    page = client.get(reverse("report-workbook-preview", args=[report.pk, batch.token]))
    assert 'name="reason"' in page.content.decode()

    response = client.post(confirm)
    assert response.status_code == 422
    assert "say why you change its figures" in response.content.decode()
    assert not ValueChange.objects.exists()

    client.post(confirm, {"reason": "Corrected after the provincial count."})
    assert set(ValueChange.objects.values_list("reason", flat=True)) == {
        "Corrected after the provincial count."
    }


def test_discarding_changes_nothing(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    upload(client, report, filled_sbpac_workbook(client, world))
    batch = last_batch()

    response = client.post(reverse("report-workbook-discard", args=[report.pk, batch.token]))

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == BatchState.DISCARDED
    response = client.post(reverse("report-workbook-confirm", args=[report.pk, batch.token]))
    assert response.status_code == 422
    assert not Value.objects.exists()


# --- Permissions ---------------------------------------------------------------------------------------------


def test_another_agency_gets_404_everywhere(client, world):
    owner = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    upload(owner, report, filled_sbpac_workbook(owner, world))
    batch = last_batch()
    client.force_login(world.users["reporter.rtp"])

    assert client.get(reverse("report-workbook-download", args=[report.pk])).status_code == 404
    assert upload(client, report, b"PK").status_code == 404
    for name in ("report-workbook-preview",):
        assert client.get(reverse(name, args=[report.pk, batch.token])).status_code == 404
    for name in ("report-workbook-confirm", "report-workbook-discard"):
        assert client.post(reverse(name, args=[report.pk, batch.token])).status_code == 404
    batch.refresh_from_db()
    assert batch.state == BatchState.CHECKED


@pytest.mark.parametrize("username", ["viewer.sbpac", "approver.sbpac", "coordinator.dwf"])
def test_only_the_agencys_reporters_may_upload(client, world, username):
    report = world.report("sbpac")
    if username == "coordinator.dwf":
        # A coordinator reads the report once it is submitted, and may not change it.
        fill_sbpac(world)
        services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    data = download(signed_in(client, world, username), report)

    response = upload(client, report, data)

    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_a_colleague_cannot_apply_someone_elses_upload_and_a_submitted_report_is_not_changed(
    client, world
):
    client = signed_in(client, world, "reporter.sbpac")
    report = world.report("sbpac")
    upload(client, report, filled_sbpac_workbook(client, world))
    batch = last_batch()
    confirm = reverse("report-workbook-confirm", args=[report.pk, batch.token])

    colleague = signed_in(client.__class__(), world, "reporter2.sbpac")
    assert colleague.post(confirm).status_code == 404

    fill = world.line("sbpac", "1.1.1")
    services.line_save(
        actor=world.users["reporter.sbpac"],
        line=fill,
        expected_version=fill.version,
        figures={
            None: {"value": "1200"},
            "sex=female": {"value": "700"},
            "sex=male": {"value": "500"},
        },
        rating="on_track",
    )
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    response = client.post(confirm)

    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.state == BatchState.CHECKED
    assert total(world.line("sbpac", "1.1.2")) is None


def test_a_download_records_the_report_version(client, world):
    client = signed_in(client, world, "reporter.sbpac")
    report = fill_sbpac(world)
    record = keys(open_workbook(download(client, report)))
    assert record.meta["report_version"] == str(report.version)
