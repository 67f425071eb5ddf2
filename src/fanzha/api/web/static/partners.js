// 警企协作: partners, what their checks decided this week, clues and feedback, failed webhooks.
import { api } from "./api.js";
import { echarts } from "./charts.js";
import { el } from "./dom.js";
import { when } from "./format.js";
import * as i18n from "./i18n.js";
import { header, may } from "./page.js";

i18n.addStrings({
  zh: { p_week: "近7日协作核查", p_name: "名称", p_type: "类型", p_source: "数据来源", p_webhook: "回调地址",
        p_id: "编号", p_add: "新增合作方", p_recent: "最近核查、线索与反馈", p_kind: "类别", p_outcome: "结果",
        p_detail: "内容", p_dead: "推送失败（死信）", p_topic: "主题", p_attempts: "尝试次数", p_error: "错误",
        p_action: "操作", p_resend: "重新推送", p_key_once: "API 密钥（仅显示一次）：", time: "时间",
        p_since: "起始日期", p_until: "截止日期", p_prev: "上一页", p_next: "下一页",
        p_page: "第 {from}–{to} 条，共 {total} 条", p_none: "没有符合条件的记录",
        p_send_failed: "对方地址无响应或拒收", p_source_id: "数据来源编号", p_partner: "合作方" },
  en: { p_week: "Partner checks, last 7 days", p_name: "Name", p_type: "Type", p_source: "Source",
        p_webhook: "Webhook", p_id: "Id", p_add: "Add partner", p_recent: "Recent checks, clues and feedback",
        p_kind: "Kind", p_outcome: "Outcome", p_detail: "Detail", p_dead: "Failed webhooks (dead letters)",
        p_topic: "Topic", p_attempts: "Tries", p_error: "Error", p_action: "Action", p_resend: "Send again",
        p_key_once: "API key (shown once): ", time: "Time", p_since: "From", p_until: "To",
        p_prev: "Previous", p_next: "Next", p_page: "{from}–{to} of {total}", p_none: "No matching records",
        p_send_failed: "The partner's address did not answer or refused", p_source_id: "Source id", p_partner: "Partner" },
}, {
  zh: { bank: "银行", telecom: "运营商", ride_hailing: "网约车", freight: "货运", express: "快递", gold_seller: "金店",
        allow: "放行", warn: "提醒", hold: "拦截", check_order: "订单核查", check_gold: "黄金核查",
        check_parcel: "寄递核查", clue: "线索", feedback: "反馈", order_refused: "司机拒单", parcel_held: "包裹扣留",
        sale_stopped: "停止销售", customer_dissuaded: "客户被劝阻", went_ahead: "仍继续", warning: "预警",
        stop_payment: "止付", measure_order: "处置指令", measure: "处置措施", task: "预警任务",
        customer: "客户电话", phone: "电话号码", account: "账号", address: "地址" },
  en: { ride_hailing: "ride-hailing", gold_seller: "gold seller", check_order: "order check",
        check_gold: "gold check", check_parcel: "parcel check", order_refused: "order refused",
        parcel_held: "parcel held", sale_stopped: "sale stopped", customer_dissuaded: "customer dissuaded",
        went_ahead: "went ahead", stop_payment: "stop-payment", measure_order: "measure order",
        bank: "bank", telecom: "telecom", freight: "freight", express: "express", allow: "allowed",
        warn: "warned", hold: "held", clue: "clue", feedback: "feedback", warning: "warning",
        customer: "customer's phone", phone: "phone", account: "account", address: "address" },
});
header("partners");
const say = (text) => { document.getElementById("message").textContent = text; };
const chart = echarts.init(document.getElementById("chart-week"));
const TYPES = ["bank", "telecom", "ride_hailing", "freight", "express", "gold_seller"];
// The kind of contract source each partner type carries (partners/config/kinds.yaml).
const SOURCE_OF = { bank: "bank", telecom: "telecom", ride_hailing: "platform", freight: "platform", express: "express",
  gold_seller: "gold" };
document.getElementById("a-type").append(...TYPES.map((t) => el("option", { value: t }, i18n.e(t))));

// A page of activity: fewer rows on a phone, where each row is a card.
const PAGE = matchMedia("(max-width: 700px)").matches ? 20 : 50;
const label = (key) => ({ "data-label": i18n.t(key) });
let offset = 0;
const KINDS = ["check_order", "check_gold", "check_parcel", "clue", "feedback"];
const OUTCOMES = ["allow", "warn", "hold", "order_refused", "parcel_held", "sale_stopped", "customer_dissuaded", "went_ahead"];
document.getElementById("f-kind").append(...KINDS.map((k) => el("option", { value: k }, i18n.e(k))));
document.getElementById("f-outcome").append(...OUTCOMES.map((k) => el("option", { value: k }, i18n.e(k))));

// The day boundaries of the filter, in the reader's own time zone.
const day = (id, next) => {
  const v = document.getElementById(id).value;
  if (!v) return null;
  const d = new Date(v + "T00:00:00");
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
};

