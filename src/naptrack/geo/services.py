"""Every change to areas: bring the tree of countries, provinces and districts in line with a list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import geothai
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from naptrack.core.services import SYSTEM, require
from naptrack.geo.models import Area, AreaGroup, AreaLevel

# Parents are created before their children, so a list may name areas in any order.
LEVEL_ORDER = (AreaLevel.REGION, AreaLevel.COUNTRY, AreaLevel.PROVINCE, AreaLevel.DISTRICT)
AREA_FIELDS = ("level", "name_th", "name_en", "name_vi", "official_code", "iso_code", "parent")


class SyncCounts(NamedTuple):
    created: int
    updated: int


@dataclass(frozen=True)
class AreaSpec:
    """An area as a list gives it; parent is the parent's code."""

    code: str
    level: str
    name_th: str = ""
    name_en: str = ""
    name_vi: str = ""
    official_code: str = ""
    iso_code: str = ""
    parent: str | None = None


def _allowed(actor) -> bool:
    return actor is SYSTEM or bool(getattr(actor, "is_superuser", False))


def thai_province_specs(country_code: str = "TH") -> list[AreaSpec]:
    """Return Thailand's 77 provinces with their official codes and names, from geothai."""
    return [
        AreaSpec(
            code=f"TH-{p.code}",
            level=AreaLevel.PROVINCE,
            name_th=p.name_th,
            name_en=p.name_en,
            official_code=p.code,
            iso_code=f"TH-{p.code}",
            parent=country_code,
        )
        for p in geothai.provinces()
    ]


def thai_district_specs(district_codes: Iterable[str]) -> list[AreaSpec]:
    """Return Thai districts by their four-digit official codes (9003 is Chana, Songkhla), from geothai."""
    wanted = list(district_codes)
    found: dict[str, AreaSpec] = {}
    for province_code in sorted({code[:2] for code in wanted}):
        for district in geothai.districts(province_code):
            if district.code in wanted:
                found[district.code] = AreaSpec(
                    code=f"TH-{district.code}",
                    level=AreaLevel.DISTRICT,
                    name_th=district.name_th,
                    name_en=district.name_en,
                    official_code=district.code,
                    parent=f"TH-{province_code}",
                )
    missing = [code for code in wanted if code not in found]
    if missing:
        raise ValueError(f"geothai has no district with the code {', '.join(missing)}")
    return [found[code] for code in wanted]


def _differences(area: Area, wanted: dict) -> dict:
    """Return the wanted fields whose value the area does not have yet."""
    differs = {}
    for name, value in wanted.items():
        if name == "parent":
            if area.parent_id != (value.pk if value is not None else None):
                differs[name] = value
        elif getattr(area, name) != value:
            differs[name] = value
    return differs


@transaction.atomic
def areas_sync(*, actor, specs: Iterable[AreaSpec]) -> SyncCounts:
    """Create the areas that are missing and update those that differ; never delete one.

    Reads every area once, validates each new or changed one with full_clean, then writes
    new areas level by level with bulk_create so a first load of a few hundred areas stays quick.
    """
    require(_allowed(actor))
    specs = list(specs)
    codes = [spec.code for spec in specs]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValidationError(f"The list names these areas twice: {', '.join(duplicates)}")
    unknown_levels = {spec.level for spec in specs} - set(LEVEL_ORDER)
    if unknown_levels:
        raise ValidationError(f"Unknown area levels: {', '.join(sorted(unknown_levels))}")

    by_code = {area.code: area for area in Area.objects.all()}
    created = updated = 0
    now = timezone.now()
    changed: list[Area] = []
    for level in LEVEL_ORDER:
        new: list[Area] = []
        for spec in (s for s in specs if s.level == level):
            parent = None
            if spec.parent:
                parent = by_code.get(spec.parent)
                if parent is None:
                    raise ValidationError(
                        f"Area {spec.code} is part of {spec.parent}, which does not exist."
                    )
            wanted = {
                "level": spec.level,
                "name_th": spec.name_th,
                "name_en": spec.name_en,
                "name_vi": spec.name_vi,
                "official_code": spec.official_code,
                "iso_code": spec.iso_code,
                "parent": parent,
            }
            area = by_code.get(spec.code)
            if area is None:
                area = Area(code=spec.code, **wanted)
                area.full_clean()
                new.append(area)
                continue
            differs = _differences(area, wanted)
            if differs:
                for name, value in differs.items():
                    setattr(area, name, value)
                area.updated_at = now
                area.full_clean()
                changed.append(area)
        for area in Area.objects.bulk_create(new):
            by_code[area.code] = area
        created += len(new)
    if changed:
        Area.objects.bulk_update(changed, [*AREA_FIELDS, "updated_at"])
        updated = len(changed)
    return SyncCounts(created, updated)


@transaction.atomic
def area_group_sync(
    *, actor, code: str, area_codes: Iterable[str], **names: str
) -> tuple[AreaGroup, SyncCounts]:
    """Create or update a named group of areas so that it holds exactly these areas."""
    require(_allowed(actor))
    area_codes = list(area_codes)
    areas = list(Area.objects.filter(code__in=area_codes))
    missing = sorted(set(area_codes) - {a.code for a in areas})
    if missing:
        raise ValidationError(f"Group {code} names areas that do not exist: {', '.join(missing)}")
    group = AreaGroup.objects.filter(code=code).first()
    created = group is None
    if created:
        group = AreaGroup(code=code)
    differs = {name: value for name, value in names.items() if getattr(group, name) != value}
    if created or differs:
        for name, value in differs.items():
            setattr(group, name, value)
        group.full_clean()
        group.save()
    areas_changed = created or set(group.areas.values_list("pk", flat=True)) != {
        a.pk for a in areas
    }
    if areas_changed:
        group.areas.set(areas)
    return group, SyncCounts(int(created), int(not created and bool(differs or areas_changed)))
