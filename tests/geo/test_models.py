"""Rules of the area tree: country → province → district, never a cycle."""

import pytest
from django.utils.translation import override

from naptrack.geo.models import Area, AreaLevel
from tests.core.refusals import assert_refused


def area(code: str, level: str, parent: Area | None = None, **names) -> Area:
    names.setdefault("name_en", code)
    made = Area(code=code, level=level, parent=parent, **names)
    made.full_clean()
    made.save()
    return made


@pytest.fixture
def thailand(db):
    return area("TH", AreaLevel.COUNTRY, name_th="ประเทศไทย", name_en="Thailand")


def test_a_province_and_its_district_sit_under_the_country(thailand):
    songkhla = area("TH-90", AreaLevel.PROVINCE, thailand, name_th="สงขลา", name_en="Songkhla")
    chana = area("TH-9003", AreaLevel.DISTRICT, songkhla, name_en="Chana")

    assert chana.parent.parent == thailand
    with override("th"):
        assert str(songkhla) == "สงขลา"


def test_a_district_cannot_sit_directly_under_a_country(thailand):
    district = Area(code="TH-9003", level=AreaLevel.DISTRICT, parent=thailand, name_en="Chana")

    assert_refused(
        district.full_clean,
        {"parent": ["An area of level “District” cannot be part of this area."]},
    )


def test_a_province_needs_a_country(db):
    assert_refused(
        Area(code="TH-94", level=AreaLevel.PROVINCE, name_en="Pattani").full_clean,
        {"parent": ["An area of level “Province” cannot be part of this area."]},
    )


def test_an_area_cannot_become_part_of_its_own_part(thailand):
    # Given a country with a province
    pattani = area("TH-94", AreaLevel.PROVINCE, thailand, name_en="Pattani")
    # When the country is turned into a district of that province
    thailand.level, thailand.parent = AreaLevel.DISTRICT, pattani
    # Then the cycle is refused
    assert_refused(thailand.full_clean, {"parent": ["An area cannot be part of itself."]})


def test_an_area_cycle_already_in_the_database_does_not_hang_validation(thailand):
    # Given two provinces looped into each other by a bulk update that skipped validation
    yala = area("TH-95", AreaLevel.PROVINCE, thailand, name_en="Yala")
    narathiwat = area("TH-96", AreaLevel.PROVINCE, thailand, name_en="Narathiwat")
    Area.objects.filter(pk=yala.pk).update(parent=narathiwat)
    Area.objects.filter(pk=narathiwat.pk).update(parent=yala)
    # When a district is placed under one of them
    district = Area(
        code="TH-9601",
        level=AreaLevel.DISTRICT,
        parent=Area.objects.get(pk=narathiwat.pk),
        name_en="Mueang",
    )
    # Then validation walks the loop once and ends
    district.full_clean()


def test_an_area_needs_a_name_in_at_least_one_language(thailand):
    nameless = Area(code="TH-10", level=AreaLevel.PROVINCE, parent=thailand)

    assert_refused(nameless.full_clean, {"name_en": ["Give a name in at least one language."]})


def test_an_area_named_only_in_vietnamese_is_valid(db):
    area("VN", AreaLevel.COUNTRY, name_en="", name_vi="Việt Nam")

    assert str(Area.objects.get(code="VN")) == "Việt Nam"
