// The task page: why (reasons, money, evidence) and what to do now (deadline, steps,
// script) first; then the person, the forms, 紧急止付, the record and the history.
import { api } from "./api.js";
import { el } from "./dom.js";
import { duration, levelBadge, when, yuan } from "./format.js";
import * as i18n from "./i18n.js";
import { now as liveNow, speed as liveSpeed } from "./live.js";
import { header, may } from "./page.js";
import { drawOrders, wireHandover } from "./task-orders.js";
import "./task-strings.js";

i18n.addStrings({
  zh: { conflict_reloaded: "任务刚被他人或系统更新，已显示最新状态，请确认后再操作",
        updated_live: "任务已更新（{what}），页面已刷新", handed_away: "该任务已移交其他辖区，无需再处置",
        real_time_left: "（实际时间）", live_created: "新建", live_upgraded: "升级",
        live_acted: "有新处置", live_escalated: "超时升级", live_handed_over: "移交" },
  en: { conflict_reloaded: "The task was just changed by someone else or the system; it now shows as it is",
        updated_live: "This task changed ({what}); the page now shows it", handed_away: "This task was handed over to another jurisdiction",
        real_time_left: " (real time)", live_created: "created", live_upgraded: "upgraded",
        live_acted: "acted on", live_escalated: "escalated", live_handed_over: "handed over" },
});
header("tasks");
const taskId = new URLSearchParams(location.search).get("id");
const zh = i18n.lang() === "zh";
const CHANNELS = ["sms_12381", "call_96110", "phone_call", "door_visit", "family_contact", "cancel_call_forwarding"];
const RESULTS = ["reached", "no_answer", "refused", "wrong_number", "done"];
const OUTCOMES = ["dissuaded", "paid_stopped", "paid_case_filed", "unreachable", "refused", "not_fraud", "repeat_victim"];
const fill = (id, values) => document.getElementById(id).append(...values.map((v) => el("option", { value: v }, i18n.e(v))));
fill("a-channel", CHANNELS); fill("a-result", RESULTS); fill("r-outcome", OUTCOMES);
const $ = (id) => document.getElementById(id);
let task = null;
let payments = [];
let clockSkew = 0;  // server time minus this browser's, so the countdown follows the server

const ACTIONS = {
  new: ["sign", "escalate"], escalated: ["sign", "escalate"], signed: ["escalate"],
  contacting: ["escalate"], on_site: [], stop_payment: [],
  resolved: ["follow_up", "close"], follow_up: ["close"], closed: [],
};
const PATH = { sign: "sign", escalate: "escalate", follow_up: "follow-up", close: "close" };
const STOPPABLE = ["signed", "contacting", "escalated", "on_site", "stop_payment"];

function dl(id, pairs) {
  $(id).replaceChildren(...pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) =>
    [el("dt", {}, k), el("dd", {}, v === null || v === "" ? "—" : v)]));
}

function tick() {
  const band = $("deadline");
  const next = task && task.guide && task.guide.next_deadline;
  if (!next) { band.hidden = true; return; }
  // In a demo the server's clock runs at the replay's speed: the live clock follows it, and
  // the time left is told in real minutes (what the officer has), as deadlines are scaled.
  const live = liveSpeed();
  const left = (Date.parse(next.due) - (live ? liveNow() : Date.now() + clockSkew)) / (live || 1);
  band.hidden = false;
  band.className = "deadline-band " + (left < 0 ? "over" : left < 120000 ? "soon" : "");
  band.replaceChildren(el("strong", {}, i18n.t("deadline_" + next.name)), " ",
    when(next.due), " · ", el("span", { class: "left" },
      left < 0 ? `${i18n.t("deadline_over")} ${duration(-left)}` : `${i18n.t("deadline_left")} ${duration(left)}`),
    live && live !== 1 ? el("span", { class: "muted" }, i18n.t("real_time_left")) : "");
}

