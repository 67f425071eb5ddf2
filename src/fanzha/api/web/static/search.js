"use strict";
// Search results: persons, tasks, cases and accounts matching the header's query.
FZ.header("search");
document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = FZ.t(n.dataset.t); });
const q = (new URLSearchParams(location.search).get("q") || "").trim();
const $ = (id) => document.getElementById(id);
const none = () => FZ.el("li", { class: "muted" }, FZ.t("no_hits"));
const list = (id, items, line) => $(id).replaceChildren(...(items.length ? items.map(line) : [none()]));

async function load() {
  $("search-title").textContent = `${FZ.t("search_results")}：${q}`;
  document.title = `${q} · ${FZ.t("search")} · ${FZ.t("title")}`;
  if (q.length < 2) { $("message").textContent = FZ.t("search_too_short"); return; }
  const r = await FZ.api("/v1/search?q=" + encodeURIComponent(q));
  list("persons", r.persons, (p) => FZ.el("li", { "data-person": p.person_id },
    FZ.el("a", { href: "person.html?id=" + encodeURIComponent(p.person_id) }, p.name || p.person_id),
    FZ.el("div", { class: "muted" }, [p.phones.join("，"), p.district, p.address].filter(Boolean).join(" · "))));
  list("tasks", r.tasks, (t) => FZ.el("li", { "data-task": t.task_id },
    FZ.el("span", { class: "badge " + t.level }, FZ.t(t.level)), " ",
    FZ.el("a", { href: "task.html?id=" + encodeURIComponent(t.task_id) }, `${FZ.e(t.typology)} · ${t.task_id}`),
    FZ.el("div", { class: "muted" }, `${FZ.time(t.created)} · ${FZ.e(t.outcome || t.state)} · ${t.district || ""}`)));
  list("cases", r.cases, (c) => FZ.el("li", { "data-case": c.case_id },
    FZ.el("a", { href: "case.html?id=" + encodeURIComponent(c.case_id) }, c.case_id),
    FZ.el("div", { class: "muted" }, `${FZ.time(c.reported)} · ${yuan(c.loss_fen)} · ${c.district || ""}`)));
  list("accounts", r.accounts, (a) => FZ.el("li", {}, `${a.account_id} · ${FZ.e(a.bank)}`,
    a.holder ? [" · ", FZ.el("a", { href: "person.html?id=" + encodeURIComponent(a.holder) }, FZ.t("person_page"))] : ""));
  const total = r.persons.length + r.tasks.length + r.cases.length + r.accounts.length;
  $("message").textContent = total ? "" : FZ.t("no_hits_here");
}
load().catch((err) => {
  $("message").textContent = err.status === 403 ? FZ.t("forbidden") : err.status === 422 ? FZ.t("search_too_short") : FZ.t("error_generic");
});
