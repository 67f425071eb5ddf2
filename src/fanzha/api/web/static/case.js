// One case: ledger, money-flow graph (click an account), freeze list, stop-payments, holds.
import { api } from "./api.js";
import { drawFlow, listFlow } from "./case-graph.js";
import { HELD } from "./cases-strings.js";
import { el } from "./dom.js";
import { when, yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";

header("cases");
const caseId = new URLSearchParams(location.search).get("id");
const say = (text) => { document.getElementById("message").textContent = text; };
const zh = () => i18n.lang() === "zh";
const bankOf = (row) => (zh() ? row.bank_name : row.bank_name_en || row.bank_name) || "—";
// Every table cell names its column, so on a phone a row reads as a card.
const cell = (key, ...children) => el("td", { "data-label": i18n.t(key) }, el("div", {}, ...children));
let current = null; // the case as last loaded
let shown = {};     // masked account → its short label in the picture

function legend() {
  const items = [["legend_victim", "victim"], ["legend_plain", "plain"], ["legend_freeze", "freeze"],
    ["legend_query", "query"], ["legend_exit", "exit"]];
  document.getElementById("flow-legend").replaceChildren(...items.map(([key, kind]) =>
    el("li", { class: "swatch-" + kind }, i18n.t(key))));
}

let asked = 0; // the last account clicked: an answer to an earlier click is dropped
async function showTransfers(node, label) {
  const mine = ++asked;
  const moves = await api(`/v1/cases/${encodeURIComponent(caseId)}/nodes/${encodeURIComponent(node.id)}/transfers`);
  if (mine !== asked) return;
  document.getElementById("h-transfers").textContent = `${i18n.t("transfers_of")}：${label}`;
  document.getElementById("transfers-hint").textContent = node.label || "";
  const who = (account) => {
    const name = shown[account] || i18n.e(account);
    return el("span", { class: account === node.label ? "this-account" : "" }, name,
      shown[account] ? el("div", { class: "muted small" }, account) : "");
  };
  document.getElementById("transfer-rows").replaceChildren(...moves.map((m) => el("tr", { "data-transfer": m.id },
    cell("time", when(m.ts)), cell("from", who(m.from_account)), cell("to", who(m.to_account)),
    cell("amount", yuan(m.amount_fen)))));
  document.getElementById("h-transfers").scrollIntoView({ block: "nearest" });
}

async function act(hold, path, extra = {}) {
  try {
    await api(`/v1/holds/${encodeURIComponent(hold.hold_id)}/${path}`, { method: "POST",
      body: JSON.stringify(Object.assign({ expected_version: hold.version }, extra)) });
    await load();
  } catch (err) { say(err.message); }
}

// The bank's answers as messages received from the bank, not as buttons of the analyst's.
function replies(hold) {
  const items = hold.bank_answers.map((a) => el("div", { class: "bank-reply", "data-reply": a.accepted ? "stopped" : "refused" },
    el("div", { class: "bank-reply-head" }, `${i18n.t("bank_reply")} · ${bankOf(hold)} · ${when(a.at)}`),
    el("div", {}, a.accepted ? `${i18n.t("reply_stopped")} ${yuan(hold.stopped_fen)}` +
      (hold.balance_fen != null ? `（${i18n.t("reply_balance")} ${yuan(hold.balance_fen)}）` : "")
      : `${i18n.t("reply_refused")}：${a.reason || ""}`)));
  if (hold.state === "requested") items.push(el("div", { class: "muted small waiting" }, i18n.t("waiting_reply")));
  return items;
}

// Recording an answer the bank gave by phone or fax: tucked away, visibly not the bank's own.
function recordReply(hold) {
  const balance = el("input", { type: "number", min: "0", step: "0.01", "aria-label": i18n.t("reply_balance"), placeholder: i18n.t("reply_balance") });
  const reason = el("input", { "aria-label": i18n.t("reason"), placeholder: i18n.t("reason") });
  const send = (accepted) => act(hold, "answer", accepted
    ? { accepted: true, balance_fen: balance.value === "" ? null : Math.round(Number(balance.value) * 100) }
    : { accepted: false, reason: reason.value || i18n.t("refuse") });
  return el("details", { class: "record-reply" }, el("summary", {}, i18n.t("record_reply")),
    el("div", { class: "actions" }, balance,
      el("button", { type: "button", class: "action secondary", "data-act": "answer", onclick: () => send(true) }, i18n.t("reply_stopped")),
      reason, el("button", { type: "button", class: "action secondary", "data-act": "answer", onclick: () => send(false) }, i18n.t("reply_refused"))));
}

function holdActions(hold) {
  const b = (key, path, extra) => el("button", { type: "button", class: path === "release" ? "action secondary" : "action",
    "data-act": path, onclick: () => act(hold, path, extra()) }, i18n.t(key));
  const reason = () => el("input", { size: "8", "aria-label": i18n.t("reason"), placeholder: i18n.t("reason") });
  const why = reason();
  switch (hold.state) {
    case "requested": return [recordReply(hold)];
    case "stopped": return [b("freeze", "freeze", () => ({})), why, b("release", "release", () => ({ reason: why.value || "—" }))];
    case "frozen": return [b("renew", "renew", () => ({})), b(hold.claims.length > 1 ? "notice" : "return_funds",
      hold.claims.length > 1 && !hold.notice_at ? "notice" : "return", () => ({})), why,
      b("release", "release", () => ({ reason: why.value || "—" }))];
    case "refused": case "expired": return hold.stops < 2 ? [b("stop_again", "stop-again", () => ({}))] : [];
    default: return [];
  }
}

const ACTIVE = new Set(["requested", "stopped", "frozen"]);
const STOPPABLE = new Set(["freeze", "stop_query", "hold_amount"]);

function freezeRow(r, hold) {
  const held = hold ? (HELD[i18n.lang()] || HELD.en)[hold.state] || i18n.e(hold.state) : null;
  const what = held ? el("span", { class: "badge state-" + hold.state, "data-held": hold.state }, held)
    : el("span", { class: "badge " + (r.action === "freeze" ? "action-freeze" : "") }, i18n.e(r.action));
  return el("tr", { "data-account": r.account_id, "data-row-state": hold ? hold.state : "open" },
    cell("account", shown[r.account_id] || r.account_id, el("div", { class: "muted small" }, r.account_id)),
    cell("bank", bankOf(r)), cell("hop", String(r.hop)), cell("held", yuan(r.amount_fen)),
    cell("action", what, r.reason ? el("div", { class: "muted small" }, r.reason) : ""));
}

function pendingStops() {
  const holds = Object.fromEntries(current.holds.map((h) => [h.account_id, h]));
  return current.freeze_list.filter((r) => STOPPABLE.has(r.action) && !ACTIVE.has(holds[r.account_id]?.state));
}

async function load() {
  const c = await api("/v1/cases/" + encodeURIComponent(caseId));
  current = c;
  document.getElementById("case-title").textContent = `${i18n.t("case_id")} ${c.case_id} · ${c.district || ""}`;
  document.title = `${c.case_id} · ${i18n.t("title")}`;
  // Solved by a ring's takedown (破案): the link back to the ledger's record of it.
  const closure = c.closure;
  document.getElementById("closure").replaceChildren(...(closure ? [i18n.t("solved_by"), " ",
    el("a", { href: closure.href, "data-closed": closure.takedown_id }, `${closure.ring_id}（${closure.closed_on}）`)] : []));
  document.getElementById("case-task").replaceChildren(...(c.task_id ? [i18n.t("from_task"), "：",
    el("a", { href: "task.html?id=" + encodeURIComponent(c.task_id), "data-task": c.task_id }, c.task_id)] : []));
  const L = c.ledger;
  const facts = [["stolen", c.totals.stolen_fen], ["traced_held", c.totals.held_fen], ["cashed_out", c.totals.cashed_out_fen],
    ["spent_at_hubs", c.totals.spent_at_hubs_fen], ["requested", L.requested_fen], ["stopped", L.stopped_fen],
    ["frozen", L.frozen_fen], ["returned", L.returned_fen]];
  document.getElementById("ledger").replaceChildren(...facts.map(([k, v]) =>
    el("div", {}, el("dt", {}, i18n.t(k)), el("dd", { "data-fact": k }, yuan(v)))));
  const drawn = drawFlow(document.getElementById("flow"), c.graph, c.totals.stolen_fen, showTransfers);
  shown = Object.fromEntries(drawn.plan.nodes.filter((n) => n.label).map((n) => [n.label, drawn.title(n)]));
  listFlow(document.getElementById("flow-list"), drawn.plan, showTransfers);
  document.getElementById("list-changed").textContent = c.list_changed_at
    ? `${i18n.t("list_changed")} ${when(c.list_changed_at)}` : "";
  const holds = Object.fromEntries(c.holds.map((h) => [h.account_id, h]));
  document.getElementById("freeze-rows").replaceChildren(...c.freeze_list.map((r) => freezeRow(r, holds[r.account_id])));
  document.getElementById("hold-rows").replaceChildren(...c.holds.map((h) => el("tr", { "data-hold": h.hold_id, "data-state": h.state },
    cell("account", shown[h.account_id] || h.account_id, el("div", { class: "muted small" }, `${bankOf(h)} · ${h.account_id}`), replies(h)),
    cell("hold_state", el("span", { class: "badge state-" + h.state }, i18n.e(h.state))),
    cell("stopped", yuan(h.stopped_fen)), cell("frozen", yuan(h.frozen_fen)),
    cell("expires", when(h.state === "frozen" ? h.freeze_expires : h.stop_expires)),
    cell("action", el("div", { class: "actions" }, holdActions(h))))));
  const left = pendingStops();
  const button = document.getElementById("request-stops");
  button.disabled = left.length === 0;
  button.textContent = left.length ? i18n.t("request_stops") : i18n.t("no_stops_left");
}

// 申请止付 goes to banks at once and cannot be taken back: the analyst sees what is sent first.
const dialog = document.getElementById("stop-dialog");
document.getElementById("request-stops").addEventListener("click", () => {
  const left = pendingStops();
  document.getElementById("stop-dialog-rows").replaceChildren(...left.map((r) => el("tr", { "data-confirm": r.account_id },
    cell("account", shown[r.account_id] || r.account_id, el("div", { class: "muted small" }, r.account_id)),
    cell("bank", bankOf(r)), cell("amount", yuan(r.amount_fen)))));
  document.getElementById("stop-dialog-total").textContent =
    `${i18n.t("total")} ${yuan(left.reduce((a, r) => a + r.amount_fen, 0))}`;
  dialog.returnValue = "";
  dialog.showModal();
});
dialog.addEventListener("close", async () => {
  if (dialog.returnValue !== "confirm") return;
  try {
    await api(`/v1/cases/${encodeURIComponent(caseId)}/stop-payments`, { method: "POST", body: "{}",
      headers: { "Idempotency-Key": "stop-" + caseId + "-" + Date.now() } });
    await load();
  } catch (err) { say(err.message); }
});
// On a phone the layered list comes first; the picture scrolls sideways beneath it.
if (matchMedia("(max-width: 700px)").matches) {
  const box = document.getElementById("flow-list-box");
  box.open = true;
  document.querySelector(".flow-scroll").before(box);
}
legend();
load().catch((err) => say(err.message));