function activityQuery() {
  const q = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
  for (const [name, id] of [["partner_id", "f-partner"], ["kind", "f-kind"], ["outcome", "f-outcome"]]) {
    const v = document.getElementById(id).value;
    if (v) q.set(name, v);
  }
  const since = day("f-since", false), until = day("f-until", true);
  if (since) q.set("since", since);
  if (until) q.set("until", until);
  return q;
}

function showActivity(activity) {
  document.getElementById("recent-rows").replaceChildren(...(activity.recent.length ? activity.recent.map((r) =>
    el("tr", { "data-record": r.record_id },
      el("td", label("time"), when(r.ts)), el("td", label("partners"), names[r.partner_id] || r.partner_id),
      el("td", label("p_kind"), i18n.e(r.kind)), el("td", label("p_outcome"), i18n.e(r.outcome || "")),
      el("td", label("p_detail"), r.display_text ? "" : [r.note, r.value].filter(Boolean).join(" · "),
        (r.reasons || []).map((x) => (i18n.lang() === "zh" ? x.zh : x.en || x.zh)).join("；")))) :
    [el("tr", {}, el("td", { colspan: "5", class: "muted" }, i18n.t("p_none")))]));
  const to = Math.min(activity.offset + activity.recent.length, activity.total);
  document.getElementById("page-info").textContent = i18n.t("p_page")
    .replace("{from}", String(activity.total ? activity.offset + 1 : 0)).replace("{to}", String(to))
    .replace("{total}", String(activity.total));
  document.getElementById("prev").disabled = activity.offset === 0;
  document.getElementById("next").disabled = to >= activity.total;
}

const names = {};
async function loadActivity() {
  showActivity(await api("/v1/partners/activity?" + activityQuery()));
}

async function load() {
  const [partners, activity, dead] = await Promise.all([
    api("/v1/partners"), api("/v1/partners/activity?" + activityQuery()), api("/v1/partners/dead-letters")]);
  for (const p of partners) names[p.partner_id] = p.name;
  const picker = document.getElementById("f-partner");
  const chosen = picker.value;
  picker.replaceChildren(el("option", { value: "" }, i18n.t("any")),
    ...partners.map((p) => el("option", { value: p.partner_id }, p.name)));
  picker.value = chosen;
  document.getElementById("partner-rows").replaceChildren(...partners.map((p) => el("tr", { "data-partner": p.partner_id },
    el("td", label("p_name"), p.name), el("td", label("p_type"), i18n.e(p.type)),
    el("td", label("p_source"), i18n.source(p.source, p.name)), el("td", label("p_webhook"), p.webhook_url || "—"))));
  const kinds = ["check_order", "check_gold", "check_parcel"];
  chart.setOption({ animation: false, legend: { top: 0 }, grid: { left: 70, right: 16, top: 30, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: kinds.map((k) => i18n.e(k)) },
    series: ["allow", "warn", "hold"].map((d) => ({ name: i18n.e(d), type: "bar", stack: "all",
      data: kinds.map((k) => (activity.week[k] || {})[d] || 0),
      itemStyle: { color: { allow: "#8bc34a", warn: "#ef6c00", hold: "#c62828" }[d] } })) });
  showActivity(activity);
  const resend = may("partner_resend");
  document.getElementById("dead-rows").replaceChildren(...dead.map((d) => el("tr", { "data-delivery": d.delivery_id },
    el("td", label("partners"), names[d.partner_id] || d.partner_id), el("td", label("p_topic"), i18n.e(d.topic)),
    el("td", label("p_attempts"), String(d.attempts)),
    // The partner's answer code (HTTP 503) is a number any reader can quote to the partner.
    el("td", label("p_error"), d.last_error ? i18n.t("p_send_failed") + ((/\d{3}/.exec(d.last_error) || [""])[0] ? `（${/\d{3}/.exec(d.last_error)[0]}）` : "") : ""),
    el("td", label("p_action"), resend ? el("button", { type: "button", onclick: async () => {
      try {
        await api(`/v1/partners/deliveries/${d.delivery_id}/requeue`, { method: "POST" }); load();
      } catch (err) { say(err.message); } } }, i18n.t("p_resend")) : ""))));
}

document.getElementById("activity-filters").addEventListener("submit", (event) => {
  event.preventDefault(); offset = 0; loadActivity().catch((err) => say(err.message));
});
document.getElementById("prev").addEventListener("click", () => {
  offset = Math.max(0, offset - PAGE); loadActivity().catch((err) => say(err.message));
});
document.getElementById("next").addEventListener("click", () => {
  offset += PAGE; loadActivity().catch((err) => say(err.message));
});

// The add-partner form exists only for the role that may add one.
if (may("partner_admin")) document.getElementById("add-form").hidden = false;
else document.getElementById("add-form").remove();
document.getElementById("add-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const v = (id) => document.getElementById(id).value.trim();
  try {
    const made = await api("/v1/partners", { method: "POST", body: JSON.stringify({
      partner_id: v("a-id"), name: v("a-id"), type: v("a-type"), source: `${SOURCE_OF[v("a-type")]}:${v("a-source")}`,
      webhook_url: v("a-hook") || null }) });
    document.getElementById("new-key").textContent = i18n.t("p_key_once") + made.api_key;
    load();
  } catch (err) { say(err.message); }
});
load().catch((err) => say(err.message));
