// 统计报表: the year's figures for the city or a district, charts, the report to download,
// and fraud-free communities with their status.
import { api, download } from "./api.js";
import { echarts } from "./charts.js";
import { el } from "./dom.js";
import * as safe from "./escape.js";
import { count, yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";

i18n.addStrings({
  zh: { r_year: "年度", r_pdf: "下载报告（PDF）", r_xlsx: "导出表格（XLSX）", r_trend: "月度案件与预警",
        r_mix: "案件类型构成", r_community: "小区", r_status: "状态", r_coverage: "宣传入户率",
        r_reports: "发案", r_notes: "说明", r_cases: "电诈案件", r_loss: "群众损失", r_stopped: "止付冻结",
        r_warnings: "预警劝阻", r_ontime: "按时处置", r_fraudfree: "无诈小区", r_yoy: "同比",
        r_near: "接近警戒线", r_checks: "警企核查", r_frozen: "其中冻结", r_by_district: "各区预警",
        r_campaigns: "反诈宣传活动", r_campaign: "活动", r_kind: "类型", r_date: "日期", r_reach: "覆盖人数",
        r_before: "前30天预警", r_after: "后30天预警", r_struck: "打击治理成效（同比）", r_gangs: "打掉团伙",
        r_suspects: "抓获嫌疑人", r_cash: "缴获现金", r_gold: "追回黄金", r_notices: "风险告知书",
        r_acked: "已签收", r_this_year: "本年", r_last_year: "上年", r_last: "上年" },
  en: { r_year: "Year", r_pdf: "Download report (PDF)", r_xlsx: "Export tables (XLSX)",
        r_trend: "Cases and warnings by month", r_mix: "Typology mix", r_community: "Community",
        r_status: "Status", r_coverage: "Propaganda coverage", r_reports: "Reports", r_notes: "Notes",
        r_cases: "Fraud cases", r_loss: "Losses", r_stopped: "Stopped & frozen", r_warnings: "Warnings",
        r_ontime: "On time", r_fraudfree: "Fraud-free communities", r_yoy: "year on year",
        r_near: "close to the line", r_checks: "Partner checks", r_frozen: "of which frozen",
        r_by_district: "Warnings by district", r_campaigns: "Campaigns", r_campaign: "Campaign",
        r_kind: "Kind", r_date: "Date", r_reach: "Reach", r_before: "Warnings 30 days before",
        r_after: "Warnings 30 days after", r_struck: "Enforcement, year on year", r_gangs: "Gangs broken",
        r_suspects: "Suspects arrested", r_cash: "Cash seized", r_gold: "Gold recovered",
        r_notices: "Notices to gold merchants", r_acked: "signed for", r_this_year: "This year",
        r_last_year: "Last year", r_last: "last year" },
}, {
  zh: { awarded: "无诈小区", revoked: "已撤销", none: "未达标", talk: "讲座", light_show: "灯光秀",
        screen_roll: "屏幕滚动", short_video: "短视频", door_to_door: "入户宣传", leaflets: "发放资料" },
  en: { awarded: "fraud-free", revoked: "revoked", none: "not yet", light_show: "light show",
        screen_roll: "screen roll", short_video: "short video", door_to_door: "door to door" },
});
header("reports");
const say = (text) => { document.getElementById("message").textContent = text; };
const yearInput = document.getElementById("f-year");
yearInput.value = new URLSearchParams(location.search).get("year") || new Date().getFullYear() - 1;
const charts = ["chart-trend", "chart-mix", "chart-district", "chart-struck"].map((id) => echarts.init(document.getElementById(id)));
// A phone turned, a window narrowed: the charts follow, instead of pushing the page sideways.
window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
const pct = (x) => (x == null ? "—" : (x > 0 ? "+" : "") + (x * 100).toFixed(1) + "%");
const query = () => `year=${yearInput.value}` + (document.getElementById("f-district").value ? `&district=${encodeURIComponent(document.getElementById("f-district").value)}` : "");

function kpi(label, value, note, id) {
  return el("section", { class: "panel", "data-kpi": id }, el("h2", {}, i18n.t(label)), el("div", { class: "kpi" }, value),
    el("span", { class: "muted" }, note));
}

async function load() {
  const s = await api("/v1/stats?" + query());
  const checks = Object.values(s.partner_checks).reduce((a, by) => a + Object.values(by).reduce((x, y) => x + y, 0), 0);
  document.getElementById("kpis").replaceChildren(
    kpi("r_cases", count(s.cases), `${i18n.t("r_yoy")} ${pct(s.cases_change)}`, "cases"),
    kpi("r_loss", yuan(s.loss_fen), `${i18n.t("r_yoy")} ${pct(s.loss_change)}`, "loss"),
    kpi("r_stopped", yuan(s.stopped_fen), `${i18n.t("r_frozen")} ${yuan(s.frozen_fen)}`, "stopped"),
    kpi("r_warnings", count(s.warnings), `${i18n.t("r_ontime")} ${s.warnings ? Math.round(100 * s.deadlines_met / s.warnings) : 0}%`, "warnings"),
    kpi("r_checks", count(checks), "", "checks"),
    kpi("r_fraudfree", `${s.fraud_free_communities} / ${s.communities}`, "", "fraudfree"));
  const months = Object.keys(s.cases_by_month);
  charts[0].setOption({ animation: false, legend: { top: 0 }, grid: { left: 32, right: 12, top: 28, bottom: 24 },
    xAxis: { type: "category", data: months.map((m) => m.slice(5)) }, yAxis: { type: "value", minInterval: 1 },
    series: [{ name: i18n.t("r_cases"), type: "line", data: Object.values(s.cases_by_month), itemStyle: { color: "#c62828" } },
      { name: i18n.t("r_warnings"), type: "line", data: months.map((m) => s.warnings_by_month[m] || 0), itemStyle: { color: "#0b4ea2" } }] });
  const mix = Object.entries(s.cases_by_typology);
  charts[1].setOption({ animation: false, grid: { left: 110, right: 12, top: 8, bottom: 24 }, xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: mix.map(([k]) => i18n.e(k)).reverse() },
    series: [{ type: "bar", data: mix.map(([, v]) => v).reverse(), itemStyle: { color: "#c62828" } }] });
  const districts = Object.entries(s.warnings_by_district);
  charts[2].setOption({ animation: false, grid: { left: 70, right: 12, top: 8, bottom: 24 }, xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: districts.map(([k]) => k).reverse() },
    series: [{ type: "bar", data: districts.map(([, v]) => v).reverse(), itemStyle: { color: "#0b4ea2" } }] });
  drawEnforcement(s);
  document.getElementById("campaign-rows").replaceChildren(...s.campaigns.map((c) => el("tr", { "data-campaign": c.campaign_id },
    el("td", {}, c.title), el("td", {}, i18n.e(c.kind)), el("td", {}, String(c.start).slice(0, 10)),
    el("td", {}, count(c.reach)), el("td", {}, String(c.warnings_before)), el("td", {}, String(c.warnings_after)))));
  const communities = await api("/v1/communities" + (document.getElementById("f-district").value ? "?district=" + encodeURIComponent(document.getElementById("f-district").value) : ""));
  document.getElementById("community-rows").replaceChildren(...communities.map((c) => el("tr", { "data-community": c.community_id, "data-status": c.status },
    el("td", {}, c.community_id), el("td", {}, c.district), el("td", {}, i18n.e(c.status)),
    el("td", {}, Math.round(100 * c.coverage) + "%"), el("td", {}, String(c.figures ? c.figures.criminal_fraud_reports : 0)),
    el("td", {}, c.near_the_line ? i18n.t("r_near") : i18n.said(c.fails[0] || (c.history.length ? c.history[c.history.length - 1].reasons[0] : ""))))));
}

