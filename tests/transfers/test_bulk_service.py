"""Bulk import through the service: every rule, all or nothing, idempotence, history, permissions.

The plan is the reporting tests' (tests/reporting/conftest.py): NAP WPS with FY2568 open, SBPAC
leading 1.1.1 (by sex, supported by the police) and 1.1.2 (a percentage), the police leading 1.1.3
(yes/no). Every report is a draft.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from naptrack.core.services import SYSTEM
from naptrack.reporting import services
from naptrack.reporting.models import ReportState, Value, ValueChange
from naptrack.transfers import services_bulk
from naptrack.transfers.models import BatchState
from tests.reporting import conftest as reporting

english = reporting.english  # the reporting tests' fixture
world = reporting.world  # the reporting tests' fixture


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


HEADER = "indicator,period,agency,sex,value,numerator,denominator\n"


def csv_file(*lines: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO((header + "".join(line + "\n" for line in lines)).encode("utf-8"))


def run(actor, *lines, dry_run=False, reason="", header=HEADER):
    return services_bulk.bulk_import(
        actor=actor,
        path_or_file=csv_file(*lines, header=header),
        dry_run=dry_run,
        reason=reason,
        original_name="values.csv",
    )


def stored(world, org="sbpac", code="1.1.1"):
    line = world.line(org, code)
    return {
        (v.breakdown.key if v.breakdown_id else None): v.value
        for v in Value.objects.filter(line=line).select_related("breakdown")
    }


def messages(batch):
    return [(e["row"], e["column"], e["message"]) for e in batch.errors]


GOOD = (
    "1.1.1,FY2568,sbpac,,120,,",
    "1.1.1,FY2568,sbpac,female,70,,",
    "1.1.1,FY2568,sbpac,male,50,,",
    "1.1.2,FY2568,sbpac,,,12,40",
)


def test_a_coordinator_imports_values_with_history(world):
    coordinator = world.users["coordinator.dwf"]
    batch = run(coordinator, *GOOD)
    assert batch.state == BatchState.APPLIED, batch.errors
    assert batch.summary["new"] == 4 and batch.summary["changed"] == 0
    assert stored(world) == {None: Decimal("120"), "sex=female": Decimal("70"), "sex=male": 50}
    share = Value.objects.get(line=world.line("sbpac", "1.1.2"))
    assert share.value == Decimal("30") and share.numerator == 12 and share.denominator == 40
    assert share.entered_by == coordinator and share.updated_by == coordinator
    history = ValueChange.objects.filter(value=share).get()
    assert history.before == {} and history.after == share.snapshot()
    assert history.changed_by == coordinator
    line = world.line("sbpac", "1.1.1")
    assert line.version == 2 and line.updated_by == coordinator
    assert world.report("sbpac").events.filter(kind="saved").count() == 1


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world):
    coordinator = world.users["coordinator.dwf"]
    run(coordinator, *GOOD)
    changes = ValueChange.objects.count()
    version = world.line("sbpac", "1.1.1").version
    again = run(coordinator, *GOOD)
    assert again.state == BatchState.APPLIED
    assert again.summary["new"] == 0 and again.summary["changed"] == 0
    assert again.summary["unchanged"] == 4
    assert ValueChange.objects.count() == changes
    assert world.line("sbpac", "1.1.1").version == version


def test_a_changed_value_keeps_before_and_after(world):
    coordinator = world.users["coordinator.dwf"]
    run(coordinator, *GOOD)
    batch = run(coordinator, "1.1.1,FY2568,sbpac,female,71,,", "1.1.1,FY2568,sbpac,,121,,")
    assert batch.summary == {**batch.summary, "new": 0, "changed": 2, "unchanged": 0}
    value = Value.objects.get(line=world.line("sbpac", "1.1.1"), breakdown__key="sex=female")
    change = ValueChange.objects.filter(value=value).order_by("-pk").first()
    assert change.before["value"] == "70" and change.after["value"] == "71"


def test_a_dry_run_writes_nothing(world):
    batch = run(world.users["coordinator.dwf"], *GOOD, dry_run=True)
    assert batch.state == BatchState.CHECKED
    assert batch.summary["new"] == 4
    assert not Value.objects.exists() and not ValueChange.objects.exists()
    assert [c["indicator"] for c in batch.changes] == ["1.1.1", "1.1.1", "1.1.1", "1.1.2"]


def test_one_bad_row_and_nothing_is_written(world):
    batch = run(world.users["coordinator.dwf"], *GOOD, "1.1.1,FY2568,sbpac,other,5,,")
    assert batch.state == BatchState.INVALID
    assert messages(batch) == [(6, "sex", "“other” is not an option of sex.")]
    assert not Value.objects.exists()


def test_an_agency_reporter_imports_its_own_values_only(world):
    reporter = world.users["reporter.sbpac"]
    assert run(reporter, *GOOD).state == BatchState.APPLIED
    refused = run(reporter, "1.1.1,FY2568,rtp,,3,,")
    assert refused.state == BatchState.INVALID
    assert refused.errors[0]["column"] == "agency"
    assert "You may not change the values of rtp" in refused.errors[0]["message"]
    assert not Value.objects.filter(line__report__organization__code="rtp").exists()


def test_a_viewer_cannot_import(world):
    with pytest.raises(PermissionDenied):
        run(world.users["viewer.dwf"], *GOOD)


def upload(text: str, name="values.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_check_then_apply_then_no_second_apply(world):
    from django.core.exceptions import ValidationError

    coordinator = world.users["coordinator.dwf"]
    batch = services_bulk.bulk_check(
        actor=coordinator, file=upload(HEADER + "\n".join(GOOD)), original_name="v.csv"
    )
    assert batch.state == BatchState.CHECKED and batch.file
    assert not Value.objects.exists()
    assert batch.summary["new"] == 4 and len(batch.changes) == 4
    with pytest.raises(PermissionDenied):
        services_bulk.bulk_apply(actor=world.users["coordinator.rtp"], batch=batch)
    batch = services_bulk.bulk_apply(actor=coordinator, batch=batch)
    assert batch.state == BatchState.APPLIED and batch.applied_at
    assert Value.objects.count() == 4
    with pytest.raises(ValidationError):
        services_bulk.bulk_apply(actor=coordinator, batch=batch)
    assert Value.objects.count() == 4


def test_apply_checks_again_what_changed_since_the_check(world, django_capture_on_commit_callbacks):
    from tests.reporting.conftest import fill_sbpac

    coordinator = world.users["coordinator.dwf"]
    batch = services_bulk.bulk_check(
        actor=coordinator, file=upload(HEADER + "1.1.1,FY2568,sbpac,female,71,,"), original_name="v"
    )
    assert batch.state == BatchState.CHECKED
    report = fill_sbpac(world)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(actor=world.users["reporter.sbpac"], report=report)
        report = services.report_approve(actor=world.users["approver.sbpac"], report=report)
        services.report_accept(actor=coordinator, report=report)
    batch = services_bulk.bulk_apply(actor=coordinator, batch=batch)
    assert batch.state == BatchState.INVALID
    assert "reopen it" in batch.errors[0]["message"]
    assert stored(world)["sex=female"] == 70


def test_discard_removes_the_stored_file(world, django_capture_on_commit_callbacks):
    coordinator = world.users["coordinator.dwf"]
    batch = services_bulk.bulk_check(
        actor=coordinator, file=upload(HEADER + "9,FY2568,sbpac,,1,,"), original_name="v.csv"
    )
    assert batch.state == BatchState.INVALID
    name, storage = batch.file.name, batch.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        batch = services_bulk.bulk_discard(actor=coordinator, batch=batch)
    assert batch.state == BatchState.DISCARDED and not storage.exists(name)


def test_a_coordinators_preview_hides_an_agencys_draft_values(world):
    reporter = world.users["reporter.sbpac"]
    run(reporter, *GOOD)
    batch = run(world.users["coordinator.dwf"], "1.1.1,FY2568,sbpac,female,71,,", dry_run=True)
    assert batch.changes[0]["before"] == "hidden" and batch.changes[0]["after"] == {"value": "71"}
    mine = run(reporter, "1.1.1,FY2568,sbpac,female,72,,", dry_run=True)
    assert mine.changes[0]["before"] == {"value": "70"}


def test_a_submitted_report_is_refreshed_after_an_import(world, django_capture_on_commit_callbacks):
    from tests.reporting.conftest import fill_sbpac

    report = fill_sbpac(world)
    services.report_submit(actor=world.users["reporter.sbpac"], report=report)
    from unittest import mock

    with mock.patch("naptrack.analytics.tasks.refresh_report_progress") as task:
        with django_capture_on_commit_callbacks(execute=True):
            batch = run(world.users["coordinator.dwf"], "1.1.1,FY2568,sbpac,female,71,,")
    assert batch.state == BatchState.APPLIED
    task.enqueue.assert_called_once_with(report.pk, ["provisional"])
    assert world.report("sbpac").state == ReportState.SUBMITTED


def test_a_large_file_streams_without_trouble(world, tmp_path):
    """200,000 rows: all of SBPAC's cells repeated, so that every row is checked and staged and
    the repeats are found in SQL; the errors stored stay capped."""
    path = tmp_path / "big.csv"
    cells = [
        "1.1.1,FY2568,sbpac,,1,,",
        "1.1.1,FY2568,sbpac,female,1,,",
        "1.1.1,FY2568,sbpac,male,1,,",
    ]
    with path.open("w") as out:
        out.write(HEADER)
        for n in range(200_000):
            out.write(cells[n % 3] + "\n")
    batch = services_bulk.bulk_import(actor=SYSTEM, path_or_file=path)
    assert batch.state == BatchState.INVALID
    assert batch.summary["rows"] == 200_000 and batch.summary["errors"] == 199_997
    assert len(batch.errors) == 1_000
    assert batch.errors[0]["row"] == 5 and "as row 2" in batch.errors[0]["message"]
    assert not Value.objects.exists()
    # Without the repeats the same rows import at once.
    assert run(SYSTEM, *cells).summary["new"] == 3


def test_errors_stay_capped_for_a_file_full_of_mistakes(world, tmp_path):
    path = tmp_path / "bad.csv"
    with path.open("w") as out:
        out.write(HEADER)
        for n in range(50_000):
            out.write(f"9.{n},FY2568,sbpac,,1,,\n")
    batch = services_bulk.bulk_import(actor=SYSTEM, path_or_file=path)
    assert batch.summary["errors"] == 50_000 and len(batch.errors) == 1_000
