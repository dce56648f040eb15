"""The dashboards' charts for documents: HTML and CSS drawn here, printed or photographed by Chromium.

The dashboards draw with ECharts in the browser; a document needs the same pictures without
scripts or timing: horizontal bars coloured by status with the dashboards' colours and patterns
(so colour is never the only cue), value labels beside each bar, gridlines. Labels are HTML text,
so they wrap like any Thai text, are drawn in the embedded Sarabun and stay searchable in the PDF.

`chart_html` gives the markup for the PDF page; `chart_pngs` photographs the same markup (element
screenshots in Chromium) for the Word document.
"""

from __future__ import annotations

import math

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from naptrack.documents.contracts import Chart

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
PNG_WIDTH = 760  # CSS pixels; photographed at twice the density, about 16 cm wide in Word


def _uses_thai_digits(chart: Chart) -> bool:
    """The chart's own labels say whether its axis is written in Thai digits."""
    return any(
        ch in THAI_DIGITS
        for series in chart.series
        for text in series.get("labels", [])
        for ch in text
    )


def _digits(text: str, thai: bool) -> str:
    return text.translate({ord(str(i)): d for i, d in enumerate(THAI_DIGITS)}) if thai else text


def _nice_step(top: float) -> float:
    """A round step giving four or five gridlines up to `top` (1, 2, 2.5, 5 × 10ⁿ)."""
    if top <= 0:
        return 1
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _ticks(top: float, unit: str, thai: bool) -> tuple[float, list[tuple[float, str]]]:
    step = _nice_step(top)
    count = max(1, math.ceil(top / step - 1e-9))
    top = step * count
    ticks = []
    for i in range(count + 1):
        value = step * i
        text = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
        ticks.append((value * 100 / top, _digits(text, thai) + ("%" if unit == "%" else "")))
    return top, ticks


def _axis(ticks: list[tuple[float, str]]) -> SafeString:
    return format_html(
        '<div class="chart-row chart-axis"><div></div><div class="chart-plot">{}</div></div>',
        format_html_join(
            "", '<span class="tick" style="left:{}%">{}</span>', ((f"{x:.2f}", t) for x, t in ticks)
        ),
    )


def _grid(ticks: list[tuple[float, str]]) -> SafeString:
    return format_html_join(
        "", '<span class="gridline" style="left:{}%"></span>', ((f"{x:.2f}",) for x, _t in ticks)
    )


def _bars(chart: Chart) -> SafeString:
    thai = _uses_thai_digits(chart)
    series = chart.series[0] if chart.series else {"values": []}
    values = series.get("values", [])
    texts = series.get("labels") or ["" if v is None else str(v) for v in values]
    statuses = series.get("statuses") or [""] * len(values)
    top = max([100.0 if chart.unit == "%" else 0.0, *(v for v in values if v is not None)])
    top, ticks = _ticks(top or 1, chart.unit, thai)
    grid = _grid(ticks)
    rows = []
    for label, value, text, status in zip(chart.labels, values, texts, statuses, strict=False):
        width = 0 if value is None else max(0.0, min(value, top)) * 100 / top
        rows.append(
            format_html(
                '<div class="chart-row"><div class="chart-label">{}</div>'
                '<div class="chart-plot">{}<span class="bar st-{}" style="width:{}%"></span>'
                '<span class="bar-value{}" style="left:{}%">{}</span></div></div>',
                label,
                grid,
                status or "neutral",
                f"{width:.2f}",
                " inside" if width > 82 else "",
                f"{width:.2f}",
                text or "–",
            )
        )
    return mark_safe("".join(rows) + _axis(ticks))