// The ledger's figures: this year beside last year, one pair of bars a figure, each bar
// labelled with its value (gold in grams and notices in copies do not share an axis).
function drawEnforcement(s) {
  const now = s.enforcement || {}, before = s.enforcement_before || {}, change = s.enforcement_change || {};
  const grams = (mg) => ((mg || 0) / 1000).toLocaleString("zh-CN", { maximumFractionDigits: 3 }) + " 克";
  const note = (f, shown) => `${i18n.t("r_last")} ${shown(before[f])} · ${i18n.t("r_yoy")} ${pct(change[f])}`;
  document.getElementById("struck-kpis").replaceChildren(
    kpi("r_gangs", count(now.gangs_broken), note("gangs_broken", count), "gangs"),
    kpi("r_suspects", count(now.suspects), note("suspects", count), "suspects"),
    kpi("r_cash", yuan(now.cash_seized_fen), note("cash_seized_fen", yuan), "cash"),
    kpi("r_gold", grams(now.gold_mg), note("gold_mg", grams), "gold"),
    kpi("r_notices", count(now.notices_issued), `${i18n.t("r_acked")} ${count(now.notices_acknowledged)} · ` + note("notices_issued", count), "notices"));
  const figures = [["r_gangs", "gangs_broken", 1], ["r_suspects", "suspects", 1], ["r_gold", "gold_mg", 1000],
    ["r_notices", "notices_issued", 1], ["r_acked", "notices_acknowledged", 1]];
  // Each pair is drawn as a share of its own larger value, so small and large figures both read.
  const top = figures.map(([, f, d]) => Math.max(now[f] || 0, before[f] || 0, 1) / d);
  const shown = (x) => x.toLocaleString("zh-CN", { maximumFractionDigits: 3 });
  const bar = (source) => figures.map(([, f, d], i) => ({ value: ((source[f] || 0) / d) / top[i],
    label: { show: true, position: "right", formatter: safe.label(shown((source[f] || 0) / d)) } }));
  charts[3].setOption({ animation: false, legend: { top: 0 }, grid: { left: 90, right: 60, top: 28, bottom: 8 },
    xAxis: { type: "value", max: 1.05, show: false }, yAxis: { type: "category", inverse: true, data: figures.map(([k]) => i18n.t(k)) },
    series: [{ name: i18n.t("r_this_year"), type: "bar", data: bar(now), itemStyle: { color: "#0b4ea2" } },
      { name: i18n.t("r_last_year"), type: "bar", data: bar(before), itemStyle: { color: "#757575" } }] });
}

document.getElementById("filters").addEventListener("submit", (event) => { event.preventDefault(); load().catch((err) => say(err.message)); });
document.getElementById("dl-pdf").addEventListener("click", () =>
  download("/v1/stats/report?format=pdf&" + query(), `report-${yearInput.value}.pdf`).catch((err) => say(err.message)));
document.getElementById("dl-xlsx").addEventListener("click", () =>
  download("/v1/stats/report?format=xlsx&" + query(), `report-${yearInput.value}.xlsx`).catch((err) => say(err.message)));
load().catch((err) => say(err.message));
