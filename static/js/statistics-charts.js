/* 履职通, the statistics pages: each <canvas data-chart="key" data-chart-type="bar"> is drawn
   from the page's JSON (json_script "chart-data"). A stacked bar chart of several series
   (data-chart-series="replied:已答复:#2a9d8f,…") draws one series per part, horizontally. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#a4161a", "#e5383b", "#f4a261", "#2a9d8f", "#264653", "#8d99ae", "#6c757d", "#ffb703", "#219ebc", "#023047", "#588157", "#bc6c25"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var block = data[canvas.dataset.chart];
    if (!block) { return; }
    var type = canvas.dataset.chartType || "bar";
    var series = canvas.dataset.chartSeries;
    if (series) {
      var datasets = series.split(",").map(function (part) {
        var bits = part.split(":");
        return {label: bits[1], data: block[bits[0]], backgroundColor: bits[2]};
      });
      new Chart(canvas, {type: "bar", data: {labels: block.labels, datasets: datasets},
        options: {indexAxis: "y", scales: {x: {stacked: true}, y: {stacked: true}}, maintainAspectRatio: false}});
      return;
    }
    var options = {plugins: {legend: {display: type !== "bar", position: canvas.dataset.legend || "top"}}};
    if (canvas.dataset.fill === "1") { options.maintainAspectRatio = false; }
    new Chart(canvas, {type: type, data: {labels: block.labels, datasets: [{data: block.data, backgroundColor: colours}]}, options: options});
  });
})();
