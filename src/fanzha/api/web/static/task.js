"use strict";
FZ.header("tasks");
document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = FZ.t(n.dataset.t); });
const taskId = new URLSearchParams(location.search).get("id");
const CHANNELS = ["sms_12381", "call_96110", "phone_call", "door_visit", "family_contact", "cancel_call_forwarding"];
const RESULTS = ["reached", "no_answer", "refused", "wrong_number", "done"];
const OUTCOMES = ["dissuaded", "paid_stopped", "paid_case_filed", "unreachable", "refused", "not_fraud", "repeat_victim"];
const fill = (id, values) => document.getElementById(id).append(...values.map((v) => FZ.el("option", { value: v }, FZ.e(v))));
fill("a-channel", CHANNELS); fill("a-result", RESULTS); fill("r-outcome", OUTCOMES);
let task = null;

const ACTIONS = {
  new: ["sign", "escalate"], escalated: ["sign", "escalate"], signed: ["escalate", "stop_payment"],
  contacting: ["escalate", "stop_payment"], on_site: ["stop_payment"], stop_payment: [],
  resolved: ["follow_up", "close"], follow_up: ["close"], closed: [],
};
const PATH = { sign: "sign", escalate: "escalate", stop_payment: "stop-payment", follow_up: "follow-up", close: "close" };

function dl(id, pairs) {
  document.getElementById(id).replaceChildren(...pairs.flatMap(([k, v]) => [FZ.el("dt", { class: "muted" }, k), FZ.el("dd", {}, v ?? "—")]));
}

function draw() {
  document.getElementById("task-title").textContent = `${task.task_id} · ${FZ.e(task.typology)}`;
  document.title = task.task_id + " · " + FZ.t("title");
  dl("facts", [[FZ.t("level"), FZ.el("span", { class: "badge " + task.level }, FZ.t(task.level))],
    [FZ.t("state"), FZ.e(task.state)], [FZ.t("district"), task.district], [FZ.t("station"), task.station],
    [FZ.t("outcome"), FZ.e(task.outcome)], [FZ.t("version"), String(task.version)]]);
  const p = task.person || {};
  dl("person", [["ID", task.person_id], [FZ.t("name"), p.name], [FZ.t("phone"), (p.phones || []).join(", ")],
    [FZ.t("address"), p.address], [FZ.t("tags"), (p.tags || []).join("；")]]);
  document.getElementById("actions").replaceChildren(...(ACTIONS[task.state] || []).map((a) =>
    FZ.el("button", { type: "button", class: "action" + (a === "sign" ? "" : " secondary"), "data-action": a,
      onclick: () => act(PATH[a], {}) }, FZ.t(a))));
  document.getElementById("history").replaceChildren(...task.history.slice().reverse().map((h) =>
    FZ.el("li", {}, FZ.time(h.ts), " · ", h.by, " · ", h.what)));
  const working = !["new", "resolved", "closed"].includes(task.state);
  for (const b of document.querySelectorAll("#attempt-form button, #resolve-form button")) b.disabled = !working;
}

async function load() {
  task = await FZ.api("/v1/tasks/" + encodeURIComponent(taskId));
  draw();
  const history = await FZ.api(`/v1/persons/${encodeURIComponent(task.person_id)}/history`);
  document.getElementById("person-history").replaceChildren(...history.map((h) =>
    FZ.el("li", {}, FZ.time(h.created), " · ", FZ.e(h.typology), " · ", FZ.e(h.outcome || h.state))));
}

async function act(path, body) {
  try {
    const person = task.person;
    task = await FZ.api(`/v1/tasks/${encodeURIComponent(taskId)}/${path}`, { method: "POST",
      headers: { "Idempotency-Key": crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}` },
      body: JSON.stringify(Object.assign({ expected_version: task.version }, body)) });
    task.person = person;  // action answers carry the task only
    document.getElementById("message").textContent = "";
    draw();
  } catch (err) {
    document.getElementById("message").textContent = err.status === 409 ? FZ.t("conflict") : err.message;
  }
}

document.getElementById("attempt-form").addEventListener("submit", (event) => {
  event.preventDefault(); act("attempts", Object.fromEntries(new FormData(event.target)));
});
document.getElementById("resolve-form").addEventListener("submit", (event) => {
  event.preventDefault(); act("resolve", Object.fromEntries(new FormData(event.target)));
});
document.addEventListener("keydown", (event) => {
  if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
  if (event.key === "s" && task && ACTIONS[task.state].includes("sign")) act("sign", {});
});
load().catch((err) => {
  document.getElementById("message").textContent = err.status === 404 ? FZ.t("task_not_found") : err.message;
});
