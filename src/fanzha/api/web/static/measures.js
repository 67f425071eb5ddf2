// 处置措施: art. 31/32/35 measures, the partners' answers, terms, appeals.
import { api, session } from "./api.js";
import { el } from "./dom.js";
import { day, when } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";

i18n.addStrings({
  zh: { measures: "处置措施", m_measure: "措施", m_partners: "执行单位及回执", m_imposed: "下达时间",
        m_expires: "到期日期", m_appeal: "申诉", m_action: "操作", m_file: "登记申诉", m_decide: "裁决申诉",
        m_statement: "当事人申诉理由", m_reason_label: "裁决理由", m_lift: "申诉成立，解除措施",
        m_uphold: "维持原措施", m_cancel: "取消", m_impose: "采取措施", m_person_id: "当事人编号",
        m_reason: "事由", m_none: "暂无措施", m_unrouted: "未对接，需线下送达：", m_accounts: "个账户",
        m_phones: "个号码", m_saved: "已保存", m_not_found: "未找到：记录不存在，或不在您的辖区" },
  en: { measures: "Measures", m_measure: "Measure", m_partners: "Partners and answers", m_imposed: "Imposed",
        m_expires: "Expires", m_appeal: "Appeal", m_action: "Action", m_file: "Record appeal",
        m_decide: "Decide appeal", m_statement: "The person's statement", m_reason_label: "Reason",
        m_lift: "Appeal upheld: lift", m_uphold: "Keep the measure", m_cancel: "Cancel", m_impose: "Impose",
        m_person_id: "Person id", m_reason: "Reason", m_none: "No measures", m_unrouted: "No partner, serve on paper: ",
        m_accounts: " accounts", m_phones: " numbers", m_saved: "Saved", m_not_found: "Not found, or not in your district" },
}, {
  zh: { pending: "待回执", applied: "已执行", refused: "已拒绝", unrouted: "未对接", expired: "已到期",
        lifted: "已解除", filed: "待裁决", upheld: "维持原措施", apply: "执行", release: "解除",
        bank: "银行", telecom: "运营商", partner: "合作方" },
  en: { pending: "awaiting answer", unrouted: "no partner", filed: "to decide", upheld: "kept" },
});
header("measures");
const role = (session() || {}).role;
const say = (text) => { document.getElementById("message").textContent = text; };
const STATES = ["pending", "applied", "refused", "unrouted", "expired", "lifted"];
document.getElementById("f-state").append(...STATES.map((s) => el("option", { value: s }, i18n.e(s))));
const params = new URLSearchParams(location.search);
if (STATES.includes(params.get("state"))) document.getElementById("f-state").value = params.get("state");

function orderLine(o) {
  const count = o.subjects + i18n.t(o.subject_kind === "phone" ? "m_phones" : "m_accounts");
  const answer = o.ack_reason ? `${i18n.e(o.state)}（${o.ack_reason}）` : i18n.e(o.state);
  return el("div", { "data-order": o.order_id, class: "order " + o.state },
    `${o.partner_id} · ${i18n.e(o.action)} · ${count} · ${answer}`);
}

function actions(r) {
  const out = [];
  const mayAppeal = ["center_analyst", "district_officer", "station_officer"].includes(role);
  if (mayAppeal && r.active && !r.appeal) {
    out.push(el("button", { type: "button", class: "action secondary", "data-act": "appeal",
      onclick: () => openForm(r, "appeal") }, i18n.t("m_file")));
  }
  if (role === "center_analyst" && r.appeal && r.appeal.state === "filed") {
    out.push(el("button", { type: "button", class: "action", "data-act": "decide",
      onclick: () => openForm(r, "decide") }, i18n.t("m_decide")));
  }
  return out;
}

const COLUMNS = ["m_measure", "person", "state", "m_partners", "m_imposed", "m_expires", "m_appeal", "m_action"];
const unrouted = (name) => { const [type, what] = name.split(":"); return `${i18n.e(type)} ${what}`; };