def _status(chart: Chart) -> SafeString:
    thai = _uses_thai_digits(chart)
    totals = [sum((s["values"][i] or 0) for s in chart.series) for i in range(len(chart.labels))]
    top, ticks = _ticks(max(totals, default=0) or 1, "", thai)
    grid = _grid(ticks)
    rows = []
    for i, label in enumerate(chart.labels):
        segments = []
        for series in chart.series:
            value = series["values"][i] or 0
            if not value:
                continue
            width = value * 100 / top
            text = (series.get("labels") or [])[i] if series.get("labels") else str(int(value))
            segments.append(
                format_html(
                    '<span class="segment st-{}" style="width:{}%">{}</span>',
                    series.get("status", "neutral"),
                    f"{width:.3f}",
                    text if width >= 4 else "",
                )
            )
        rows.append(
            format_html(
                '<div class="chart-row"><div class="chart-label">{}</div><div class="chart-plot">'
                '{}<span class="stack">{}</span></div></div>',
                label,
                grid,
                mark_safe("".join(segments)),
            )
        )
    return mark_safe("".join(rows) + _axis(ticks))


def _sex(chart: Chart) -> SafeString:
    rows = []
    units = chart.units or [""] * len(chart.labels)
    for i, label in enumerate(chart.labels):
        values = [s["values"][i] for s in chart.series]
        top = max([v for v in values if v is not None] or [0]) or 1
        if units[i] == "%":
            top = max(top, 100)
        bars = []
        for series in chart.series:
            value = series["values"][i]
            width = 0 if value is None else max(0.0, value) * 100 / top
            text = (series.get("labels") or [""] * len(chart.labels))[i] or "–"
            bars.append(
                format_html(
                    '<div class="pair"><span class="pair-name">{}</span><span class="pair-plot">'
                    '<span class="bar" style="width:{}%;background-color:{}"></span>'
                    '<span class="bar-value" style="left:{}%">{}</span></span></div>',
                    series["name"],
                    f"{width * 0.8:.2f}",
                    series.get("color", "#1d3a6e"),
                    f"{width * 0.8:.2f}",
                    f"{text} {units[i]}".strip() if units[i] != "%" else text,
                )
            )
        rows.append(
            format_html(
                '<div class="chart-row"><div class="chart-label">{}</div>'
                '<div class="chart-pairs">{}</div></div>',
                label,
                mark_safe("".join(bars)),
            )
        )
    return mark_safe("".join(rows))


def chart_html(chart: Chart) -> SafeString:
    """A chart as HTML for a document page (styled by the documents' stylesheet)."""
    body = {"bars": _bars, "status": _status, "sex": _sex}[chart.kind](chart)
    keys = []
    if chart.kind == "status":
        keys = [(s.get("status", ""), s["name"], "") for s in chart.series]
    elif chart.kind == "bars" and chart.series:
        # Bars coloured by status carry the statuses' names for their legend.
        keys = [(key, label, "") for key, label in chart.series[0].get("legend", [])]
    elif chart.kind == "sex":
        keys = [("", s["name"], s.get("color", "")) for s in chart.series]
    legend_html = format_html_join(
        "",
        '<span class="key"><span class="swatch st-{}"{}></span>{}</span>',
        (
            (
                key or "neutral",
                format_html(' style="background-color:{}"', colour) if colour else "",
                name,
            )
            for key, name, colour in keys
        ),
    )
    return format_html(
        '<figure class="chart chart-{}"><figcaption>{}</figcaption><div class="chart-body">{}'
        '</div><div class="chart-legend">{}</div></figure>',
        chart.kind,
        chart.title,
        body,
        legend_html,
    )


def chart_pngs(charts: list[Chart], language: str) -> list[bytes]:
    """PNG pictures of charts (the same drawing as the PDF's), for the Word document."""
    from naptrack.documents.browser import browser_page
    from naptrack.documents.render_pdf import font_faces

    if not charts:
        return []
    html = render_to_string(
        "documents/pdf/chart_images.html",
        {
            "language": language,
            "font_faces": font_faces(),
            "charts": [chart_html(chart) for chart in charts],
            "width": PNG_WIDTH,
        },
    )
    images = []
    with browser_page(width=PNG_WIDTH + 40, height=900, scale=2) as page:
        page.set_content(html, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        for element in page.query_selector_all("figure.chart"):
            images.append(element.screenshot(type="png", animations="disabled"))
    return images
