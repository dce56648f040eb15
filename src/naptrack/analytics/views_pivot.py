"""The pivot table: one indicator's accepted values by any two of period, agency and breakdowns."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from naptrack.analytics import engine
from naptrack.analytics.exports import FORMATS, table_response
from naptrack.analytics.selectors_map import subtree_node_ids
from naptrack.analytics.selectors_pivot import (
    AGENCY,
    PERIOD,
    PivotSpec,
    display_decimals,
    pivot_indicators,
    pivot_setup,
    pivot_table,
    round_periods_within,
)
from naptrack.analytics.views_map import clip, figure_text, param, rounded
from naptrack.frameworks.models import Aggregation, Indicator, ValueType
from naptrack.frameworks.selectors import plan_get_for_user
from naptrack.periods import calendars
from naptrack.periods.models import Period

ALL = "all"


def aggregation_text(indicator: Indicator) -> str:
    """How the cells and totals of an indicator are combined, in the reader's words."""
    return {
        Aggregation.SUM: _("Values are added up."),
        Aggregation.AVERAGE: _("Cells show the average of the reported values."),
        Aggregation.MAXIMUM: _("Cells show the highest reported value."),
        Aggregation.LATEST: _("Cells show the latest reported value."),
        Aggregation.RATIO: _(
            "Percentages are the sum of the numerators divided by the sum of the denominators, "
            "never an average of percentages."
        ),
    }.get(indicator.aggregation, "")


def _cell(indicator: Indicator, fig: engine.Fig | None, decimals: int) -> dict | None:
    if fig is None:
        return None
    text, detail = figure_text(indicator, fig.value, fig.numerator, fig.denominator, decimals)
    return {"text": text, "detail": detail, "empty": not text}


def _export_value(indicator: Indicator, fig: engine.Fig | None, decimals: int):
    if fig is None or fig.is_empty:
        return ""
    if indicator.value_type == ValueType.YES_NO:
        return figure_text(indicator, fig.value)[0]
    return rounded(fig.value, decimals)