function evidenceLine(e) {
  const f = e.fields;
  const bits = {
    call: () => `${f.caller} → ${f.callee}，${Math.round((f.duration_s || 0) / 60)}${i18n.t("minutes")}` +
      ((f.caller_tags || []).length ? `（${f.caller_tags.map(i18n.e).join("、")}）` : ""),
    sms: () => `${f.sender}：${f.text}`,
    transfer: () => `${yuan(f.amount_fen)} ${f.from_account} → ${f.to_account}（${i18n.e(f.channel)}）`,
    withdrawal: () => `${yuan(f.amount_fen)} ${f.account_id}`,
    gold_purchase: () => `${yuan(f.amount_fen)} ${f.grams}g`,
    app: () => `${f.app} ${i18n.e(f.action)}`,
    web: () => f.url,
    order: () => `${f.pickup && f.pickup.address} → ${f.dropoff && f.dropoff.address}`,
    parcel: () => `${f.declared_contents} → ${f.receiver_address}`,
  }[e.kind];
  return el("li", { "data-evidence": e.id }, el("span", { class: "muted" }, when(e.ts)), " ",
    el("strong", {}, i18n.e(e.kind)), " ", bits ? bits() : e.id);
}

function drawWhy() {
  const reasons = zh ? task.reasons_zh : task.reasons_en;
  $("reasons").replaceChildren(...(reasons.length ? reasons : [i18n.e(task.typology)]).map((r) => el("li", {}, r)));
  const w = task.warnings[0] || {};
  dl("money", [[i18n.t("at_risk_amount"), w.amount_at_risk_fen != null ? el("strong", { class: "money" }, yuan(w.amount_at_risk_fen)) : "—"],
    [i18n.t("payee"), w.payee || "—"]]);
  $("evidence").replaceChildren(...task.evidence.map(evidenceLine));
  dl("basis", task.warnings.flatMap((x) => [[x.warning_id, `${i18n.t("rules")} ${x.rules_version || "—"}` +
    (x.model_version ? ` · ${i18n.t("model")} ${x.model_version}` : "")]]));
}

function drawTodo() {
  const g = task.guide;
  $("playbook").textContent = `${i18n.t("playbook")}：${zh ? g.playbook_zh : g.playbook_en}`;
  $("due-steps").replaceChildren(...(g.due_steps.length ? g.due_steps.map((s) =>
    el("li", { "data-step": s.channel }, zh ? s.action_zh : s.action_en,
      el("span", { class: "muted" }, ` ${i18n.t("due_since").replace("{t}", when(s.due))}`))) : [el("li", { class: "muted" }, i18n.t("nothing_due"))]));
  $("script").replaceChildren(...(zh ? g.script_zh : g.script_en).map((line) => el("li", {}, line)));
  $("actions").replaceChildren(...(may("task_work") ? ACTIONS[task.state] || [] : []).map((a) =>
    el("button", { type: "button", class: "action" + (a === "sign" ? "" : " secondary"), "data-action": a,
      onclick: () => act(PATH[a], {}) }, i18n.t(a))));
}

function draw() {
  const p = task.person || {};
  $("task-title").replaceChildren(levelBadge(task.level), " ",
    i18n.e(task.typology), p.name ? ` · ${p.name}` : "", " ", el("small", { class: "task-id" }, task.task_id));
  $("task-sub").textContent = [task.district, task.station, i18n.e(task.state)].filter(Boolean).join(" · ");
  document.title = `${i18n.e(task.typology)} · ${task.task_id} · ${i18n.t("title")}`;
  drawWhy();
  if (task.guide) drawTodo();
  dl("facts", [[i18n.t("level"), levelBadge(task.level)],
    [i18n.t("state"), i18n.e(task.state)], [i18n.t("tier"), i18n.e(task.tier)], [i18n.t("district"), task.district],
    [i18n.t("station"), task.station], [i18n.t("officer"), task.officer], [i18n.t("created"), when(task.created)],
    [i18n.t("outcome"), i18n.e(task.outcome)]]);
  $("case-links").replaceChildren(...(task.cases.length ? [el("h3", {}, i18n.t("linked_cases")),
    el("ul", { class: "links" }, task.cases.map((c) => el("li", {},
      el("a", { href: "case.html?id=" + encodeURIComponent(c), "data-case": c }, `${i18n.t("open_case")} ${c}`))))] : []));
  const person = el("a", { href: "person.html?id=" + encodeURIComponent(task.person_id) }, task.person_id);
  // A phone number is a link that dials: the officer at the door works from a phone.
  const dial = (n) => (n.includes("*") ? n : el("a", { href: "tel:" + n, class: "tel" }, n));
  $("quick-call").replaceChildren(...(p.phones || []).filter((n) => !n.includes("*")).slice(0, 1).map((n) =>
    el("a", { href: "tel:" + n, class: "action secondary call" }, `${i18n.t("dial")} ${n}`)));
  dl("person", [["ID", person], [i18n.t("name"), p.name], [i18n.t("phone"), (p.phones || []).length ? el("span", {}, ...(p.phones.map(dial))) : "—"],
    [i18n.t("address"), p.address], [i18n.t("tags"), (p.tags || []).join("；")]]);
  $("attempts").replaceChildren(...(task.attempts.length ? task.attempts.slice().reverse().map((a) => el("tr", {},
    el("td", { "data-label": i18n.t("created") }, when(a.ts)), el("td", { "data-label": i18n.t("channel") }, i18n.e(a.channel)),
    el("td", { "data-label": i18n.t("result") }, i18n.e(a.result)), el("td", { "data-label": i18n.t("officer") }, a.officer),
    el("td", { "data-label": i18n.t("note"), class: "note" }, a.note || "—"))) :
    [el("tr", {}, el("td", { colspan: "5", class: "muted" }, i18n.t("no_attempts")))]));
  $("history").replaceChildren(...task.history.slice().reverse().map((h) =>
    el("li", {}, el("span", { class: "muted" }, when(h.ts)), " · ", zh ? h.by_zh || h.by : h.by_en || h.by,
      " · ", zh ? h.what_zh || h.what : h.what_en || h.what)));
  const working = !["new", "resolved", "closed"].includes(task.state);
  for (const b of document.querySelectorAll("#attempt-form button, #resolve-form button")) b.disabled = !working;
  // Stop-payments are asked by the center and district officers (trace.service.ACTORS).
  const mayStop = may("task_work") && may("case_act");
  $("stop").hidden = !mayStop || ["resolved", "follow_up", "closed"].includes(task.state);
  $("stop-submit").disabled = !STOPPABLE.includes(task.state);
  $("stop-need-sign").hidden = STOPPABLE.includes(task.state);
  drawOrders(task);  // task-orders.js: the warning orders behind the task, and 移交
  tick();
}

