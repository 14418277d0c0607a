// Hot issues: the trend chart (appeals and supports per day) of the staff pages.
(function () {
  "use strict";
  if (window.huyingHot) {
    return;
  }
  window.huyingHot = true;

  function draw() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[data-hot-chart]").forEach(function (holder) {
      if (holder.dataset.drawn) {
        return;
      }
      holder.dataset.drawn = "1";
      var data = JSON.parse(document.getElementById(holder.dataset.hotChart).textContent);
      var series = [];
      data.series.forEach(function (one) {
        series.push({ name: one.name, type: "line", smooth: true, data: one.appeals });
      });
      if (data.series.length === 1) {
        series.push({ name: holder.dataset.supportsLabel || "+1", type: "bar", data: data.series[0].supports });
      }
      var chart = window.echarts.init(holder);
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", top: 0 },
        grid: { left: 40, right: 16, top: 40, bottom: 30 },
        xAxis: { type: "category", data: data.days },
        yAxis: { type: "value", minInterval: 1 },
        series: series,
      });
      window.addEventListener("resize", function () {
        chart.resize();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
