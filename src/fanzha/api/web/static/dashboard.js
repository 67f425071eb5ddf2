import { api } from "./api.js";
import { echarts } from "./charts.js";
import { el } from "./dom.js";
import { levelBadge, when, yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";

header("dashboard");
const districtChart = echarts.init(document.getElementById("chart-district"));
const trendChart = echarts.init(document.getElementById("chart-trend"));

i18n.addStrings({ zh: { stopped_today: "今日止付" }, en: { stopped_today: "Stopped today" } });
document.getElementById("k4").textContent = i18n.t("stopped_today");

function render(s) {
  document.getElementById("kpi-open").textContent = s.total_open;
  document.getElementById("kpi-stopped").textContent =
    yuan(s.stopped_today_fen || 0);
  for (const level of ["high", "medium", "low"]) {
    document.getElementById("kpi-" + level).textContent = s.open_by_level[level] ?? 0;
  }
  const list = document.getElementById("at-risk");
  list.replaceChildren(...(s.deadlines_at_risk.length ? s.deadlines_at_risk.slice(0, 8).map((r) =>
    el("li", {}, el("a", { href: "task.html?id=" + encodeURIComponent(r.task_id) }, r.task_id), " ",
      levelBadge(r.level), " ",
      i18n.e(r.deadline === "on_site" ? "on_site_deadline" : r.deadline), " · ",
      r.overdue ? el("span", { class: "error" }, i18n.t("overdue")) : i18n.t("due") + " " + when(r.due)))
    : [el("li", { class: "muted" }, "—")]));
  const districts = Object.entries(s.open_by_district).sort((a, b) => b[1] - a[1]);
  districtChart.setOption({
    animation: false,
    grid: { left: 80, right: 16, top: 8, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: districts.map((d) => d[0]).reverse() },
    series: [{ type: "bar", data: districts.map((d) => d[1]).reverse(), itemStyle: { color: "#0b4ea2" }, barMaxWidth: 28 }],
  });
  trendChart.setOption({
    animation: false,
    grid: { left: 32, right: 16, top: 8, bottom: 24 },
    xAxis: { type: "category", data: s.created_last_24h.map((_, i) => i - 23 + "h") },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "line", smooth: true, areaStyle: {}, data: s.created_last_24h, itemStyle: { color: "#c62828" } }],
  });
}

api("/v1/summary").then(render);
// Live: the tab's one stream (live.js) brings the figures when they change.
window.addEventListener("fz-summary", (event) => render(event.detail));
window.addEventListener("fz-resync", () => api("/v1/summary").then(render));
window.addEventListener("fz-live", (event) => {
  document.getElementById("live").textContent = event.detail.on ? "● " + i18n.t("live") : "";
});
window.addEventListener("resize", () => { districtChart.resize(); trendChart.resize(); });
