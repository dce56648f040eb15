"""Programmes as spreadsheets: export → import gives the same benchmarks; a wrong file creates
nothing and says where each problem is; a file that is not a workbook is refused clearly."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from naptrack.core.services import SYSTEM
from naptrack.seal.models import Benchmark, Programme, SealDimension, Standard
from naptrack.seal.programme_io import (
    COLUMNS,
    ProgrammeImportError,
    programme_export,
    programme_import,
)

BENCHMARK_FIELDS = (
    "code",
    "text_th",
    "text_en",
    "text_vi",
    "verification_th",
    "verification_en",
    "verification_vi",
    "mandatory_bronze",
    "mandatory_silver",
    "mandatory_gold",
    "weight",
    "is_illustrative",
)


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def programme(db):
    programme = Programme.objects.create(
        code="ges",
        version="2024",
        name_th="ตรารับรองความเท่าเทียมทางเพศ (ตัวอย่าง)",
        name_en="Gender Equality Seal (example)",
        silver_threshold=Decimal("72.5"),
        award_years=3,
        is_illustrative=True,
    )
    leadership = SealDimension.objects.create(
        programme=programme, code="1", name_th="ภาวะผู้นำ", name_en="Leadership", sort_order=1
    )
    policy = SealDimension.objects.create(
        programme=programme, code="2", name_en="Policy cycle", sort_order=2
    )
    commitment = Standard.objects.create(
        dimension=leadership, code="1.1", name_en="Commitment", sort_order=1
    )
    data = Standard.objects.create(dimension=policy, code="2.1", name_en="Data", sort_order=1)
    rows = [
        (commitment, "1.1.1", "=policy signed", True, True, True, "1"),
        (commitment, "1.1.2", "Committee appointed", False, True, True, "2.5"),
        (data, "2.1.1", "Sex-disaggregated data", False, False, True, "1"),
    ]
    for order, (standard, code, text, bronze, silver, gold, weight) in enumerate(rows, 1):
        Benchmark.objects.create(
            programme=programme,
            standard=standard,
            code=code,
            text_en=text,
            text_th=f"เกณฑ์ {code}",
            text_vi=f"Tiêu chí {code}",
            verification_en=f"Document for {code}",
            mandatory_bronze=bronze,
            mandatory_silver=silver,
            mandatory_gold=gold,
            weight=Decimal(weight),
            is_illustrative=True,
            sort_order=order,
        )
    return programme


def _facts(programme: Programme) -> list[tuple]:
    return [
        (
            b.standard.dimension.code,
            b.standard.dimension.name_th,
            b.standard.dimension.name_en,
            b.standard.code,
            b.standard.name_en,
            *(getattr(b, name) for name in BENCHMARK_FIELDS),
        )
        for b in programme.benchmarks.select_related("standard__dimension").order_by("sort_order")
    ]


def _workbook(rows: list[list], header=COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "benchmarks"
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(code: str, **overrides) -> list:
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        dimension_code="1",
        dimension_name_en="Leadership",
        standard_code="1.1",
        standard_name_en="Commitment",
        benchmark_code=code,
        text_en=f"Benchmark {code}",
        mandatory_bronze="no",
        mandatory_silver="no",
        mandatory_gold="yes",
        weight=1,
        illustrative="yes",
    )
    values.update(overrides)
    return [values[c] for c in COLUMNS]


def _count() -> tuple[int, int, int, int]:
    return (
        Programme.objects.count(),
        SealDimension.objects.count(),
        Standard.objects.count(),
        Benchmark.objects.count(),
    )


# --- Round trip ----------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_benchmarks_and_links_the_versions(programme):
    data = programme_export(programme)

    copy = programme_import(actor=SYSTEM, file=data, version="2025")

    assert copy.pk != programme.pk
    assert (copy.code, copy.version, copy.previous) == ("ges", "2025", programme)
    assert copy.name_en == programme.name_en and copy.name_th == programme.name_th
    assert copy.silver_threshold == Decimal("72.5") and copy.award_years == 3
    assert copy.is_illustrative and not copy.is_published
    assert _facts(copy) == _facts(programme)
    # The text that starts like a formula was neutralised in the file and restored on import.
    sheet = load_workbook(io.BytesIO(data))["benchmarks"]
    assert sheet["J2"].value == "'=policy signed" or sheet["K2"].value == "'=policy signed"
    assert copy.benchmarks.get(code="1.1.1").text_en == "=policy signed"


def test_the_import_command_reads_the_export_commands_file(programme, tmp_path, db):
    path = tmp_path / "ges.xlsx"
    out = io.StringIO()

    call_command("seal_programme_export", "ges", "2024", str(path), stdout=out)
    call_command(
        "seal_programme_import", str(path), "--code", "ges-th", "--version", "2025", stdout=out
    )

    imported = Programme.objects.get(code="ges-th", version="2025")
    assert imported.previous is None  # a new code: no earlier version
    assert _facts(imported) == _facts(programme)
    assert "Imported ges-th 2025" in out.getvalue()


def test_the_export_command_names_the_programmes_when_one_is_missing(programme, tmp_path):
    with pytest.raises(CommandError, match="ges 2024"):
        call_command("seal_programme_export", "ges", "1999", str(tmp_path / "x.xlsx"))


# --- Refusals ------------------------------------------------------------------------------------


def test_every_problem_is_reported_by_cell_and_nothing_is_created(db):
    before = _count()
    data = _workbook(
        [
            _row("1.1.1"),
            _row(""),  # row 3: no benchmark code
            _row("1.1.1"),  # row 4: the code of row 2 again
            _row("1.1.4", mandatory_silver="maybe"),  # row 5
            _row("1.1.5", weight=0),  # row 6
        ]
    )

    with pytest.raises(ProgrammeImportError) as refused:
        programme_import(actor=SYSTEM, file=data, code="ges", version="2025", name_en="Seal")

    letter = {name: chr(ord("A") + i) for i, name in enumerate(COLUMNS)}
    found = {(p.sheet, p.cell): p.message for p in refused.value.problems}
    assert set(found) == {
        ("benchmarks", f"{letter['benchmark_code']}3"),
        ("benchmarks", f"{letter['benchmark_code']}4"),
        ("benchmarks", f"{letter['mandatory_silver']}5"),
        ("benchmarks", f"{letter['weight']}6"),
    }
    assert "missing" in found[("benchmarks", f"{letter['benchmark_code']}3")]
    assert "used twice" in found[("benchmarks", f"{letter['benchmark_code']}4")]
    assert "row 2" in found[("benchmarks", f"{letter['benchmark_code']}4")]
    assert "maybe" in found[("benchmarks", f"{letter['mandatory_silver']}5")]
    assert "more than 0" in found[("benchmarks", f"{letter['weight']}6")]
    # The message an officer reads says the sheet and the cell.
    assert f"sheet “benchmarks”, cell {letter['weight']}6" in str(refused.value)
    assert _count() == before


def test_a_missing_column_and_programme_facts_are_refused(db, programme):
    data = _workbook([["1", "1.1.1"]], header=["dimension_code", "benchmark_code"])
    with pytest.raises(ProgrammeImportError) as refused:
        programme_import(actor=SYSTEM, file=data, code="ges", version="2024")
    messages = " | ".join(str(p) for p in refused.value.problems)
    assert "standard_code" in messages and "cell A1" in messages
    assert "exists already" in messages  # ges 2024 is the fixture's
    assert "name" in messages


def test_thresholds_out_of_order_are_refused(db):
    with pytest.raises(ProgrammeImportError, match="rise from Bronze"):
        programme_import(
            actor=SYSTEM,
            file=_workbook([_row("1.1.1")]),
            code="ges",
            version="1",
            name_en="Seal",
            bronze_threshold=Decimal("75"),
            silver_threshold=Decimal("70"),
        )
    assert _count() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"dimension_code,benchmark_code\n1,1.1.1\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Excel file"),
        (b"PK\x03\x04 this is not really a zip", "damaged"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_clearly(db, content, expected):
    with pytest.raises(ProgrammeImportError, match=expected):
        programme_import(actor=SYSTEM, file=content, code="ges", version="1", name_en="Seal")
    assert _count() == (0, 0, 0, 0)


def test_a_zip_that_is_not_a_workbook_and_one_without_the_sheet_are_refused(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ProgrammeImportError, match="not an Excel workbook"):
        programme_import(actor=SYSTEM, file=buffer.getvalue(), code="g", version="1", name_en="S")

    workbook = Workbook()
    workbook.active.title = "other"
    other = io.BytesIO()
    workbook.save(other)
    with pytest.raises(ProgrammeImportError, match="no sheet named “benchmarks”"):
        programme_import(actor=SYSTEM, file=other.getvalue(), code="g", version="1", name_en="S")


def test_the_import_command_lists_the_problems(db, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(_workbook([_row("1.1.1", weight=0)]))
    with pytest.raises(CommandError) as refused:
        call_command(
            "seal_programme_import", str(path), "--code", "g", "--version", "1", "--name-en", "S"
        )
    assert "Nothing was imported" in str(refused.value)
    assert "cell S2" in str(refused.value)
    assert _count() == (0, 0, 0, 0)


def test_only_platform_administrators_import(db):
    officer = get_user_model().objects.create_user("officer", password="x")
    with pytest.raises(PermissionDenied):
        programme_import(
            actor=officer, file=_workbook([_row("1.1.1")]), code="g", version="1", name_en="S"
        )
    assert _count() == (0, 0, 0, 0)


def test_the_demo_programme_round_trips_with_its_three_languages(db):
    from naptrack.demo.loaders import LoadStats
    from naptrack.demo.seal_loader import load_programme

    demo = load_programme(LoadStats())

    copy = programme_import(actor=SYSTEM, file=programme_export(demo), version="2025")

    assert copy.previous == demo and copy.benchmarks.count() == demo.benchmarks.count() >= 27
    assert _facts(copy) == _facts(demo)
    assert [d.name_vi for d in copy.dimensions.all()] == [d.name_vi for d in demo.dimensions.all()]
    assert copy.description_vi == demo.description_vi
