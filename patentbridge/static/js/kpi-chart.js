// The regulator's chart: licence recordations and transfer registrations per year against +10 %.
// Data and the translated series names come from the page's json_script element.
(function () {
  const data = JSON.parse(document.getElementById("kpi-data").textContent);
  const names = data.labels;
  const chart = echarts.init(document.getElementById("recordation-chart"));
  chart.setOption({
    tooltip: {trigger: "axis"}, legend: {},
    xAxis: {type: "category", data: data.years.map(y => String(y.year))},
    yAxis: [{type: "value", name: names.count}, {type: "value", name: "%"}],
    series: [
      {name: names.licences, type: "bar", stack: "n", data: data.years.map(y => y.licences)},
      {name: names.transfers, type: "bar", stack: "n", data: data.years.map(y => y.transfers)},
      {name: names.growth, type: "line", yAxisIndex: 1,
       data: data.years.map(y => y.growth_percent === null ? null : Number(y.growth_percent))},
      {name: "+10 %", type: "line", yAxisIndex: 1, lineStyle: {type: "dashed"}, data: data.years.map(() => 10)},
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