function drawPayments() {
  $("payments").replaceChildren(...(payments.length ? payments.map((p, i) => el("label", { class: "pick" + (p.case_id ? " done" : "") },
    el("input", { type: "radio", name: "transfer_id", value: p.transfer_id, id: `pay-${i}`, disabled: p.case_id ? "" : null }),
    el("span", {}, `${when(p.ts)} · `, el("strong", {}, yuan(p.amount_fen)), ` → ${p.to_account} · ${i18n.e(p.channel)}`,
      p.case_id ? el("span", { class: "badge state-applied" }, `${i18n.t("already_stopped")} ${p.case_id}`) : ""))) :
    [el("p", { class: "muted" }, i18n.t("no_payments"))]));
}

function errorText(err) {
  if (err.status === 409 && (err.detail || "").includes("sign it first")) return i18n.t("stop_need_sign");
  if (err.status === 409 && (err.detail || "").includes("stopped already")) return i18n.t("stop_already");
  if (err.status === 409) return i18n.t("conflict_reloaded");
  if (err.status === 403) return i18n.t("forbidden");
  if (err.status === 404) return i18n.t("task_not_found");
  if (err.status === 422) return err.message;
  return i18n.t("error_generic");
}

const key = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

async function load() {
  task = await api("/v1/tasks/" + encodeURIComponent(taskId));
  clockSkew = Date.parse(task.guide.now) - Date.now();
  draw();
  $("printed-at").textContent = printedAt();
  const [history, paid] = await Promise.all([
    api(`/v1/persons/${encodeURIComponent(task.person_id)}/history`),
    api(`/v1/tasks/${encodeURIComponent(taskId)}/payments`).catch(() => [])]);
  const earlier = history.filter((h) => h.task_id !== task.task_id);
  $("person-history").replaceChildren(...(earlier.length ? earlier.map((h) => el("li", {},
    el("a", { href: "task.html?id=" + encodeURIComponent(h.task_id) }, when(h.created)), " · ",
    i18n.e(h.typology), " · ", i18n.e(h.outcome || h.state))) : [el("li", { class: "muted" }, i18n.t("no_earlier"))]));
  payments = paid;
  drawPayments();
}

async function reload() {
  task = await api("/v1/tasks/" + encodeURIComponent(taskId));
  draw();
  payments = await api(`/v1/tasks/${encodeURIComponent(taskId)}/payments`).catch(() => payments);
  drawPayments();
}
wireHandover({ current: () => task, reload, wordError: errorText });