@require_GET
def pivot(request, code):
    """Rows and columns chosen among period, agency and breakdowns; totals; downloads."""
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
    indicators = pivot_indicators(plan, node_ids)
    context.update(indicators=indicators, pillar=pillar if node_ids is not None else "")

    wanted = param(params, "indicator")
    indicator = None
    if wanted:
        indicator = next((i for i in indicators if i.code == wanted), None)
        if indicator is None:
            other = Indicator.objects.filter(plan=plan, code=wanted).first()
            if other is None:
                errors.append(_("This plan has no indicator “%(code)s”.") % {"code": clip(wanted)})
            elif other.value_type not in (
                ValueType.NUMBER,
                ValueType.PERCENTAGE,
                ValueType.YES_NO,
            ):
                errors.append(
                    _(
                        "Indicator %(code)s is reported as text or milestones; the table needs "
                        "figures. Choose another indicator."
                    )
                    % {"code": other.code}
                )
            else:
                indicator = other  # outside the chosen pillar, but asked for by name
    elif indicators:
        indicator = indicators[0]
    context["indicator"] = indicator
    if indicator is None:
        status = 400 if errors else 200
        return render(request, "analytics/pivot.html", context, status=status)

    setup = pivot_setup(indicator, language=language)
    context["setup"] = setup
    dimensions = setup.dimensions

    # Rows and columns: the first breakdown across the agencies, unless the address says otherwise.
    rows_code = param(params, "rows") or AGENCY
    if "cols" in params:
        cols_code = param(params, "cols")
    else:
        cols_code = dimensions[0].code if dimensions and rows_code == AGENCY else ""
    rows_axis = setup.axis(rows_code)
    cols_axis = setup.axis(cols_code) if cols_code else None
    choices = ", ".join(a.label for a in setup.axes)
    if rows_axis is None:
        errors.append(
            _("This indicator cannot be shown by “%(value)s” in rows. Choose one of: %(choices)s.")
            % {"value": clip(rows_code), "choices": choices}
        )
    if cols_code and cols_axis is None:
        errors.append(
            _(
                "This indicator cannot be shown by “%(value)s” in columns. Choose one of: "
                "%(choices)s."
            )
            % {"value": clip(cols_code), "choices": choices}
        )
    if rows_axis is not None and cols_axis is not None and rows_axis == cols_axis:
        errors.append(_("Choose different things for the rows and the columns."))
    context.update(rows_code=rows_code, cols_code=cols_code)
    on_axis = {rows_code, cols_code}

    # Periods: every round's for a table by period, else the latest round with accepted data.
    period_code = param(params, "period")
    periods: list[Period] = []
    if not setup.periods:
        context["no_rounds"] = True
    elif period_code.lower() == ALL or (not period_code and PERIOD in on_axis):
        periods = list(setup.periods)
        period_code = ALL
    elif period_code:
        try:
            chosen = calendars.parse_period_code(period_code)
        except calendars.PeriodCodeError:
            chosen = None
            errors.append(
                _("“%(code)s” is not a period code such as FY2568 or CY2024.")
                % {"code": clip(period_code)}
            )
        if chosen is not None:
            if PERIOD in on_axis:
                periods = [
                    p for p in setup.periods if chosen.start <= p.start and p.end <= chosen.end
                ]
            else:
                periods = round_periods_within(setup.periods, chosen)
            if not periods:
                errors.append(
                    _("No reporting round of this plan falls in %(period)s.")
                    % {"period": calendars.period_label(chosen, language)}
                )
            period_code = chosen.code
    else:
        latest = setup.latest_accepted or setup.periods[-1]
        periods = [latest]
        period_code = latest.code
    context["period_code"] = period_code

    agency = None
    agency_code = param(params, "agency")
    if agency_code:
        agency = next((a for a in setup.agencies if a.code == agency_code), None)
        if agency is None:
            errors.append(
                _("“%(code)s” is not an agency that reports on this indicator.")
                % {"code": clip(agency_code)}
            )
    context["agency_code"] = agency.code if agency else ""

    filters = {}
    for axis in dimensions:
        value = param(params, axis.code)
        if not value:
            continue
        option = setup.option(axis.dimension_id, value)
        if option is None:
            errors.append(
                _("“%(value)s” is not an option of %(dimension)s for this indicator.")
                % {"value": clip(value), "dimension": axis.label}
            )
        else:
            filters[axis.dimension_id] = option
    if param(params, "province") and setup.axis("province") is None:
        notices.append(
            _("This indicator has no province breakdown, so the province filter is not used.")
        )
    context["filters"] = {setup.dimension_codes[d]: c.code for d, c in filters.items()}
    context["dimension_fields"] = [
        {
            "axis": axis,
            "options": setup.options.get(axis.dimension_id, []),
            "selected": filters[axis.dimension_id].code if axis.dimension_id in filters else "",
        }
        for axis in dimensions
    ]

    fmt = param(params, "format")
    if fmt and fmt not in FORMATS:
        errors.append(_("Downloads are available as CSV or XLSX."))
    if errors:
        return render(request, "analytics/pivot.html", context, status=400)
    if not periods:
        return render(request, "analytics/pivot.html", context)

    spec = PivotSpec(
        rows=rows_axis, cols=cols_axis, periods=periods, agency=agency, filters=filters
    )
    table = pivot_table(setup, spec, language=language)
    decimals = display_decimals(indicator)
    if fmt:
        return _download(plan, indicator, table, decimals, fmt)

    query = {
        "indicator": indicator.code,
        "rows": rows_code,
        "cols": cols_code,
        "period": period_code,
        **({"agency": agency.code} if agency else {}),
        **context["filters"],
    }
    context.update(
        table=table,
        grid=[
            {
                "member": row.member,
                "cells": [_cell(indicator, fig, decimals) for fig in row.cells],
                "total": _cell(indicator, row.total, decimals),
            }
            for row in table.grid()
        ],
        footer=[_cell(indicator, fig, decimals) for fig in table.footer],
        aggregation_text=aggregation_text(indicator),
        unit=_unit_label(indicator),
        period_labels=[p.label(language) for p in table.periods_used],
        download_query=urlencode(query),
    )
    return render(request, "analytics/pivot.html", context)


def _unit_label(indicator: Indicator) -> str:
    if indicator.value_type == ValueType.PERCENTAGE:
        return "%"
    if indicator.value_type == ValueType.YES_NO:
        return ""
    return indicator.unit


def _download(plan, indicator: Indicator, table, decimals: int, fmt: str):
    """Exactly the grid the page shows: header, rows with their totals, the totals row."""
    spec = table.spec
    corner = spec.rows.label + (f" \\ {spec.cols.label}" if spec.cols else "")
    if spec.cols:
        columns = [corner, *(m.label for m in table.cols)]
        if table.show_row_totals:
            columns.append(_("Total"))
    else:
        columns = [corner, _("Value")]
    rows = []
    for row in table.grid():
        line = [row.member.label, *(_export_value(indicator, f, decimals) for f in row.cells)]
        if row.total is not None:
            line.append(_export_value(indicator, row.total, decimals))
        rows.append(line)
    if table.footer:
        rows.append([_("Total"), *(_export_value(indicator, f, decimals) for f in table.footer)])
    periods = "-".join(p.code for p in table.periods_used[:3])
    columns_code = spec.cols.code if spec.cols else "total"
    name = (
        f"{plan.code}-{indicator.code.replace('.', '-')}-{spec.rows.code}-{columns_code}-{periods}"
    )
    return table_response(name, columns, rows, fmt)
