// Charts with the vendored ECharts (static/vendor/echarts.min.js); no network needed.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue("--" + name).trim();

  const ov = document.getElementById("overview-chart");
  if (ov) {
    const d = JSON.parse(ov.dataset.chart), L = JSON.parse(ov.dataset.labels);
    const chart = echarts.init(ov);
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.regions, inverse: true },
      series: d.series.map((s) => ({ name: L[s.status] || s.status, type: "bar", stack: "all", data: s.values, barMaxWidth: 28,
        itemStyle: { color: color(s.status) } })),
    });
    chart.on("click", (p) => { window.location.href = "/regions/" + encodeURIComponent(p.name); });
    window.addEventListener("resize", () => chart.resize());
  }

  const ind = document.getElementById("indicator-chart");
  if (ind) {
    const d = JSON.parse(ind.dataset.chart), L = JSON.parse(ind.dataset.labels);
    const chart = echarts.init(ind);
    const units = [...new Set(d.series.map((s) => s.unit))];
    const regions = [...new Set(d.series.map((s) => s.region))];
    const palette = ["#2563eb", "#dc2626", "#15803d", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: d.periods },
      yAxis: units.slice(0, 2).map((u) => ({ type: "value", name: u, scale: true })),
      series: d.series.map((s) => ({
        name: (s.region || "") + " " + (L[s.kind] || s.kind) + (units.length > 1 ? "（" + s.unit + "）" : ""),
        type: s.kind === "target" ? "scatter" : "line", connectNulls: true, symbolSize: s.kind === "target" ? 12 : 6,
        symbol: s.kind === "target" ? "diamond" : s.kind === "estimate" ? "triangle" : "circle",
        lineStyle: s.kind === "estimate" ? { type: "dashed" } : undefined,
        yAxisIndex: Math.min(units.indexOf(s.unit), 1), data: s.values,
        itemStyle: { color: palette[regions.indexOf(s.region) % palette.length] },
      })),
    });
    window.addEventListener("resize", () => chart.resize());
  }
})();
