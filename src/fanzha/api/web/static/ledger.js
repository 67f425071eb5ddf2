// 打击台账: rings taken down (打掉团伙) and risk notices to gold merchants (风险告知书).
import { mountTakedownForm } from "./js/takedown_form.js";
import { explain, newKey } from "./js/ledger_errors.js";
import { api, session } from "./api.js";
import { el } from "./dom.js";
import { today, when, yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";

i18n.addStrings({
  zh: { l_takedowns: "打掉团伙", l_ring: "团伙编号", l_date: "打掉日期", l_unit: "辖区 / 办案单位",
        l_suspects: "抓获（人）", l_cash: "缴获现金", l_gold: "追回黄金", l_frozen: "冻结账户", l_cases: "破获案件",
        l_version: "版本", l_history: "修改记录", l_notices: "黄金商户风险告知书", l_merchant: "商户名称",
        l_month: "月份", l_issued: "告知日期", l_shop: "商户编号", l_delivered: "送达民警", l_linked: "关联案件 / 团伙",
        l_ack: "签收", l_ack_on: "签收日期", l_signed_by: "签收人", l_issue: "登记风险告知书",
        l_account: "收款账户（选填）", l_case: "关联案件（选填）", l_record_ack: "登记签收", l_none: "暂无记录",
        l_saved: "已保存", r_year: "年度", m_cancel: "取消", l_unsigned: "未签收" },
  en: { l_takedowns: "Rings taken down", l_ring: "Ring", l_date: "Date", l_unit: "District / unit",
        l_suspects: "Arrested", l_cash: "Cash seized", l_gold: "Gold recovered", l_frozen: "Accounts frozen",
        l_cases: "Cases solved", l_version: "Version", l_history: "Versions", l_notices: "Risk notices to gold merchants",
        l_merchant: "Merchant", l_month: "Month", l_issued: "Issued", l_shop: "Shop id", l_delivered: "Delivered by",
        l_linked: "Case / ring", l_ack: "Signed", l_ack_on: "Signed on", l_signed_by: "Signed by",
        l_issue: "Record a notice", l_account: "Account (optional)", l_case: "Case (optional)",
        l_record_ack: "Record signature", l_none: "Nothing recorded", l_saved: "Saved", r_year: "Year",
        m_cancel: "Cancel", l_unsigned: "not signed" },
});
header("enforcement");
const role = (session() || {}).role;
const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const link = (href, text) => el("a", { href }, text);

// ---- takedowns -------------------------------------------------------------------------------

const TD_COLUMNS = ["l_date", "l_ring", "l_unit", "l_suspects", "l_cash", "l_gold", "l_frozen", "l_cases", "l_version"];

const RECORDERS = ["center_analyst", "district_officer"];

function takedownRow(t) {
  const history = [el("button", { type: "button", class: "action secondary", "data-act": "history",
    onclick: () => showHistory(t.takedown_id) }, `第 ${t.version} 版`),
  RECORDERS.includes(role) ? el("button", { type: "button", class: "action secondary", "data-act": "correct",
    onclick: () => correct(t.takedown_id) }, "更正") : ""];
  const cells = [
    t.taken_on, link(t.ring_href, t.ring_id), [el("div", {}, t.district), el("div", { class: "muted small" }, t.unit)],
    String(t.suspects_count), yuan(t.cash_seized_fen), `${t.gold_grams} 克`, String(t.accounts_frozen.length),
    t.cases.length ? t.cases.flatMap((c, i) => [i ? "、" : "", link(c.href, c.case_id)]) : "—", history,
  ];
  return el("tr", { "data-takedown": t.takedown_id, class: params.get("takedown") === t.takedown_id ? "selected" : "" },
    ...cells.map((cell, i) => el("td", { "data-label": i18n.t(TD_COLUMNS[i]) }, el("div", {}, cell))));
}

async function loadTakedowns() {
  const q = new URLSearchParams();
  if ($("f-ring").value.trim()) q.set("ring_id", $("f-ring").value.trim());
  if ($("f-year").value) q.set("year", $("f-year").value);
  const list = await api("/v1/takedowns" + (q.toString() ? "?" + q : ""));
  $("td-rows").replaceChildren(...list.map(takedownRow));
  $("td-message").textContent = list.length ? "" : i18n.t("l_none");
}

async function showHistory(id) {
  const t = await api(`/v1/takedowns/${encodeURIComponent(id)}`);
  $("td-history").hidden = false;
  $("td-versions").replaceChildren(...t.history.map((v) => el("li", { "data-version": String(v.version) },
    `第 ${v.version} 版 · ${when(v.recorded_at)} · ${v.recorded_by} · 抓获 ${v.suspects_count} 人 · ` +
    `现金 ${yuan(v.cash_seized_fen)} · 黄金 ${v.gold_grams} 克 · 破获 ${v.cases.length} 起` +
    (v.reason ? ` · 更正理由：${v.reason}` : ""))));
}

function newForm() {
  mountTakedownForm($("takedown"), { onSaved: () => loadTakedowns() });
}

async function correct(id) {
  const current = await api(`/v1/takedowns/${encodeURIComponent(id)}`);
  mountTakedownForm($("takedown"), { current, onCancel: newForm,
    onSaved: async (made) => {
      newForm();
      await loadTakedowns();
      await showHistory(id);
      $("td-message").textContent = `已更正：${made.takedown_id} 第 ${made.version} 版`;
    } });
  $("takedown").scrollIntoView();
}

$("td-filters").addEventListener("submit", (e) => { e.preventDefault(); loadTakedowns().catch((err) => { $("td-message").textContent = err.message; }); });
if (params.get("ring")) $("f-ring").value = params.get("ring");
newForm();
if (!RECORDERS.includes(role)) $("takedown").hidden = true;

// ---- risk notices to gold merchants --------------------------------------------------------

const GN_COLUMNS = ["l_issued", "l_merchant", "l_shop", "district", "l_delivered", "l_linked", "l_ack"];
const WRITERS = ["center_analyst", "district_officer", "station_officer"];
let acking = null;

function noticeRow(n) {
  const linked = [n.case_id ? link(`/ui/case.html?id=${encodeURIComponent(n.case_id)}`, n.case_id) : "",
    n.case_id && n.ring_id ? " / " : "", n.ring_id ? link(`/ui/ring.html?id=${encodeURIComponent(n.ring_id)}`, n.ring_id) : ""];
  const ack = n.acknowledged
    ? el("span", { class: "badge state-applied" }, `${n.acknowledged_on} ${n.signed_by || ""}`)
    : WRITERS.includes(role)
      ? el("button", { type: "button", class: "action secondary", "data-act": "ack", onclick: () => openAck(n) }, i18n.t("l_record_ack"))
      : el("span", { class: "badge state-pending" }, i18n.t("l_unsigned"));
  const cells = [n.issued_on, n.merchant_name, n.shop_id, n.district, n.delivered_by,
    n.case_id || n.ring_id ? linked : "—", ack];
  return el("tr", { "data-notice": n.notice_id, "data-acknowledged": String(n.acknowledged) },
    ...cells.map((cell, i) => el("td", { "data-label": i18n.t(GN_COLUMNS[i]) }, el("div", {}, cell))));
}

async function loadNotices() {
  const q = new URLSearchParams();
  if ($("f-merchant").value.trim()) q.set("merchant", $("f-merchant").value.trim());
  if ($("f-month").value) q.set("month", $("f-month").value);
  const list = await api("/v1/gold-notices" + (q.toString() ? "?" + q : ""));
  $("gn-rows").replaceChildren(...list.map(noticeRow));
  $("gn-message").textContent = list.length ? "" : i18n.t("l_none");
}

function openAck(n) {
  acking = { notice: n, key: newKey() };
  $("ack-box").hidden = false;
  $("ack-about").textContent = `${n.merchant_name}（${n.shop_id}）· ${n.issued_on}`;
  $("ack-on").min = n.issued_on;
  $("ack-on").value = today();
  $("ack-by").value = "";
  $("ack-by").focus();
}

$("ack-cancel").addEventListener("click", () => { $("ack-box").hidden = true; acking = null; });
$("ack-save").addEventListener("click", async () => {
  if (!acking) return;
  const body = { acknowledged_on: $("ack-on").value, signed_by: $("ack-by").value.trim() };
  try {
    await api(`/v1/gold-notices/${encodeURIComponent(acking.notice.notice_id)}/ack`,
      { method: "POST", body: JSON.stringify(body), headers: { "Idempotency-Key": acking.key } });
    $("ack-box").hidden = true;
    acking = null;
    await loadNotices();
    $("gn-message").textContent = i18n.t("l_saved");
  } catch (err) {
    acking.key = newKey();
    $("gn-message").textContent = explain(err, $("ack-box"), { acknowledged_on: "签收日期", signed_by: "签收人" });
  }
});

const NOTICE_LABELS = { merchant_name: "商户名称", shop_id: "商户编号", account_id: "收款账户", district: "辖区",
  issued_on: "告知日期", delivered_by: "送达民警", case_id: "关联案件", ring_id: "关联团伙", note: "备注" };

function setUpNoticeForm() {
  if (!WRITERS.includes(role)) return;
  const form = $("notice-form");
  $("notice").hidden = false;
  if (role !== "center_analyst") $("n-district-box").remove();
  $("n-issued").value = $("n-issued").max = today();
  $("n-delivered").placeholder = (session() || {}).user_id || "";
  let key = newKey();
  form.addEventListener("input", () => { key = newKey(); });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {};
    for (const box of form.elements) {
      if (box.name && box.value.trim()) body[box.name] = box.value.trim();
    }
    try {
      const made = await api("/v1/gold-notices", { method: "POST", body: JSON.stringify(body), headers: { "Idempotency-Key": key } });
      key = newKey();
      form.reset();
      $("n-issued").value = $("n-issued").max;
      $("notice-status").textContent = `已登记：${made.notice_id}`;
      await loadNotices();
    } catch (err) {
      $("notice-status").textContent = explain(err, form, NOTICE_LABELS);
    }
  });
}

$("gn-filters").addEventListener("submit", (e) => { e.preventDefault(); loadNotices().catch((err) => { $("gn-message").textContent = err.message; }); });
setUpNoticeForm();
loadTakedowns().catch((err) => { $("td-message").textContent = err.message; });
loadNotices().catch((err) => { $("gn-message").textContent = err.message; });
