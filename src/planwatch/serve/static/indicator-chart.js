// One indicator, one region at a time, on a true time axis (years as numbers; a year without a figure
// leaves a gap). Actuals: a line with points; estimates: dashed; targets: diamonds; a figure for several
// years (2016-2020): a flat segment over its span ending in its marker. Data: serve/read/charts.py.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  const box = document.getElementById("indicator-chart");
  const dataNode = document.getElementById("indicator-chart-data");
  const labelsNode = document.getElementById("indicator-chart-labels");
  if (!box || !dataNode || !labelsNode) return;
  const D = JSON.parse(dataNode.textContent), L = JSON.parse(labelsNode.textContent), W = L.charts;
  const css = getComputedStyle(document.documentElement);
  const color = (name, dflt) => css.getPropertyValue("--" + name).trim() || dflt;
  const colors = { actual: color("actual", "#15803d"), estimate: color("estimate", "#b45309"), target: color("target", "#2563eb") };
  const chart = echarts.init(box);
  const esc = (s) => String(s == null ? "" : s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");

  function tooltip(p) {
    const d = p.data || {};
    if (d.value == null || d.value[1] == null || !d.doc) return "";
    const axis = (chart.__axes || [])[p.seriesIndex] || "";
    return esc(p.seriesName) + "：<b>" + esc(d.value[1]) + " " + esc(axis) + "</b><br>" +
      esc(W.period) + "：" + esc(d.period) + "<br>" +
      esc(W.quote) + "：“" + esc(d.indicator) + " " + esc(d.text) + "”<br>" +
      esc(W.source) + "：" + esc(d.doc) + (d.file && d.file !== d.doc ? "（" + esc(d.file) + "）" : "") +
      " [" + esc(d.span[0]) + ", " + esc(d.span[1]) + ")<br><small>" + esc(W.open_source) + "</small>";
  }

  function show(region) {
    const c = D.charts[region];
    if (!c) return;
    box.dataset.region = region;
    delete box.dataset.drawn;
    chart.__axes = c.series.map((s) => c.axes[s.axis].name);
    const pad = c.years.length ? [c.years[0] - 0.5, c.years[1] + 0.5] : [null, null];
    const named = D.regions.find((r) => r.name === region);
    chart.setOption({
      title: { text: named ? named.label : region, left: 8, top: 0, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", formatter: tooltip, confine: true },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 56, bottom: 48, containLabel: true },
      xAxis: { type: "value", name: W.year, min: Math.floor(pad[0]), max: Math.ceil(pad[1]), minInterval: 1,
        interval: 1, axisLabel: { formatter: (v) => (Number.isInteger(v) ? String(v) : "") }, splitLine: { show: false } },
      yAxis: c.axes.map((a, i) => ({ type: "value", name: a.name, scale: true, position: i ? "right" : "left",
        boundaryGap: ["12%", "12%"],
        nameTextStyle: { fontWeight: "bold" } })),
      series: c.series.map((s) => {
        const base = { name: s.name, yAxisIndex: s.axis, data: s.data, connectNulls: false,
          itemStyle: { color: colors[s.kind] }, emphasis: { focus: "series" } };
        if (s.span) {  // a marker at the end year, a band over the years it covers
          return Object.assign(base, { type: "scatter", symbol: s.kind === "target" ? "diamond" : "circle", symbolSize: 12,
            label: { show: true, position: "top", formatter: (p) => p.data.period },
            markLine: { silent: true, symbol: "none", tooltip: { show: false }, label: { show: false },
              lineStyle: { color: colors[s.kind], width: 8, opacity: 0.22, type: "solid" },
              data: s.data.map((d) => [{ coord: [d.from, d.value[1]] }, { coord: [d.value[0], d.value[1]] }]) } });
        }
        if (s.kind === "target") {
          return Object.assign(base, { type: "scatter", symbol: "diamond", symbolSize: 14 });
        }
        return Object.assign(base, { type: "line", symbol: s.kind === "estimate" ? "triangle" : "circle", symbolSize: 8,
          showAllSymbol: true, lineStyle: s.kind === "estimate" ? { type: "dashed" } : { width: 2 } });
      }),
    }, true);
  }

  chart.on("finished", () => { box.dataset.drawn = box.dataset.region; });  // drawn, animations done
  chart.on("click", (p) => { if (p.data && p.data.href) window.location.href = p.data.href; });
  const select = document.getElementById("chart-region");
  if (select) {
    select.addEventListener("change", () => {
      if (box.dataset.filtered) { select.form.submit(); return; }  // the tables below are of one region
      show(select.value);
      const url = new URL(window.location.href);
      url.searchParams.set("region", select.value);
      window.history.replaceState(null, "", url);
    });
  }
  show(box.dataset.region || (D.regions[0] && D.regions[0].name));
  window.addEventListener("resize", () => chart.resize());
})();
