"use strict";
// 警企协作: partners, what their checks decided this week, clues and feedback, failed webhooks.
fzStrings({
  zh: { p_week: "近7日协作核查", p_name: "名称", p_type: "类型", p_source: "数据来源", p_webhook: "回调地址",
        p_id: "编号", p_add: "新增合作方", p_recent: "最近核查、线索与反馈", p_kind: "类别", p_outcome: "结果",
        p_detail: "内容", p_dead: "推送失败（死信）", p_topic: "主题", p_attempts: "尝试次数", p_error: "错误",
        p_action: "操作", p_resend: "重新推送", p_key_once: "API 密钥（仅显示一次）：", time: "时间" },
  en: { p_week: "Partner checks, last 7 days", p_name: "Name", p_type: "Type", p_source: "Source",
        p_webhook: "Webhook", p_id: "Id", p_add: "Add partner", p_recent: "Recent checks, clues and feedback",
        p_kind: "Kind", p_outcome: "Outcome", p_detail: "Detail", p_dead: "Failed webhooks (dead letters)",
        p_topic: "Topic", p_attempts: "Tries", p_error: "Error", p_action: "Action", p_resend: "Send again",
        p_key_once: "API key (shown once): ", time: "Time" },
}, {
  zh: { bank: "银行", telecom: "运营商", ride_hailing: "网约车", freight: "货运", express: "快递", gold_seller: "金店",
        allow: "放行", warn: "提醒", hold: "拦截", check_order: "订单核查", check_gold: "黄金核查",
        check_parcel: "寄递核查", clue: "线索", feedback: "反馈", order_refused: "司机拒单", parcel_held: "包裹扣留",
        sale_stopped: "停止销售", customer_dissuaded: "客户被劝阻", went_ahead: "仍继续", warning: "预警",
        stop_payment: "止付", measure_order: "处置指令" },
  en: { ride_hailing: "ride-hailing", gold_seller: "gold seller", check_order: "order check",
        check_gold: "gold check", check_parcel: "parcel check", order_refused: "order refused",
        parcel_held: "parcel held", sale_stopped: "sale stopped", customer_dissuaded: "customer dissuaded",
        went_ahead: "went ahead", stop_payment: "stop-payment", measure_order: "measure order" },
});
FZ.header("partners");
document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = FZ.t(n.dataset.t); });
document.getElementById("page-title").textContent = FZ.t("partners");
const { el } = FZ;
const say = (text) => { document.getElementById("message").textContent = text; };
const chart = echarts.init(document.getElementById("chart-week"));
const TYPES = ["bank", "telecom", "ride_hailing", "freight", "express", "gold_seller"];
document.getElementById("a-type").append(...TYPES.map((t) => el("option", { value: t }, FZ.e(t))));

async function load() {
  const [partners, activity, dead] = await Promise.all([
    FZ.api("/v1/partners"), FZ.api("/v1/partners/activity"), FZ.api("/v1/partners/dead-letters")]);
  document.getElementById("partner-rows").replaceChildren(...partners.map((p) => el("tr", { "data-partner": p.partner_id },
    el("td", {}, p.name), el("td", {}, FZ.e(p.type)), el("td", {}, p.source), el("td", {}, p.webhook_url || "—"))));
  const kinds = ["check_order", "check_gold", "check_parcel"];
  chart.setOption({ animation: false, legend: { top: 0 }, grid: { left: 70, right: 16, top: 30, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: kinds.map((k) => FZ.e(k)) },
    series: ["allow", "warn", "hold"].map((d) => ({ name: FZ.e(d), type: "bar", stack: "all",
      data: kinds.map((k) => (activity.week[k] || {})[d] || 0),
      itemStyle: { color: { allow: "#8bc34a", warn: "#ef6c00", hold: "#c62828" }[d] } })) });
  document.getElementById("recent-rows").replaceChildren(...activity.recent.map((r) => el("tr", { "data-record": r.record_id },
    el("td", {}, FZ.time(r.ts)), el("td", {}, r.partner_id), el("td", {}, FZ.e(r.kind)), el("td", {}, FZ.e(r.outcome || "")),
    el("td", {}, r.display_text ? "" : [r.note, r.value].filter(Boolean).join(" · "),
      (r.reasons || []).map((x) => x.zh).join("；")))));
  document.getElementById("dead-rows").replaceChildren(...dead.map((d) => el("tr", { "data-delivery": d.delivery_id },
    el("td", {}, d.partner_id), el("td", {}, FZ.e(d.topic)), el("td", {}, String(d.attempts)), el("td", {}, d.last_error || ""),
    el("td", {}, el("button", { type: "button", onclick: async () => {
      await FZ.api(`/v1/partners/deliveries/${d.delivery_id}/requeue`, { method: "POST" }); load(); } }, FZ.t("p_resend"))))));
}

if ((FZ.session() || {}).role === "admin") document.getElementById("add-form").hidden = false;
document.getElementById("add-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const v = (id) => document.getElementById(id).value.trim();
  try {
    const made = await FZ.api("/v1/partners", { method: "POST", body: JSON.stringify({
      partner_id: v("a-id"), name: v("a-id"), type: v("a-type"), source: v("a-source"), webhook_url: v("a-hook") || null }) });
    document.getElementById("new-key").textContent = FZ.t("p_key_once") + made.api_key;
    load();
  } catch (err) { say(err.message); }
});
load().catch((err) => say(err.message));
