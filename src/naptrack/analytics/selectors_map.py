"""Reads for the province map: an indicator's stored figures per province, in a few queries.

The figures are the IndicatorProgress rows of one option each (option.area is the province),
over every agency (organization empty), on the accepted basis unless provisional is asked for.
Every Thai province is listed, with or without figures, so that the map can grey out the
provinces without data instead of drawing them as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language

from naptrack.analytics.models import IndicatorProgress
from naptrack.analytics.province_shapes import FEATURE_NAMES
from naptrack.core.models import FALLBACK_LANGUAGES
from naptrack.frameworks.models import Indicator, IndicatorDimension, Plan, ResultNode, ValueType
from naptrack.geo.models import Area, AreaGroup, AreaLevel
from naptrack.periods.models import Period

SOUTHERN_BORDER_GROUP = "southern-border"
THAILAND = "TH"
# Value types whose figures are numbers that can be shaded and added up.
NUMERIC_TYPES = (ValueType.NUMBER, ValueType.PERCENTAGE, ValueType.YES_NO)


def _pick(row: dict, prefix: str, language: str) -> str:
    for code in (language, *FALLBACK_LANGUAGES):
        text = row.get(f"{prefix}_{code}")
        if text:
            return text
    return ""


def _language(language: str | None) -> str:
    return (language or get_language() or "th").split("-")[0]


def subtree_node_ids(plan: Plan, code: str) -> set[int] | None:
    """The ids of a result (by its code in the plan) and every result under it; None if unknown."""
    nodes = list(ResultNode.objects.filter(plan=plan).values_list("pk", "parent_id", "code"))
    root = next((pk for pk, _parent, node_code in nodes if node_code == code), None)
    if root is None:
        return None
    children: dict[int | None, list[int]] = {}
    for pk, parent_id, _code in nodes:
        children.setdefault(parent_id, []).append(pk)
    ids, stack = set(), [root]
    while stack:
        pk = stack.pop()
        ids.add(pk)
        stack.extend(children.get(pk, ()))
    return ids


def map_indicators(plan: Plan, node_ids: set[int] | None = None) -> list[Indicator]:
    """The plan's numeric indicators broken down by province, in the plan's order."""
    by_province = IndicatorDimension.objects.filter(
        indicator=OuterRef("pk"), dimension__options__area__level=AreaLevel.PROVINCE
    )
    indicators = Indicator.objects.filter(plan=plan, value_type__in=NUMERIC_TYPES).filter(
        Exists(by_province)
    )
    if node_ids is not None:
        indicators = indicators.filter(node_id__in=node_ids)
    return list(indicators.order_by("sort_order", "code"))


def has_province_breakdown(indicator: Indicator) -> bool:
    return IndicatorDimension.objects.filter(
        indicator=indicator, dimension__options__area__level=AreaLevel.PROVINCE
    ).exists()


@dataclass
class AreaFigure:
    """One area's figure for the indicator, or an empty one when no agency reported for it."""

    area_id: int
    area_code: str
    official_code: str
    name: str
    level: str
    feature: str = ""
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    agencies: int = 0
    has_data: bool = False
    in_focus: bool = False


@dataclass
class FocusRow:
    """A line of the southern border view: a province, or a province's districts in the group."""

    name: str
    figure: AreaFigure | None
    districts: list[str] = field(default_factory=list)


@dataclass
class ProvinceMap:
    indicator: Indicator
    period: Period
    provisional: bool
    provinces: list[AreaFigure]
    others: list[AreaFigure]
    total: AreaFigure | None
    focus_name: str = ""
    focus: list[FocusRow] = field(default_factory=list)

    @property
    def with_data(self) -> list[AreaFigure]:
        return [row for row in self.provinces if row.has_data]

    @property
    def has_data(self) -> bool:
        return bool(self.with_data) or any(row.has_data for row in self.others)


def _area_values(*extra: str) -> tuple[str, ...]:
    return ("pk", "code", "official_code", "level", "name_th", "name_en", "name_vi", *extra)


