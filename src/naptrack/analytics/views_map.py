"""The province map: an indicator's figures per Thai province, as a choropleth and as a table."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from naptrack.analytics.exports import FORMATS, table_response
from naptrack.analytics.permissions import can_view_provisional
from naptrack.analytics.province_shapes import (
    MAP_NAME,
    SOUTHERN_BORDER_CENTER,
    SOUTHERN_BORDER_ZOOM,
)
from naptrack.analytics.selectors import default_period, progress_periods_for_plan
from naptrack.analytics.selectors_map import (
    has_province_breakdown,
    map_indicators,
    subtree_node_ids,
)
from naptrack.analytics.selectors_map import province_map as province_figures
from naptrack.analytics.selectors_pivot import display_decimals
from naptrack.core.templatetags.naptrack import figure
from naptrack.frameworks.models import Indicator, ValueType
from naptrack.frameworks.selectors import plan_get_for_user
from naptrack.geo.models import AreaLevel

FOCUS_SOUTH = "south"
TEXT_LIMIT = 80
PARAM_LIMIT = 200


def figure_text(
    indicator: Indicator, value, numerator=None, denominator=None, decimals: int | None = None
) -> tuple[str, str]:
    """A combined figure as the pages show it: the figure, and the parts of a percentage."""
    if value is None and denominator is None:
        return "", ""
    if indicator.value_type == ValueType.YES_NO:
        return (_("Yes") if value is not None and value > 0 else _("No")), ""
    decimals = display_decimals(indicator) if decimals is None else decimals
    # Rounded here: the figure filter cuts extra decimals off (16.6667 → 16.6) rather than round.
    text = figure(rounded(value, decimals), decimals) if value is not None else ""
    detail = ""
    if indicator.value_type == ValueType.PERCENTAGE:
        text = f"{text}%" if text else ""
        if numerator is not None and denominator is not None:
            detail = f"{figure(numerator)}/{figure(denominator)}"
    return text, detail


def rounded(value: Decimal | None, decimals: int) -> Decimal | None:
    """A figure rounded as it is shown, for downloads that hold exactly what the page shows."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def plain_number(value: Decimal | None) -> Decimal | None:
    """A stored figure without its trailing zeros (120, not 120.0000 or 1.2E+2)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def param(params, name: str) -> str:
    """A query parameter as typed, trimmed; NUL bytes (refused by PostgreSQL) are dropped."""
    return params.get(name, "").replace("\x00", "").strip()[:PARAM_LIMIT]


def clip(text: str) -> str:
    """Echo a parameter in a message without letting a long one fill the page."""
    text = str(text)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _unit(indicator: Indicator) -> str:
    if indicator.value_type == ValueType.PERCENTAGE:
        return "%"
    if indicator.value_type == ValueType.YES_NO:
        return ""
    return indicator.unit


@require_GET
def province_map(request, code):
    """Figures per province for one indicator and period, with a table and downloads."""
    plan = plan_get_for_user(request.user, code)
    if plan is None:
        raise Http404
    language = (get_language() or "th").split("-")[0]
    params = request.GET
    errors: list[str] = []
    notices: list[str] = []
    context: dict = {"plan": plan, "nav": "plans", "errors": errors, "notices": notices}

    node_ids = None
    pillar = param(params, "pillar")
    if pillar:
        node_ids = subtree_node_ids(plan, pillar)
        if node_ids is None:
            errors.append(_("This plan has no result “%(code)s”.") % {"code": clip(pillar)})
    indicators = map_indicators(plan, node_ids)
    context.update(indicators=indicators, pillar=pillar if node_ids is not None else "")

    indicator = None
    wanted = param(params, "indicator")
    if wanted:
        indicator = next((i for i in indicators if i.code == wanted), None)
        if indicator is None:
            other = Indicator.objects.filter(plan=plan, code=wanted).first()
            if other is None:
                errors.append(_("This plan has no indicator “%(code)s”.") % {"code": clip(wanted)})
            elif not has_province_breakdown(other) or other.value_type not in (
                ValueType.NUMBER,
                ValueType.PERCENTAGE,
                ValueType.YES_NO,
            ):
                context["no_breakdown"] = other
            else:
                # Broken down by province, but outside the chosen pillar: show it anyway.
                indicator = other
    elif indicators:
        indicator = indicators[0]

    periods = progress_periods_for_plan(plan)
    period = None
    period_code = param(params, "period")
    if period_code:
        period = next((p for p in periods if p.code == period_code.upper()), None)
        if period is None:
            errors.append(
                _("There are no figures of this plan for the period “%(code)s”.")
                % {"code": clip(period_code)}
            )
    else:
        period = default_period(plan)

    focus = param(params, "focus")
    if focus and focus != FOCUS_SOUTH:
        errors.append(_("The map can zoom in on the southern border provinces only."))
    fmt = param(params, "format")
    if fmt and fmt not in FORMATS:
        errors.append(_("Downloads are available as CSV or XLSX."))

    may_see_provisional = can_view_provisional(request.user, plan)
    provisional = may_see_provisional and param(params, "provisional") == "1"
    agency = param(params, "agency")
    if agency and indicator is not None:
        context["agency_pivot_query"] = urlencode(
            {
                "indicator": indicator.code,
                "rows": "province",
                "cols": "",
                "agency": agency,
                **({"period": period.code} if period else {}),
            }
        )
    context.update(
        indicator=indicator,
        periods=periods,
        period=period,
        provisional=provisional,
        may_see_provisional=may_see_provisional,
        focus=focus == FOCUS_SOUTH,
        highlight=param(params, "province"),
    )
    if errors:
        return render(request, "analytics/province_map.html", context, status=400)
    if indicator is None or period is None:
        return render(request, "analytics/province_map.html", context)

    data = province_figures(indicator, period, provisional=provisional, language=language)
    decimals = display_decimals(indicator)
    rows = _table_rows(data, decimals)
    if fmt:
        return _download(data, rows, decimals, fmt)
    context.update(
        data=data,
        rows=rows,
        decimals=decimals,
        unit=_unit(indicator),
        is_percentage=indicator.value_type == ValueType.PERCENTAGE,
        total_text=figure_text(
            indicator, data.total.value, data.total.numerator, data.total.denominator
        )
        if data.total
        else ("", ""),
        focus_rows=[
            {
                "name": row.name,
                "districts": row.districts,
                "text": figure_text(
                    indicator, row.figure.value, row.figure.numerator, row.figure.denominator
                )
                if row.figure and row.figure.has_data
                else ("", ""),
                "agencies": row.figure.agencies if row.figure else 0,
            }
            for row in data.focus
        ],
        chart=_chart(data, rows, focus == FOCUS_SOUTH),
        base_query=urlencode(
            {
                "indicator": indicator.code,
                "period": period.code,
                **({"provisional": "1"} if provisional else {}),
            }
        ),
    )
    return render(request, "analytics/province_map.html", context)


def _table_rows(data, decimals: int) -> list[dict]:
    indicator = data.indicator
    rows = []
    for area in [*data.provinces, *data.others]:
        text, detail = (
            figure_text(indicator, area.value, area.numerator, area.denominator, decimals)
            if area.has_data
            else ("", "")
        )
        level_label = "" if area.level == AreaLevel.PROVINCE else AreaLevel(area.level).label
        rows.append({"area": area, "text": text, "detail": detail, "level_label": level_label})
    return rows


def _chart(data, rows: list[dict], focus: bool) -> dict:
    """What map.js draws: shapes named by area code, figures, labels and the focus view."""
    values = [
        float(r["area"].value) for r in rows if r["area"].has_data and r["area"].value is not None
    ]
    value_type = data.indicator.value_type
    if value_type == ValueType.PERCENTAGE:
        scale_max = 100.0
    elif value_type == ValueType.YES_NO:
        scale_max = 1.0
    else:
        scale_max = max(values) if values else 0.0
    chart = {
        "map": MAP_NAME,
        "nameMap": {r["area"].feature: r["area"].area_code for r in rows if r["area"].feature},
        "data": [
            {
                "name": r["area"].area_code,
                "value": float(r["area"].value)
                if r["area"].has_data and r["area"].value is not None
                else None,
                "label": r["area"].name,
                "text": r["text"],
                "detail": r["detail"],
                "agencies": r["area"].agencies,
                "focus": r["area"].in_focus,
            }
            for r in rows
            if r["area"].feature
        ],
        # The scale starts at zero; percentages run to 100 and yes/no to 1, so that similar
        # figures look similar instead of being stretched over the whole scale.
        "min": 0,
        "max": scale_max,
        "focus": focus,
        "center": list(SOUTHERN_BORDER_CENTER),
        "zoom": SOUTHERN_BORDER_ZOOM,
        "labels": {
            "noData": _("No data"),
            "agencies": _("Agencies reporting"),
            "high": _("High"),
            "low": _("Low"),
        },
    }
    return chart


def _download(data, rows: list[dict], decimals: int, fmt: str):
    indicator = data.indicator
    percentage = indicator.value_type == ValueType.PERCENTAGE
    columns = [_("Province"), _("Code"), _("Value")]
    if percentage:
        columns += [_("Numerator"), _("Denominator")]
    columns.append(_("Agencies reporting"))
    table = []
    for row in rows:
        area = row["area"]
        if not area.has_data:
            value = _("No data")
        elif indicator.value_type == ValueType.YES_NO:
            value = row["text"]
        else:
            value = rounded(area.value, decimals)
        line = [area.name, area.official_code or area.area_code, value]
        if percentage:
            line += [plain_number(area.numerator), plain_number(area.denominator)]
        line.append(area.agencies if area.has_data else "")
        table.append(line)
    # Dots would vanish from the file name (1.1.2 → 112): write them as dashes.
    name = f"{indicator.plan.code}-{indicator.code.replace('.', '-')}-{data.period.code}-provinces"
    return table_response(name, columns, table, fmt)
