import { api } from "./api.js";
import { el } from "./dom.js";
import { levelBadge, when } from "./format.js";
import * as i18n from "./i18n.js";
import { header } from "./page.js";

i18n.addStrings({
  zh: { task: "任务编号", conflict_reloaded: "任务刚被他人或系统更新，已显示最新状态，请确认后再操作",
        error_generic: "操作失败，请重试" },
  en: { task: "Task", conflict_reloaded: "The task was just changed by someone else or the system; it now shows as it is",
        error_generic: "That did not work; try again" },
});
header("tasks");
document.getElementById("shortcuts").textContent = i18n.t("shortcuts");
const TYPOLOGIES = ["impersonate_police", "investment", "task_rebate", "fake_loan", "impersonate_service",
  "fake_credit", "romance", "game_trade", "impersonate_acquaintance", "other"];
const STATES = ["new", "signed", "contacting", "escalated", "on_site", "stop_payment", "resolved", "follow_up", "closed"];
const fill = (id, values) => document.getElementById(id).append(...values.map((v) => el("option", { value: v }, i18n.e(v))));
fill("f-typology", TYPOLOGIES);
fill("f-state", STATES);
const params = new URLSearchParams(location.search);
for (const [k, v] of params) { const f = document.querySelector(`#filters [name="${CSS.escape(k)}"]`); if (f) f.value = v; }

let tasks = [];
let selected = 0;

const fresh = new Set();  // tasks changed live since the page loaded: marked until opened

function draw() {
  const rows = document.getElementById("rows");
  const cell = (label, ...content) => el("td", { "data-label": i18n.t(label) }, ...content);
  rows.replaceChildren(...tasks.map((task, i) => el("tr", {
      class: [i === selected ? "selected" : "", fresh.has(task.task_id) ? "fresh" : ""].join(" ").trim(),
      "data-task": task.task_id,
      onclick: () => { location.href = "task.html?id=" + encodeURIComponent(task.task_id); } },
    cell("level", levelBadge(task.level)),
    cell("task", el("a", { href: "task.html?id=" + encodeURIComponent(task.task_id) }, task.task_id)),
    cell("typology", i18n.e(task.typology)), cell("district", task.district || ""),
    cell("station", task.station || ""), cell("state", i18n.e(task.state)),
    cell("created", when(task.created)))));
  document.getElementById("message").textContent = tasks.length ? "" : i18n.t("no_tasks");
}

// A year is millions of tasks: the queue comes a page at a time (open, high, oldest
// first), and 加载更多 appends the next page from where the last one ended.
const PAGE = 100;
let next = null;
const more = document.getElementById("more");
more.textContent = i18n.t("load_more");

async function fetchPage(cursor) {
  const query = new URLSearchParams([...new FormData(document.getElementById("filters"))].filter(([, v]) => v));
  query.set("limit", PAGE);
  if (cursor) query.set("cursor", cursor);
  const page = await api("/v1/tasks?" + query, { page: true });
  next = page.next;
  more.hidden = !next;
  return page.body;
}

async function load() {
  tasks = await fetchPage(null);
  selected = Math.min(selected, Math.max(tasks.length - 1, 0));
  draw();
}

more.addEventListener("click", async () => {
  more.disabled = true;
  try { tasks = tasks.concat(await fetchPage(next)); draw(); } finally { more.disabled = false; }
});

document.getElementById("filters").addEventListener("submit", (event) => { event.preventDefault(); load(); });
document.addEventListener("keydown", async (event) => {
  if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
  if (event.key === "j") { selected = Math.min(selected + 1, tasks.length - 1); draw(); }
  else if (event.key === "k") { selected = Math.max(selected - 1, 0); draw(); }
  else if (event.key === "Enter" && tasks[selected]) location.href = "task.html?id=" + encodeURIComponent(tasks[selected].task_id);
  else if (event.key === "/") { event.preventDefault(); document.getElementById("f-level").focus(); }
  else if (event.key === "s" && tasks[selected]) {
    const task = tasks[selected];
    try {
      await api(`/v1/tasks/${encodeURIComponent(task.task_id)}/sign`, { method: "POST",
        body: JSON.stringify({ expected_version: task.version }) });
      await load();
    } catch (err) {
      document.getElementById("message").textContent = err.status === 409 ? i18n.t("conflict_reloaded") : i18n.t("error_generic");
      if (err.status === 409) await load();  // show the task as it is now
    }
  }
});
// The district filter: pick from the configured jurisdictions, or type part of a name (武昌).
api("/v1/districts").then((list) => document.getElementById("district-options").replaceChildren(
  ...list.map((d) => el("option", { value: d.district })))).catch(() => null);
load();
// Live: a task made, acted on, escalated or handed over in this jurisdiction redraws the
// queue (one reload for a burst of changes), without the officer reloading the page.
let reloading = null;
function reloadSoon() {
  clearTimeout(reloading);
  reloading = setTimeout(() => load().catch(() => null), 300);
}
window.addEventListener("fz-task", (event) => { fresh.add(event.detail.task_id); reloadSoon(); });
window.addEventListener("fz-resync", reloadSoon);