def province_map(
    indicator: Indicator,
    period: Period,
    *,
    provisional: bool = False,
    language: str | None = None,
) -> ProvinceMap:
    """An indicator's stored figures per province for a period: four queries, any data size."""
    language = _language(language)
    thai = Q(parent__code=THAILAND) | Q(parent__iso_code=THAILAND)
    provinces = [
        AreaFigure(
            area_id=row["pk"],
            area_code=row["code"],
            official_code=row["official_code"],
            name=_pick(row, "name", language),
            level=row["level"],
            feature=FEATURE_NAMES.get(row["official_code"], ""),
        )
        for row in Area.objects.filter(thai, level=AreaLevel.PROVINCE)
        .order_by("official_code", "code")
        .values(*_area_values())
    ]
    by_area = {row.area_id: row for row in provinces}

    rows = IndicatorProgress.objects.filter(
        indicator=indicator,
        period=period,
        provisional=provisional,
        organization__isnull=True,
    ).filter(Q(option__isnull=True) | Q(option__area__isnull=False))
    others: dict[int, AreaFigure] = {}
    total = None
    for row in rows.values(
        "option_id",
        "value",
        "numerator",
        "denominator",
        "agencies_reporting",
        *(f"option__area__{name}" for name in _area_values()),
    ):
        area = {k.removeprefix("option__area__"): v for k, v in row.items()}
        if row["option_id"] is None:
            total = AreaFigure(0, "", "", "", "")
            target = total
        else:
            target = by_area.get(area["pk"])
            if target is None:
                target = others.setdefault(
                    area["pk"],
                    AreaFigure(
                        area_id=area["pk"],
                        area_code=area["code"],
                        official_code=area["official_code"],
                        name=_pick(area, "name", language),
                        level=area["level"],
                    ),
                )
        target.value = row["value"]
        target.numerator = row["numerator"]
        target.denominator = row["denominator"]
        target.agencies = row["agencies_reporting"]
        target.has_data = not (row["value"] is None and row["denominator"] is None)

    result = ProvinceMap(
        indicator=indicator,
        period=period,
        provisional=provisional,
        provinces=provinces,
        others=sorted(others.values(), key=lambda a: (a.level, a.official_code, a.area_code)),
        total=total if total is not None and total.has_data else None,
    )
    _add_southern_border(result, by_area, others, language)
    return result


def _add_southern_border(
    result: ProvinceMap,
    provinces: dict[int, AreaFigure],
    others: dict[int, AreaFigure],
    language: str,
) -> None:
    """The southern border group: its provinces, and its districts under their province."""
    group = AreaGroup.objects.filter(code=SOUTHERN_BORDER_GROUP).first()
    if group is None:
        return
    result.focus_name = _pick(
        {f"name_{c}": getattr(group, f"name_{c}") for c in ("th", "en", "vi")}, "name", language
    )
    areas = list(group.areas.order_by("official_code", "code").values(*_area_values("parent_id")))
    in_group = {a["pk"] for a in areas}
    rows: list[FocusRow] = []
    districts_of: dict[int, FocusRow] = {}
    for area in areas:
        name = _pick(area, "name", language)
        if area["level"] == AreaLevel.PROVINCE:
            figure = provinces.get(area["pk"])
            if figure is not None:
                figure.in_focus = True
            rows.append(FocusRow(name=name, figure=figure))
        elif area["level"] == AreaLevel.DISTRICT:
            own = others.get(area["pk"])
            parent_id = area["parent_id"]
            if own is not None:
                own.in_focus = True
                rows.append(FocusRow(name=name, figure=own))
            elif parent_id not in in_group:
                # No figure for the district itself: show its province's, naming the districts.
                row = districts_of.get(parent_id)
                if row is None:
                    parent = provinces.get(parent_id)
                    if parent is not None:
                        parent.in_focus = True
                    row = FocusRow(name=parent.name if parent else "", figure=parent)
                    districts_of[parent_id] = row
                    rows.append(row)
                row.districts.append(name)
    result.focus = sorted(rows, key=lambda r: (r.figure.official_code if r.figure else "", r.name))
