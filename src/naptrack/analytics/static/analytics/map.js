/* The province map: shades each province by its figure with ECharts and the Thailand shapes.
   The page works without this file: the same figures are in the table under the map. */
(function () {
  "use strict";

  var NO_DATA = "#d9dde3";
  var SCALE = ["#dcedef", "#5fa8ae", "#0f6a73", "#0b3d5c"];

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Filters apply as soon as a choice changes; the Show button stays for keyboards and old browsers.
  function autosubmit() {
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      form.addEventListener("change", function () {
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      });
    });
  }

  function draw() {
    var holder = document.getElementById("province-map");
    var source = document.getElementById("map-data");
    if (!holder || !source || !window.echarts) return;
    var chart = JSON.parse(source.textContent);
    if (!window.echarts.getMap(chart.map)) return;
    var byName = {};
    chart.data.forEach(function (d) { byName[d.name] = d; });
    var labels = chart.labels;
    var max = chart.max > 0 ? chart.max : 1;
    var hasData = chart.data.some(function (d) { return d.value !== null; });

    holder.textContent = "";
    holder.classList.add("is-drawn");
    var instance = window.echarts.init(holder, null, { renderer: "svg" });
    instance.setOption({
      animation: false,
      // The page's font (Sarabun) draws Thai; the chart's default font may not.
      textStyle: { fontFamily: window.getComputedStyle(document.body).fontFamily },
      tooltip: {
        trigger: "item",
        confine: true,
        formatter: function (params) {
          var d = byName[params.name];
          if (!d) return "";
          var lines = ["<strong>" + escapeHtml(d.label) + "</strong>"];
          if (d.value === null) {
            lines.push(escapeHtml(labels.noData));
          } else {
            lines.push(escapeHtml(d.text) + (d.detail ? " (" + escapeHtml(d.detail) + ")" : ""));
            lines.push(escapeHtml(labels.agencies) + ": " + escapeHtml(d.agencies));
          }
          return lines.join("<br>");
        }
      },
      visualMap: {
        show: hasData,
        type: "continuous",
        min: chart.min,
        max: max,
        orient: "horizontal",
        left: "center",
        bottom: 4,
        itemWidth: 12,
        itemHeight: 120,
        text: [labels.high, labels.low],
        calculable: false,
        inRange: { color: SCALE },
        // Provinces without data are not in the series' data and keep the grey area colour.
        outOfRange: { color: NO_DATA }
      },
      series: [{
        type: "map",
        map: chart.map,
        nameMap: chart.nameMap,
        roam: false,
        center: chart.focus ? chart.center : undefined,
        zoom: chart.focus ? chart.zoom : 1,
        // Thailand is tall: fit its height to the box (the width follows, keeping the shape),
        // leaving room for the scale at the bottom.
        top: 8,
        bottom: hasData ? 56 : 8,
        left: "center",
        selectedMode: false,
        itemStyle: { areaColor: NO_DATA, borderColor: "#ffffff", borderWidth: 0.6 },
        emphasis: {
          itemStyle: { areaColor: "#f2b705" },
          label: { show: false }
        },
        label: {
          show: chart.focus,
          fontSize: holder.clientWidth < 500 ? 11 : 13,
          color: "#1b2430",
          textBorderColor: "#ffffff",
          textBorderWidth: 2,
          formatter: function (params) {
            var d = byName[params.name];
            return d && d.focus ? d.label : "";
          }
        },
        data: chart.data.filter(function (d) { return d.value !== null; }).map(function (d) {
          return { name: d.name, value: d.value };
        })
      }]
    });
    // A province clicked on the map is found in the table below.
    instance.on("click", function (params) {
      var row = document.getElementById("province-" + params.name);
      if (row) {
        row.scrollIntoView({ behavior: "smooth", block: "center" });
        row.classList.add("row-highlight");
      }
    });
    window.addEventListener("resize", function () { instance.resize(); });
  }

  function start() {
    autosubmit();
    draw();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
