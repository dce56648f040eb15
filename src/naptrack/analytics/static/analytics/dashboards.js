/* Dashboards: draw the charts from the data the page carries (json_script), and submit the filter
   form when a choice changes. Every chart has its table on the page, so nothing is lost without
   this file or without ECharts. */
(function () {
  "use strict";

  // The same colours as dashboards.css; patterns (decals) so that colour is never the only cue.
  var COLOURS = {
    achieved: "#1d7a3e",
    on_track: "#17739e",
    at_risk: "#c27c00",
    off_track: "#b3261e",
    no_data: "#8a94a3",
    on_time: "#1d7a3e",
    late: "#c27c00",
    not_submitted: "#8a94a3",
    neutral: "#1d3a6e"
  };
  var WHITE = "rgba(255,255,255,0.55)";
  var DECALS = {
    on_track: { symbol: "rect", color: WHITE, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4 },
    at_risk: { symbol: "circle", color: WHITE, symbolSize: 0.8, dashArrayX: [[4, 4]], dashArrayY: [4, 4] },
    off_track: { symbol: "rect", color: WHITE, dashArrayX: [[1, 0], [1, 0]], dashArrayY: [2, 3], rotation: -Math.PI / 4 },
    no_data: { symbol: "rect", color: WHITE, dashArrayX: [1, 0], dashArrayY: [1, 4], rotation: 0 },
    late: { symbol: "circle", color: WHITE, symbolSize: 0.8, dashArrayX: [[4, 4]], dashArrayY: [4, 4] },
    not_submitted: { symbol: "rect", color: WHITE, dashArrayX: [1, 0], dashArrayY: [1, 4], rotation: 0 }
  };
  var FONT = "Sarabun, 'Noto Sans Thai', system-ui, sans-serif";
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  var charts = [];

  function lang() {
    return document.documentElement.lang || "th";
  }

  function digits(text, thai) {
    text = String(text);
    return thai ? text.replace(/[0-9]/g, function (d) { return THAI_DIGITS[Number(d)]; }) : text;
  }

  function axisNumber(thai, unit) {
    var format = new Intl.NumberFormat(lang(), { maximumFractionDigits: 1 });
    return function (value) {
      return digits(format.format(value), thai) + (unit === "%" ? "%" : "");
    };
  }

  function narrow(el) {
    return el.clientWidth < 520;
  }

  function base(data) {
    return {
      aria: { enabled: true, label: { description: data.title } },
      animation: false,
      textStyle: { fontFamily: FONT, fontSize: 13, color: "#1b2430" },
      tooltip: { confine: true, textStyle: { fontFamily: FONT } }
    };
  }

  function categoryAxis(el, data) {
    var small = narrow(el);
    // Wide screens show a code with its name (1.2.1.1 Women's networks…); phones the code only.
    var labels = data.details && !small
      ? data.categories.map(function (c, i) { return c + "  " + data.details[i]; })
      : data.categories;
    return {
      type: "category",
      data: labels,
      inverse: true,
      axisTick: { show: false },
      axisLabel: { width: small ? 96 : (data.details ? 320 : 220), overflow: "truncate", fontFamily: FONT }
    };
  }

  // Horizontal bars, one per row of the table, coloured (and patterned) by status or timeliness.
  function bars(el, data) {
    var option = base(data);
    option.grid = { left: 8, right: narrow(el) ? 56 : 72, top: 8, bottom: 28, containLabel: true };
    option.xAxis = {
      type: "value",
      splitNumber: narrow(el) ? 3 : 5,
      axisLabel: { formatter: axisNumber(data.thaiDigits, data.unit), hideOverlap: true }
    };
    option.yAxis = categoryAxis(el, data);
    option.tooltip.trigger = "item";
    option.tooltip.formatter = function (p) {
      return escape(data.names[p.dataIndex]) + "<br><strong>" + escape(data.labels[p.dataIndex]) +
        (data.unit === "%" ? "" : " " + escape(data.unit || "")) + (data.provisional ? " *" : "") + "</strong>";
    };
    option.series = [{
      type: "bar",
      barMaxWidth: 22,
      data: data.values.map(function (value, i) {
        var key = data.colours[i];
        return {
          value: value,
          itemStyle: { color: COLOURS[key] || COLOURS.neutral, decal: DECALS[key] || { symbol: "none" } }
        };
      }),
      label: {
        show: true,
        position: "right",
        fontFamily: FONT,
        formatter: function (p) { return data.labels[p.dataIndex] + (data.provisional ? " *" : ""); }
      }
    }];
    return option;
  }

  // Stacked bars: counts by status for each category (plan, pillar).
  function stack(el, data) {
    var option = base(data);
    // The page shows the legend of statuses beside the chart (with the same patterns).
    option.grid = { left: 8, right: 16, top: 8, bottom: 24, containLabel: true };
    option.xAxis = { type: "value", minInterval: 1, axisLabel: { formatter: axisNumber(data.thaiDigits, "") } };
    option.yAxis = categoryAxis(el, data);
    option.tooltip.trigger = "axis";
    option.tooltip.axisPointer = { type: "shadow" };
    option.series = data.series.map(function (s) {
      return {
        type: "bar",
        name: s.name,
        stack: "status",
        barMaxWidth: 26,
        itemStyle: { color: COLOURS[s.status], decal: DECALS[s.status] || { symbol: "none" } },
        label: {
          show: true,
          fontFamily: FONT,
          color: "#fff",
          fontWeight: 600,
          formatter: function (p) { return p.value ? s.labels[p.dataIndex] : ""; }
        },
        data: s.values
      };
    });
    return option;
  }

  // Values over time against the target (dashed) and the baseline (a level line).
  function line(el, data) {
    var option = base(data);
    option.grid = { left: 8, right: 24, top: 48, bottom: 8, containLabel: true };
    option.legend = { top: 0, textStyle: { fontFamily: FONT } };
    option.xAxis = { type: "category", data: data.categories, axisLabel: { fontFamily: FONT, hideOverlap: true } };
    option.yAxis = { type: "value", scale: true, axisLabel: { formatter: axisNumber(data.thaiDigits, data.unit) } };
    option.tooltip.trigger = "axis";
    option.tooltip.formatter = function (points) {
      var lines = [escape(data.categories[points[0].dataIndex])];
      points.forEach(function (p) {
        var s = data.series[p.seriesIndex];
        lines.push(p.marker + escape(s.name) + ": <strong>" + escape(s.labels[p.dataIndex]) +
          (data.provisional ? " *" : "") + "</strong>");
      });
      return lines.join("<br>");
    };
    option.series = data.series.map(function (s, index) {
      var series = {
        type: "line",
        name: s.name,
        connectNulls: false,
        symbolSize: index === 0 ? 10 : 6,
        lineStyle: { width: index === 0 ? 3 : 2, type: s.dashed ? "dashed" : "solid" },
        itemStyle: { color: index === 0 ? COLOURS.neutral : "#6b4e9b" },
        data: s.values.map(function (value, i) {
          var point = { value: value };
          if (s.statuses) {
            point.itemStyle = { color: COLOURS[s.statuses[i]] || COLOURS.neutral };
            point.symbol = { achieved: "circle", on_track: "triangle", at_risk: "diamond", off_track: "rect" }[s.statuses[i]] || "emptyCircle";
          }
          return point;
        })
      };
      if (index === 0) {
        series.label = {
          show: true, position: "top", fontFamily: FONT,
          formatter: function (p) { return s.labels[p.dataIndex] + (data.provisional ? " *" : ""); }
        };
        if (data.baseline) {
          series.markLine = {
            symbol: "none",
            silent: true,
            lineStyle: { color: "#526070", type: "dotted", width: 2 },
            label: { formatter: data.baseline.label, position: "insideStartTop", fontFamily: FONT },
            data: [{ yAxis: data.baseline.value }]
          };
        }
      }
      return series;
    });
    return option;
  }

  function escape(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  var KINDS = { bars: bars, stack: stack, line: line };

  function height(data) {
    if (data.kind === "line") return 320;
    var rows = (data.categories || []).length;
    return Math.max(120, rows * 36 + 50);
  }

  function draw(el) {
    if (el.dataset.drawn || typeof window.echarts === "undefined") return;
    var source = document.getElementById(el.dataset.chart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var build = KINDS[data.kind];
    if (!build) return;
    el.dataset.drawn = "1";
    el.textContent = "";
    el.style.height = height(data) + "px";
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(build(el, data));
    charts.push({ chart: chart, el: el, data: data, build: build, wide: !narrow(el) });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (item) {
        var wide = !narrow(item.el);
        if (wide !== item.wide) {
          // Axis label widths depend on the width: rebuild the options.
          item.wide = wide;
          item.chart.setOption(item.build(item.el, item.data), true);
        }
        item.chart.resize();
      });
    }, 150);
  });

  // Filters apply as soon as a choice changes; the Show button stays for keyboards and no-JS.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (!form) return;
    if (event.target.name === "plan" && form.elements.period) {
      // Another plan has other periods: let the page choose the plan's current one.
      form.elements.period.disabled = true;
    }
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
