// Charts with the vendored ECharts (static/vendor/echarts.min.js); no network needed.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue("--" + name).trim();

  const ov = document.getElementById("overview-chart");
  if (ov) {
    const d = JSON.parse(ov.dataset.chart);
    ov.style.height = Math.max(240, 56 + 34 * d.regions.length) + "px";
    const chart = echarts.init(ov);
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.regions, inverse: true },
      series: d.series.map((s) => ({ name: s.name, type: "bar", stack: "all", data: s.values, barMaxWidth: 28,
        itemStyle: { color: color(s.status) } })),
    });
    chart.on("finished", () => { ov.dataset.drawn = "1"; });
    chart.on("click", (p) => { window.location.href = "/regions/" + encodeURIComponent(p.name); });
    window.addEventListener("resize", () => chart.resize());
  }
})();
