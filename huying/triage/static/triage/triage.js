// Smart triage: one-click suggestions fill the dispatch form; model charts on the workbench.
(function () {
  "use strict";
  if (window.huyingTriage) {
    return;
  }
  window.huyingTriage = true;

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-triage-field]");
    if (!button) {
      return;
    }
    var form = button.closest("form");
    var field = button.dataset.triageField;
    var select = form && form.querySelector('select[name$="-' + field + '"], select[name="' + field + '"]');
    if (!select) {
      return;
    }
    select.value = button.dataset.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    var group = button.closest(".triage-choices");
    group.querySelectorAll('[data-triage-field="' + field + '"]').forEach(function (other) {
      other.setAttribute("aria-pressed", other === button ? "true" : "false");
    });
  });

  function drawCharts() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[data-triage-chart]").forEach(function (holder) {
      if (holder.dataset.drawn) {
        return;
      }
      holder.dataset.drawn = "1";
      var data = JSON.parse(document.getElementById(holder.dataset.triageChart).textContent);
      var chart = window.echarts.init(holder);
      if (holder.dataset.kind === "confusion") {
        var cells = [];
        var max = 1;
        data.confusion.forEach(function (row, i) {
          row.forEach(function (value, j) {
            cells.push([j, i, value]);
            max = Math.max(max, value);
          });
        });
        chart.setOption({
          tooltip: { position: "top" },
          grid: { left: 120, bottom: 90, top: 10, right: 20 },
          xAxis: { type: "category", data: data.labels, name: data.names.predicted, axisLabel: { rotate: 40 } },
          yAxis: { type: "category", data: data.labels, name: data.names["true"], inverse: true },
          visualMap: { min: 0, max: max, show: false, inRange: { color: ["#f7fbff", "#08519c"] } },
          series: [{ type: "heatmap", data: cells, label: { show: true } }]
        });
      } else {
        chart.setOption({
          tooltip: { trigger: "axis" },
          legend: { top: 0 },
          grid: { left: 50, bottom: 90, top: 30, right: 20 },
          xAxis: { type: "category", data: data.labels, axisLabel: { rotate: 40 } },
          yAxis: { type: "value", min: 0, max: 1 },
          series: [
            { name: data.names.precision, type: "bar", data: data.precision },
            { name: data.names.recall, type: "bar", data: data.recall },
            { name: data.names.f1, type: "bar", data: data.f1 }
          ]
        });
      }
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", drawCharts);
  document.addEventListener("htmx:afterSwap", drawCharts);
})();
