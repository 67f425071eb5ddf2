// 无诈小区: each community's status, propaganda coverage and what it fails of the
// fraud-free criteria; officers record propaganda and incidents for their own district.
import { api } from "./api.js";
import { el } from "./dom.js";
import { today, when } from "./format.js";
import * as i18n from "./i18n.js";
import { header, may } from "./page.js";

i18n.addStrings({
  zh: { c_list: "小区创建情况", c_name: "小区/村", c_households: "户数", c_status: "状态", c_coverage: "宣传入户率",
        c_fails: "未达标项", c_changed: "最近评定", c_propaganda: "登记反诈宣传", c_incident: "登记涉诈事件",
        c_kind: "类别", c_date: "日期", c_households_list: "入户地址（每行一户）", c_all_met: "符合全部创建标准",
        c_near: "临界：需关注", c_recorded: "已登记 {n} 户", c_incident_saved: "已登记", c_none: "暂无小区数据",
        c_total: "小区总数", c_awarded: "无诈小区", c_failing: "未达标", c_no_figures: "本期无数据" },
  en: { c_list: "Communities", c_name: "Community", c_households: "Households", c_status: "Status",
        c_coverage: "Propaganda coverage", c_fails: "Fails", c_changed: "Last review", c_propaganda: "Record propaganda",
        c_incident: "Record an incident", c_kind: "Kind", c_date: "Date", c_households_list: "Addresses reached (one a line)",
        c_all_met: "Meets every criterion", c_near: "Near the line", c_recorded: "Recorded {n} households",
        c_incident_saved: "Recorded", c_none: "No communities yet", c_total: "Communities", c_awarded: "Fraud-free",
        c_failing: "Failing", c_no_figures: "No figures this period" },
}, {
  zh: { none: "未创建", awarded: "无诈小区", revoked: "已撤销", visit: "入户走访", app_install: "安装国家反诈中心App",
        event: "宣传活动", suspect_caught: "居民在外涉诈被打处", den_found: "发现涉诈窝点", 小区: "小区", 村: "村" },
  en: { none: "not awarded", awarded: "fraud-free", revoked: "revoked", visit: "home visit", app_install: "app installed",
        event: "event", suspect_caught: "resident caught for fraud", den_found: "den found", 小区: "compound", 村: "village" },
});
header("communities");
const $ = (id) => document.getElementById(id);
const say = (text) => { $("message").textContent = text; };
const half = i18n.said;  // reasons come as "中文 / English"
const pct = (x) => `${Math.round(x * 100)}%`;
// A day picked in the form, as a moment: now for today, else the day's start (never later
// than now, so a record of today counts in today's figures).
const atNoon = (date) => (date === today() ? new Date() : new Date(date + "T00:00:00")).toISOString();

$("p-kind").append(...["visit", "app_install", "event"].map((k) => el("option", { value: k }, i18n.e(k))));
$("i-kind").append(...["suspect_caught", "den_found"].map((k) => el("option", { value: k }, i18n.e(k))));
$("p-date").value = today();
$("i-date").value = today();

async function load() {
  const district = $("f-district").value;
  const rows = await api("/v1/communities" + (district ? "?district=" + encodeURIComponent(district) : ""));
  const awarded = rows.filter((c) => c.status === "awarded").length;
  const failing = rows.filter((c) => c.fails.length).length;
  const kpi = (key, value) => el("section", { class: "panel", "data-kpi": key }, el("h2", {}, i18n.t(key)), el("div", { class: "kpi" }, String(value)));
  $("kpis").replaceChildren(kpi("c_total", rows.length), kpi("c_awarded", awarded), kpi("c_failing", failing));
  const label = (key) => ({ "data-label": i18n.t(key) });
  $("rows").replaceChildren(...(rows.length ? rows.map((c) => {
    const last = c.history.length ? c.history[c.history.length - 1] : null;
    return el("tr", { "data-community": c.community_id, "data-status": c.status },
      el("td", label("c_name"), `${c.name || c.community_id}（${i18n.e(c.kind)}）`),
      el("td", label("district"), c.district), el("td", label("c_households"), String(c.households)),
      el("td", label("c_status"), i18n.e(c.status)),
      el("td", label("c_coverage"), c.figures ? pct(c.coverage) : i18n.t("c_no_figures")),
      el("td", label("c_fails"), c.fails.length ? el("ul", {}, c.fails.map((f) => el("li", {}, half(f))))
        : c.near_the_line ? el("span", { class: "badge" }, i18n.t("c_near")) : i18n.t("c_all_met")),
      el("td", label("c_changed"), last ? `${when(last.at)} ${i18n.e(last.status)}：${last.reasons.map(half).join("；")}` : "—"));
  }) : [el("tr", {}, el("td", { colspan: "7", class: "muted" }, i18n.t("c_none")))]));
  if (!$("forms")) return;  // the role records nothing
  const options = rows.map((c) => el("option", { value: c.community_id }, `${c.name || c.community_id} · ${c.district}`));
  $("p-community").replaceChildren(...options.map((o) => o.cloneNode(true)));
  $("i-community").replaceChildren(...options);
}

async function loadDistricts() {
  const districts = await api("/v1/districts").catch(() => []);
  $("f-district").append(...districts.map((d) => el("option", { value: d.district }, d.district)));
}

$("filters").addEventListener("submit", (event) => { event.preventDefault(); load().catch((err) => say(err.message)); });
if (may("community_record")) {
  $("forms").hidden = false;
  $("prop-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const households = $("p-households").value.split("\n").map((s) => s.trim()).filter(Boolean);
    try {
      const done = await api(`/v1/communities/${encodeURIComponent($("p-community").value)}/propaganda`, {
        method: "POST", body: JSON.stringify({ kind: $("p-kind").value, ts: atNoon($("p-date").value), households }) });
      $("prop-result").textContent = i18n.t("c_recorded").replace("{n}", String(done.recorded));
      $("p-households").value = "";
      await load();
    } catch (err) { $("prop-result").textContent = err.message; }
  });
  $("inc-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api(`/v1/communities/${encodeURIComponent($("i-community").value)}/incidents`, {
        method: "POST", body: JSON.stringify({ kind: $("i-kind").value, ts: atNoon($("i-date").value), note: $("i-note").value }) });
      $("inc-result").textContent = i18n.t("c_incident_saved");
      $("i-note").value = "";
      await load();
    } catch (err) { $("inc-result").textContent = err.message; }
  });
} else $("forms").remove();
loadDistricts().then(load).catch((err) => say(err.message));
