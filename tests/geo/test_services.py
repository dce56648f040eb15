"""Syncing areas: Thai provinces and districts from geothai, created in bulk, updated in place, never doubled."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.services import SYSTEM
from naptrack.geo.models import Area, AreaGroup, AreaLevel
from naptrack.geo.services import (
    AreaSpec,
    SyncCounts,
    area_group_sync,
    areas_sync,
    thai_district_specs,
    thai_province_specs,
)

THAILAND = AreaSpec(
    code="TH", level=AreaLevel.COUNTRY, name_th="ไทย", name_en="Thailand", iso_code="TH"
)


def test_thai_province_specs_list_the_77_provinces_with_official_codes():
    specs = thai_province_specs()

    assert len(specs) == 77
    assert {s.parent for s in specs} == {"TH"}
    by_code = {s.official_code: s for s in specs}
    assert (by_code["10"].code, by_code["10"].name_th, by_code["10"].name_en) == (
        "TH-10",
        "กรุงเทพมหานคร",
        "Bangkok",
    )
    assert (by_code["96"].name_th, by_code["96"].name_en, by_code["96"].iso_code) == (
        "นราธิวาส",
        "Narathiwat",
        "TH-96",
    )


def test_thai_district_specs_name_the_southern_border_districts_of_songkhla():
    specs = thai_district_specs(["9003", "9004", "9005", "9006"])

    assert [(s.code, s.name_th, s.name_en, s.parent) for s in specs] == [
        ("TH-9003", "จะนะ", "Chana", "TH-90"),
        ("TH-9004", "นาทวี", "Na Thawi", "TH-90"),
        ("TH-9005", "เทพา", "Thepha", "TH-90"),
        ("TH-9006", "สะบ้าย้อย", "Saba Yoi", "TH-90"),
    ]


def test_thai_district_specs_refuse_an_unknown_code():
    with pytest.raises(ValueError, match="9099"):
        thai_district_specs(["9003", "9099"])


def test_areas_sync_creates_provinces_and_districts_and_a_second_sync_writes_nothing(db):
    specs = [
        *thai_district_specs(["9003"]),
        *thai_province_specs(),
        THAILAND,
    ]  # children listed first on purpose

    first = areas_sync(actor=SYSTEM, specs=specs)
    second = areas_sync(actor=SYSTEM, specs=specs)

    assert first == SyncCounts(created=79, updated=0)
    assert second == SyncCounts(created=0, updated=0)
    assert Area.objects.count() == 79
    chana = Area.objects.get(code="TH-9003")
    assert (chana.level, chana.parent.code, chana.parent.parent.code) == (
        AreaLevel.DISTRICT,
        "TH-90",
        "TH",
    )


def test_areas_sync_updates_an_area_whose_name_changed(db):
    areas_sync(actor=SYSTEM, specs=[THAILAND])
    renamed = AreaSpec(
        code="TH", level=AreaLevel.COUNTRY, name_th="ประเทศไทย", name_en="Thailand", iso_code="TH"
    )

    counts = areas_sync(actor=SYSTEM, specs=[renamed])

    assert counts == SyncCounts(created=0, updated=1)
    assert Area.objects.get(code="TH").name_th == "ประเทศไทย"


def test_areas_sync_refuses_an_area_whose_parent_does_not_exist(db):
    orphan = AreaSpec(code="TH-90", level=AreaLevel.PROVINCE, name_en="Songkhla", parent="TH")

    with pytest.raises(ValidationError, match="Area TH-90 is part of TH, which does not exist."):
        areas_sync(actor=SYSTEM, specs=[orphan])
    assert not Area.objects.exists()


def test_areas_sync_refuses_a_list_that_names_an_area_twice(db):
    with pytest.raises(ValidationError, match="twice: TH"):
        areas_sync(actor=SYSTEM, specs=[THAILAND, THAILAND])


def test_areas_sync_validates_each_new_area(db):
    district_under_country = AreaSpec(
        code="TH-9003", level=AreaLevel.DISTRICT, name_en="Chana", parent="TH"
    )

    with pytest.raises(ValidationError) as raised:
        areas_sync(actor=SYSTEM, specs=[THAILAND, district_under_country])
    assert "parent" in raised.value.message_dict
    assert not Area.objects.exists()


def test_areas_sync_is_refused_to_an_ordinary_user(db):
    user = get_user_model().objects.create_user("someone", password="x-12345678")

    with pytest.raises(PermissionDenied):
        areas_sync(actor=user, specs=[THAILAND])


def test_area_group_sync_holds_exactly_the_areas_named(db):
    areas_sync(actor=SYSTEM, specs=[THAILAND, *thai_province_specs()])
    names = {"name_th": "จังหวัดชายแดนภาคใต้", "name_en": "Southern border provinces"}

    group, created = area_group_sync(
        actor=SYSTEM, code="southern-border", area_codes=["TH-94", "TH-95", "TH-96"], **names
    )
    _, unchanged = area_group_sync(
        actor=SYSTEM, code="southern-border", area_codes=["TH-94", "TH-95", "TH-96"], **names
    )
    _, narrowed = area_group_sync(
        actor=SYSTEM, code="southern-border", area_codes=["TH-94", "TH-95"], **names
    )

    assert (created, unchanged, narrowed) == (SyncCounts(1, 0), SyncCounts(0, 0), SyncCounts(0, 1))
    assert set(group.areas.values_list("code", flat=True)) == {"TH-94", "TH-95"}
    assert AreaGroup.objects.get().name_th == "จังหวัดชายแดนภาคใต้"


def test_area_group_sync_refuses_an_area_that_does_not_exist(db):
    with pytest.raises(ValidationError, match="TH-94"):
        area_group_sync(
            actor=SYSTEM, code="southern-border", area_codes=["TH-94"], name_en="Southern border"
        )