function draw(list) {
  document.getElementById("rows").replaceChildren(...list.map((r) => el("tr", { "data-restriction": r.restriction_id },
    ...[
      [el("div", {}, r.measure_zh), el("div", { class: "muted small" }, r.legal_basis)],
      r.person_id,
      el("span", { class: "badge state-" + r.state }, i18n.e(r.state)),
      [...r.orders.map(orderLine),
        r.unrouted.length ? el("div", { class: "muted small" }, i18n.t("m_unrouted") + r.unrouted.map(unrouted).join("、")) : ""],
      el("span", { class: "nowrap" }, when(r.imposed_at)),
      el("span", { class: "nowrap" }, day(r.expires_at)),
      el("span", { class: "nowrap" }, r.appeal ? i18n.e(r.appeal.state) : "—"),
      actions(r),
    ].map((cell, i) => el("td", { "data-label": i18n.t(COLUMNS[i]) }, el("div", {}, cell))))));
  say(list.length ? "" : i18n.t("m_none"));
}

function openForm(r, kind) {
  const box = document.getElementById("act");
  box.hidden = false;
  document.getElementById("act-title").textContent = i18n.t(kind === "appeal" ? "m_file" : "m_decide");
  document.getElementById("act-about").textContent = `${r.measure_zh} · ${r.person_id}` +
    (r.appeal ? ` · ${r.appeal.statement}` : "");
  document.getElementById("act-label").textContent = i18n.t(kind === "appeal" ? "m_statement" : "m_reason_label");
  const text = document.getElementById("act-text");
  text.value = "";
  const send = async (path, body) => {
    try {
      await api(path, { method: "POST", body: JSON.stringify(body) });
      box.hidden = true;
      await load();
      say(i18n.t("m_saved"));
    } catch (err) { say(err.status === 404 ? i18n.t("m_not_found") : err.message); }
  };
  const id = encodeURIComponent(r.restriction_id);
  const cancel = el("button", { type: "button", class: "action secondary", onclick: () => { box.hidden = true; } }, i18n.t("m_cancel"));
  const buttons = kind === "appeal"
    ? [el("button", { type: "button", class: "action", "data-act": "send-appeal",
        onclick: () => send(`/v1/restrictions/${id}/appeal`, { statement: text.value.trim() }) }, i18n.t("save"))]
    : [true, false].map((lift) => el("button", { type: "button", class: lift ? "action" : "action secondary",
        "data-act": lift ? "lift" : "uphold",
        onclick: () => send(`/v1/restrictions/${id}/decision`, { lift, reason: text.value.trim() }) },
        i18n.t(lift ? "m_lift" : "m_uphold")));
  document.getElementById("act-buttons").replaceChildren(...buttons, cancel);
  text.focus();
}

async function load() {
  const state = document.getElementById("f-state").value;
  draw(await api("/v1/restrictions" + (state ? "?state=" + encodeURIComponent(state) : "")));
}

async function setUpImpose() {
  if (!["center_analyst", "district_officer"].includes(role)) return;
  const catalog = await api("/v1/measures");
  document.getElementById("i-measure").append(...catalog.measures.map((m) =>
    el("option", { value: m.measure }, i18n.lang() === "zh" ? m.zh : m.en)));
  document.getElementById("i-reason").append(...Object.entries(catalog.reason_codes).map(([code, text]) =>
    el("option", { value: code }, `${code} ${text.split(" / ")[i18n.lang() === "zh" ? 0 : 1] || text}`)));
  document.getElementById("impose").hidden = false;
  document.getElementById("impose-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const v = (id) => document.getElementById(id).value.trim();
    try {
      await api(`/v1/persons/${encodeURIComponent(v("i-person"))}/restrictions`, { method: "POST",
        body: JSON.stringify({ measure: v("i-measure"), reason_code: v("i-reason"), detail: v("i-detail") }) });
      await load();
      say(i18n.t("m_saved"));
    } catch (err) { say(err.status === 404 ? i18n.t("m_not_found") : err.message); }
  });
}

document.getElementById("filters").addEventListener("submit", (event) => { event.preventDefault(); load().catch((err) => say(err.message)); });
load().catch((err) => say(err.message));
setUpImpose().catch((err) => say(err.message));