async function act(path, body, form) {
  try {
    await api(`/v1/tasks/${encodeURIComponent(taskId)}/${path}`, { method: "POST",
      headers: { "Idempotency-Key": key() },
      body: JSON.stringify(Object.assign({ expected_version: task.version }, body)) });
    $("message").textContent = "";
    if (form) form.reset();
    await reload();  // the page's guide (due steps, deadline) follows the action
  } catch (err) {
    $("message").textContent = errorText(err);
    if (err.status === 409 && !err.message.includes("sign it first")) await reload().catch(() => null);
  }
}

// 紧急止付: what will be sent, confirmed in a dialog, then one request (with a retry key).
let pendingStop = null;
$("stop-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const picked = form.get("transfer_id");
  const to = (form.get("to_account") || "").trim(), amount = (form.get("amount") || "").trim(), at = form.get("at");
  let body, summary;
  if (picked && !to) {
    const p = payments.find((x) => x.transfer_id === picked);
    body = { transfer_id: picked };
    summary = `${yuan(p.amount_fen)} → ${p.to_account}（${when(p.ts)}）`;
  } else if (to && amount && at && Number(amount) > 0) {
    body = { to_account: to, amount_fen: Math.round(Number(amount) * 100), at: new Date(at).toISOString() };
    const from = (form.get("from_account") || "").trim();
    if (from) body.from_account = from;
    summary = `${yuan(body.amount_fen)} → ${to}（${when(body.at)}）`;
  } else {
    $("stop-result").textContent = i18n.t("stop_pick_one");
    $("stop-result").className = "error";
    return;
  }
  pendingStop = { body, key: key() };
  $("stop-summary").textContent = summary;
  $("stop-dialog").showModal();
});
$("stop-cancel").addEventListener("click", () => { pendingStop = null; $("stop-dialog").close(); });
$("stop-confirm").addEventListener("click", async () => {
  const { body, key: retryKey } = pendingStop;
  $("stop-confirm").disabled = true;
  try {
    const answer = await api(`/v1/tasks/${encodeURIComponent(taskId)}/stop-payment`, { method: "POST",
      headers: { "Idempotency-Key": retryKey }, body: JSON.stringify(Object.assign({ expected_version: task.version }, body)) });
    $("stop-dialog").close();
    const banks = answer.holds.map((h) => i18n.e(h.bank) || "?").join("、");
    $("stop-result").className = "ok";
    $("stop-result").replaceChildren(`${i18n.t("stop_done")}：`, el("a", { href: "case.html?id=" + encodeURIComponent(answer.case_id) },
      answer.case_id), ` · ${banks} · ` + (answer.banks_notified ? `${answer.banks_notified} ${i18n.t("banks_notified")}` : i18n.t("no_bank_partner")));
    $("stop-form").reset();
    await reload();
  } catch (err) {
    $("stop-dialog").close();
    $("stop-result").className = "error";
    $("stop-result").textContent = err.status === 404 ? i18n.t("stop_not_found") : errorText(err);
  } finally {
    $("stop-confirm").disabled = false;
  }
});

$("attempt-form").addEventListener("submit", (event) => {
  event.preventDefault(); act("attempts", Object.fromEntries(new FormData(event.target)), event.target);
});
$("resolve-form").addEventListener("submit", (event) => {
  event.preventDefault(); act("resolve", Object.fromEntries(new FormData(event.target)));
});
// A record on paper carries the full date, year included.
const printedAt = () => when(new Date().toISOString());
$("print").addEventListener("click", () => {
  $("printed-at").textContent = printedAt();
  window.print();
});
document.addEventListener("keydown", (event) => {
  if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
  if (event.key === "s" && task && ACTIONS[task.state].includes("sign")) act("sign", {});
});
setInterval(tick, 1000);
load().catch((err) => {
  $("message").textContent = err.status === 404 ? i18n.t("task_not_found") : errorText(err);
});
// Live: when this task changes elsewhere (a colleague, a sweep's escalation, a 移交) the page
// reloads it at once, so the officer acts on what is, not on a stale version.
window.addEventListener("fz-task", async (event) => {
  const change = event.detail;
  if (!task || change.task_id !== task.task_id || change.version <= task.version) return;
  if (change.gone) {
    $("message").textContent = i18n.t("handed_away");
    for (const b of document.querySelectorAll("main button")) b.disabled = true;
    return;
  }
  await reload().catch(() => null);
  $("message").textContent = i18n.t("updated_live").replace("{what}", i18n.t("live_" + change.kind));
});
window.addEventListener("fz-resync", () => { if (task) reload().catch(() => null); });
