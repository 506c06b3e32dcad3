// Bar charts of article counts per year (or per month of one year), drawn with the vendored uPlot
// from data that the page carries in <script type="application/json"> (json_script). Without
// JavaScript the table beside each chart is the chart; screen readers always get the table.
// Clicking a bar follows that year's (or month's) link, so the chart is itself a filter.
// A figure series (data-kind="value") charts each year's value instead of a count; its bar links
// to the sentence the value came from.
(function () {
  "use strict";
  function draw(figure) {
    var data = JSON.parse(document.getElementById(figure.dataset.chart).textContent);
    if (!data.length || typeof uPlot === "undefined") return;
    var box = figure.querySelector(".chart-canvas");
    var xs = data.map(function (d) { return d.month || d.year; });
    var values = figure.dataset.kind === "value";
    var counts = data.map(function (d) { return values ? d.value : d.count; });
    var compact = new Intl.NumberFormat(document.documentElement.lang || undefined, { notation: "compact" });
    var integers = function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) ? String(v) : ""; }); };
    var amounts = function (u, splits) { return splits.map(function (v) { return compact.format(v); }); };
    var links = data.map(function (d) { return d.url; });
    var bars = uPlot.paths.bars({ size: [0.7, 40] });
    var plot = new uPlot({
      width: box.clientWidth || 320,
      height: 160,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      // Counts from zero: a bar's height is its count, not its distance from the smallest one.
      // Years (or months) are whole steps: half a step of room either side, a tick per step.
      scales: { x: { time: false, range: function (u, min, max) { return [min - 0.5, max + 0.5]; } }, y: { range: function (u, min, max) { return [0, values ? max || 1 : Math.max(1, max)]; } } },
      axes: [{ values: integers, incrs: [1, 2, 5, 10, 20, 50] }, { size: values ? 64 : 40, values: values ? amounts : integers }],
      series: [{}, { label: figure.dataset.label || "", fill: "rgba(164, 32, 32, 0.75)", stroke: "rgb(164, 32, 32)", paths: bars, points: { show: false } }]
    }, [xs, counts], box);
    box.style.cursor = "pointer";
    box.addEventListener("click", function () {
      var i = plot.cursor.idx;
      if (i != null && links[i]) window.location.assign(links[i]);
    });
    figure.classList.add("drawn");
  }
  // A diffusion chart (data-kind="levels"): {periods, series: [{label, counts}]}, one line per
  // administrative level, the periods (months or years) as steps along the axis.
  var COLOURS = ["rgb(164, 32, 32)", "rgb(26, 77, 143)", "rgb(46, 125, 50)", "rgb(191, 120, 0)", "rgb(95, 99, 104)"];
  function drawLevels(figure) {
    var data = JSON.parse(document.getElementById(figure.dataset.chart).textContent);
    if (!data.periods || !data.periods.length || typeof uPlot === "undefined") return;
    var box = figure.querySelector(".chart-canvas");
    var xs = data.periods.map(function (p, i) { return i; });
    var labels = function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) && data.periods[v] ? data.periods[v] : ""; }); };
    var integers = function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) ? String(v) : ""; }); };
    var series = [{}].concat(data.series.map(function (s, i) {
      return { label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2, points: { show: true, size: 6 } };
    }));
    new uPlot({
      width: box.clientWidth || 320,
      height: 200,
      legend: { show: false },  // the key is the page's own list (.chart-key), in the series' colours
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: function (u, min, max) { return [min - 0.5, max + 0.5]; } }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      axes: [{ values: labels, incrs: [1, 2, 3, 6, 12] }, { size: 40, values: integers }],
      series: series
    }, [xs].concat(data.series.map(function (s) { return s.counts; })), box);
    figure.classList.add("drawn");
  }
  document.querySelectorAll("figure.chart[data-chart]").forEach(function (figure) {
    if (figure.dataset.kind === "levels") drawLevels(figure); else draw(figure);
  });
})();
