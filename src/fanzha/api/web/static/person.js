"use strict";
// The person page: who, how to reach them, every warning and task, accounts, cases, outcomes.
FZ.header("search");
document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = FZ.t(n.dataset.t); });
const personId = new URLSearchParams(location.search).get("id");
const zh = FZ.lang() === "zh";
const $ = (id) => document.getElementById(id);
const none = () => FZ.el("li", { class: "muted" }, FZ.t("no_hits"));
const list = (id, items, line) => $(id).replaceChildren(...(items.length ? items.map(line) : [none()]));
const dl = (id, pairs) => $(id).replaceChildren(...pairs.flatMap(([k, v]) => [FZ.el("dt", {}, k), FZ.el("dd", {}, v ?? "—")]));

async function load() {
  const r = await FZ.api("/v1/persons/" + encodeURIComponent(personId));
  const p = r.person;
  $("person-title").textContent = `${FZ.t("person_page")} · ${p.name || personId}`;
  document.title = `${p.name || personId} · ${FZ.t("title")}`;
  const phones = (p.phones || []).map((n) => (n.includes("*") ? n : FZ.el("a", { href: "tel:" + n, class: "tel" }, n)));
  dl("who", [["ID", personId], [FZ.t("name"), p.name], [FZ.t("contacts"), phones.length ? FZ.el("span", {}, ...phones) : "—"],
    [FZ.t("district"), p.district], [FZ.t("address"), p.address], [FZ.t("tags"), (p.tags || []).join("；") || "—"]]);
  const outcomes = Object.entries(r.outcomes);
  dl("outcomes", outcomes.length ? outcomes.map(([k, n]) => [FZ.e(k), String(n)]) : [[FZ.t("outcome"), "—"]]);
  list("accounts", r.accounts, (a) => FZ.el("li", {}, `${a.account_id} · ${FZ.e(a.bank)}`));
  list("warnings", r.warnings, (w) => FZ.el("li", { "data-warning": w.warning_id },
    FZ.el("span", { class: "badge " + w.level }, FZ.t(w.level)), " ", FZ.el("strong", {}, FZ.e(w.typology)), " ",
    FZ.el("span", { class: "muted" }, FZ.time(w.ts)),
    w.amount_at_risk_fen != null ? FZ.el("span", { class: "money" }, ` ${yuan(w.amount_at_risk_fen)}`) : "",
    FZ.el("ul", {}, (zh ? w.reasons_zh : w.reasons_en).map((x) => FZ.el("li", {}, x)))));
  list("tasks", r.tasks, (t) => FZ.el("li", { "data-task": t.task_id },
    FZ.el("a", { href: "task.html?id=" + encodeURIComponent(t.task_id) }, `${FZ.e(t.typology)} · ${t.task_id}`),
    FZ.el("div", { class: "muted" }, `${FZ.time(t.created)} · ${FZ.e(t.outcome || t.state)}`)));
  list("cases", r.cases, (c) => FZ.el("li", { "data-case": c.case_id },
    FZ.el("a", { href: "case.html?id=" + encodeURIComponent(c.case_id) }, c.case_id),
    FZ.el("div", { class: "muted" }, `${FZ.time(c.reported)} · ${yuan(c.loss_fen)}`)));
}
load().catch((err) => {
  $("message").textContent = err.status === 404 ? FZ.t("person_not_found") : err.status === 403 ? FZ.t("forbidden") : FZ.t("error_generic");
});
