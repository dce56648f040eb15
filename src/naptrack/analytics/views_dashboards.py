"""Dashboards: a plan's progress, an indicator's progress and an agency's scorecard.

Each page reads its tables from analytics.selectors_dashboards; `?download=<table>&format=csv|xlsx`
on the same address returns exactly the rows of that table, with the page's filters applied.
"""

from __future__ import annotations

from html import escape

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from naptrack.analytics import permissions, selectors_dashboards
from naptrack.analytics.exports import FORMATS, table_response
from naptrack.analytics.selectors_dashboards import Cell, Table
from naptrack.frameworks.models import Indicator, Plan
from naptrack.organizations.models import Organization


def _plan_or_404(user, code: str) -> Plan:
    """A plan the user may see; any other answers 404, as the plan page does."""
    plan = Plan.objects.filter(code=code).select_related("owner").prefetch_related("levels").first()
    if plan is None or not permissions.can_view_progress(user, plan):
        raise Http404
    return plan


def _download(request: HttpRequest, tables: dict, filters, *name_parts: str):
    """The download asked for, or None; a bad request leaves a message and shows the page."""
    name = request.GET.get("download", "").strip()
    if not name:
        return None
    fmt = request.GET.get("format", "csv").strip().lower() or "csv"
    table = tables.get(name)
    if table is None:
        filters.messages.append(
            _("There is no table called “%(name)s” on this page to download.") % {"name": name[:60]}
        )
        return None
    if fmt not in FORMATS:
        filters.messages.append(
            _("Downloads are in CSV or XLSX; “%(format)s” is not one of them.")
            % {"format": fmt[:20]}
        )
        return None
    filename = "-".join(part for part in (*name_parts, name) if part)
    return table_response(filename, table.headers(), table.export_rows(), fmt)


# --- Table rows -------------------------------------------------------------------------------------
# A plan of 1,000 indicators has tables of 13,000 cells: written here in one pass, they take a few
# milliseconds where a template loop takes seconds. partials/dashboard_table.html holds the rest.


def _status_bar(segments: list[dict]) -> str:
    label = ", ".join(f"{s['label']}: {s['count_text']}" for s in segments)
    rects = "".join(
        f'<rect class="seg seg-{s["status"]}" x="{s["x"]}%" y="0" width="{s["width"]}%" '
        f'height="100%"><title>{escape(s["label"])}: {s["count_text"]}</title></rect>'
        for s in segments
    )
    return f'<svg class="status-bar" role="img" aria-label="{escape(label)}">{rects}</svg>'


def _cell(cell: Cell, provisional_mark: str) -> str:
    text = escape(cell.text)
    if cell.kind == "status":
        inner = f'<span class="pstatus pstatus-{cell.status}">{text}</span>'
    elif cell.kind == "timeliness":
        title = f' title="{escape(cell.title)}"' if cell.title else ""
        inner = f'<span class="timely timely-{cell.status}"{title}>{text}</span>'
    elif cell.kind == "state":
        inner = f'<span class="badge state-{cell.status}">{text}</span>'
    elif cell.url:
        inner = f'<a href="{escape(cell.url)}">{text}</a>'
    else:
        inner = text
    if cell.provisional:
        inner += provisional_mark
    if cell.bar:
        inner += _status_bar(cell.bar)
    css = f' class="{cell.kind}"' if cell.kind else ""
    return f"<td{css}>{inner}</td>"


def _rows(table: Table, mark: str):
    previous = None
    for row in table.rows:
        if table.grouped:
            heading = [cell.text for cell in row[: table.grouped]]
            if heading != previous:
                text = " · ".join(escape(t) for t in heading if t)
                yield (
                    f'<tr class="group-row"><th colspan="{len(table.shown_columns)}" '
                    f'scope="colgroup"><span>{text}</span></th></tr>'
                )
                previous = heading
            row = row[table.grouped :]
        yield "<tr>" + "".join(_cell(cell, mark) for cell in row) + "</tr>"


def _write_bodies(tables) -> None:
    mark = (
        '<span class="prov-mark" aria-hidden="true">*</span>'
        f'<span class="visually-hidden"> ({escape(_("provisional"))})</span>'
    )
    for table in tables:
        # Safe: every text and attribute above went through escape().
        table.body = mark_safe("\n".join(_rows(table, mark)))


@require_GET
def plan_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """A plan's results and indicators for a period, the most off track, and reporting timeliness."""
    plan = _plan_or_404(request.user, code)
    dashboard = selectors_dashboards.plan_dashboard(plan, request.user, request.GET)
    filters = dashboard.filters
    period = filters.period.code if filters.period else ""
    response = _download(request, dashboard.tables(), filters, plan.code, period)
    if response is not None:
        return response
    _write_bodies(dashboard.tables().values())
    return render(
        request,
        "analytics/plan_dashboard.html",
        {"plan": plan, "dashboard": dashboard, "filters": filters, "nav": "plans"},
    )


@require_GET
def indicator_dashboard(request: HttpRequest, plan_code: str, code: str) -> HttpResponse:
    """An indicator over time against its target, by breakdown, and by agency."""
    plan = _plan_or_404(request.user, plan_code)
    indicator = Indicator.objects.filter(plan=plan, code=code).select_related("node").first()
    if indicator is None:
        raise Http404
    dashboard = selectors_dashboards.indicator_dashboard(plan, indicator, request.user, request.GET)
    filters = dashboard.filters
    period = filters.period.code if filters.period else ""
    response = _download(request, dashboard.tables(), filters, plan.code, indicator.code, period)
    if response is not None:
        return response
    _write_bodies(dashboard.tables().values())
    return render(
        request,
        "analytics/indicator_dashboard.html",
        {
            "plan": plan,
            "indicator": indicator,
            "dashboard": dashboard,
            "filters": filters,
            "nav": "plans",
        },
    )


@require_GET
def agency_scorecard(request: HttpRequest, code: str) -> HttpResponse:
    """One agency across every plan it is assigned to: its indicators and its reports."""
    organization = get_object_or_404(Organization.objects.select_related("parent"), code=code)
    card = selectors_dashboards.agency_scorecard(organization, request.user, request.GET)
    response = _download(request, card.tables(), card.filters, organization.code, "scorecard")
    if response is not None:
        return response
    _write_bodies(card.tables().values())
    return render(
        request,
        "analytics/agency_scorecard.html",
        {
            "organization": organization,
            "card": card,
            "filters": card.filters,
            "nav": "organizations",
        },
    )
