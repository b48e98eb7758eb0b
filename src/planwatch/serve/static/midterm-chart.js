// The mid-term view: each target's progress (bar) against the share of the plan's period gone (a line).
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  const box = document.getElementById("midterm-chart");
  const dataNode = document.getElementById("midterm-chart-data");
  const labelsNode = document.getElementById("midterm-chart-labels");
  if (!box || !dataNode || !labelsNode) return;
  const D = JSON.parse(dataNode.textContent), W = JSON.parse(labelsNode.textContent);
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue("--" + name).trim();
  const esc = (s) => String(s == null ? "" : s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  box.style.height = Math.max(220, 80 + 36 * D.labels.length) + "px";
  const chart = echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "item", confine: true, formatter: (p) => {
      const i = p.dataIndex;
      return esc(D.labels[i]) + "<br>" + esc(W.target) + "：" + esc(D.target[i]) + "<br>" + esc(W.latest) + "：" +
        esc(D.latest[i]) + "<br>" + esc(W.progress) + "：<b>" + esc(D.percent[i]) + "%</b> · " + esc(W.elapsed) + "：" + esc(D.share) + "%";
    } },
    grid: { left: 8, right: 40, top: 36, bottom: 24, containLabel: true },
    xAxis: { type: "value", name: "%", min: 0, max: (v) => Math.max(100, Math.ceil(v.max / 10) * 10) },
    yAxis: { type: "category", data: D.labels, inverse: true },
    series: [{
      name: W.progress, type: "bar", barMaxWidth: 22,
      data: D.values.map((v) => ({ value: v, itemStyle: { color: v >= D.share ? color("achieved") : color("likely_missed") } })),
      label: { show: true, position: "right", formatter: (p) => D.percent[p.dataIndex] + "%" },
      markLine: { symbol: "none", lineStyle: { color: color("ink") || "#1f2937", type: "dashed", width: 2 },
        label: { formatter: W.elapsed + " " + D.share + "%", position: "start" }, data: [{ xAxis: D.share }] },
    }],
  });
  chart.on("finished", () => { box.dataset.drawn = "1"; });
  window.addEventListener("resize", () => chart.resize());
})();
