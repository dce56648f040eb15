/* The gap analysis chart: compliance by dimension, one bar per series (self-assessment,
   assessors, the previous cycle), with the level thresholds as lines. The same figures are in
   the table beside it, so nothing is lost without this file or without ECharts. */
(function () {
  "use strict";

  var FONT = "Sarabun, 'Noto Sans Thai', system-ui, sans-serif";
  var COLOURS = { self: "#0f6a73", assessed: "#1d3a6e", previous: "#8a94a3" };
  var DECALS = {
    self: { symbol: "none" },
    assessed: { symbol: "rect", color: "rgba(255,255,255,0.45)", dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4 },
    previous: { symbol: "circle", color: "rgba(255,255,255,0.6)", symbolSize: 0.8, dashArrayX: [[4, 4]], dashArrayY: [4, 4] }
  };
  var LEVEL_COLOURS = ["#9c5a2a", "#7d8794", "#b8860b"];

  function escape(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function draw(el) {
    if (el.dataset.drawn || typeof window.echarts === "undefined") return;
    var source = document.getElementById(el.dataset.sealChart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    if (!data.categories || !data.categories.length) return;
    el.dataset.drawn = "1";
    el.textContent = "";
    el.style.height = Math.max(260, data.categories.length * data.series.length * 26 + 110) + "px";
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var marks = (data.thresholds || []).map(function (t, i) {
      return { xAxis: t.value, name: t.name, lineStyle: { color: LEVEL_COLOURS[i] || "#526070" } };
    });
    chart.setOption({
      aria: { enabled: true, label: { description: data.title } },
      animation: false,
      textStyle: { fontFamily: FONT, fontSize: 13, color: "#1b2430" },
      legend: { top: 0, textStyle: { fontFamily: FONT } },
      grid: { left: 8, right: 48, top: 56, bottom: 24, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        confine: true,
        formatter: function (items) {
          var index = items[0].dataIndex;
          var lines = [escape(data.categories[index] + " " + data.names[index])];
          items.forEach(function (item) {
            lines.push(escape(item.seriesName) + ": <strong>" + (item.value == null ? "–" : item.value + "%") + "</strong>");
          });
          return lines.join("<br>");
        }
      },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.categories.map(function (code, i) { return code + "  " + data.names[i]; }),
        axisLabel: { width: el.clientWidth < 520 ? 110 : 260, overflow: "truncate", fontFamily: FONT }
      },
      series: data.series.map(function (s, index) {
        var series = {
          type: "bar",
          name: s.name,
          barMaxWidth: 18,
          data: s.values,
          itemStyle: { color: COLOURS[s.key] || "#1d3a6e", decal: DECALS[s.key] || { symbol: "none" } },
          label: { show: true, position: "right", fontFamily: FONT, formatter: function (p) { return p.value == null ? "" : p.value + "%"; } }
        };
        if (index === 0 && marks.length) {
          series.markLine = {
            symbol: "none",
            silent: true,
            lineStyle: { type: "dashed", width: 1.5 },
            label: { formatter: "{b}", position: "start", fontFamily: FONT },
            data: marks
          };
        }
        return series;
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll() {
    document.querySelectorAll("[data-seal-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
